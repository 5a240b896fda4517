package sdk_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// hang makes the accounts server answer requests to path (exactly) only
// after longer than any test waits.
func hang(srv *zohotest.Server, method, path string) *zohotest.InjectedFault {
	return srv.InjectFault(zohotest.Fault{Method: method, Latency: 10 * time.Second,
		Match: func(r *http.Request) bool { return r.URL.Path == path }})
}

// TestAccountsWaitsAreBoundedByTimeout: a grant exchange, user info,
// refresh and revoke each give up after Config.Timeout, and say what they
// waited for.
func TestAccountsWaitsAreBoundedByTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	setup := func(t *testing.T) (*zohotest.Server, sdk.Config) {
		srv := emulator(t)
		cfg := fileConfig(t, srv)
		cfg.Timeout = timeout // bounds the store's start too
		// The small separate store binary starts well within the timeout
		// on a loaded machine; the race-built test binary serving the
		// store itself may not.
		cfg.PluginDir = pluginDir
		return srv, cfg
	}
	check := func(t *testing.T, err error, what string) {
		t.Helper()
		require.Error(t, err)
		assert.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), what)
		assert.Contains(t, err.Error(), "no answer within 300ms (Config.Timeout)")
	}

	t.Run("grant exchange", func(t *testing.T) {
		srv, cfg := setup(t)
		c := newClient(t, cfg)
		hang(srv, http.MethodPost, "/oauth/v2/token")
		_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
		check(t, err, "grant token exchange")
		assert.Equal(t, 1, srv.Counters().TokenRequests, "a grant exchange that may have reached Zoho is not sent again")
	})
	t.Run("user info", func(t *testing.T) {
		srv, cfg := setup(t)
		c := newClient(t, cfg)
		hang(srv, http.MethodGet, "/oauth/user/info")
		_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
		check(t, err, "user info")
	})
	t.Run("refresh", func(t *testing.T) {
		srv, cfg := setup(t)
		c := readyClient(t, srv, cfg)
		srv.Advance(2 * time.Hour)
		hang(srv, http.MethodPost, "/oauth/v2/token")
		_, _, err := c.Users.Current(testCtx(t))
		check(t, err, "refresh")
	})
	t.Run("revoke", func(t *testing.T) {
		srv, cfg := setup(t)
		c := readyClient(t, srv, cfg)
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
		ctx, cancel := context.WithTimeout(testCtx(t), timeout)
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

// TestPluginStartIsBounded: NewClient's context and Config.Timeout bound
// the start of the token store plugin.
func TestPluginStartIsBounded(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.PersistenceHandlerClassPath = hangingPlugin(t)

	t.Run("context", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		defer cancel()
		_, err := sdk.NewClient(ctx, cfg)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "waiting for the token store plugin "+cfg.PersistenceHandlerClassPath+" to start")
	})
	t.Run("Config.Timeout", func(t *testing.T) {
		cfg := cfg
		cfg.Timeout = 300 * time.Millisecond
		_, err := sdk.NewClient(testCtx(t), cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "did not start within 300ms")
	})
}
