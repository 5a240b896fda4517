package weblogin_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/weblogin"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var pluginDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-weblogin-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir, sdk.FilePluginName); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const callbackPath = "/oauth/callback"

var scopes = []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "AaaServer.profile.READ"}

// fixture is an application with the two routes, on a real loopback
// socket, logging users in through an emulated Zoho with two data centres
// whose client has a secret per data centre.
type fixture struct {
	zoho    *zohotest.MultiDC
	secrets map[string]string
	client  *sdk.Client
	app     *httptest.Server
	tokens  string // the token file
	clock   *clock

	mu     sync.Mutex
	owners []sdk.GrantOwner
	errs   []*weblogin.Error
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const (
	usUser = "p.boyle@zylker.com" // the US DC's administrator
	euUser = "k.becker@zylker.eu" // the EU DC's administrator
)

func ctxFor() context.Context { return context.Background() }

func newFixture(t *testing.T, edit func(*weblogin.Options)) *fixture {
	return newFixtureOn(t, httptest.NewServer, edit)
}

func newFixtureOn(t *testing.T, serve func(http.Handler) *httptest.Server, edit func(*weblogin.Options)) *fixture {
	t.Helper()
	f := &fixture{zoho: zohotest.NewMultiDC(zohotest.WithDataCenters("us", "eu")), clock: &clock{t: time.Now()}}
	t.Cleanup(f.zoho.Close)
	mux := http.NewServeMux()
	f.app = serve(mux)
	t.Cleanup(f.app.Close)

	registered := f.zoho.RegisterClient(zohotest.MultiDCClient{Name: "weblogin test", RedirectURI: f.app.URL + callbackPath, PerDCSecrets: true})
	f.secrets = registered.Secrets
	var dcs []sdk.DataCenter
	for _, dc := range f.zoho.DataCenters() {
		dcs = append(dcs, sdk.DataCenter{Name: dc.Name, Location: dc.Location, AccountsURL: dc.AccountsURL, APIBaseURL: dc.APIURL})
	}
	dir := t.TempDir()
	f.tokens = filepath.Join(dir, "zcrm_oauthtokens.txt")
	client, err := sdk.NewClient(ctxFor(), sdk.Config{
		ClientID:             registered.ID,
		ClientSecret:         registered.Secrets["us"],
		ClientSecrets:        registered.Secrets,
		RedirectURI:          registered.RedirectURI,
		AccountsURL:          f.zoho.DC("us").AccountsURL,
		DataCenters:          dcs,
		TokenPersistencePath: dir,
		PluginDir:            pluginDir,
		Now:                  f.zoho.Now,
	})
	require.NoError(t, err)
	t.Cleanup(func() { client.Close() })
	f.client = client

	opts := weblogin.Options{
		Client: client,
		Scopes: scopes,
		Prompt: "consent",
		OnLogin: func(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner) {
			f.mu.Lock()
			f.owners = append(f.owners, owner)
			f.mu.Unlock()
			fmt.Fprintf(w, "welcome %s", owner.Email)
		},
		OnError: func(w http.ResponseWriter, r *http.Request, err *weblogin.Error) {
			f.mu.Lock()
			f.errs = append(f.errs, err)
			f.mu.Unlock()
			weblogin.ErrorPage(w, err, "/login")
		},
		Now: f.clock.now,
	}
	if edit != nil {
		edit(&opts)
	}
	login, err := weblogin.New(opts)
	require.NoError(t, err)
	mux.HandleFunc("GET /login", login.Login)
	mux.HandleFunc("GET "+callbackPath, login.Callback)
	return f
}

// noFollow is an HTTP client that stops at every redirect.
func (f *fixture) noFollow() *http.Client {
	c := f.app.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// startLogin goes from the login route through Zoho's consent (approved at
// once for email) and stops before the callback: it returns the callback
// URL Zoho redirected to and the login cookie the browser holds.
func (f *fixture) startLogin(t *testing.T, email string) (*url.URL, *http.Cookie) {
	t.Helper()
	f.zoho.SetConsentUser(email)
	resp, err := f.noFollow().Get(f.app.URL + "/login")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	cookie := loginCookie(t, resp)
	consent := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(consent, f.zoho.DC("us").AccountsURL+"/oauth/v2/auth?"), "the login starts at the configured accounts server: %s", consent)

	resp, err = f.noFollow().Get(consent)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	back, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, callbackPath, back.Path)
	return back, cookie
}

func loginCookie(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == weblogin.DefaultCookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", weblogin.DefaultCookieName, resp.Header.Values("Set-Cookie"))
	return nil
}

// callback makes the browser's request to the callback, with the cookie
// when given; it returns the status, the body and the response.
func (f *fixture) callback(t *testing.T, u *url.URL, cookie *http.Cookie) (int, string, *http.Response) {
	t.Helper()
	target := *f.appURL(t)
	target.Path, target.RawQuery = u.Path, u.RawQuery
	req, err := http.NewRequest(http.MethodGet, target.String(), nil)
	require.NoError(t, err)
	if cookie != nil {
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	}
	resp, err := f.noFollow().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body), resp
}

func (f *fixture) appURL(t *testing.T) *url.URL {
	u, err := url.Parse(f.app.URL)
	require.NoError(t, err)
	return u
}

func (f *fixture) lastError(t *testing.T) *weblogin.Error {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(t, f.errs, "OnError was not called")
	return f.errs[len(f.errs)-1]
}

func (f *fixture) loggedIn() []sdk.GrantOwner {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sdk.GrantOwner(nil), f.owners...)
}

func (f *fixture) storedUsers(t *testing.T) []string {
	t.Helper()
	infos, err := f.client.StoredUsers(ctxFor())
	require.NoError(t, err)
	var users []string
	for _, i := range infos {
		users = append(users, i.UserIdentifier)
	}
	return users
}

func (f *fixture) tokenRequests() int {
	n := 0
	for _, c := range f.zoho.Counters() {
		n += c.TokenRequests
	}
	return n
}

// assertNoSecret checks that nothing a login handles in secret shows.
func (f *fixture) assertNoSecret(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for loc, secret := range f.secrets {
			assert.NotContains(t, text, secret, "the client secret of %s", loc)
		}
		assert.NotRegexp(t, `1000\.[0-9a-f]{32}\.[0-9a-f]{32}`, text, "a token or grant code")
	}
}

func TestLoginTwoUsersOfTwoDataCenters(t *testing.T) {
	f := newFixture(t, nil)
	for _, email := range []string{usUser, euUser} {
		back, cookie := f.startLogin(t, email)
		status, body, resp := f.callback(t, back, cookie)
		require.Equal(t, http.StatusOK, status, body)
		assert.Equal(t, "welcome "+email, body)
		assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
		assert.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"))
		cleared := loginCookie(t, resp)
		assert.True(t, cleared.MaxAge < 0 && cleared.Value == "", "the callback deletes the login cookie: %v", resp.Header.Values("Set-Cookie"))
	}

	owners := f.loggedIn()
	require.Len(t, owners, 2)
	assert.Equal(t, usUser, owners[0].UserIdentifier)
	assert.Equal(t, "us", owners[0].Location)
	assert.Equal(t, f.zoho.DC("us").AccountsURL, owners[0].AccountsServer)
	assert.Equal(t, "Patricia Boyle", owners[0].DisplayName)
	assert.Equal(t, euUser, owners[1].UserIdentifier)
	assert.Equal(t, "eu", owners[1].Location)
	assert.Equal(t, f.zoho.DC("eu").AccountsURL, owners[1].AccountsServer)
	assert.Equal(t, f.zoho.DC("eu").APIURL, owners[1].APIDomain)
	assert.ElementsMatch(t, []string{usUser, euUser}, f.storedUsers(t))

	counters := f.zoho.Counters()
	assert.Equal(t, 1, counters["us"].GrantExchanges)
	assert.Equal(t, 1, counters["eu"].GrantExchanges, "the EU user's code is exchanged in the EU, with the EU secret")
	assert.Zero(t, counters["us"].GrantFailures+counters["eu"].GrantFailures)
	assert.Zero(t, counters["us"].SecretsInQuery+counters["eu"].SecretsInQuery)

	// Each user's calls go to their own data centre.
	f.zoho.ResetCounters()
	me, _, err := f.client.ForUser(euUser).Users.Current(ctxFor())
	require.NoError(t, err)
	assert.Equal(t, euUser, me.Email)
	counters = f.zoho.Counters()
	assert.Equal(t, 1, counters["eu"].APIRequests)
	assert.Zero(t, counters["us"].APIRequests)
}

// The refusals of the state: each ends on the error page with its status
// and reason, and nothing is sent to Zoho or saved.
func TestCallbackRefusesBadStates(t *testing.T) {
	f := newFixture(t, func(o *weblogin.Options) { o.StateTTL = time.Minute })

	tamper := func(u *url.URL, edit func(q url.Values)) *url.URL {
		c := *u
		q := c.Query()
		edit(q)
		c.RawQuery = q.Encode()
		return &c
	}
	flip := func(s string) string {
		b := []byte(s)
		if b[5] == 'A' {
			b[5] = 'B'
		} else {
			b[5] = 'A'
		}
		return string(b)
	}

	for _, tc := range []struct {
		name   string
		run    func(t *testing.T) (*url.URL, *http.Cookie)
		status int
		reason error
	}{
		{"missing state", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, cookie := f.startLogin(t, usUser)
			return tamper(back, func(q url.Values) { q.Del("state") }), cookie
		}, http.StatusBadRequest, weblogin.ErrStateMissing},
		{"forged state", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, cookie := f.startLogin(t, usUser)
			return tamper(back, func(q url.Values) { q.Set("state", flip(q.Get("state"))) }), cookie
		}, http.StatusForbidden, weblogin.ErrStateInvalid},
		{"state made up", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, cookie := f.startLogin(t, usUser)
			return tamper(back, func(q url.Values) { q.Set("state", "made-up") }), cookie
		}, http.StatusForbidden, weblogin.ErrStateInvalid},
		{"expired state", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, cookie := f.startLogin(t, usUser)
			f.clock.advance(time.Minute)
			return back, cookie
		}, http.StatusBadRequest, weblogin.ErrStateExpired},
		{"no login cookie: another browser", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, _ := f.startLogin(t, usUser)
			return back, nil
		}, http.StatusForbidden, weblogin.ErrOtherBrowser},
		{"the cookie of a newer login", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, _ := f.startLogin(t, usUser)
			_, newer := f.startLogin(t, usUser)
			return back, newer
		}, http.StatusForbidden, weblogin.ErrOtherBrowser},
		{"no code", func(t *testing.T) (*url.URL, *http.Cookie) {
			back, cookie := f.startLogin(t, usUser)
			return tamper(back, func(q url.Values) { q.Del("code") }), cookie
		}, http.StatusBadRequest, weblogin.ErrNoCode},
	} {
		t.Run(tc.name, func(t *testing.T) {
			back, cookie := tc.run(t)
			before := f.tokenRequests()
			status, body, resp := f.callback(t, back, cookie)
			assert.Equal(t, tc.status, status, body)
			err := f.lastError(t)
			assert.ErrorIs(t, err, tc.reason)
			assert.Contains(t, body, `id="login-error"`)
			assert.Contains(t, body, err.Message())
			assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
			assert.Equal(t, before, f.tokenRequests(), "nothing was sent to Zoho")
			assert.Empty(t, f.storedUsers(t), "nothing was saved")
			f.assertNoSecret(t, body, err.Error())
			if code := back.Query().Get("code"); code != "" {
				assert.NotContains(t, body, code)
			}
		})
	}
	assert.Empty(t, f.loggedIn())
}

func TestCallbackRefusesAReplay(t *testing.T) {
	f := newFixture(t, nil)
	back, cookie := f.startLogin(t, usUser)
	status, body, _ := f.callback(t, back, cookie)
	require.Equal(t, http.StatusOK, status, body)
	stored, err := os.ReadFile(f.tokens)
	require.NoError(t, err)

	// The same answer again, from a browser that kept the cookie.
	before := f.tokenRequests()
	status, body, _ = f.callback(t, back, cookie)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.ErrorIs(t, f.lastError(t), weblogin.ErrStateReused)
	assert.Contains(t, body, "completed already")
	assert.Equal(t, before, f.tokenRequests(), "the code was not sent again")
	after, err := os.ReadFile(f.tokens)
	require.NoError(t, err)
	assert.Equal(t, string(stored), string(after), "the stored tokens are untouched")
	assert.Len(t, f.loggedIn(), 1)
}

// A code used once already, under a fresh valid state, is refused by Zoho;
// the page says so and the stored tokens stay as they were.
func TestCallbackWithAReusedCode(t *testing.T) {
	f := newFixture(t, nil)
	first, cookie := f.startLogin(t, euUser)
	status, body, _ := f.callback(t, first, cookie)
	require.Equal(t, http.StatusOK, status, body)
	stored, err := os.ReadFile(f.tokens)
	require.NoError(t, err)

	second, cookie := f.startLogin(t, euUser)
	q := second.Query()
	q.Set("code", first.Query().Get("code"))
	second.RawQuery = q.Encode()
	status, body, _ = f.callback(t, second, cookie)
	assert.Equal(t, http.StatusBadRequest, status, body)
	err = f.lastError(t)
	assert.ErrorIs(t, err, weblogin.ErrGrantRefused)
	var authErr *sdk.AuthError
	require.ErrorAs(t, err, &authErr)
	assert.Equal(t, "invalid_code", authErr.Code)
	assert.Contains(t, body, "single use")
	f.assertNoSecret(t, body, err.Error())
	assert.NotContains(t, body, first.Query().Get("code"))
	assert.NotContains(t, err.Error(), first.Query().Get("code"))
	assert.Equal(t, 1, f.zoho.Counters()["eu"].GrantFailures)

	after, err := os.ReadFile(f.tokens)
	require.NoError(t, err)
	assert.Equal(t, string(stored), string(after), "the stored tokens are untouched")
	assert.Len(t, f.loggedIn(), 1)
}

// An accounts server that is not one of the configured data centres gets
// nothing: not the code, not the secret, not a connection.
func TestCallbackRefusesAForeignAccountsServer(t *testing.T) {
	var reached atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		fmt.Fprint(w, `{"access_token":"x","refresh_token":"y","expires_in":3600}`)
	}))
	defer foreign.Close()
	f := newFixture(t, nil)

	// A known accounts server with another data centre's location is told
	// apart: it was "not Zoho's" too.
	for _, tc := range []struct {
		name, location, server string
		reason                 error
		says                   string
	}{
		{"an unknown host", "eu", foreign.URL, weblogin.ErrForeignAccountsServer, "not Zoho"},
		{"an unknown host without a location", "", foreign.URL, weblogin.ErrForeignAccountsServer, "not Zoho"},
		{"Zoho's own EU host, not configured here", "eu", "https://accounts.zoho.eu", weblogin.ErrForeignAccountsServer, "not Zoho"},
		{"a configured host with a path", "eu", f.zoho.DC("eu").AccountsURL + "/evil", weblogin.ErrForeignAccountsServer, "not Zoho"},
		{"a configured host and another DC's location", "us", f.zoho.DC("eu").AccountsURL, weblogin.ErrLocationMismatch, "does not match its accounts server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			back, cookie := f.startLogin(t, euUser)
			q := back.Query()
			q.Set("accounts-server", tc.server)
			if tc.location == "" {
				q.Del("location")
			} else {
				q.Set("location", tc.location)
			}
			back.RawQuery = q.Encode()
			before := f.tokenRequests()
			status, body, _ := f.callback(t, back, cookie)
			assert.Equal(t, http.StatusForbidden, status, body)
			err := f.lastError(t)
			assert.ErrorIs(t, err, tc.reason)
			assert.ErrorIs(t, err, sdk.ErrUnknownAccountsServer)
			assert.Contains(t, body, tc.says)
			assert.Contains(t, body, `id="login-again"`, "the page offers to sign in again")
			assert.Equal(t, before, f.tokenRequests(), "the code went to no data centre")
			f.assertNoSecret(t, body, err.Error())
		})
	}
	assert.Zero(t, reached.Load(), "the foreign server was never contacted")
	assert.Empty(t, f.storedUsers(t))
	assert.Empty(t, f.loggedIn())
}

func TestCallbackWithZohosErrorRedirect(t *testing.T) {
	f := newFixture(t, nil)
	back, cookie := f.startLogin(t, usUser)
	code := back.Query().Get("code")
	refused := *back
	q := refused.Query()
	q.Del("code")
	q.Set("error", "access_denied")
	refused.RawQuery = q.Encode()

	status, body, _ := f.callback(t, &refused, cookie)
	assert.Equal(t, http.StatusForbidden, status)
	err := f.lastError(t)
	assert.ErrorIs(t, err, weblogin.ErrDenied)
	assert.Equal(t, "access_denied", err.ZohoError)
	assert.Contains(t, body, "rejected")

	// The refusal spent the state: its code cannot be slipped in after.
	status, _, _ = f.callback(t, back, cookie)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.ErrorIs(t, f.lastError(t), weblogin.ErrStateReused)
	assert.Zero(t, f.tokenRequests())
	assert.Empty(t, f.storedUsers(t))
	assert.NotEmpty(t, code)

	// An error redirect without a state, or with markup, still ends on the
	// page, which shows only a cleaned code.
	status, body, _ = f.callback(t, &url.URL{Path: callbackPath, RawQuery: "error=%3Cscript%3Ealert(1)%3C%2Fscript%3E"}, nil)
	assert.Equal(t, http.StatusForbidden, status)
	assert.NotContains(t, body, "<script>")
	assert.Contains(t, body, "scriptalert1script")
}

func TestLoginCookieAttributes(t *testing.T) {
	t.Run("plain HTTP", func(t *testing.T) {
		f := newFixture(t, func(o *weblogin.Options) { o.StateTTL = 2 * time.Minute })
		resp, err := f.noFollow().Get(f.app.URL + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		c := loginCookie(t, resp)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.Equal(t, callbackPath, c.Path, "sent to the callback only")
		assert.Equal(t, 121, c.MaxAge)
		assert.False(t, c.Secure)
		assert.Len(t, c.Value, 43, "32 random bytes")
		assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))

		to, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		q := to.Query()
		assert.Equal(t, "offline", q.Get("access_type"))
		assert.Equal(t, "consent", q.Get("prompt"))
		assert.Equal(t, "code", q.Get("response_type"))
		assert.Equal(t, strings.Join(scopes, ","), q.Get("scope"))
		assert.Equal(t, f.app.URL+callbackPath, q.Get("redirect_uri"))
		assert.Len(t, q.Get("state"), 96, "72 bytes: nonce, expiry, binding, MAC")
		assert.NotContains(t, q.Get("state"), c.Value)
		assert.NotContains(t, to.RawQuery, "client_secret")
	})
	t.Run("behind a TLS proxy", func(t *testing.T) {
		f := newFixture(t, func(o *weblogin.Options) {
			o.SecureCookie = true
			o.CookieName = "my_login"
			o.CookiePath = "/"
		})
		resp, err := f.noFollow().Get(f.app.URL + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		cookies := resp.Cookies()
		require.Len(t, cookies, 1)
		assert.Equal(t, "my_login", cookies[0].Name)
		assert.Equal(t, "/", cookies[0].Path)
		assert.True(t, cookies[0].Secure)
	})
	t.Run("over TLS", func(t *testing.T) {
		f := newFixtureOn(t, httptest.NewTLSServer, nil)
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		c := f.noFollow()
		c.Jar = jar
		resp, err := c.Get(f.app.URL + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		require.NotNil(t, resp.TLS)
		lc := loginCookie(t, resp)
		assert.True(t, lc.Secure)
		assert.True(t, lc.HttpOnly)

		// The whole login works over TLS, with the cookie the jar kept.
		f.zoho.SetConsentUser(usUser)
		resp, err = c.Get(resp.Header.Get("Location"))
		require.NoError(t, err)
		resp.Body.Close()
		resp, err = c.Get(resp.Header.Get("Location"))
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, "welcome "+usUser, string(body))
	})
}

func TestDefaultErrorPage(t *testing.T) {
	f := newFixture(t, func(o *weblogin.Options) {
		o.OnError = nil
		o.LoginPath = "/login"
	})
	status, body, resp := f.callback(t, &url.URL{Path: callbackPath, RawQuery: "code=1000.abc&location=us"}, nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, body, "<h1 id=\"login-error\">Sign-in failed</h1>")
	assert.Contains(t, body, "did not say which login it belongs to")
	assert.Contains(t, body, `href="/login"`)
	assert.NotContains(t, body, "1000.abc")
}

func TestNewChecksOptions(t *testing.T) {
	f := newFixture(t, nil)
	ok := weblogin.Options{Client: f.client, Scopes: scopes, OnLogin: func(http.ResponseWriter, *http.Request, sdk.GrantOwner) {}}
	for _, tc := range []struct {
		name string
		edit func(*weblogin.Options)
		want string
	}{
		{"no client", func(o *weblogin.Options) { o.Client = nil }, "Client is required"},
		{"no scopes", func(o *weblogin.Options) { o.Scopes = nil }, "Scopes is required"},
		{"no OnLogin", func(o *weblogin.Options) { o.OnLogin = nil }, "OnLogin is required"},
		{"short key", func(o *weblogin.Options) { o.StateKey = []byte("short") }, "at least 32"},
		{"negative TTL", func(o *weblogin.Options) { o.StateTTL = -time.Second }, "negative"},
		{"unknown prompt", func(o *weblogin.Options) { o.Prompt = "login" }, "Prompt"},
		{"unknown access type", func(o *weblogin.Options) { o.AccessType = "forever" }, "AccessType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.edit(&o)
			_, err := weblogin.New(o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := weblogin.New(ok)
	assert.NoError(t, err)

	cfg := f.client.Config()
	one, err := sdk.NewClient(ctxFor(), sdk.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURI: cfg.RedirectURI,
		AccountsURL: cfg.AccountsURL, DataCenters: cfg.DataCenters,
		TokenPersistencePath: t.TempDir(), PluginDir: pluginDir,
		CurrentUserEmail: usUser,
	})
	require.NoError(t, err)
	defer one.Close()
	o := ok
	o.Client = one
	_, err = weblogin.New(o)
	assert.ErrorContains(t, err, "current_user_email")
}

// A shared state key lets a login begun on one instance finish on another.
func TestSharedStateKeyAcrossInstances(t *testing.T) {
	key := []byte(strings.Repeat("s", weblogin.MinStateKeyLen))
	f := newFixture(t, func(o *weblogin.Options) { o.StateKey = key })
	back, cookie := f.startLogin(t, usUser)

	var got []sdk.GrantOwner
	other, err := weblogin.New(weblogin.Options{
		Client: f.client, Scopes: scopes, StateKey: key,
		OnLogin: func(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner) { got = append(got, owner) },
	})
	require.NoError(t, err)
	status, body, _ := callbackOn(t, other, back, cookie)
	require.Len(t, got, 1, "%d %s", status, body)
	assert.Equal(t, usUser, got[0].UserIdentifier)

	// Without the key, the other instance takes the state for a forgery.
	back, cookie = f.startLogin(t, usUser)
	var failed *weblogin.Error
	stranger, err := weblogin.New(weblogin.Options{
		Client: f.client, Scopes: scopes,
		OnLogin: func(http.ResponseWriter, *http.Request, sdk.GrantOwner) { t.Error("logged in with a foreign state") },
		OnError: func(w http.ResponseWriter, r *http.Request, err *weblogin.Error) {
			failed = err
			weblogin.ErrorPage(w, err, "")
		},
	})
	require.NoError(t, err)
	status, _, _ = callbackOn(t, stranger, back, cookie)
	assert.Equal(t, http.StatusForbidden, status)
	require.NotNil(t, failed)
	assert.True(t, errors.Is(failed, weblogin.ErrStateInvalid))
}

// callbackOn serves h's callback on a server of its own, another instance
// of the application, and sends it the browser's request.
func callbackOn(t *testing.T, h *weblogin.Handler, back *url.URL, cookie *http.Cookie) (int, string, *http.Response) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(h.Callback))
	defer srv.Close()
	other := &fixture{app: srv}
	return other.callback(t, back, cookie)
}

// A callback that does not answer this browser's login (a garbled or
// forged state, another browser's state) leaves the login cookie: the
// login in progress still completes. It used to delete the cookie, so
// that any page could break a login by sending the browser to
// /oauth/callback?state=garbage.
func TestFailedCallbackKeepsTheLoginInProgress(t *testing.T) {
	f := newFixture(t, nil)
	back, cookie := f.startLogin(t, usUser)
	otherBack, _ := f.startLogin(t, euUser) // another browser's login

	for _, q := range []string{"state=garbage", "", "error=access_denied&state=garbage", otherBack.RawQuery} {
		u := *back
		u.RawQuery = q
		status, body, resp := f.callback(t, &u, cookie)
		assert.Contains(t, []int{http.StatusBadRequest, http.StatusForbidden}, status, body)
		for _, c := range resp.Cookies() {
			assert.NotEqual(t, weblogin.DefaultCookieName, c.Name, "%q touched the login cookie: %v", q, resp.Header.Values("Set-Cookie"))
		}
	}
	assert.Empty(t, f.loggedIn())

	status, body, resp := f.callback(t, back, cookie)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "welcome "+usUser, body)
	cleared := loginCookie(t, resp)
	assert.True(t, cleared.MaxAge < 0, "the answer for this browser's login ends it")

	// A used state is this browser's too: its replay clears the cookie
	// again, and is refused.
	status, _, resp = f.callback(t, back, cookie)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.True(t, loginCookie(t, resp).MaxAge < 0)
}
