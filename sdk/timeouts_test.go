package sdk_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// hang makes the accounts server answer requests to path (exactly) only
// after longer than any test waits (or when the client gives up).
func hang(srv *zohotest.Server, method, path string) *zohotest.InjectedFault {
	return srv.InjectFault(zohotest.Fault{Method: method, Latency: testenv.Patience,
		Match: func(r *http.Request) bool { return r.URL.Path == path }})
}

// TestAccountsWaitsAreBoundedByTimeout: a grant exchange, user info,
// refresh and revoke each give up after Config.Timeout, and say what they
// waited for. The hung step waits longer than the test's patience; the
// steps before it (the tokens' making, a store read, an exchange with the
// emulator) take milliseconds, and Config.Timeout leaves them seconds on a
// loaded machine.
func TestAccountsWaitsAreBoundedByTimeout(t *testing.T) {
	const timeout = 2 * time.Second
	// setup returns a client bounded by timeout; with tokens when ready,
	// made by a client with the default bound.
	setup := func(t *testing.T, ready bool) (*zohotest.Server, *sdk.Client) {
		srv := emulator(t)
		cfg := fileConfig(t, srv)
		if ready {
			readyClient(t, srv, cfg)
		}
		cfg.Timeout = timeout
		return srv, newClient(t, cfg)
	}
	check := func(t *testing.T, err error, what string) {
		t.Helper()
		require.Error(t, err)
		assert.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), what)
		assert.Contains(t, err.Error(), "no answer within 2s (Config.Timeout)")
	}

	t.Run("grant exchange", func(t *testing.T) {
		srv, c := setup(t, false)
		hang(srv, http.MethodPost, "/oauth/v2/token")
		_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
		check(t, err, "grant token exchange")
		assert.Equal(t, 1, srv.Counters().TokenRequests, "a grant exchange that may have reached Zoho is not sent again")
	})
	t.Run("user info", func(t *testing.T) {
		srv, c := setup(t, false)
		hang(srv, http.MethodGet, "/oauth/user/info")
		_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
		check(t, err, "user info")
	})
	t.Run("refresh", func(t *testing.T) {
		srv, c := setup(t, true)
		srv.Advance(2 * time.Hour)
		hang(srv, http.MethodPost, "/oauth/v2/token")
		_, _, err := c.Users.Current(testCtx(t))
		check(t, err, "refresh")
	})
	t.Run("revoke", func(t *testing.T) {
		srv, c := setup(t, true)
		hang(srv, http.MethodPost, "/oauth/v2/token/revoke")
		err := c.RevokeTokens(testCtx(t))
		check(t, err, "revoke")
		ok, err := c.IsTokenGenerated(testCtx(t))
		require.NoError(t, err)
		assert.True(t, ok, "a revoke that did not complete keeps the tokens")
	})
	t.Run("caller's context first", func(t *testing.T) {
		srv := emulator(t)
		c := readyClient(t, srv, fileConfig(t, srv)) // Timeout: the default 60s
		srv.Advance(2 * time.Hour)
		hang(srv, http.MethodPost, "/oauth/v2/token")
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		defer cancel()
		_, _, err := c.Users.Current(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "refresh")
	})
}

// hangingPlugin is a custom store plugin that never shakes hands, and
// whose child keeps its output open: a host that waited for the process's
// end would hang too.
func hangingPlugin(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "hanging-plugin")
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\nsleep 4 &\nexec sleep 4\n"), 0o755))
	return path
}

// slowPluginDir is a plugin_dir whose file store takes longer than
// delay to start: a script that waits, then runs the real binary.
func slowPluginDir(t *testing.T, delay time.Duration) string {
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nsleep %g\nexec %s \"$@\"\n", delay.Seconds(), filepath.Join(pluginDir, sdk.FilePluginName))
	require.NoError(t, os.WriteFile(filepath.Join(dir, sdk.FilePluginName), []byte(script), 0o755))
	return dir
}

// TestShortTimeoutDoesNotBoundTheStoreStart: a Timeout shorter than the
// store's start bounds the calls, not the start, which has its own bound
// (store_start_timeout).
func TestShortTimeoutDoesNotBoundTheStoreStart(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.Timeout = 300 * time.Millisecond
	cfg.PluginDir = slowPluginDir(t, time.Second)
	newClient(t, cfg) // the store takes a second to start

	t.Run("store_start_timeout", func(t *testing.T) {
		cfg, err := sdk.ConfigFromMap(map[string]string{
			"client_id": cfg.ClientID, "client_secret": cfg.ClientSecret, "accounts_url": srv.URL,
			"token_persistence_path": cfg.TokenPersistencePath, "plugin_dir": cfg.PluginDir,
			"store_start_timeout": "0.3s",
		})
		require.NoError(t, err)
		require.Equal(t, 300*time.Millisecond, cfg.StoreStartTimeout)
		_, err = sdk.NewClient(testCtx(t), cfg)
		require.ErrorIs(t, err, pluginproto.ErrStartTimeout)
		assert.Contains(t, err.Error(), "did not start within 300ms (store_start_timeout)")
	})
}

// TestPluginStartIsBounded: NewClient's context and store_start_timeout
// bound the start of the token store plugin, and the error says which.
func TestPluginStartIsBounded(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.PersistenceHandlerClassPath = hangingPlugin(t)

	t.Run("context", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		defer cancel()
		_, err := sdk.NewClient(ctx, cfg)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "waiting for the token store plugin "+cfg.PersistenceHandlerClassPath+" to start: the caller's context ended first")
		assert.NotContains(t, err.Error(), "store_start_timeout")
	})
	t.Run("store_start_timeout", func(t *testing.T) {
		cfg := cfg
		cfg.StoreStartTimeout = 300 * time.Millisecond
		_, err := sdk.NewClient(testCtx(t), cfg)
		require.ErrorIs(t, err, pluginproto.ErrStartTimeout)
		assert.Contains(t, err.Error(), "did not start within 300ms (store_start_timeout)")
	})
}
