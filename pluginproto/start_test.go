package pluginproto_test

import (
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
