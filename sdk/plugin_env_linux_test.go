package sdk_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// TestPluginsGetAMinimalEnvironment reads, from /proc, the environment of
// each store's real plugin process. The host's secrets and other variables
// must not reach any of them; each gets what its store needs from the
// configuration, and a custom plugin the variables persistence_handler_env
// names.
func TestPluginsGetAMinimalEnvironment(t *testing.T) {
	random := func() string {
		b := make([]byte, 8)
		_, err := rand.Read(b)
		require.NoError(t, err)
		return hex.EncodeToString(b)
	}
	hostOnly := "HOST_ONLY_" + strings.ToUpper(random())
	secrets := map[string]string{
		"ZCRM_CLIENT_SECRET": "host-client-secret-" + random(),
		"ZCRM_DB_PASSWORD":   "host-db-password-" + random(),
		hostOnly:             "host-only-" + random(),
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	srv := emulator(t)

	environ := func(t *testing.T, c *sdk.Client) map[string]string {
		t.Helper()
		pid := sdk.StorePID(c)
		require.NotZero(t, pid)
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		require.NoError(t, err)
		for k, v := range secrets {
			assert.NotContains(t, string(data), v, "the host's %s reached the plugin", k)
		}
		assert.False(t, bytes.Contains(data, []byte(srv.ClientSecret)), "the client secret reached the plugin")
		env := map[string]string{}
		for _, kv := range strings.Split(strings.TrimRight(string(data), "\x00"), "\x00") {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
		assert.NotContains(t, env, "ZCRM_CLIENT_SECRET")
		assert.NotContains(t, env, hostOnly)
		assert.NotContains(t, env, "PATH")
		assert.Equal(t, pluginproto.Handshake.MagicCookieValue, env[pluginproto.Handshake.MagicCookieKey])
		return env
	}
	names := func(env map[string]string) []string {
		var out []string
		for k := range env {
			if !strings.HasPrefix(k, "PLUGIN_") && k != pluginproto.Handshake.MagicCookieKey && k != "TMPDIR" {
				out = append(out, k)
			}
		}
		return out
	}

	t.Run("file", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		c := newClient(t, cfg)
		exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", sdk.StorePID(c)))
		require.NoError(t, err)
		self, err := os.Executable()
		require.NoError(t, err)
		assert.Equal(t, self, exe, "the store runs from the application's own executable")
		env := environ(t, c)
		// Served by this executable, which the marker tells to serve.
		assert.ElementsMatch(t, []string{"ZCRM_TOKEN_PERSISTENCE_PATH", sdk.ServeStoreEnv}, names(env))
		assert.Equal(t, cfg.TokenPersistencePath, env["ZCRM_TOKEN_PERSISTENCE_PATH"])
		assert.Equal(t, "file", env[sdk.ServeStoreEnv])
	})
	t.Run("file binary", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PluginDir = pluginDir
		env := environ(t, newClient(t, cfg))
		assert.ElementsMatch(t, []string{"ZCRM_TOKEN_PERSISTENCE_PATH"}, names(env))
	})
	dbNames := []string{"ZCRM_DB_ADDRESS", "ZCRM_DB_PORT", "ZCRM_DB_USERNAME", "ZCRM_DB_PASSWORD", "ZCRM_DB_NAME", "ZCRM_DB_ADD_PRIMARY_KEY"}
	t.Run("mysql", func(t *testing.T) {
		cfg := mysqlConfig(t, fileConfig(t, srv))
		env := environ(t, newClient(t, cfg))
		assert.ElementsMatch(t, append([]string{sdk.ServeStoreEnv}, dbNames...), names(env))
		assert.Equal(t, "mysql", env[sdk.ServeStoreEnv])
		assert.Equal(t, cfg.DBPassword, env["ZCRM_DB_PASSWORD"], "the configured password, not the host's variable")
	})
	t.Run("mysql binary", func(t *testing.T) {
		cfg := mysqlConfig(t, fileConfig(t, srv))
		cfg.PluginDir = pluginDir
		env := environ(t, newClient(t, cfg))
		assert.ElementsMatch(t, dbNames, names(env))
		assert.Equal(t, cfg.DBPassword, env["ZCRM_DB_PASSWORD"], "the configured password, not the host's variable")
	})
	t.Run("custom", func(t *testing.T) {
		cfg := exampleConfig(t, fileConfig(t, srv))
		env := environ(t, readyClient(t, srv, cfg))
		assert.ElementsMatch(t, []string{"ZCRM_EXAMPLE_STORE_KEY", "ZCRM_EXAMPLE_STORE_PATH"}, names(env))
		assert.Equal(t, os.Getenv("ZCRM_EXAMPLE_STORE_PATH"), env["ZCRM_EXAMPLE_STORE_PATH"])
	})
}
