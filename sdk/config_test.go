package sdk

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validMap() map[string]string {
	return map[string]string{
		"client_id":     "1000.CLIENT",
		"client_secret": "shh-secret-value",
		"redirect_uri":  "https://example.com/cb",
	}
}

func TestConfigFromMapEveryKey(t *testing.T) {
	m := map[string]string{
		"client_id":                      "id",
		"client_secret":                  "secret",
		"redirect_uri":                   "https://example.com/cb",
		"soid":                           "600012345",
		"scope":                          "ZohoCRM.modules.ALL, ZohoCRM.org.READ",
		"current_user_email":             "p.boyle@example.com",
		"api_base_url":                   "https://www.zohoapis.eu",
		"accounts_url":                   "https://accounts.zoho.eu",
		"upload_url":                     "https://content.zohoapis.eu",
		"api_version":                    "v8",
		"sandbox":                        "true",
		"application_log_file_path":      "/tmp/zcrm.log",
		"log_in_console":                 "true",
		"log_level":                      "debug",
		"access_type":                    "offline",
		"persistence_handler_class_path": "/opt/store",
		"persistence_handler_class":      "my_store",
		"persistence_handler_checksum":   strings.Repeat("ab", 32),
		"persistence_handler_env":        "MY_STORE_KEY, MY_STORE_DIR",
		"token_persistence_path":         "/var/lib/zcrm",
		"db_address":                     "db.internal",
		"db_port":                        "3307",
		"db_username":                    "zoho",
		"db_password":                    "pw",
		"db_name":                        "tokens",
		"db_add_primary_key":             "true",
		"token_store_layout":             "zoho_v8",
		"db_table_name":                  "crm_tokens",
		"disable_refresh_budget":         "true",
		"plugin_dir":                     "/opt/zcrm/bin",
		"plugin_checksum":                strings.Repeat("ab", 32),
		"max_concurrent_calls":           "20",
		"max_concurrent_complex_calls":   "5",
		"max_response_bytes":             "1048576",
		"store_start_timeout":            "90",
		"client_secret_eu":               "eu-secret",
	}
	cfg, err := ConfigFromMap(m)
	require.NoError(t, err)
	assert.Equal(t, Config{
		ClientID: "id", ClientSecret: "secret", RedirectURI: "https://example.com/cb",
		SOID: "600012345", Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.org.READ"},
		CurrentUserEmail: "p.boyle@example.com",
		APIBaseURL:       "https://www.zohoapis.eu", AccountsURL: "https://accounts.zoho.eu", APIVersion: "v8",
		UploadURL: "https://content.zohoapis.eu",
		Sandbox:   true, ApplicationLogFilePath: "/tmp/zcrm.log", LogInConsole: true, LogLevel: "debug",
		AccessType:                  "offline",
		PersistenceHandlerClassPath: "/opt/store", PersistenceHandlerClass: "my_store",
		PersistenceHandlerChecksum: strings.Repeat("ab", 32), TokenPersistencePath: "/var/lib/zcrm",
		DBAddress: "db.internal", DBPort: 3307, DBUsername: "zoho", DBPassword: "pw", DBName: "tokens", DBAddPrimaryKey: true, DisableRefreshBudget: true,
		TokenStoreLayout: "zoho_v8", DBTableName: "crm_tokens",
		PluginDir: "/opt/zcrm/bin", PluginChecksum: strings.Repeat("ab", 32), MaxConcurrentCalls: 20, MaxConcurrentComplexCalls: 5, MaxResponseBytes: 1 << 20,
		StoreStartTimeout: 90 * time.Second,
		ClientSecrets:     map[string]string{"eu": "eu-secret"}, PersistenceHandlerEnv: []string{"MY_STORE_KEY", "MY_STORE_DIR"},
	}, cfg)
	// Every key the SDK documents is exercised above, or is an alias.
	for _, k := range ConfigKeys() {
		_, direct := m[k]
		_, alias := aliases[k]
		assert.True(t, direct || alias, "key %s untested", k)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := ConfigFromMap(validMap())
	require.NoError(t, err)
	d := cfg.withDefaults()
	assert.Equal(t, "https://accounts.zoho.com", d.AccountsURL)
	assert.Equal(t, "v2", d.APIVersion)
	assert.Equal(t, "offline", d.AccessType)
	assert.Equal(t, "token_store", d.PersistenceHandlerClass)
	assert.Equal(t, "127.0.0.1", d.DBAddress)
	assert.Equal(t, 3306, d.DBPort)
	assert.Equal(t, "root", d.DBUsername)
	assert.Equal(t, "", d.DBPassword)
	assert.Equal(t, "zohooauth", d.DBName)
	assert.False(t, d.Sandbox)
	assert.Equal(t, DefaultRefreshSkew, d.RefreshSkew)
	assert.Equal(t, int64(DefaultMaxResponseBytes), d.MaxResponseBytes)
	assert.Equal(t, 60*time.Second, d.StoreStartTimeout)
	assert.Equal(t, StoreMySQL, d.Store(), "MySQL is the default store")
	assert.Equal(t, "https://www.zohoapis.com", d.apiBaseFor(""))
}

func TestConfigAliases(t *testing.T) {
	m := validMap()
	m["mysql_username"] = "u"
	m["mysql_password"] = "p"
	m["mysql_port"] = "3310"
	cfg, err := ConfigFromMap(m)
	require.NoError(t, err)
	assert.Equal(t, "u", cfg.DBUsername)
	assert.Equal(t, "p", cfg.DBPassword)
	assert.Equal(t, 3310, cfg.DBPort)

	m["db_port"] = "3311"
	_, err = ConfigFromMap(m)
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "db_port and its alias mysql_port")
}

func TestConfigStorePrecedence(t *testing.T) {
	cfg := Config{TokenPersistencePath: "/tmp", PersistenceHandlerClassPath: "/bin/x"}
	assert.Equal(t, StoreCustom, cfg.Store(), "custom wins over file")
	cfg.PersistenceHandlerClassPath = ""
	assert.Equal(t, StoreFile, cfg.Store(), "file wins over MySQL")
	cfg.TokenPersistencePath = ""
	assert.Equal(t, StoreMySQL, cfg.Store())
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		m    map[string]string
		want []string
	}{
		{"empty: every mandatory key listed once", map[string]string{},
			[]string{"missing mandatory keys: client_id, client_secret"}},
		{"unknown key named, with a suggestion", map[string]string{"client_id": "x", "client_secret": "s3cr3t-value", "redirect_uri": "z", "token_persistance_path": "/tmp"},
			[]string{`unknown key "token_persistance_path"`, `did you mean "token_persistence_path"`}},
		{"unknown and missing together", map[string]string{"clientid": "x"},
			[]string{`unknown key "clientid"`, "missing mandatory keys: client_id, client_secret"}},
		{"bad bool", with(validMap(), "sandbox", "yes please"), []string{"sandbox: must be true or false"}},
		{"bad port", with(validMap(), "db_port", "99999"), []string{"db_port: must be a port number"}},
		{"bad size", with(validMap(), "max_response_bytes", "64MB"), []string{"max_response_bytes: must be a number of bytes"}},
		{"bad start timeout", with(validMap(), "store_start_timeout", "soon"), []string{"store_start_timeout: must be a positive duration"}},
		{"no start timeout", with(validMap(), "store_start_timeout", "0"), []string{"store_start_timeout: must be a positive duration"}},
		{"bad url", with(validMap(), "accounts_url", "accounts.zoho.com"), []string{`accounts_url: "accounts.zoho.com" is not an http(s) URL`}},
		{"bad version", with(validMap(), "api_version", "2"), []string{"api_version"}},
		{"online access", with(validMap(), "access_type", "online"), []string{"only offline is supported"}},
		{"bad log level", with(validMap(), "log_level", "loud"), []string{"log_level"}},
		{"bad checksum", with(with(validMap(), "persistence_handler_class_path", "/x"), "persistence_handler_checksum", "abc"), []string{"persistence_handler_checksum: not a sha256"}},
		{"class without path", with(validMap(), "persistence_handler_class", "x"), []string{"need persistence_handler_class_path"}},
		{"env without path", with(validMap(), "persistence_handler_env", "MY_KEY"), []string{"persistence_handler_env needs persistence_handler_class_path"}},
		{"env with a value", with(with(validMap(), "persistence_handler_class_path", "/x"), "persistence_handler_env", "MY_KEY=v"), []string{`persistence_handler_env: "MY_KEY=v" is not an environment variable name`}},
		{"blank mandatory", with(validMap(), "client_secret", "  "), []string{"missing mandatory keys: client_secret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConfigFromMap(tt.m)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidConfig)
			var cerr *ConfigError
			require.ErrorAs(t, err, &cerr)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			if secret := tt.m["client_secret"]; strings.TrimSpace(secret) != "" {
				assert.NotContains(t, err.Error(), secret)
			}
		})
	}
}

func with(m map[string]string, k, v string) map[string]string {
	m[k] = v
	return m
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"ZCRM_CLIENT_ID":              "id",
		"ZCRM_CLIENT_SECRET":          "secret",
		"ZCRM_REDIRECT_URI":           "https://example.com/cb",
		"ZCRM_TOKEN_PERSISTENCE_PATH": "/tmp/tokens",
		"ZCRM_SANDBOX":                "true",
		"ZCRM_PLUGIN_DIR":             "/opt/zcrm/bin",
		"ZCRM_GRANT_TOKEN":            "read by the examples, not a key",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	cfg, err := ConfigFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "id", cfg.ClientID)
	assert.Equal(t, "/tmp/tokens", cfg.TokenPersistencePath)
	assert.True(t, cfg.Sandbox)
	assert.Equal(t, "/opt/zcrm/bin", cfg.PluginDir)
}

func TestAPIBaseURL(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		apiDomain string
		want      string
	}{
		{"explicit wins over api_domain", Config{APIBaseURL: "https://www.zohoapis.in"}, "https://www.zohoapis.eu", "https://www.zohoapis.in"},
		{"api_domain when not set", Config{}, "https://www.zohoapis.eu", "https://www.zohoapis.eu"},
		{"data centre of accounts_url", Config{AccountsURL: "https://accounts.zoho.com.au"}, "", "https://www.zohoapis.com.au"},
		{"sandbox", Config{Sandbox: true}, "https://www.zohoapis.eu", "https://sandbox.zohoapis.eu"},
		{"sandbox on default", Config{Sandbox: true}, "", "https://sandbox.zohoapis.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cfg.withDefaults().apiBaseFor(tt.apiDomain))
		})
	}
}
