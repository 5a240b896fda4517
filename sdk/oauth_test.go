package sdk_test

import (
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

func TestGrantUseExpireRefreshRevoke(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := newClient(t, cfg)
	ctx := testCtx(t)

	ok, err := c.IsTokenGenerated(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "a new store holds no tokens")
	_, _, err = c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrNoUser)
	assert.Contains(t, err.Error(), "GenerateTokens")

	// Grant: with no current_user_email, the user comes from user info.
	user, err := c.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
	assert.Equal(t, 1, srv.Counters().UserInfoCalls)
	ok, err = c.IsTokenGenerated(ctx)
	require.NoError(t, err)
	assert.True(t, ok)

	stored := readTokens(t, cfg)
	assert.Equal(t, srv.Admin().Email, stored.UserIdentifier)
	assert.Equal(t, srv.URL, stored.APIDomain, "api_domain is kept")
	assert.InDelta(t, srv.Now().Add(time.Hour).UnixMilli(), stored.ExpiryTime, 5000)

	// Use: api_base_url is not set, so the calls go to the api_domain.
	me, resp, err := c.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, me.Email)
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Expiry and refresh: the refresh token is kept.
	srv.Advance(time.Hour)
	_, _, err = c.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Counters().Refreshes)
	refreshed := readTokens(t, cfg)
	assert.NotEqual(t, stored.AccessToken, refreshed.AccessToken)
	assert.Equal(t, stored.RefreshToken, refreshed.RefreshToken, "Zoho sends no refresh token on refresh: keep the old one")

	// A second process reading the store sees the same user.
	other := newClient(t, cfg)
	again, _, err := other.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, me.ID, again.ID)
	assert.Equal(t, 1, srv.Counters().Refreshes, "the refreshed token in the store is used, not refreshed again")

	// Revoke.
	require.NoError(t, c.RevokeTokens(ctx))
	assert.Equal(t, 1, srv.Counters().Revocations)
	info, ok := srv.RefreshTokenInfo(stored.RefreshToken)
	require.True(t, ok)
	assert.True(t, info.Revoked)
	ok, err = c.IsTokenGenerated(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	_, _, err = c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrNoTokens)

	assert.Zero(t, srv.Counters().SecretsInQuery, "secrets go in the form body, never the query string")
}

func TestGrantTokenErrors(t *testing.T) {
	srv := emulator(t, zohotest.WithGrantTokenLifetime(2*time.Minute))
	cfg := fileConfig(t, srv)
	cfg.CurrentUserEmail = srv.Admin().Email
	c := newClient(t, cfg)
	ctx := testCtx(t)

	_, err := c.GenerateTokens(ctx, "  ")
	var verr *sdk.ValidationError
	require.ErrorAs(t, err, &verr)

	code := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	_, err = c.GenerateTokens(ctx, code)
	require.NoError(t, err)
	_, err = c.GenerateTokens(ctx, code)
	require.ErrorIs(t, err, sdk.ErrInvalidGrant, "grant tokens are single-use")
	assert.Contains(t, err.Error(), "invalid_code")
	assert.Contains(t, err.Error(), "generate a new one")

	late := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	srv.Advance(3 * time.Minute)
	_, err = c.GenerateTokens(ctx, late)
	require.ErrorIs(t, err, sdk.ErrInvalidGrant, "grant tokens expire")

	bad := cfg
	bad.ClientSecret = "not-the-secret"
	bad.TokenPersistencePath = t.TempDir()
	_, err = newClient(t, bad).GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.ErrorIs(t, err, sdk.ErrInvalidClient)
}

func TestLegacyExpiresInSec(t *testing.T) {
	srv := emulator(t, zohotest.WithLegacyExpiresIn())
	cfg := fileConfig(t, srv)
	readyClient(t, srv, cfg)
	stored := readTokens(t, cfg)
	// expires_in is 3600000 (milliseconds) here; read as seconds it would
	// be 41 days.
	assert.InDelta(t, srv.Now().Add(time.Hour).UnixMilli(), stored.ExpiryTime, 5000)
}

func TestGenerateFromRefreshToken(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	_, refresh := srv.IssueTokens(srv.ClientID, srv.Admin().Email)
	c := newClient(t, cfg).ForUser(srv.Admin().Email)
	user, err := c.GenerateTokensFromRefreshToken(testCtx(t), refresh)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
	assert.Equal(t, refresh, readTokens(t, cfg).RefreshToken)
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err)
}

func TestAuthorizationURLConsentFlow(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	authURL, err := sdk.AuthorizationURL(cfg, sdk.AuthURLOptions{
		Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "aaaserver.profile.READ"},
		State:  "state-123",
		Prompt: "consent",
	})
	require.NoError(t, err)
	u, err := url.Parse(authURL)
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "/oauth/v2/auth", u.Path)
	assert.Equal(t, "offline", q.Get("access_type"))
	assert.Equal(t, "consent", q.Get("prompt"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "ZohoCRM.modules.ALL,ZohoCRM.users.READ,aaaserver.profile.READ", q.Get("scope"))
	assert.Equal(t, srv.ClientID, q.Get("client_id"))
	assert.NotContains(t, authURL, srv.ClientSecret)

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(authURL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	back, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "state-123", back.Query().Get("state"))

	c := newClient(t, cfg)
	user, err := c.GenerateTokens(testCtx(t), back.Query().Get("code"))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
}

func TestAPIBaseURLFromTokensOrConfig(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIBaseURL = "http://127.0.0.1:1" // explicit: must win over api_domain
	cfg.MaxRetries = -1
	c := readyClient(t, srv, cfg)
	_, _, err := c.Users.Current(testCtx(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "127.0.0.1:1")
}

func TestFileStoreFolderIsChecked(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.TokenPersistencePath = cfg.TokenPersistencePath + "/missing"
	_, err := sdk.NewClient(testCtx(t), cfg)
	require.ErrorIs(t, err, sdk.ErrInvalidConfig)
	assert.Contains(t, err.Error(), "mkdir -p")
	_, statErr := os.Stat(cfg.TokenPersistencePath)
	assert.True(t, os.IsNotExist(statErr), "the folder must not be created")
	assert.True(t, strings.HasSuffix(cfg.TokenPersistencePath, "/missing"))
}
