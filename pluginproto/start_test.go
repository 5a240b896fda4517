package pluginproto_test

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// TestConfigErrorReportedAsSuch: a plugin that calls ServeConfigError is
// reported by its own error, which leads the message and matches
// ErrPluginConfig, not as a failed handshake.
func TestConfigErrorReportedAsSuch(t *testing.T) {
	cause := "MY_STORE_KEY is not set: set it to the store's key"
	c, err := pluginproto.Launch(ctx(t), pluginproto.LaunchConfig{
		Path: testPlugin,
		Env:  []string{"ZCRM_TESTPLUGIN_CONFIG_ERROR=" + cause},
	})
	if c != nil {
		c.Close()
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
	assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, cause), "the cause must lead: %s", msg)
	assert.Contains(t, msg, testPlugin, "the message names the plugin")
	assert.Equal(t, 1, strings.Count(msg, cause), "the cause once, not again from the plugin's stderr: %s", msg)
}

// TestPluginGetsAMinimalEnvironment: a real plugin process reports its
// environment. The host's secrets and other variables do not reach it;
// what the launch gives (Env, PassEnv) and go-plugin's handshake do.
func TestPluginGetsAMinimalEnvironment(t *testing.T) {
	secrets := map[string]string{
		"ZCRM_CLIENT_SECRET":                          "host-client-secret-" + randomText(t),
		"ZCRM_DB_PASSWORD":                            "host-db-password-" + randomText(t),
		"HOST_ONLY_" + strings.ToUpper(randomText(t)): "host-only-" + randomText(t),
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	passed := "PASSED_ON_" + strings.ToUpper(randomText(t))
	t.Setenv(passed, "passed value")
	t.Setenv("ZCRM_TESTPLUGIN_NAME", "from_host") // the host's value must not reach it either
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)

	report := filepath.Join(t.TempDir(), "env")
	c := launch(t, pluginproto.LaunchConfig{
		Env:     []string{"ZCRM_TESTPLUGIN_ENV_FILE=" + report, "GIVEN=given value"},
		PassEnv: []string{passed, "UNSET_" + strings.ToUpper(randomText(t))},
	})
	require.NoError(t, c.Save(ctx(t), sample), "the plugin serves with its minimal environment")

	data, err := os.ReadFile(report)
	require.NoError(t, err)
	env := map[string]string{}
	for _, kv := range strings.Split(string(data), "\x00") {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for k, v := range secrets {
		assert.NotContains(t, env, k)
		assert.NotContains(t, string(data), v)
	}
	assert.Equal(t, "passed value", env[passed])
	assert.Equal(t, "given value", env["GIVEN"])
	assert.Equal(t, tmp, env["TMPDIR"], "temporary files go where the host's go")
	assert.Equal(t, pluginproto.Handshake.MagicCookieValue, env[pluginproto.Handshake.MagicCookieKey])
	assert.Contains(t, env, "PLUGIN_CLIENT_CERT", "go-plugin's mTLS certificate")
	assert.NotContains(t, env, "ZCRM_TESTPLUGIN_NAME")
	assert.NotContains(t, env, "PATH")
	assert.NotContains(t, env, "HOME")
	var names []string
	for k := range env {
		names = append(names, k)
	}
	assert.Equal(t, []string{"GIVEN", passed, "PLUGIN_CLIENT_CERT", "PLUGIN_MAX_PORT", "PLUGIN_MIN_PORT", "PLUGIN_PROTOCOL_VERSIONS",
		"TMPDIR", "ZCRM_TESTPLUGIN_ENV_FILE", pluginproto.Handshake.MagicCookieKey}, sortedNames(names))
}

func sortedNames(names []string) []string {
	slices.Sort(names)
	return names
}

func randomText(t *testing.T) string {
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
