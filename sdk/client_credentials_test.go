package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// clientCredentialsConfig signs in to srv's org by client credentials: a
// client id, its secret and the org's soid, nothing else.
func clientCredentialsConfig(t *testing.T, srv *zohotest.Server) sdk.Config {
	cfg := fileConfig(t, srv)
	cfg.RedirectURI = ""
	cfg.SOID = srv.SOID()
	return cfg
}

// TestClientCredentialsFleet: 8 processes share a file store and sign in
// by client credentials; over 4 expiries on the emulator's clock the fleet
// asks Zoho for exactly one access token per expiry, and no grant token or
// refresh token is ever involved.
func TestClientCredentialsFleet(t *testing.T) {
	srv := emulator(t)
	cfg := clientCredentialsConfig(t, srv)
	const processes, cycles = 8, 4
	fleet := startFleet(t, processes, func(int) map[string]string {
		return map[string]string{
			"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "soid": srv.SOID(),
			"accounts_url": srv.URL, "token_persistence_path": cfg.TokenPersistencePath, "plugin_dir": pluginDir,
		}
	})
	for cycle := 1; cycle <= cycles; cycle++ {
		offset := time.Until(srv.Now())
		for _, a := range tell(t, fleet, fmt.Sprintf("clock %d", int64(offset))) {
			require.Equal(t, "ok", a)
		}
		r := call(t, fleet, 5, 2, 0)
		require.Zero(t, r.failed, "cycle %d: %s", cycle, r.err)
		c := srv.Counters()
		require.Equal(t, cycle, c.ClientCredentialsTokens, "cycle %d: access tokens minted so far (one per expiry)", cycle)
		assert.Equal(t, cycle, r.refreshes, "the processes' own count")
		assert.Zero(t, c.GrantExchanges+c.Refreshes, "no grant token, no refresh token")
		srv.Advance(time.Hour) // Zoho's lifetime: every process's token has expired
	}
	t.Logf("%d processes, %d expiries: %d client credentials token requests", processes, cycles, srv.Counters().ClientCredentialsTokens)
}

// The stored token serves the next program without asking Zoho; it is
// minted again shortly before it expires; revoking revokes the access
// token at Zoho (there is no refresh token) and empties the store.
func TestClientCredentialsStoreAndRevoke(t *testing.T) {
	srv := emulator(t, zohotest.WithFrozenClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)))
	cfg := clientCredentialsConfig(t, srv)
	c := newClient(t, cfg)
	me, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, me.Email, "the emulator serves an org token as its administrator")
	user, err := c.User(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, srv.SOID(), user, "the org's tokens are kept under its soid")
	stored, err := c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	require.Len(t, stored, 1)
	assert.Equal(t, srv.SOID(), stored[0].UserIdentifier)
	raw, err := os.ReadFile(tokenFile(cfg))
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"refresh_token": ""`, "no refresh token exists to keep")

	again := newClient(t, cfg)
	_, _, err = again.Org.Get(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Counters().ClientCredentialsTokens, "the stored token served a new client")

	srv.Advance(time.Hour - 30*time.Second) // inside the refresh skew
	_, _, err = again.Org.Get(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Counters().ClientCredentialsTokens, "a new token shortly before the expiry")

	require.NoError(t, again.RevokeTokens(testCtx(t)))
	assert.Equal(t, 1, srv.Counters().Revocations)
	stored, err = c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, stored)
}

// A soid of another org gives ErrOrgNotFound and saves nothing; a soid
// without its org id is a configuration error before anything is sent;
// and the emulator answers missing_org_info to a request without one.
func TestClientCredentialsWrongAndMissingSOID(t *testing.T) {
	srv := emulator(t)
	cfg := clientCredentialsConfig(t, srv)
	cfg.SOID = "ZohoCRM.600000001"
	c := newClient(t, cfg)
	_, _, err := c.Org.Get(testCtx(t))
	require.Error(t, err)
	assert.ErrorIs(t, err, sdk.ErrOrgNotFound)
	var ae *sdk.AuthError
	require.True(t, errors.As(err, &ae), "%T", err)
	assert.Equal(t, "missing_org_info", ae.Code)
	assert.Contains(t, err.Error(), "ZohoCRM.600000001", "the error names the soid it was for")
	assert.Contains(t, err.Error(), "org id")
	assert.NotContains(t, err.Error(), srv.ClientSecret)
	stored, err := c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, stored)
	assert.Equal(t, 1, srv.Counters().ClientCredentialsFailures)

	for _, soid := range []string{"ZohoCRM.", "ZohoCRM.org-1", "."} {
		m := map[string]string{"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "soid": soid}
		_, err := sdk.ConfigFromMap(m)
		assert.ErrorIs(t, err, sdk.ErrInvalidConfig, soid)
		assert.ErrorContains(t, err, "soid: ", soid)
	}
	ok, err := sdk.ConfigFromMap(map[string]string{"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "soid": strings.TrimPrefix(srv.SOID(), "ZohoCRM.")})
	require.NoError(t, err, "the org id alone is a soid")
	assert.NotEmpty(t, ok.SOID)

	resp, err := http.PostForm(srv.URL+"/oauth/v2/token", url.Values{
		"client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret}, "grant_type": {"client_credentials"}, "scope": {"ZohoCRM.modules.ALL"},
	})
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	assert.Equal(t, "missing_org_info", answer["error"])
}

// Client credentials spend the fleet's budget as refreshes do: with
// 61-second tokens asked for every 50 seconds, the 11th in Zoho's
// 10-minute window is held back (ErrRefreshBudgetSpent) rather than sent.
func TestClientCredentialsSpendTheRefreshBudget(t *testing.T) {
	srv := emulator(t, zohotest.WithFrozenClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)), zohotest.WithAccessTokenLifetime(61*time.Second))
	c := newClient(t, clientCredentialsConfig(t, srv))
	// Each call's context is too short to wait for the window to reopen.
	call := func() error {
		ctx, cancel := context.WithTimeout(testCtx(t), 5*time.Second)
		defer cancel()
		_, _, err := c.Org.Get(ctx)
		return err
	}
	for i := range 11 {
		require.NoError(t, call(), "call %d: the cached token serves while the budget holds", i)
		srv.Advance(50 * time.Second)
	}
	assert.Equal(t, 10, srv.Counters().ClientCredentialsTokens, "Zoho's 10 in 10 minutes, and not one more")
	err := call()
	var be *sdk.RefreshBudgetError
	require.True(t, errors.As(err, &be), "%v", err)
	assert.ErrorIs(t, err, sdk.ErrRefreshBudgetSpent)
	assert.Equal(t, 10, srv.Counters().ClientCredentialsTokens)
}
