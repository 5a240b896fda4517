package sdk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var validEnviron = []string{
	"ZCRM_CLIENT_ID=id", "ZCRM_CLIENT_SECRET=secret", "ZCRM_REDIRECT_URI=https://example.com/cb",
	"PATH=/usr/bin", "HOME=/home/someone",
}

// A misspelt ZCRM_ variable used to be ignored, and the tokens went to
// MySQL instead of the folder it named.
func TestConfigFromEnvRefusesATypo(t *testing.T) {
	t.Setenv("ZCRM_CLIENT_ID", "id")
	t.Setenv("ZCRM_CLIENT_SECRET", "secret")
	t.Setenv("ZCRM_REDIRECT_URI", "https://example.com/cb")
	t.Setenv("ZCRM_TOKEN_PERSISTANCE_PATH", "/tmp/tokens")

	cfg, err := ConfigFromEnv()
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInvalidConfig))
	assert.Contains(t, err.Error(), "ZCRM_TOKEN_PERSISTANCE_PATH is not a configuration key")
	assert.Contains(t, err.Error(), "did you mean ZCRM_TOKEN_PERSISTENCE_PATH, key token_persistence_path?")
	assert.NotContains(t, err.Error(), "secret", "the client secret stays out of the error")
	assert.Equal(t, Config{}, cfg, "no half-made configuration")
}

func TestConfigFromEnvReportsEveryProblemTogether(t *testing.T) {
	environ := []string{
		"ZCRM_CLIENT_ID=id", "ZCRM_REDIRECT_URI=https://example.com/cb",
		"ZCRM_SANDBOX=perhaps", "ZCRM_CLIENTSECRET=s", "ZCRM_ZZZZZZZZZZZZZZZZ=1",
	}
	_, err := configFromEnviron(environ)
	var cerr *ConfigError
	require.ErrorAs(t, err, &cerr)
	assert.Equal(t, []string{"client_secret"}, cerr.Missing)
	require.Len(t, cerr.Invalid, 3)
	assert.Equal(t, "environment variable ZCRM_CLIENTSECRET is not a configuration key (did you mean ZCRM_CLIENT_SECRET, key client_secret?)", cerr.Invalid[0])
	assert.Equal(t, "environment variable ZCRM_ZZZZZZZZZZZZZZZZ is not a configuration key", cerr.Invalid[1], "no suggestion when nothing is close")
	assert.Contains(t, cerr.Invalid[2], "sandbox: must be true or false")
}

func TestConfigFromEnvKeysAreUpperCase(t *testing.T) {
	_, err := configFromEnviron(append(validEnviron, "ZCRM_token_persistence_path=/tmp/t"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZCRM_token_persistence_path is not a configuration key (did you mean ZCRM_TOKEN_PERSISTENCE_PATH")
}

func TestConfigFromEnvLetsTheProjectsOwnVariablesThrough(t *testing.T) {
	environ := append([]string{}, validEnviron...)
	for name := range envNotKeys {
		environ = append(environ, name+"=x")
	}
	environ = append(environ, "ZCRM_TEST_MYSQL_DSN=root:@tcp(127.0.0.1:3306)/", "ZCRM_SDK_TEST_CHILD=1",
		"ZCRM_PLUGINPROTO_TEST_HOST=x", "ZCRM_TESTPLUGIN_NOLOCK=1", "ZCRM_TESTPLUGIN_ENV_FILE=/tmp/f")
	cfg, err := configFromEnviron(append(environ, "ZCRM_PLUGIN_DIR=/opt/zcrm", "NOT_ZCRM_TYPO=1"))
	require.NoError(t, err)
	assert.Equal(t, "id", cfg.ClientID)
	assert.Equal(t, "/opt/zcrm", cfg.PluginDir)
}

func TestEnvNotKeysAreNotKeys(t *testing.T) {
	for name := range envNotKeys {
		assert.Regexp(t, `^ZCRM_[A-Z0-9_]+$`, name)
		_, isKey := configKeys[strings.ToLower(name[len(EnvPrefix):])]
		assert.False(t, isKey, "%s is a key's variable; it does not belong in envNotKeys", name)
	}
	for key := range configKeys {
		assert.False(t, envForTests(EnvPrefix+strings.ToUpper(key)), "the variable of key %s reads as a test's", key)
	}
}

// Per data centre secrets come from ZCRM_CLIENT_SECRET_<LOCATION>; an
// unknown location is an error, and so is a variable a custom plugin is not
// handed.
func TestConfigFromEnvPerDataCenterSecrets(t *testing.T) {
	cfg, err := configFromEnviron(append(validEnviron, "ZCRM_CLIENT_SECRET_EU=eu-secret", "ZCRM_CLIENT_SECRET_IN=in-secret"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"eu": "eu-secret", "in": "in-secret"}, cfg.ClientSecrets)

	_, err = configFromEnviron(append(validEnviron, "ZCRM_CLIENT_SECRET_XX=x"))
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "client_secret_xx")

	custom := append(validEnviron, "ZCRM_PERSISTENCE_HANDLER_CLASS_PATH=/opt/store", "ZCRM_PERSISTENCE_HANDLER_ENV=ZCRM_VAULT_ADDR,OTHER", "ZCRM_VAULT_ADDR=https://vault")
	cfg, err = configFromEnviron(custom)
	require.NoError(t, err)
	assert.Equal(t, []string{"ZCRM_VAULT_ADDR", "OTHER"}, cfg.PersistenceHandlerEnv)
	_, err = configFromEnviron(append(validEnviron, "ZCRM_VAULT_ADDR=https://vault"))
	assert.ErrorIs(t, err, ErrInvalidConfig, "not handed to a plugin: a typo or a stray variable")
}

func TestConfigFromEnvStoreStartTimeout(t *testing.T) {
	cfg, err := configFromEnviron(append(validEnviron, "ZCRM_STORE_START_TIMEOUT=2m"))
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, cfg.StoreStartTimeout)
}
