package sdk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Config configures a Client. The fields mirror the configuration keys of
// Zoho's Ruby SDK (see ConfigFromMap for the key of each field); a few Go
// knobs that the seed lacks follow them.
type Config struct {
	ClientID     string // client_id (mandatory)
	ClientSecret string // client_secret (mandatory)
	// ClientSecrets (client_secret_<location>, such as client_secret_eu)
	// are per data centre secrets, for a client whose Multi-DC setting in
	// Zoho's API console gives each data centre its own. A data centre not
	// named here uses ClientSecret.
	ClientSecrets map[string]string
	// RedirectURI (redirect_uri) is where Zoho's consent page sends a web
	// login back to (AuthorizationURL, package weblogin): the URL
	// registered for a Server-based client. A Self Client's grant tokens,
	// client credentials and the device flow need none.
	RedirectURI string

	// SOID (soid) makes the client get its access tokens by Zoho's client
	// credentials flow for this org: no grant token, no refresh token; a
	// new access token shortly before each expires. Zoho's form is
	// ZohoCRM.{org id} (the org id shown under the profile picture in
	// CRM); the org id alone is taken too. See client_credentials.go.
	SOID string
	// Scopes (scope, comma-separated) are the scopes the SDK asks Zoho for
	// when it signs in by itself: client credentials and the device flow.
	// Nil: DefaultScopes.
	Scopes []string

	// CurrentUserEmail (current_user_email) is the user calls are made for
	// unless Client.ForUser names another. When empty, the SDK uses the
	// user whose grant token it exchanged, or the one user in the store.
	CurrentUserEmail string

	// APIBaseURL (api_base_url) is where the CRM API lives. When empty, the
	// api_domain Zoho returned with the tokens is used, then the API domain
	// of AccountsURL's data centre.
	APIBaseURL string
	// AccountsURL (accounts_url, default https://accounts.zoho.com) is where
	// grant tokens are exchanged unless a login redirect names the user's own
	// data centre, and where tokens stored without a data centre are
	// refreshed.
	AccountsURL string
	// DataCenters are the data centres users may live in; nil means Zoho's
	// (ZohoDataCenters). A user's tokens are refreshed and revoked at their
	// data centre's accounts server, and only an accounts server listed
	// here, or AccountsURL, is ever sent a secret. Tests and the emulator
	// give their own; the dictionary's accounts_url_<location>,
	// api_base_url_<location> and upload_url_<location> keys (such as
	// accounts_url_eu) replace one of Zoho's, or add one, by its location.
	DataCenters []DataCenter
	// UploadURL (upload_url, an addition) is the file upload host of
	// AccountsURL's data centre, where bulk write files go. Empty: that
	// data centre's, else content.zohoapis.{domain} for Zoho's API hosts,
	// else the API host.
	UploadURL  string
	APIVersion string // api_version, default v2
	// Sandbox (sandbox) sends API calls to sandbox.zohoapis.* instead of
	// www.zohoapis.*.
	Sandbox bool

	ApplicationLogFilePath string // application_log_file_path: log file, appended to
	LogInConsole           bool   // log_in_console: log to stderr
	LogLevel               string // log_level (an addition): trace, debug, info (default), warn, error

	AccessType string // access_type: only "offline", as in the seed

	// Token store selection, in order of precedence: a custom plugin
	// binary, then the file store, then MySQL.
	PersistenceHandlerClassPath string // persistence_handler_class_path: custom plugin binary
	PersistenceHandlerClass     string // persistence_handler_class: name it serves, default token_store
	PersistenceHandlerChecksum  string // persistence_handler_checksum: sha256 of the binary, hex
	TokenPersistencePath        string // token_persistence_path: folder of zcrm_oauthtokens.txt

	// TokenStoreLayout (token_store_layout) chooses whose layout the
	// built-in stores keep the tokens in: empty for zcrm's (the seed's
	// oauthtokens table, zcrm_oauthtokens.txt), LayoutZohoV8 for that of
	// Zoho's v8 SDKs for Python, Java and Node (the oauthtoken table, their
	// token file), so that a service using one of them shares the tokens.
	TokenStoreLayout string
	// DBTableName (db_table_name) names the MySQL table of LayoutZohoV8,
	// as Zoho's DBStore lets it be named; default oauthtoken.
	DBTableName string

	// PersistenceHandlerEnv (persistence_handler_env, names separated by
	// commas) names the host environment variables the custom plugin gets.
	// A plugin gets no other part of the host's environment.
	PersistenceHandlerEnv []string

	DBAddress  string // db_address, default 127.0.0.1
	DBPort     int    // db_port (alias mysql_port), default 3306
	DBUsername string // db_username (alias mysql_username), default root
	DBPassword string // db_password (alias mysql_password), default ""
	DBName     string // db_name, default zohooauth
	// DBAddPrimaryKey (db_add_primary_key) lets the MySQL store add an
	// invisible primary key to an existing oauthtokens table without one
	// when the server is a cluster node (Galera, Group Replication).
	DBAddPrimaryKey bool

	// DisableRefreshBudget (disable_refresh_budget) turns off the
	// fleet-wide refresh budget: the SDK then refreshes whenever a token
	// expires, however often the fleet's processes did in Zoho's window.
	DisableRefreshBudget bool

	// PluginDir (plugin_dir) holds separate binaries of the built-in
	// stores (zcrm-persistence-file, zcrm-persistence-mysql) to use
	// instead of the application's own executable, which serves them by
	// default. When set, the binary must be there; $ZCRM_PLUGIN_DIR works
	// the same, and a binary beside the executable is used too. A binary
	// in a folder any user can write, or owned by another user (root
	// aside), is refused.
	PluginDir string
	// PluginChecksum (plugin_checksum) is the sha256, in hex, the store
	// binary must have: the custom one of persistence_handler_class_path
	// when set (persistence_handler_checksum, if also set, must be equal),
	// else the separate built-in one, which setting it then requires.
	PluginChecksum string

	// Go knobs, not in the seed's dictionary.

	// RefreshSkew: refresh this long before the access token expires.
	// Default 60s.
	RefreshSkew time.Duration
	// Timeout bounds each wait: an HTTP attempt (of the CRM API or the
	// accounts server), a token store call. Default 60s.
	Timeout time.Duration
	// StoreStartTimeout (store_start_timeout) bounds the token store
	// plugin's start and handshake, which a loaded host can make take
	// seconds: a short Timeout for calls does not make the store fail to
	// start. The context given to NewClient bounds the start too.
	// Default 60s.
	StoreStartTimeout time.Duration
	// MaxRetries bounds retries of one call (429, 5xx, network errors).
	// Default 3; negative disables retries.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the jittered exponential backoff
	// between retries. Defaults 500ms and 30s.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxConcurrentCalls (max_concurrent_calls) bounds each user's CRM calls
	// in flight, as Zoho's concurrency limit does: 5 on the Free edition,
	// 10 Standard, 15 Professional, 20 Enterprise, 25 Ultimate. Default 10;
	// negative: no limit. A 429 that gets through lowers it for a while.
	MaxConcurrentCalls int
	// MaxConcurrentComplexCalls (max_concurrent_complex_calls) bounds the
	// calls Zoho counts in its sub-concurrency of 10 (custom view and sorted
	// reads, lead conversion, writes of more than 10 records, COQL, send
	// mail). Default 10; negative: no limit.
	MaxConcurrentComplexCalls int
	// MaxResponseBytes (max_response_bytes) bounds an answer the SDK reads
	// into memory to decode; a larger one fails with ErrResponseTooLarge.
	// Downloads (DoStream, or Do into an io.Writer) are not bounded.
	// Default DefaultMaxResponseBytes (64 MiB); negative: no bound.
	MaxResponseBytes int64
	// HTTPClient sends the requests; nil uses a client of the SDK's own.
	HTTPClient HTTPDoer
	// Logger replaces the logger built from the log keys. What the SDK and
	// its plugins log reaches it scrubbed of tokens and client secrets.
	Logger hclog.Logger
	// Slog sends the SDK's and its plugins' log lines to a log/slog logger
	// instead, scrubbed the same way, at log_level and above (info by
	// default). Logger wins when both are set.
	Slog *slog.Logger
	// unredacted hands Logger the lines as they are (tests only).
	unredacted bool
	// Now is the clock; nil uses time.Now. Tests set it to move time.
	Now func() time.Time
	// Sleep waits d on the SDK's clock, or until ctx ends (its error
	// then); nil waits on the wall clock. The device flow's polling waits
	// with it, so a test that drives Now from an emulator's clock gives a
	// Sleep that moves that clock instead of waiting 30 real seconds.
	Sleep func(ctx context.Context, d time.Duration) error
}

// HTTPDoer sends HTTP requests; *http.Client is one.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// The defaults of the seed.
const (
	DefaultAccountsURL = "https://accounts.zoho.com"
	DefaultAPIBaseURL  = "https://www.zohoapis.com"
	DefaultAPIVersion  = "v2"
	DefaultDBAddress   = "127.0.0.1"
	DefaultDBPort      = 3306
	DefaultDBUsername  = "root"
	DefaultDBName      = "zohooauth"
	DefaultRefreshSkew = 60 * time.Second
	DefaultTimeout     = 60 * time.Second
	// DefaultStoreStartTimeout is store_start_timeout's default.
	DefaultStoreStartTimeout = 60 * time.Second
	DefaultMaxRetries        = 3
	DefaultRetryWait         = 500 * time.Millisecond
	DefaultRetryMax          = 30 * time.Second
)

// configKeys maps each dictionary key to the field it sets.
var configKeys = map[string]func(*Config, string) error{
	"client_id":                      func(c *Config, v string) error { c.ClientID = v; return nil },
	"client_secret":                  func(c *Config, v string) error { c.ClientSecret = v; return nil },
	"redirect_uri":                   func(c *Config, v string) error { c.RedirectURI = v; return nil },
	"soid":                           func(c *Config, v string) error { c.SOID = strings.TrimSpace(v); return nil },
	"scope":                          func(c *Config, v string) error { c.Scopes = scopeList(v); return nil },
	"current_user_email":             func(c *Config, v string) error { c.CurrentUserEmail = v; return nil },
	"api_base_url":                   func(c *Config, v string) error { c.APIBaseURL = v; return nil },
	"accounts_url":                   func(c *Config, v string) error { c.AccountsURL = v; return nil },
	"upload_url":                     func(c *Config, v string) error { c.UploadURL = v; return nil },
	"api_version":                    func(c *Config, v string) error { c.APIVersion = v; return nil },
	"sandbox":                        boolKey(func(c *Config) *bool { return &c.Sandbox }),
	"application_log_file_path":      func(c *Config, v string) error { c.ApplicationLogFilePath = v; return nil },
	"log_in_console":                 boolKey(func(c *Config) *bool { return &c.LogInConsole }),
	"log_level":                      func(c *Config, v string) error { c.LogLevel = v; return nil },
	"access_type":                    func(c *Config, v string) error { c.AccessType = v; return nil },
	"persistence_handler_class_path": func(c *Config, v string) error { c.PersistenceHandlerClassPath = v; return nil },
	"persistence_handler_class":      func(c *Config, v string) error { c.PersistenceHandlerClass = v; return nil },
	"persistence_handler_checksum":   func(c *Config, v string) error { c.PersistenceHandlerChecksum = v; return nil },
	"persistence_handler_env":        func(c *Config, v string) error { c.PersistenceHandlerEnv = envNames(v); return nil },
	"token_persistence_path":         func(c *Config, v string) error { c.TokenPersistencePath = v; return nil },
	"db_address":                     func(c *Config, v string) error { c.DBAddress = v; return nil },
	"db_port":                        portKey,
	"mysql_port":                     portKey,
	"db_username":                    func(c *Config, v string) error { c.DBUsername = v; return nil },
	"mysql_username":                 func(c *Config, v string) error { c.DBUsername = v; return nil },
	"db_password":                    func(c *Config, v string) error { c.DBPassword = v; return nil },
	"mysql_password":                 func(c *Config, v string) error { c.DBPassword = v; return nil },
	"db_name":                        func(c *Config, v string) error { c.DBName = v; return nil },
	"db_add_primary_key":             boolKey(func(c *Config) *bool { return &c.DBAddPrimaryKey }),
	"token_store_layout":             func(c *Config, v string) error { c.TokenStoreLayout = v; return nil },
	"db_table_name":                  func(c *Config, v string) error { c.DBTableName = v; return nil },
	"disable_refresh_budget":         boolKey(func(c *Config) *bool { return &c.DisableRefreshBudget }),
	"plugin_dir":                     func(c *Config, v string) error { c.PluginDir = v; return nil },
	"plugin_checksum":                func(c *Config, v string) error { c.PluginChecksum = v; return nil },
	"max_concurrent_calls":           intKey(func(c *Config) *int { return &c.MaxConcurrentCalls }),
	"max_concurrent_complex_calls":   intKey(func(c *Config) *int { return &c.MaxConcurrentComplexCalls }),
	"max_response_bytes":             maxResponseBytesKey,
	"store_start_timeout":            durationKey(func(c *Config) *time.Duration { return &c.StoreStartTimeout }),
}

// durationKey reads a positive duration: a Go duration (90s, 2m) or a
// number of seconds.
func durationKey(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		d, err := time.ParseDuration(v)
		if n, nerr := strconv.Atoi(v); nerr == nil {
			d, err = time.Duration(n)*time.Second, nil
		}
		if err != nil || d <= 0 {
			return fmt.Errorf("must be a positive duration (90s, 2m) or number of seconds, not %q", v)
		}
		*field(c) = d
		return nil
	}
}

// maxResponseBytesKey reads a size in bytes; negative: no bound.
func maxResponseBytesKey(c *Config, v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return fmt.Errorf("must be a number of bytes (67108864 for 64 MiB; negative for no bound), not %q", v)
	}
	c.MaxResponseBytes = n
	return nil
}

// clientSecretKeyPrefix starts the keys of per data centre client secrets:
// client_secret_eu, client_secret_in...
const clientSecretKeyPrefix = "client_secret_"

// dataCenterKeys set one address of the data centre of a location, as in
// accounts_url_eu: for an emulator, a proxy, or a data centre the SDK does
// not know yet.
var dataCenterKeys = map[string]func(*DataCenter, string){
	"accounts_url_": func(dc *DataCenter, v string) { dc.AccountsURL = v },
	"api_base_url_": func(dc *DataCenter, v string) { dc.APIBaseURL = v },
	"upload_url_":   func(dc *DataCenter, v string) { dc.UploadURL = v },
}

// locationKey splits a key that ends in a data centre's location
// (client_secret_eu, accounts_url_eu) into its prefix and the location.
func locationKey(key string) (prefix, location string, ok bool) {
	for _, p := range []string{clientSecretKeyPrefix, "accounts_url_", "api_base_url_", "upload_url_"} {
		if loc, found := strings.CutPrefix(key, p); found && loc != "" {
			return p, loc, true
		}
	}
	return "", "", false
}

// aliases name the seed's alternative spellings, which may not be given
// together with their main key.
var aliases = map[string]string{
	"mysql_port":     "db_port",
	"mysql_username": "db_username",
	"mysql_password": "db_password",
}

func boolKey(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("must be true or false, not %q", v)
		}
		*field(c) = b
		return nil
	}
}

func intKey(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("must be a whole number, not %q", v)
		}
		*field(c) = n
		return nil
	}
}

func portKey(c *Config, v string) error {
	p, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("must be a port number (1-65535), not %q", v)
	}
	c.DBPort = p
	return nil
}

// ConfigKeys returns the dictionary keys ConfigFromMap accepts, sorted.
func ConfigKeys() []string {
	keys := make([]string, 0, len(configKeys))
	for k := range configKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ConfigError lists everything wrong with a configuration at once.
type ConfigError struct {
	Unknown []string // keys that are not configuration keys
	Missing []string // mandatory keys not given
	Invalid []string // "key: what is wrong"
}

func (e *ConfigError) Error() string {
	var parts []string
	for _, k := range e.Unknown {
		msg := fmt.Sprintf("unknown key %q", k)
		if s := suggestKey(k); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		parts = append(parts, msg)
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "missing mandatory keys: "+strings.Join(e.Missing, ", "))
	}
	parts = append(parts, e.Invalid...)
	return "zcrm: invalid configuration: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalidConfig) true for any ConfigError.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

func (e *ConfigError) empty() bool {
	return len(e.Unknown) == 0 && len(e.Missing) == 0 && len(e.Invalid) == 0
}

// ErrInvalidConfig matches every configuration error.
var ErrInvalidConfig = errors.New("zcrm: invalid configuration")

// ConfigFromMap builds a Config from the seed's dictionary. An unknown key is
// an error that names it, so a typo cannot silently select another store;
// all problems are reported together. The result is validated.
func ConfigFromMap(m map[string]string) (Config, error) {
	var cfg Config
	cerr := &ConfigError{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	given := map[string]*DataCenter{} // by location, from accounts_url_eu...
	for _, k := range keys {
		if prefix, loc, ok := locationKey(k); ok {
			loc = strings.ToLower(loc)
			switch {
			case prefix == clientSecretKeyPrefix:
				if cfg.ClientSecrets == nil {
					cfg.ClientSecrets = map[string]string{}
				}
				cfg.ClientSecrets[loc] = m[k]
			case !isLocation(loc):
				cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("%s: %q is not a data centre's location such as eu", k, loc))
			case !httpURL(m[k]):
				cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("%s: %q is not an http(s) URL", k, m[k]))
			default:
				if given[loc] == nil {
					given[loc] = &DataCenter{}
				}
				dataCenterKeys[prefix](given[loc], strings.TrimRight(m[k], "/"))
			}
			continue
		}
		set, ok := configKeys[k]
		if !ok {
			cerr.Unknown = append(cerr.Unknown, k)
			continue
		}
		if main, isAlias := aliases[k]; isAlias {
			if _, both := m[main]; both {
				cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("%s and its alias %s are both given; keep one", main, k))
				continue
			}
		}
		if err := set(&cfg, m[k]); err != nil {
			cerr.Invalid = append(cerr.Invalid, k+": "+err.Error())
		}
	}
	if len(given) > 0 {
		cfg.DataCenters = withDataCenters(ZohoDataCenters(), given, cerr)
	}
	if err := cfg.validate(cerr); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// withDataCenters is dcs with the addresses given by location: a data
// centre of dcs takes the ones given for its location, one of another
// location is added and needs an accounts server and an API.
func withDataCenters(dcs []DataCenter, given map[string]*DataCenter, cerr *ConfigError) []DataCenter {
	for _, loc := range slices.Sorted(maps.Keys(given)) {
		g := given[loc]
		i := slices.IndexFunc(dcs, func(dc DataCenter) bool { return strings.EqualFold(dc.Location, loc) })
		if i < 0 {
			if g.AccountsURL == "" || g.APIBaseURL == "" {
				cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("accounts_url_%s and api_base_url_%s: Zoho has no data centre %q, so both are needed", loc, loc, loc))
				continue
			}
			dcs = append(dcs, DataCenter{Name: strings.ToUpper(loc), Location: loc})
			i = len(dcs) - 1
		}
		for _, set := range []struct{ from, to *string }{
			{&g.AccountsURL, &dcs[i].AccountsURL}, {&g.APIBaseURL, &dcs[i].APIBaseURL}, {&g.UploadURL, &dcs[i].UploadURL},
		} {
			if *set.from != "" {
				*set.to = *set.from
			}
		}
	}
	return dcs
}

// isLocation: Zoho's locations are short lowercase words (us, eu, in...).
func isLocation(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
}

// httpURL: an http(s) URL with a host.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// Validate checks a Config built in Go the way ConfigFromMap checks a map.
func (c Config) Validate() error {
	return c.validate(&ConfigError{})
}

func (c Config) validate(cerr *ConfigError) error {
	for _, m := range []struct{ key, val string }{
		{"client_id", c.ClientID}, {"client_secret", c.ClientSecret},
	} {
		if strings.TrimSpace(m.val) == "" {
			cerr.Missing = append(cerr.Missing, m.key)
		}
	}
	for _, u := range []struct{ key, val string }{
		{"api_base_url", c.APIBaseURL}, {"accounts_url", c.AccountsURL}, {"upload_url", c.UploadURL},
	} {
		if u.val != "" && !httpURL(u.val) {
			cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("%s: %q is not an http(s) URL", u.key, u.val))
		}
	}
	for i, dc := range c.DataCenters {
		for _, u := range []struct{ what, val string }{{"AccountsURL", dc.AccountsURL}, {"APIBaseURL", dc.APIBaseURL}, {"UploadURL", dc.UploadURL}} {
			if (u.val != "" || u.what != "UploadURL") && !httpURL(u.val) {
				cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("DataCenters[%d].%s: %q is not an http(s) URL", i, u.what, u.val))
			}
		}
	}
	for _, loc := range slices.Sorted(maps.Keys(c.ClientSecrets)) {
		if _, ok := c.dataCenterOfLocation(loc); !ok {
			cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("%s%s: %q is not the location of a data centre (%s)", clientSecretKeyPrefix, loc, loc, c.locations()))
		}
	}
	if c.SOID != "" {
		if _, err := normalSOID(c.SOID); err != nil {
			cerr.Invalid = append(cerr.Invalid, "soid: "+err.Error())
		}
	}
	if c.APIVersion != "" && !validVersion(c.APIVersion) {
		cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("api_version: %q is not a version such as v2, v2.1 or v8", c.APIVersion))
	}
	if c.AccessType != "" && c.AccessType != "offline" {
		cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("access_type: only offline is supported, not %q", c.AccessType))
	}
	if c.LogLevel != "" && hclog.LevelFromString(c.LogLevel) == hclog.NoLevel {
		cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("log_level: %q is not one of trace, debug, info, warn, error", c.LogLevel))
	}
	if c.DBPort < 0 || c.DBPort > 65535 {
		cerr.Invalid = append(cerr.Invalid, fmt.Sprintf("db_port: %d is not a port number", c.DBPort))
	}
	if c.PersistenceHandlerClassPath == "" && (c.PersistenceHandlerClass != "" || c.PersistenceHandlerChecksum != "") {
		cerr.Invalid = append(cerr.Invalid, "persistence_handler_class and persistence_handler_checksum need persistence_handler_class_path")
	}
	cerr.Invalid = append(cerr.Invalid, checkEnvNames(c)...)
	cerr.Invalid = append(cerr.Invalid, checkLayout(c)...)
	if sum := c.PersistenceHandlerChecksum; sum != "" && !isSHA256Hex(sum) {
		cerr.Invalid = append(cerr.Invalid, "persistence_handler_checksum: not a sha256 in hex (64 characters 0-9a-f)")
	}
	if sum := c.PluginChecksum; sum != "" && !isSHA256Hex(sum) {
		cerr.Invalid = append(cerr.Invalid, "plugin_checksum: not a sha256 in hex (64 characters 0-9a-f)")
	}
	if a, b := c.PersistenceHandlerChecksum, c.PluginChecksum; c.PersistenceHandlerClassPath != "" && a != "" && b != "" && !strings.EqualFold(a, b) {
		cerr.Invalid = append(cerr.Invalid, "persistence_handler_checksum and plugin_checksum differ, and both pin persistence_handler_class_path's binary: set one of them")
	}
	if cerr.empty() {
		return nil
	}
	return cerr
}

// limitOrDefault: 0 is the default, negative is no limit (0 inside).
func limitOrDefault(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

func validVersion(v string) bool {
	if len(v) < 2 || v[0] != 'v' {
		return false
	}
	_, err := strconv.ParseFloat(v[1:], 64)
	return err == nil && !strings.ContainsAny(v[1:], "+-eE")
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range strings.ToLower(s) {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// withDefaults fills the seed's defaults and the Go knobs' defaults.
func (c Config) withDefaults() Config {
	if c.AccountsURL == "" {
		c.AccountsURL = DefaultAccountsURL
	}
	c.AccountsURL = strings.TrimRight(c.AccountsURL, "/")
	c.APIBaseURL = strings.TrimRight(c.APIBaseURL, "/")
	if c.APIVersion == "" {
		c.APIVersion = DefaultAPIVersion
	}
	if c.AccessType == "" {
		c.AccessType = "offline"
	}
	if c.PersistenceHandlerClass == "" {
		c.PersistenceHandlerClass = "token_store"
	}
	if c.DBAddress == "" {
		c.DBAddress = DefaultDBAddress
	}
	if c.DBPort == 0 {
		c.DBPort = DefaultDBPort
	}
	if c.DBUsername == "" {
		c.DBUsername = DefaultDBUsername
	}
	if c.DBName == "" {
		c.DBName = DefaultDBName
	}
	if c.RefreshSkew == 0 {
		c.RefreshSkew = DefaultRefreshSkew
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.StoreStartTimeout <= 0 {
		c.StoreStartTimeout = DefaultStoreStartTimeout
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	} else if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.RetryWaitMin <= 0 {
		c.RetryWaitMin = DefaultRetryWait
	}
	if c.RetryWaitMax < c.RetryWaitMin {
		c.RetryWaitMax = max(DefaultRetryMax, c.RetryWaitMin)
	}
	c.MaxConcurrentCalls = limitOrDefault(c.MaxConcurrentCalls, DefaultMaxConcurrentCalls)
	c.MaxConcurrentComplexCalls = limitOrDefault(c.MaxConcurrentComplexCalls, DefaultMaxConcurrentComplexCalls)
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleepOnWallClock
	}
	if soid, err := normalSOID(c.SOID); err == nil {
		c.SOID = soid
	}
	if len(c.Scopes) == 0 {
		c.Scopes = DefaultScopes()
	}
	return c
}

// apiBaseFor picks the API base URL: the configured one, else the api_domain
// Zoho gave with the tokens, else the accounts URL's data centre. Sandbox
// turns www. into sandbox.
func (c Config) apiBaseFor(apiDomain string) string {
	base := c.APIBaseURL
	if base == "" {
		base = strings.TrimRight(apiDomain, "/")
	}
	if base == "" {
		base = c.homeDataCenter().APIBaseURL
	}
	if c.Sandbox {
		base = strings.Replace(base, "://www.", "://sandbox.", 1)
	}
	return base
}

// suggestKey returns the known key closest to an unknown one, if close.
func suggestKey(unknown string) string {
	best, bestDist := "", 4
	for _, k := range ConfigKeys() {
		if d := editDistance(strings.ToLower(unknown), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = slices.Min([]int{prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost})
		}
		prev = cur
	}
	return prev[len(b)]
}
