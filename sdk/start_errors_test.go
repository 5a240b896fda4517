package sdk_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// TestStoreStartFailuresNameTheirCause: a store plugin that cannot use its
// configuration fails NewClient with its own error, matched by
// pluginproto.ErrPluginConfig and leading the message, rather than as a
// failed handshake.
func TestStoreStartFailuresNameTheirCause(t *testing.T) {
	srv := emulator(t)
	const prefix = "zcrm: starting the token store: "
	tests := []struct {
		name  string
		cfg   func(t *testing.T) sdk.Config
		leads func(cfg sdk.Config) string
	}{
		{"folder in the token file's place", func(t *testing.T) sdk.Config {
			cfg := fileConfig(t, srv)
			require.NoError(t, os.Mkdir(tokenFile(cfg), 0o700))
			return cfg
		}, func(cfg sdk.Config) string { return "token file " + tokenFile(cfg) + " is a folder" }},
		{"dangling symlink", func(t *testing.T) sdk.Config {
			cfg := fileConfig(t, srv)
			require.NoError(t, os.Symlink(filepath.Join(t.TempDir(), "gone"), tokenFile(cfg)))
			return cfg
		}, func(cfg sdk.Config) string { return "token file " + tokenFile(cfg) + " is a symbolic link to " }},
		{"example store without its key", func(t *testing.T) sdk.Config {
			cfg := exampleConfig(t, fileConfig(t, srv))
			t.Setenv("ZCRM_EXAMPLE_STORE_KEY", "")
			return cfg
		}, func(sdk.Config) string { return "ZCRM_EXAMPLE_STORE_KEY is not set" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg(t)
			c, err := sdk.NewClient(testCtx(t), cfg)
			if c != nil {
				c.Close()
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
			assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, prefix+tt.leads(cfg)), "the cause must lead: %s", msg)
			assert.NotContains(t, msg, "handshake")
		})
	}
}
