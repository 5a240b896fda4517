package pluginproto

import (
	"os"
	"time"

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

// exitWithHost ends the plugin when the process that started it is gone,
// whatever the platform: the plugin was re-parented, so nobody will ever
// call it again, and a store's locks must not outlive their holder.
func exitWithHost(logger hclog.Logger) {
	parent := os.Getppid()
	go func() {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				logger.Warn("the host process is gone; stopping")
				os.Exit(0)
			}
		}
	}()
}
