package sdk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// The built-in stores' separate binaries, used instead of the
// application's own executable where plugin_dir, $ZCRM_PLUGIN_DIR or the
// executable's folder has them.
const (
	FilePluginName  = "zcrm-persistence-file"
	MySQLPluginName = "zcrm-persistence-mysql"
)

// PluginDirEnv names a folder of separate built-in store binaries.
const PluginDirEnv = "ZCRM_PLUGIN_DIR"

// StoreKind says which token store a configuration selects.
type StoreKind string

const (
	StoreCustom StoreKind = "custom"
	StoreFile   StoreKind = "file"
	StoreMySQL  StoreKind = "mysql"
)

// Store returns the kind of token store the configuration selects, by the
// seed's precedence: a custom plugin, then the file, then MySQL.
func (c Config) Store() StoreKind {
	switch {
	case c.PersistenceHandlerClassPath != "":
		return StoreCustom
	case c.TokenPersistencePath != "":
		return StoreFile
	default:
		return StoreMySQL
	}
}

// launchConfig resolves the configuration to the plugin to start.
func launchConfig(cfg Config, logger hclog.Logger) (pluginproto.LaunchConfig, error) {
	lc := pluginproto.LaunchConfig{Logger: logger, StartTimeout: cfg.StoreStartTimeout, StartTimeoutName: "store_start_timeout"}
	switch cfg.Store() {
	case StoreCustom:
		lc.Path = cfg.PersistenceHandlerClassPath
		lc.Name = cfg.PersistenceHandlerClass
		// Both keys pin the one binary; validate refuses two different sums.
		lc.SHA256 = cmp.Or(cfg.PersistenceHandlerChecksum, cfg.PluginChecksum)
		lc.PassEnv = cfg.PersistenceHandlerEnv
		return lc, checkCustomPlugin(lc.Path)
	case StoreFile:
		if err := checkTokenFolder(cfg.TokenPersistencePath, cfg.zohoV8()); err != nil {
			return lc, err
		}
		lc.Env = append([]string{"ZCRM_TOKEN_PERSISTENCE_PATH=" + cfg.TokenPersistencePath}, layoutEnv(cfg)...)
		return lc, builtinLaunch(&lc, cfg, StoreFile, FilePluginName)
	default:
		lc.Env = []string{
			"ZCRM_DB_ADDRESS=" + cfg.DBAddress,
			"ZCRM_DB_PORT=" + strconv.Itoa(cfg.DBPort),
			"ZCRM_DB_USERNAME=" + cfg.DBUsername,
			"ZCRM_DB_PASSWORD=" + cfg.DBPassword,
			"ZCRM_DB_NAME=" + cfg.DBName,
			"ZCRM_DB_ADD_PRIMARY_KEY=" + strconv.FormatBool(cfg.DBAddPrimaryKey),
		}
		lc.Env = append(lc.Env, layoutEnv(cfg)...)
		if cfg.DBTableName != "" {
			lc.Env = append(lc.Env, "ZCRM_DB_TABLE_NAME="+cfg.DBTableName)
		}
		return lc, builtinLaunch(&lc, cfg, StoreMySQL, MySQLPluginName)
	}
}

// builtinLaunch completes lc, whose Env holds the store's settings, to
// start a built-in store: its separate binary where findPlugin finds one,
// otherwise this executable, which serves the store (see selfserve.go).
func builtinLaunch(lc *pluginproto.LaunchConfig, cfg Config, kind StoreKind, name string) error {
	path, looked, err := findPlugin(name, cfg.PluginDir)
	if err != nil {
		return err
	}
	if path != "" {
		lc.Path = path
		lc.SHA256 = cfg.PluginChecksum
		return nil
	}
	if cfg.PluginChecksum != "" {
		return &PluginNotFoundError{Name: name, Looked: looked, Checksum: true}
	}
	if builtinServer(kind) == nil {
		return fmt.Errorf("zcrm: this program was built with the zcrm_nomysql tag, so it cannot serve the MySQL token store itself: put %s in plugin_dir or $%s, or set token_persistence_path to keep the tokens in a file", name, PluginDirEnv)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("zcrm: finding this program's executable, which serves the %s token store: %w; put %s in plugin_dir instead", kind, err, name)
	}
	lc.Path = exe
	lc.Env = append(lc.Env, serveStoreEnv+"="+string(kind))
	return nil
}

// envNames splits persistence_handler_env's comma-separated names.
func envNames(v string) []string {
	var names []string
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// checkEnvNames checks persistence_handler_env: names only (the values
// come from the host's environment), and only for a custom plugin, since
// the built-in stores get what they need from the configuration.
func checkEnvNames(c Config) []string {
	if len(c.PersistenceHandlerEnv) == 0 {
		return nil
	}
	if c.PersistenceHandlerClassPath == "" {
		return []string{"persistence_handler_env needs persistence_handler_class_path: the built-in stores get their settings from the configuration"}
	}
	var invalid []string
	for _, name := range c.PersistenceHandlerEnv {
		if name == "" || strings.ContainsAny(name, "=\x00") {
			invalid = append(invalid, fmt.Sprintf("persistence_handler_env: %q is not an environment variable name", name))
		}
	}
	return invalid
}

// layoutEnv tells a built-in store the layout of Zoho's v8 SDKs.
func layoutEnv(cfg Config) []string {
	if !cfg.zohoV8() {
		return nil
	}
	return []string{"ZCRM_TOKEN_STORE_LAYOUT=" + LayoutZohoV8}
}

// checkTokenFolder catches a wrong token_persistence_path before a plugin
// is started for it. The path is the folder of zcrm_oauthtokens.txt, or the
// file itself; for the file of Zoho's v8 SDKs, the file whatever its name
// (a path that is no folder), or its folder.
func checkTokenFolder(path string, zohoV8 bool) error {
	dir := path
	if info, err := os.Stat(path); filepath.Base(path) == "zcrm_oauthtokens.txt" || (zohoV8 && (err != nil || !info.IsDir())) {
		dir = filepath.Dir(path)
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &ConfigError{Invalid: []string{fmt.Sprintf("token_persistence_path: folder %s does not exist; create it (mkdir -p %s)", dir, dir)}}
	case err != nil:
		return &ConfigError{Invalid: []string{fmt.Sprintf("token_persistence_path: %v", err)}}
	case !info.IsDir():
		return &ConfigError{Invalid: []string{fmt.Sprintf("token_persistence_path: %s is not a folder", dir)}}
	}
	return nil
}

// PluginNotFoundError: a separate built-in store binary was asked for
// (plugin_dir or $ZCRM_PLUGIN_DIR set, or plugin_checksum) and is not
// there. It names every place looked at.
type PluginNotFoundError struct {
	Name   string
	Looked []string
	// Checksum: plugin_checksum asked for a separate binary, and none of
	// the places had one.
	Checksum bool
}

func (e *PluginNotFoundError) Error() string {
	why := "plugin_dir or $" + PluginDirEnv + " names its folder"
	if e.Checksum {
		why = "plugin_checksum is set"
	}
	return fmt.Sprintf("zcrm: token store plugin %s not found, and %s; looked in: %s. Build it with `go build -o <folder>/%s ./plugins/%s/cmd/%s` in a checkout of zcrm (`make build` writes bin/), or unset %s so that the application serves the store itself",
		e.Name, why, strings.Join(e.Looked, ", "), e.Name, pluginSourceDir(e.Name), e.Name, "plugin_dir, $"+PluginDirEnv+" and plugin_checksum")
}

// Is makes errors.Is(err, pluginproto.ErrPluginNotFound) hold.
func (e *PluginNotFoundError) Is(target error) bool { return target == pluginproto.ErrPluginNotFound }

func pluginSourceDir(name string) string {
	if name == MySQLPluginName {
		return "mysql"
	}
	return "file"
}

// ErrUnsafePlugin matches an UnsafePluginError with errors.Is.
var ErrUnsafePlugin = errors.New("token store plugin binary could be replaced by another user")

// UnsafePluginError: a store plugin binary (a separate built-in one, or
// the custom one of persistence_handler_class_path) was refused because
// another user could have replaced it, and with it read every token and
// the client secret. Path names the binary.
type UnsafePluginError struct {
	Path   string
	Reason string
	// Custom: the binary is persistence_handler_class_path's.
	Custom bool
}

func (e *UnsafePluginError) Error() string {
	if e.Custom {
		return fmt.Sprintf("zcrm: refusing token store plugin %s (persistence_handler_class_path): %s, so another user could replace it and read the tokens; fix the permissions or the owner, or move it to a folder only its owner can write", e.Path, e.Reason)
	}
	return fmt.Sprintf("zcrm: refusing token store plugin %s: %s, so another user could replace it and read the tokens; fix the permissions or the owner, move it, or remove it so that the application serves the store itself", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrUnsafePlugin) hold.
func (e *UnsafePluginError) Is(target error) bool { return target == ErrUnsafePlugin }

// findPlugin finds a separate built-in store binary: in plugin_dir when
// set (it must be there), else in $ZCRM_PLUGIN_DIR when set (likewise),
// else beside the running executable when one is there. No PATH lookup:
// a folder on PATH is no promise about who put a binary there. The path
// is "" when none is asked for and none is beside the executable; looked
// names the places. A binary that others could have replaced is refused.
func findPlugin(name, pluginDir string) (path string, looked []string, err error) {
	type place struct{ label, dir string }
	var places []place
	switch {
	case pluginDir != "":
		places = []place{{"plugin_dir", pluginDir}}
	case os.Getenv(PluginDirEnv) != "":
		places = []place{{"$" + PluginDirEnv, os.Getenv(PluginDirEnv)}}
	}
	required := len(places) > 0
	if exe, err := os.Executable(); err == nil && !required {
		places = append(places, place{"beside the executable", filepath.Dir(exe)})
	}
	for _, p := range places {
		candidate := filepath.Join(p.dir, name)
		looked = append(looked, p.label+" ("+candidate+")")
		if info, err := os.Stat(candidate); err != nil || info.IsDir() {
			continue
		}
		if err := checkPluginOwner(candidate); err != nil {
			return "", looked, err
		}
		return candidate, looked, nil
	}
	if required {
		return "", looked, &PluginNotFoundError{Name: name, Looked: looked}
	}
	return "", looked, nil
}

// checkCustomPlugin gives persistence_handler_class_path's binary the
// built-in lookup's checks (checkPluginOwner). A path that names no file
// is left to the launch, whose error says so.
func checkCustomPlugin(path string) error {
	if info, err := os.Stat(path); err != nil || info.IsDir() {
		return nil
	}
	err := checkPluginOwner(path)
	var unsafe *UnsafePluginError
	if errors.As(err, &unsafe) {
		unsafe.Custom = true
	}
	return err
}

// pluginStore is the running store plugin. When the process dies, the next
// call starts it again once and retries.
type pluginStore struct {
	launch pluginproto.LaunchConfig
	logger hclog.Logger
	// clientID is the configured OAuth client, whose tokens the store
	// finds (with those stored without a client id) and marks.
	clientID string

	mu     sync.Mutex
	client *pluginproto.Client
	closed bool

	calls    atomic.Int64 // store calls made, restarts included
	restarts atomic.Int64

	// defaultMySQL: the store is MySQL because neither a custom plugin nor
	// a token folder was configured. Until the store first answers, its
	// errors say so: a forgotten token_persistence_path is the likeliest
	// reason for an unreachable MySQL.
	defaultMySQL bool
	answered     atomic.Bool
}

// defaultMySQLNote ends the errors of a MySQL store chosen by default.
const defaultMySQLNote = "the token store is MySQL because neither token_persistence_path nor persistence_handler_class_path is set: to keep the tokens in a file instead, set token_persistence_path to its folder"

func startStore(ctx context.Context, lc pluginproto.LaunchConfig, clientID string, logger hclog.Logger) (*pluginStore, error) {
	c, err := pluginproto.Launch(ctx, lc)
	if err != nil {
		return nil, fmt.Errorf("zcrm: starting the token store: %w", err)
	}
	logger.Debug("token store plugin started", "path", lc.Path, "pid", c.Pid(), "locking", c.Capabilities().Locking, "client_ids", c.Capabilities().ClientIDs)
	return &pluginStore{launch: lc, logger: logger, clientID: clientID, client: c, defaultMySQL: isMySQL(lc)}, nil
}

// isMySQL tells the MySQL store's launch by the settings launchConfig
// gives it alone. MySQL is only ever the store by default.
func isMySQL(lc pluginproto.LaunchConfig) bool {
	return slices.ContainsFunc(lc.Env, func(kv string) bool { return strings.HasPrefix(kv, "ZCRM_DB_ADDRESS=") })
}

func (p *pluginStore) current() (*pluginproto.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("zcrm: the client is closed")
	}
	return p.client, nil
}

// restart replaces dead with a new process, unless another caller has.
func (p *pluginStore) restart(ctx context.Context, dead *pluginproto.Client) (*pluginproto.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("zcrm: the client is closed")
	}
	if p.client != dead {
		return p.client, nil
	}
	_ = dead.Close()
	p.logger.Warn("token store plugin stopped; starting it again", "path", p.launch.Path)
	c, err := pluginproto.Launch(ctx, p.launch)
	if err != nil {
		return nil, err
	}
	p.client = c
	p.restarts.Add(1)
	return c, nil
}

// do runs op on the plugin, restarting it once if it has died. A call
// caught by a restart (its connection closed under it) is tried once more
// on the new process too: its failure is no cancellation of the caller's.
func (p *pluginStore) do(ctx context.Context, op func(*pluginproto.Client) error) error {
	err := p.call(ctx, op)
	if err == nil || errors.Is(err, pluginproto.ErrNotFound) {
		p.answered.Store(true)
		return err
	}
	if p.defaultMySQL && !p.answered.Load() && ctx.Err() == nil {
		err = fmt.Errorf("%w; %s", err, defaultMySQLNote)
	}
	return &storeError{err}
}

// storeError is a failed call of the token store, in the store's own
// words; it matches ErrTokenStore, so that a caller can tell a store that
// cannot be read (a damaged file, a database down) from the rest.
type storeError struct{ err error }

func (e *storeError) Error() string   { return e.err.Error() }
func (e *storeError) Unwrap() []error { return []error{e.err, ErrTokenStore} }

func (p *pluginStore) call(ctx context.Context, op func(*pluginproto.Client) error) error {
	c, err := p.current()
	if err != nil {
		return err
	}
	p.calls.Add(1)
	err = op(c)
	if err == nil || !p.gone(ctx, c, err) {
		return err
	}
	c2, rerr := p.restart(ctx, c)
	if rerr != nil {
		return fmt.Errorf("zcrm: the token store plugin %s stopped (%v) and could not be started again: %w", p.launch.Path, err, rerr)
	}
	if err = op(c2); err != nil && p.gone(ctx, c2, err) {
		return fmt.Errorf("zcrm: the token store plugin %s stopped again right after a restart: %w", p.launch.Path, asUnavailable(err))
	}
	return err
}

// gone reports whether err means that c's process or connection is gone:
// the plugin is unreachable or has exited, or the call was cancelled
// though the caller's context was not, which is a connection closed by a
// restart.
func (p *pluginStore) gone(ctx context.Context, c *pluginproto.Client, err error) bool {
	return errors.Is(err, pluginproto.ErrUnavailable) || c.Exited() ||
		(ctx.Err() == nil && errors.Is(err, context.Canceled))
}

// asUnavailable makes a cancellation that was not the caller's read as
// what it is, the plugin gone.
func asUnavailable(err error) error {
	if errors.Is(err, pluginproto.ErrUnavailable) || !errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w: %v", pluginproto.ErrUnavailable, err)
}

// Get returns the user's tokens of the configured client, or those stored
// without a client id.
func (p *pluginStore) Get(ctx context.Context, user string) (t pluginproto.Tokens, err error) {
	err = p.do(ctx, func(c *pluginproto.Client) (e error) { t, e = c.GetClient(ctx, user, p.clientID); return e })
	return t, err
}

// Save stores t as the configured client's tokens.
func (p *pluginStore) Save(ctx context.Context, t pluginproto.Tokens) error {
	if t.ClientID == "" {
		t.ClientID = p.clientID
	}
	return p.do(ctx, func(c *pluginproto.Client) error { return c.Save(ctx, t) })
}

// Delete removes the user's tokens of the configured client, and those
// stored without a client id; other clients' tokens of the user stay.
func (p *pluginStore) Delete(ctx context.Context, user string) error {
	return p.do(ctx, func(c *pluginproto.Client) error { return c.DeleteClient(ctx, user, p.clientID) })
}

// List returns the users with tokens of the configured client, or stored
// without a client id, each once.
func (p *pluginStore) List(ctx context.Context) (infos []pluginproto.TokenInfo, err error) {
	err = p.do(ctx, func(c *pluginproto.Client) (e error) { infos, e = c.List(ctx); return e })
	if err != nil {
		return nil, err
	}
	ours := infos[:0]
	seen := map[string]int{}
	for _, info := range infos {
		if pluginproto.ClientMatch(info.ClientID, p.clientID) == 0 {
			continue
		}
		if i, dup := seen[info.UserIdentifier]; dup {
			if info.ClientID == p.clientID { // the client's own over tokens without a client id
				ours[i] = info
			}
			continue
		}
		seen[info.UserIdentifier] = len(ours)
		ours = append(ours, info)
	}
	return ours, nil
}

func (p *pluginStore) SupportsLocking() bool {
	c, err := p.current()
	return err == nil && c.Capabilities().Locking
}

func (p *pluginStore) Lock(ctx context.Context, user string, ttl time.Duration) (release func(context.Context) error, err error) {
	err = p.do(ctx, func(c *pluginproto.Client) (e error) { release, e = c.Lock(ctx, user, ttl); return e })
	return release, err
}

// CheckUserIdentifier reports whether the store can keep tokens under id,
// by the limits it states in its capabilities: an error wrapping
// pluginproto.ErrUserIdentifier when id is empty, not valid UTF-8, or
// longer than the store keeps (the MySQL store's column is varchar(100)).
// It asks nothing of the plugin: the limits came with its capabilities at
// start.
func (p *pluginStore) CheckUserIdentifier(id string) error {
	c, err := p.current()
	if err != nil {
		return err
	}
	return c.Capabilities().UserIdentifiers.Check(id)
}

// Pid returns the plugin's process id (for tests and diagnostics).
func (p *pluginStore) Pid() int {
	c, err := p.current()
	if err != nil {
		return 0
	}
	return c.Pid()
}

func (p *pluginStore) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	return p.client.Close()
}
