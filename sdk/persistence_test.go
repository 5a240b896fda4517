package sdk_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// exampleConfig selects the example third-party store (custom wins over
// the file store, which is also set).
func exampleConfig(t *testing.T, cfg sdk.Config) sdk.Config {
	t.Setenv("ZCRM_EXAMPLE_STORE_KEY", strings.Repeat("7f", 32))
	t.Setenv("ZCRM_EXAMPLE_STORE_PATH", filepath.Join(t.TempDir(), "tokens.enc"))
	cfg.PersistenceHandlerClassPath = filepath.Join(pluginDir, "zcrm-persistence-example")
	cfg.PersistenceHandlerEnv = []string{"ZCRM_EXAMPLE_STORE_KEY", "ZCRM_EXAMPLE_STORE_PATH"}
	return cfg
}

func TestStorePrecedence(t *testing.T) {
	srv := emulator(t)

	t.Run("custom over file", func(t *testing.T) {
		cfg := exampleConfig(t, fileConfig(t, srv))
		c := readyClient(t, srv, cfg)
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		_, err = os.Stat(tokenFile(cfg))
		assert.True(t, os.IsNotExist(err), "the file store must not be used when a custom store is set")
		_, err = os.Stat(os.Getenv("ZCRM_EXAMPLE_STORE_PATH"))
		assert.NoError(t, err, "the custom store holds the tokens")
	})
	t.Run("file over MySQL", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.DBPort = 1 // would fail if MySQL were used
		readyClient(t, srv, cfg)
		_, err := os.Stat(tokenFile(cfg))
		assert.NoError(t, err)
	})
	t.Run("MySQL by default", func(t *testing.T) {
		cfg := mysqlConfig(t, fileConfig(t, srv))
		c := readyClient(t, srv, cfg)
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		assert.Equal(t, srv.Admin().Email, readTokens(t, cfg).UserIdentifier)
	})
}

func TestCustomStoreErrors(t *testing.T) {
	srv := emulator(t)
	base := exampleConfig(t, fileConfig(t, srv))
	sum := func(path string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		h := sha256.Sum256(b)
		return hex.EncodeToString(h[:])
	}
	notExec := filepath.Join(t.TempDir(), "store")
	require.NoError(t, os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644))

	tests := []struct {
		name   string
		change func(*sdk.Config)
		is     error
		says   string
	}{
		{"missing binary", func(c *sdk.Config) { c.PersistenceHandlerClassPath = "/nonexistent/store" }, pluginproto.ErrPluginNotFound, "/nonexistent/store does not exist"},
		{"not executable", func(c *sdk.Config) { c.PersistenceHandlerClassPath = notExec }, pluginproto.ErrNotExecutable, "chmod +x"},
		{"wrong checksum", func(c *sdk.Config) { c.PersistenceHandlerChecksum = strings.Repeat("0", 64) }, pluginproto.ErrChecksumMismatch, "expects " + strings.Repeat("0", 64)},
		{"not a plugin", func(c *sdk.Config) { c.PersistenceHandlerClassPath = "/bin/true" }, pluginproto.ErrHandshake, "handshake failed"},
		{"unknown name", func(c *sdk.Config) { c.PersistenceHandlerClass = "other_store" }, pluginproto.ErrUnknownName, `serves "token_store", not "other_store"`},
		{"wrong plugin_checksum", func(c *sdk.Config) { c.PluginChecksum = strings.Repeat("0", 64) }, pluginproto.ErrChecksumMismatch, "expects " + strings.Repeat("0", 64)},
		{"checksums that differ", func(c *sdk.Config) {
			c.PluginChecksum, c.PersistenceHandlerChecksum = sum(c.PersistenceHandlerClassPath), strings.Repeat("0", 64)
		}, sdk.ErrInvalidConfig, "persistence_handler_checksum and plugin_checksum differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			c, err := sdk.NewClient(testCtx(t), cfg)
			if c != nil {
				c.Close()
			}
			require.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.says)
		})
	}

	// Either checksum key pins the custom binary; both must agree.
	right := sum(base.PersistenceHandlerClassPath)
	for name, change := range map[string]func(*sdk.Config){
		"right checksum":         func(c *sdk.Config) { c.PersistenceHandlerChecksum = right },
		"plugin_checksum right":  func(c *sdk.Config) { c.PluginChecksum = right },
		"both checksums, agreed": func(c *sdk.Config) { c.PluginChecksum, c.PersistenceHandlerChecksum = right, strings.ToUpper(right) },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := base
			change(&cfg)
			newClient(t, cfg)
		})
	}
}

// TestBuiltInPluginNotFound: a plugin_dir without the store's binary is an
// error naming where it looked, not a silent fall back to another binary.
func TestBuiltInPluginNotFound(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.PluginDir = t.TempDir()
	t.Setenv(sdk.PluginDirEnv, pluginDir) // plugin_dir wins: not looked at
	_, err := sdk.NewClient(testCtx(t), cfg)
	var nf *sdk.PluginNotFoundError
	require.ErrorAs(t, err, &nf)
	require.ErrorIs(t, err, pluginproto.ErrPluginNotFound)
	msg := err.Error()
	for _, want := range []string{
		"plugin_dir (" + filepath.Join(cfg.PluginDir, sdk.FilePluginName) + ")", "go build -o", "serves the store itself",
	} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "PATH (")
	assert.NotContains(t, msg, pluginDir)
}

func TestPluginFoundThroughEnvironment(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.PluginDir = ""
	t.Setenv(sdk.PluginDirEnv, pluginDir)
	readyClient(t, srv, cfg)
}

// A token file that does not parse is the store's failure: every call
// that reads the store says so with ErrTokenStore, in the store's words,
// and the file is left as it was. The listing used to come back without
// the sentinel, and the command line could not tell it from the rest.
func TestDamagedTokenFileIsATokenStoreError(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	require.NoError(t, os.MkdirAll(cfg.TokenPersistencePath, 0o700))
	require.NoError(t, os.WriteFile(tokenFile(cfg), []byte("{damaged"), 0o600))
	c := newClient(t, cfg)

	_, err := c.StoredUsers(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrTokenStore)
	assert.Contains(t, err.Error(), "is not a zcrm token file")
	assert.NotContains(t, err.Error(), "token store failed", "the store's own words, no added prefix")
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrTokenStore)
	_, err = c.IsTokenGenerated(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrTokenStore)

	kept, err := os.ReadFile(tokenFile(cfg))
	require.NoError(t, err)
	assert.Equal(t, "{damaged", string(kept))
}
