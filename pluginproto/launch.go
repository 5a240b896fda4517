package pluginproto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// DefaultStartTimeout bounds how long Launch waits for a plugin's handshake.
const DefaultStartTimeout = 30 * time.Second

// Errors from Launch, for errors.Is. Each is wrapped with the binary's path
// and what to do about it.
var (
	ErrPluginNotFound   = errors.New("token store plugin binary not found")
	ErrNotExecutable    = errors.New("token store plugin binary is not executable")
	ErrChecksumMismatch = errors.New("token store plugin binary does not match the expected sha256")
	ErrHandshake        = errors.New("not a zcrm token store plugin (handshake failed)")
	ErrUnknownName      = errors.New("plugin binary does not serve a store by that name")
	// ErrPluginConfig: the plugin started but its configuration keeps it
	// from serving (it called ServeConfigError). The error's text is the
	// plugin's own explanation.
	ErrPluginConfig = errors.New("token store plugin configuration error")
)

// pluginConfigError is a configuration error a plugin reported: its text
// first, then who reported it.
type pluginConfigError struct {
	msg  string
	path string // the plugin binary; empty inside the plugin
}

func (e *pluginConfigError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return fmt.Sprintf("%s (%s: reported by %s)", e.msg, ErrPluginConfig, e.path)
}

func (e *pluginConfigError) Is(target error) bool { return target == ErrPluginConfig }

// LaunchConfig says which plugin binary to start and how.
type LaunchConfig struct {
	// Path of the plugin binary.
	Path string
	// Args are passed to the binary.
	Args []string
	// Env is the plugin's own configuration, as NAME=value entries. The
	// plugin does not get the host's environment: only Env, the host
	// variables PassEnv names, TMPDIR (on Windows SystemRoot, SystemDrive,
	// TEMP and TMP), and what go-plugin sets for the handshake.
	Env []string
	// PassEnv names host environment variables the plugin gets as they
	// are; unset ones are left out. Env wins over a name given in both.
	PassEnv []string
	// Name is the store the binary serves; DefaultPluginName when empty.
	Name string
	// SHA256 is the expected sha256 of the binary in hex. When set, the
	// binary is checked before it is started (go-plugin's SecureConfig).
	SHA256 string
	// Logger receives go-plugin's messages and the plugin's own log lines.
	// Nil discards them.
	Logger hclog.Logger
	// StartTimeout bounds the handshake; DefaultStartTimeout when zero.
	StartTimeout time.Duration
	// StartTimeoutName names the setting StartTimeout comes from (such as
	// a configuration key), for the error that says it passed.
	StartTimeoutName string
}

// Client is a running plugin process seen as a TokenStore. Close ends the
// process.
type Client struct {
	path   string
	plugin *plugin.Client
	store  *GRPCStore
	caps   Capabilities
}

var (
	_ TokenStore = (*Client)(nil)
	_ Locker     = (*Client)(nil)
)

// Launch starts a plugin binary, checks its handshake and the store name it
// serves, and returns a Client for it. ctx and StartTimeout, whichever ends
// first, bound the start and the handshake; ctx bounds the first call made
// to the plugin (its capabilities) too.
func Launch(ctx context.Context, cfg LaunchConfig) (*Client, error) {
	if err := checkBinary(cfg.Path); err != nil {
		return nil, err
	}
	name := cfg.Name
	if name == "" {
		name = DefaultPluginName
	}
	logger := cfg.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	timeout := cfg.StartTimeout
	if timeout <= 0 {
		timeout = DefaultStartTimeout
	}

	var secure *plugin.SecureConfig
	if cfg.SHA256 != "" {
		want, err := hex.DecodeString(strings.TrimSpace(cfg.SHA256))
		if err != nil || len(want) != sha256.Size {
			return nil, fmt.Errorf("plugin checksum %q is not a sha256 in hex (64 characters 0-9a-f)", cfg.SHA256)
		}
		if got, err := fileSHA256(cfg.Path); err != nil {
			return nil, fmt.Errorf("reading plugin %s to check its checksum: %w", cfg.Path, err)
		} else if !strings.EqualFold(got, hex.EncodeToString(want)) {
			return nil, fmt.Errorf("%w: %s has sha256 %s, the configuration expects %s; rebuild or reinstall the plugin, or update the checksum",
				ErrChecksumMismatch, cfg.Path, got, hex.EncodeToString(want))
		}
		// go-plugin checks again just before it starts the process.
		secure = &plugin.SecureConfig{Checksum: want, Hash: sha256.New()}
	}

	stderr := &tailBuffer{max: 2048}
	cmd := exec.Command(cfg.Path, cfg.Args...)
	// A minimal environment: the host's may hold secrets (the client
	// secret, a database password) that a plugin has no business seeing.
	// With SkipHostEnv, go-plugin adds only its own variables to it.
	cmd.Env = pluginEnv(cfg, os.LookupEnv)
	endWithHost(cmd)
	pc := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  Handshake,
		Plugins:          plugin.PluginSet{name: &GRPCPlugin{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		SecureConfig:     secure,
		Logger:           logger,
		StartTimeout:     timeout,
		// The plugin's stderr is parsed into Logger; the raw copy is kept
		// only to explain a failed start.
		Stderr:      stderr,
		SkipHostEnv: true,
	})

	bound := fmt.Sprint(timeout)
	if cfg.StartTimeoutName != "" {
		bound += " (" + cfg.StartTimeoutName + ")"
	}
	rpc, err := startWithin(ctx, pc, cfg.Path, timeout, bound)
	var given *startError
	if errors.As(err, &given) {
		return nil, given.err
	}
	if err != nil {
		pc.Kill()
		if errors.Is(err, plugin.ErrChecksumsDoNotMatch) {
			return nil, fmt.Errorf("%w: %s changed after it was checked", ErrChecksumMismatch, cfg.Path)
		}
		return nil, fmt.Errorf("%w: %s: %v%s; a token store plugin is a program that calls pluginproto.Serve",
			ErrHandshake, cfg.Path, firstLine(err.Error()), stderr.said())
	}
	raw, err := rpc.Dispense(name)
	if err != nil {
		pc.Kill()
		return nil, fmt.Errorf("%w: %s: %v", ErrHandshake, cfg.Path, err)
	}
	store, ok := raw.(*GRPCStore)
	if !ok {
		pc.Kill()
		return nil, fmt.Errorf("%w: %s served %T for %q", ErrHandshake, cfg.Path, raw, name)
	}
	caps, err := store.Capabilities(ctx)
	if err != nil {
		pc.Kill()
		var remote *remoteError
		if errors.As(err, &remote) && errors.Is(err, ErrPluginConfig) {
			return nil, &pluginConfigError{msg: remote.msg, path: cfg.Path}
		}
		return nil, fmt.Errorf("asking plugin %s for its capabilities: %w", cfg.Path, err)
	}
	if !slices.Contains(caps.Names, name) {
		pc.Kill()
		return nil, fmt.Errorf("%w: %s serves %s, not %q; check persistence_handler_class",
			ErrUnknownName, cfg.Path, strings.Join(quoteAll(caps.Names), ", "), name)
	}
	return &Client{path: cfg.Path, plugin: pc, store: store, caps: caps}, nil
}

// baseEnv names the host environment variables every plugin gets, when
// set: where temporary files go (go-plugin makes its Unix socket there),
// and on Windows what a process needs to use the network at all.
func baseEnv() []string {
	if runtime.GOOS == "windows" {
		return []string{"SystemRoot", "SystemDrive", "TEMP", "TMP"}
	}
	return []string{"TMPDIR"}
}

// pluginEnv builds a plugin's environment: baseEnv and PassEnv from the
// host, then cfg.Env, which wins (the last of a name counts).
func pluginEnv(cfg LaunchConfig, lookup func(string) (string, bool)) []string {
	var env []string
	for _, name := range slices.Concat(baseEnv(), cfg.PassEnv) {
		if v, ok := lookup(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return append(env, cfg.Env...)
}

// checkBinary explains the two commonest mistakes before go-plugin does.
func checkBinary(path string) error {
	if path == "" {
		return fmt.Errorf("%w: no path given", ErrPluginNotFound)
	}
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s does not exist", ErrPluginNotFound, path)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrPluginNotFound, path, err)
	}
	if info.IsDir() {
		return fmt.Errorf("%w: %s is a directory", ErrNotExecutable, path)
	}
	if info.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%w: %s (mode %v); run chmod +x on it", ErrNotExecutable, path, info.Mode().Perm())
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func quoteAll(names []string) []string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return quoted
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Path returns the plugin binary's path.
func (c *Client) Path() string { return c.path }

// Capabilities returns what the plugin said it offers when it started.
func (c *Client) Capabilities() Capabilities { return c.caps }

// Exited reports whether the plugin process has ended.
func (c *Client) Exited() bool { return c.plugin.Exited() }

// Pid returns the plugin's process id, or 0 when it is not running.
func (c *Client) Pid() int {
	if rc := c.plugin.ReattachConfig(); rc != nil {
		return rc.Pid
	}
	return 0
}

// Close ends the plugin process. It is safe to call more than once.
func (c *Client) Close() error {
	c.plugin.Kill()
	return nil
}

func (c *Client) Save(ctx context.Context, t Tokens) error {
	return c.check(c.store.Save(ctx, t))
}

func (c *Client) Get(ctx context.Context, userIdentifier string) (Tokens, error) {
	t, err := c.store.Get(ctx, userIdentifier)
	return t, c.check(err)
}

func (c *Client) Delete(ctx context.Context, userIdentifier string) error {
	return c.check(c.store.Delete(ctx, userIdentifier))
}

// GetClient returns the user's tokens of the OAuth client clientID, or
// those stored without a client id (see ClientKeeper). A plugin that keeps
// no client ids returns the user's tokens unless they are marked with
// another client.
func (c *Client) GetClient(ctx context.Context, userIdentifier, clientID string) (Tokens, error) {
	t, err := c.store.GetClient(ctx, userIdentifier, clientID)
	return t, c.check(err)
}

// DeleteClient removes the user's tokens of clientID and those without a
// client id; a plugin that keeps no client ids removes the user's tokens.
func (c *Client) DeleteClient(ctx context.Context, userIdentifier, clientID string) error {
	return c.check(c.store.DeleteClient(ctx, userIdentifier, clientID))
}

func (c *Client) List(ctx context.Context) ([]TokenInfo, error) {
	infos, err := c.store.List(ctx)
	return infos, c.check(err)
}

// Lock takes the plugin's refresh lock; ErrLockUnsupported when the plugin
// offers none.
func (c *Client) Lock(ctx context.Context, userIdentifier string, ttl time.Duration) (func(context.Context) error, error) {
	if !c.caps.Locking {
		return nil, ErrLockUnsupported
	}
	release, err := c.store.Lock(ctx, userIdentifier, ttl)
	if err != nil {
		return nil, c.check(err)
	}
	return func(ctx context.Context) error { return c.check(release(ctx)) }, nil
}

// SpendRefresh asks the plugin's fleet-wide refresh budget;
// ErrBudgetUnsupported when the plugin keeps none.
func (c *Client) SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (RefreshBudget, error) {
	if !c.caps.RefreshBudget {
		return RefreshBudget{}, ErrBudgetUnsupported
	}
	b, err := c.store.SpendRefresh(ctx, key, at, limit, window)
	return b, c.check(err)
}

// RefundRefresh gives back a refresh SpendRefresh recorded.
func (c *Client) RefundRefresh(ctx context.Context, key string, at time.Time) error {
	if !c.caps.RefreshBudget {
		return ErrBudgetUnsupported
	}
	return c.check(c.store.RefundRefresh(ctx, key, at))
}

// check marks any failure after the process died as ErrUnavailable, whatever
// gRPC made of the broken connection.
func (c *Client) check(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !c.plugin.Exited() {
		return err
	}
	return fmt.Errorf("%w: plugin %s exited: %v", ErrUnavailable, c.path, err)
}

// tailBuffer keeps the last max bytes written to it: the end of a plugin's
// stderr, which usually says why it failed to start.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = b.buf[over:]
	}
	return len(p), nil
}

// said returns the tail as a clause for an error message, or "".
func (b *tailBuffer) said() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	text := strings.TrimSpace(string(b.buf))
	if text == "" {
		return ""
	}
	return "; the plugin wrote: " + strings.Join(strings.Fields(text), " ")
}
