package sdk_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestCheckAccountsServer(t *testing.T) {
	cfg := sdk.Config{AccountsURL: "http://127.0.0.1:8080"}
	for _, ok := range []struct{ raw, location string }{
		{"https://accounts.zoho.eu", "eu"},
		{"https://accounts.zoho.eu/", "eu"},
		{"HTTPS://Accounts.Zoho.EU:443", "eu"},
		{"https://accounts.zohocloud.ca", "ca"},
		{"https://accounts.zoho.com.au", "au"},
		{"http://127.0.0.1:8080", ""}, // the configured accounts_url
	} {
		dc, err := cfg.CheckAccountsServer(ok.raw)
		if assert.NoError(t, err, ok.raw) {
			assert.Equal(t, ok.location, dc.Location, ok.raw)
		}
	}
	for _, bad := range []string{
		"", "accounts.zoho.eu", "http://accounts.zoho.eu", "https://accounts.zoho.eu.evil.example",
		"https://accounts.zoho.eu@evil.example", "https://evil.example/?https://accounts.zoho.eu",
		"https://accounts.zoho.eu/oauth/v2/token", "https://accounts.zoho.ca", "https://accounts.zoho.au",
		"http://127.0.0.1:8081", "javascript:alert(1)",
	} {
		_, err := cfg.CheckAccountsServer(bad)
		assert.ErrorIs(t, err, sdk.ErrUnknownAccountsServer, bad)
	}
}

func TestClientSecretKeysPerDataCenter(t *testing.T) {
	cfg, err := sdk.ConfigFromMap(map[string]string{
		"client_id": "id", "client_secret": "default", "redirect_uri": "https://app.example/cb",
		"client_secret_eu": "eu-secret", "client_secret_IN": "in-secret",
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"eu": "eu-secret", "in": "in-secret"}, cfg.ClientSecrets)

	_, err = sdk.ConfigFromMap(map[string]string{
		"client_id": "id", "client_secret": "default", "redirect_uri": "https://app.example/cb",
		"client_secret_xx": "secret",
	})
	require.ErrorIs(t, err, sdk.ErrInvalidConfig)
	assert.Contains(t, err.Error(), "client_secret_xx")
	assert.NotContains(t, err.Error(), "secret\"")
}

// twoDCs is a US and an EU data centre, each an emulator with its own org,
// sharing one client id (with a secret per data centre) and one clock.
type twoDCs struct {
	us, eu *zohotest.Server
	cfg    sdk.Config
}

func newTwoDCs(t *testing.T) twoDCs {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	us := emulator(t, zohotest.WithFrozenClock(t0))
	eu := emulator(t, zohotest.WithFrozenClock(t0))
	eu.RegisterClient(zohotest.Client{ID: us.ClientID, Secret: "eu-" + us.ClientSecret, RedirectURI: us.RedirectURI})
	eu.AddUser(zohotest.User{FirstName: "Eva", LastName: "Europa", Email: "eva@example.eu"})
	cfg := fileConfig(t, us)
	cfg.DataCenters = []sdk.DataCenter{
		{Name: "US", Location: "us", AccountsURL: us.URL, APIBaseURL: us.URL},
		{Name: "EU", Location: "eu", AccountsURL: eu.URL, APIBaseURL: eu.URL},
	}
	cfg.ClientSecrets = map[string]string{"eu": "eu-" + us.ClientSecret}
	return twoDCs{us: us, eu: eu, cfg: cfg}
}

func (d twoDCs) advance(dur time.Duration) {
	d.us.Advance(dur)
	d.eu.Advance(dur)
}

func TestEachUserInTheirOwnDataCenter(t *testing.T) {
	d := newTwoDCs(t)
	c := newClient(t, d.cfg)
	ctx := testCtx(t)

	owner, err := c.ExchangeGrant(ctx, sdk.Grant{
		Code:           d.eu.GrantToken(d.us.ClientID, "eva@example.eu"),
		Location:       "eu",
		AccountsServer: d.eu.URL,
	})
	require.NoError(t, err)
	assert.Equal(t, "eva@example.eu", owner.UserIdentifier)
	assert.Equal(t, "Eva", owner.FirstName)
	assert.Equal(t, "eu", owner.Location)
	assert.Equal(t, d.eu.URL, owner.AccountsServer)
	assert.Equal(t, d.eu.URL, owner.APIDomain)
	assert.NotEmpty(t, owner.ZUID)

	usOwner, err := c.ExchangeGrant(ctx, sdk.Grant{Code: d.us.GrantToken(d.us.ClientID, d.us.Admin().Email)})
	require.NoError(t, err)
	assert.Equal(t, d.us.Admin().Email, usOwner.UserIdentifier)

	// A new process, which knows the users from the store only.
	c2 := newClient(t, d.cfg)
	eva := c2.ForUser("eva@example.eu")
	me, _, err := eva.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, "eva@example.eu", me.Email)

	d.us.ResetCounters()
	d.eu.ResetCounters()
	d.advance(2 * time.Hour)
	_, _, err = eva.Users.Current(ctx)
	require.NoError(t, err)
	_, _, err = c2.ForUser(d.us.Admin().Email).Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, d.eu.Counters().Refreshes, "Eva's refresh goes to the EU accounts server")
	assert.Equal(t, 1, d.us.Counters().Refreshes, "the admin's to the US one")
	assert.Equal(t, 1, d.eu.Counters().APIRequests)
	assert.Equal(t, 1, d.us.Counters().APIRequests)

	require.NoError(t, eva.RevokeTokens(ctx))
	assert.Equal(t, 1, d.eu.Counters().Revocations)
	assert.Equal(t, 0, d.us.Counters().Revocations)
}

func TestPerDataCenterClientSecret(t *testing.T) {
	d := newTwoDCs(t)
	d.cfg.ClientSecrets = nil // the US secret is wrong in the EU
	c := newClient(t, d.cfg)
	_, err := c.ExchangeGrant(testCtx(t), sdk.Grant{Code: d.eu.GrantToken(d.us.ClientID, "eva@example.eu"), AccountsServer: d.eu.URL})
	require.ErrorIs(t, err, sdk.ErrInvalidClient)
	assert.NotContains(t, err.Error(), d.us.ClientSecret)
	users, err := c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, users)
}

// foreignServer counts whatever reaches it.
func foreignServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestForeignAccountsServerIsSentNothing(t *testing.T) {
	d := newTwoDCs(t)
	foreign, hits := foreignServer(t)
	c := newClient(t, d.cfg)
	for _, g := range []sdk.Grant{
		{Code: d.eu.GrantToken(d.us.ClientID, "eva@example.eu"), AccountsServer: foreign.URL},
		{Code: d.eu.GrantToken(d.us.ClientID, "eva@example.eu"), AccountsServer: d.eu.URL, Location: "us"},
		{Code: d.eu.GrantToken(d.us.ClientID, "eva@example.eu"), Location: "xx"},
	} {
		_, err := c.ExchangeGrant(testCtx(t), g)
		require.ErrorIs(t, err, sdk.ErrUnknownAccountsServer)
	}
	assert.Zero(t, hits.Load())
	assert.Zero(t, d.eu.Counters().TokenRequests)
	assert.Zero(t, d.us.Counters().TokenRequests)
}

func TestStoredForeignAccountsServerIsRefused(t *testing.T) {
	d := newTwoDCs(t)
	foreign, hits := foreignServer(t)
	// A store row that names a host of its own, as a tampered or foreign
	// store might.
	access, refresh := d.eu.IssueTokens(d.us.ClientID, "eva@example.eu")
	saveTokens(t, d.cfg, pluginproto.Tokens{
		UserIdentifier: "eva@example.eu", AccessToken: access, RefreshToken: refresh,
		ExpiryTime: d.eu.Now().Add(-time.Minute).UnixMilli(), APIDomain: foreign.URL, AccountsServer: foreign.URL,
	})
	c := newClient(t, d.cfg)
	_, _, err := c.ForUser("eva@example.eu").Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrUnknownAccountsServer)
	assert.Zero(t, hits.Load())
}

func TestUnknownAPIDomainFallsBackToTheDataCenter(t *testing.T) {
	d := newTwoDCs(t)
	foreign, hits := foreignServer(t)
	access, refresh := d.eu.IssueTokens(d.us.ClientID, "eva@example.eu")
	saveTokens(t, d.cfg, pluginproto.Tokens{
		UserIdentifier: "eva@example.eu", AccessToken: access, RefreshToken: refresh,
		ExpiryTime: d.eu.Now().Add(time.Hour).UnixMilli(), APIDomain: foreign.URL, AccountsServer: d.eu.URL,
	})
	c := newClient(t, d.cfg)
	me, _, err := c.ForUser("eva@example.eu").Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, "eva@example.eu", me.Email)
	assert.Zero(t, hits.Load())
}

func TestGrantOwnerMustBeTheConfiguredUser(t *testing.T) {
	srv := emulator(t)
	srv.AddUser(zohotest.User{FirstName: "Other", LastName: "User", Email: "other@example.com"})
	cfg := fileConfig(t, srv)
	cfg.CurrentUserEmail = "other@example.com"
	c := newClient(t, cfg)
	_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.ErrorIs(t, err, sdk.ErrUserMismatch)
	assert.Contains(t, err.Error(), srv.Admin().Email)
	assert.Contains(t, err.Error(), "other@example.com")
	users, err := c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, users, "nothing is saved")

	// The owner named through ForUser is checked the same way, and the
	// right one is accepted.
	_, err = c.ForUser("other@example.com").GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.ErrorIs(t, err, sdk.ErrUserMismatch)
	user, err := c.ForUser(srv.Admin().Email).GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
}

func TestGrantOwnerFromTheCRMWithoutProfileScope(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := newClient(t, cfg)
	user, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email, "ZohoCRM.modules.ALL", "ZohoCRM.users.READ"))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
	assert.Equal(t, 1, srv.Counters().UserInfoCalls)
}

func TestAuthorizationURLNeedsAState(t *testing.T) {
	_, err := sdk.AuthorizationURL(sdk.Config{ClientID: "id"}, sdk.AuthURLOptions{Scopes: []string{"ZohoCRM.modules.ALL"}})
	require.Error(t, err)
	_, err = sdk.AuthorizationURL(sdk.Config{ClientID: "id"}, sdk.AuthURLOptions{State: "s"})
	require.Error(t, err)
}

// saveTokens writes tokens into cfg's file store through the store plugin
// itself, as another process would.
func saveTokens(t *testing.T, cfg sdk.Config, tokens pluginproto.Tokens) {
	t.Helper()
	store, err := pluginproto.Launch(testCtx(t), pluginproto.LaunchConfig{
		Path: filepath.Join(pluginDir, sdk.FilePluginName),
		Env:  []string{"ZCRM_TOKEN_PERSISTENCE_PATH=" + cfg.TokenPersistencePath},
	})
	require.NoError(t, err)
	defer store.Close()
	require.NoError(t, store.Save(testCtx(t), tokens))
}

// An application can be pointed at data centres the SDK does not list,
// such as `zcrm emulator --dcs us,eu`, from the dictionary and so from
// ZCRM_ variables: accounts_url_<location>, api_base_url_<location> and
// upload_url_<location> replace one of Zoho's by its location, or add one.
// There was no key for it: an EU user of the emulator was refused as
// "not Zoho's", and the US user's data centre had no location.
func TestDataCentreKeys(t *testing.T) {
	base := map[string]string{"client_id": "id", "client_secret": "s", "redirect_uri": "http://127.0.0.1:8080/cb"}
	with := func(kv ...string) map[string]string {
		m := maps.Clone(base)
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cfg, err := sdk.ConfigFromMap(with(
		"accounts_url", "http://127.0.0.1:9000",
		"accounts_url_us", "http://127.0.0.1:9000", "api_base_url_us", "http://127.0.0.1:9001", "upload_url_us", "http://127.0.0.1:9002",
		"accounts_url_eu", "http://127.0.0.1:9003/", "api_base_url_EU", "http://127.0.0.1:9004", "upload_url_eu", "http://127.0.0.1:9005",
		"accounts_url_xy", "http://127.0.0.1:9006", "api_base_url_xy", "http://127.0.0.1:9007",
	))
	require.NoError(t, err)
	byLocation := map[string]sdk.DataCenter{}
	for _, dc := range cfg.DataCenters {
		byLocation[dc.Location] = dc
	}
	assert.Equal(t, sdk.DataCenter{Name: "EU", Location: "eu", AccountsURL: "http://127.0.0.1:9003", APIBaseURL: "http://127.0.0.1:9004", UploadURL: "http://127.0.0.1:9005"}, byLocation["eu"])
	assert.Equal(t, sdk.DataCenter{Name: "XY", Location: "xy", AccountsURL: "http://127.0.0.1:9006", APIBaseURL: "http://127.0.0.1:9007"}, byLocation["xy"])
	assert.Equal(t, sdk.IN, byLocation["in"], "Zoho's other data centres stay")
	assert.Len(t, cfg.DataCenters, len(sdk.ZohoDataCenters())+1)

	for server, location := range map[string]string{"http://127.0.0.1:9000": "us", "http://127.0.0.1:9003": "eu", "http://127.0.0.1:9006": "xy", "https://accounts.zoho.in": "in"} {
		dc, err := cfg.CheckAccountsServer(server)
		require.NoError(t, err, server)
		assert.Equal(t, location, dc.Location, "%s names its data centre", server)
	}
	_, err = cfg.CheckAccountsServer("https://accounts.zoho.eu")
	assert.ErrorIs(t, err, sdk.ErrUnknownAccountsServer, "the EU's accounts server is the one given")
	assert.Equal(t, "http://127.0.0.1:9005", sdk.UploadBaseFor(cfg, "http://127.0.0.1:9004"))
	assert.Equal(t, "http://127.0.0.1:9002", sdk.UploadBaseFor(cfg, "http://127.0.0.1:9001"))

	// The same from ZCRM_ variables.
	t.Setenv("ZCRM_CLIENT_ID", "id")
	t.Setenv("ZCRM_CLIENT_SECRET", "s")
	t.Setenv("ZCRM_REDIRECT_URI", "http://127.0.0.1:8080/cb")
	t.Setenv("ZCRM_ACCOUNTS_URL_EU", "http://127.0.0.1:9003")
	t.Setenv("ZCRM_API_BASE_URL_EU", "http://127.0.0.1:9004")
	t.Setenv("ZCRM_UPLOAD_URL", "http://127.0.0.1:9010")
	env, err := sdk.ConfigFromEnv()
	require.NoError(t, err)
	dc, err := env.CheckAccountsServer("http://127.0.0.1:9003")
	require.NoError(t, err)
	assert.Equal(t, "eu", dc.Location)
	assert.Equal(t, "http://127.0.0.1:9010", env.UploadURL)
	assert.Equal(t, "http://127.0.0.1:9010", sdk.UploadBaseFor(env, sdk.DefaultAPIBaseURL), "upload_url is the upload host of accounts_url's data centre")

	for _, bad := range []struct {
		kv   []string
		want string
	}{
		{[]string{"accounts_url_xy", "http://127.0.0.1:9006"}, `accounts_url_xy and api_base_url_xy: Zoho has no data centre "xy", so both are needed`},
		{[]string{"accounts_url_e1", "http://127.0.0.1:9006"}, `accounts_url_e1: "e1" is not a data centre's location`},
		{[]string{"api_base_url_eu", "127.0.0.1:9004"}, `api_base_url_eu: "127.0.0.1:9004" is not an http(s) URL`},
		{[]string{"upload_url", "ftp://files"}, `upload_url: "ftp://files" is not an http(s) URL`},
	} {
		_, err := sdk.ConfigFromMap(with(bad.kv...))
		require.ErrorIs(t, err, sdk.ErrInvalidConfig, bad.kv)
		assert.Contains(t, err.Error(), bad.want)
	}
}
