package pluginproto

import (
	"context"
	"os"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// ServeOption changes how Serve runs a store.
type ServeOption func(*serveConfig)

type serveConfig struct {
	names  []string
	logger hclog.Logger
}

// WithName serves the store under name instead of DefaultPluginName. Give it
// more than once to serve the store under several names.
func WithName(name string) ServeOption {
	return func(c *serveConfig) { c.names = append(c.names, name) }
}

// WithLogger sets the logger go-plugin uses inside the plugin process. It
// should write JSON to stderr, as NewLogger's does, so that the host can fold
// the lines into its own log.
func WithLogger(logger hclog.Logger) ServeOption {
	return func(c *serveConfig) { c.logger = logger }
}

// NewLogger returns a logger for use inside a plugin: JSON lines on stderr,
// which the SDK reads and writes into its own log at the same level.
// Nothing may be written to stdout: go-plugin's handshake uses it.
func NewLogger(name string) hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Name:       name,
		Level:      hclog.Trace,
		Output:     os.Stderr,
		JSONFormat: true,
	})
}

// Serve runs store as a plugin and returns when the host ends the process.
// Call it from the plugin's main. Run by hand rather than by the SDK, the
// binary prints a short explanation and exits with status 1.
func Serve(store TokenStore, opts ...ServeOption) {
	cfg := serveConfig{}
	for _, opt := range opts {
		opt(&cfg)
	}
	if len(cfg.names) == 0 {
		cfg.names = []string{DefaultPluginName}
	}
	if cfg.logger == nil {
		cfg.logger = NewLogger("token-store")
	}
	exitWithHost(cfg.logger)
	// One entry: every entry would register the gRPC service again. The
	// names travel in Capabilities instead.
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: Handshake,
		Plugins:         plugin.PluginSet{cfg.names[0]: &GRPCPlugin{Impl: store, Names: cfg.names}},
		GRPCServer:      plugin.DefaultGRPCServer,
		Logger:          cfg.logger,
	})
}

// ServeConfigError runs a plugin that cannot serve its store because of
// err, an error in its configuration: a setting missing or wrong, a path it
// cannot use. Call it from main instead of Serve; like Serve, it returns
// once the host is done with the plugin. The
// plugin completes the handshake and answers with err, so the host reports
// err itself, matched by ErrPluginConfig, rather than a failed handshake
// whose cause is buried in the plugin's output. err's text leads the
// host's message: say what is wrong and how to fix it, and never include a
// secret.
//
// Run by hand, the binary prints err to stderr before go-plugin's own
// explanation.
func ServeConfigError(err error, opts ...ServeOption) {
	cfg := serveConfig{}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = NewLogger("token-store")
	}
	cfg.logger.Error("configuration error: " + err.Error())
	Serve(failedStore{err: err}, append(opts, WithLogger(cfg.logger))...)
}

// failedStore is what ServeConfigError serves: every call, Capabilities
// first, answers its configuration error.
type failedStore struct{ err error }

func (f failedStore) fail() error { return &pluginConfigError{msg: f.err.Error()} }

func (f failedStore) Save(context.Context, Tokens) error { return f.fail() }
func (f failedStore) Get(context.Context, string) (Tokens, error) {
	return Tokens{}, f.fail()
}
func (f failedStore) Delete(context.Context, string) error { return f.fail() }
func (f failedStore) List(context.Context) ([]TokenInfo, error) {
	return nil, f.fail()
}
