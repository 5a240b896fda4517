package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/weblogin"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func headless(t *testing.T) context.Context { return testenv.Headless(t) }

func step(t *testing.T, ctx context.Context) context.Context { return testenv.Step(t, ctx) }

func browser(t *testing.T, root context.Context) context.Context { return testenv.Browser(t, root) }

// toConsentPage opens the app, clicks "Login with Zoho" and waits for the
// emulator's consent page; it returns the page's URL.
func toConsentPage(t *testing.T, ctx context.Context, appURL string) *url.URL {
	t.Helper()
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(appURL+"/")))
	_, err := chromedp.RunResponse(step(t, ctx), chromedp.Click(chromedp.ID("login")))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.WaitVisible(chromedp.ID("email"))))
	loc, err := chromedp.Run(step(t, ctx), chromedp.Location())
	require.NoError(t, err)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	return u
}

// signIn fills in the consent page and clicks Accept; it returns the page
// the browser lands on, with its status, and the time from the click to
// that page.
func signIn(t *testing.T, ctx context.Context, email string) (int, time.Duration) {
	t.Helper()
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.SendKeys(chromedp.ID("email"), email)))
	start := time.Now()
	resp, err := chromedp.RunResponse(step(t, ctx), chromedp.Click(chromedp.ID("accept")))
	require.NoError(t, err)
	return int(resp.Status), time.Since(start)
}

// cookieNamed returns the browser's cookie of that name for url, or nil.
func cookieNamed(t *testing.T, ctx context.Context, url, name string) *network.Cookie {
	t.Helper()
	cookies, err := chromedp.Run(step(t, ctx), func(ctx context.Context, target *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, target, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
		return res.Cookies, err
	})
	require.NoError(t, err)
	for _, c := range cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	s, err := chromedp.Run(step(t, ctx), chromedp.Text(chromedp.ID(id)))
	require.NoError(t, err)
	return s
}

func leadsShownIn(t *testing.T, ctx context.Context) []string {
	t.Helper()
	leads, err := chromedp.Run(step(t, ctx), chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#leads li.lead"), li => li.textContent)`))
	require.NoError(t, err)
	return leads
}

func reload(t *testing.T, ctx context.Context, app *testApp) int {
	t.Helper()
	resp, err := chromedp.Run(step(t, ctx), chromedp.NavigateResponse(app.URL+"/"))
	require.NoError(t, err)
	return int(resp.Status)
}

// perDC reads one counter of every data centre.
func perDC(app *testApp, counter func(zohotest.Counters) int) map[string]int {
	out := map[string]int{}
	for loc, c := range app.emu.Zoho.Counters() {
		out[loc] = counter(c)
	}
	return out
}

func apiRequests(c zohotest.Counters) int    { return c.APIRequests }
func grantExchanges(c zohotest.Counters) int { return c.GrantExchanges }
func refreshes(c zohotest.Counters) int      { return c.Refreshes }
func tokenRequests(c zohotest.Counters) int  { return c.TokenRequests }

// Two users of two data centres log in to the one app by clicking through
// the emulator's consent page, in browsers of their own. Each sees their
// own name and leads; the per-DC counters show each exchange, a refresh
// forced by the emulator's clock and every API call in the user's own DC.
func TestBrowserLoginTwoUsersOfTwoDataCenters(t *testing.T) {
	app := startApp(t)
	root := headless(t)
	leads := map[string][]string{}
	for loc, rows := range demoLeads {
		for _, r := range rows {
			leads[loc] = append(leads[loc], r["First_Name"].(string)+" "+r["Last_Name"].(string)+" ("+r["Company"].(string)+")")
		}
	}

	browsers := map[string]context.Context{}
	for _, u := range app.emu.Users {
		ctx := browser(t, root)
		browsers[u.Location] = ctx
		other := map[string]string{"us": "eu", "eu": "us"}[u.Location]
		apiBefore, tokensBefore := perDC(app, apiRequests), perDC(app, tokenRequests)

		consent := toConsentPage(t, ctx, app.URL)
		assert.True(t, strings.HasPrefix(consent.String(), app.emu.Zoho.DC("us").AccountsURL+"/oauth/v2/auth"),
			"every login starts at the app's data centre: %s", consent)
		login := cookieNamed(t, ctx, app.URL+"/oauth/callback", weblogin.DefaultCookieName)
		require.NotNil(t, login, "the browser holds the login cookie")
		assert.True(t, login.HTTPOnly)
		assert.Equal(t, network.CookieSameSiteLax, login.SameSite)
		assert.Equal(t, "/oauth/callback", login.Path)
		assert.Nil(t, cookieNamed(t, ctx, app.URL+"/", weblogin.DefaultCookieName), "sent to the callback only")
		status, elapsed := signIn(t, ctx, u.Email)
		require.Equal(t, http.StatusOK, status)
		t.Logf("login round trip of %s (%s data centre), from the Accept click to the app's page: %d ms", u.Email, u.Location, elapsed.Milliseconds())

		assert.Equal(t, u.Name, text(t, ctx, "user-name"))
		assert.Equal(t, u.Email, text(t, ctx, "user-email"))
		assert.Equal(t, u.Location, text(t, ctx, "user-dc"))
		assert.ElementsMatch(t, leads[u.Location], leadsShownIn(t, ctx), "each user sees their own org's leads")
		loc, err := chromedp.Run(step(t, ctx), chromedp.Location())
		require.NoError(t, err)
		assert.Equal(t, app.URL+"/", loc, "the app moved the browser off the callback URL and its code")
		assert.Nil(t, cookieNamed(t, ctx, app.URL+"/oauth/callback", weblogin.DefaultCookieName), "the callback deleted the login cookie")
		session := cookieNamed(t, ctx, app.URL+"/", sessionCookie)
		require.NotNil(t, session)
		assert.True(t, session.HTTPOnly)
		assert.Equal(t, network.CookieSameSiteLax, session.SameSite)

		assert.Equal(t, 1, perDC(app, grantExchanges)[u.Location], "the code was exchanged in the user's data centre")
		api, tokens := perDC(app, apiRequests), perDC(app, tokenRequests)
		assert.Greater(t, api[u.Location], apiBefore[u.Location], "the leads came from the user's data centre")
		assert.Equal(t, apiBefore[other], api[other], "no API call went to the other data centre")
		assert.Equal(t, tokensBefore[other], tokens[other], "no token request went to the other data centre")
	}
	assert.Equal(t, map[string]int{"us": 1, "eu": 1}, perDC(app, grantExchanges))
	assert.Equal(t, map[string]int{"us": 0, "eu": 0}, perDC(app, refreshes))
	assert.ElementsMatch(t, []string{"p.boyle@zylker.com", "k.becker@zylker.eu"}, app.storedUsers(t))

	// An hour and a bit later, on the emulator's clock (the SDK reads it
	// too), both access tokens have expired: each page load refreshes its
	// user's token in that user's data centre, and only there.
	app.emu.Zoho.Advance(time.Hour + time.Minute)
	for _, u := range app.emu.Users {
		ctx := browsers[u.Location]
		other := map[string]string{"us": "eu", "eu": "us"}[u.Location]
		before, apiBefore := perDC(app, refreshes), perDC(app, apiRequests)
		require.Equal(t, http.StatusOK, reload(t, ctx, app))
		assert.Equal(t, u.Name, text(t, ctx, "user-name"))
		assert.ElementsMatch(t, leads[u.Location], leadsShownIn(t, ctx))
		after, api := perDC(app, refreshes), perDC(app, apiRequests)
		assert.Equal(t, before[u.Location]+1, after[u.Location], "one refresh, in the user's data centre")
		assert.Equal(t, before[other], after[other])
		assert.Greater(t, api[u.Location], apiBefore[u.Location])
		assert.Equal(t, apiBefore[other], api[other])
	}
	assert.Equal(t, map[string]int{"us": 1, "eu": 1}, perDC(app, refreshes))
	for loc, c := range app.emu.Zoho.Counters() {
		assert.Zero(t, c.SecretsInQuery, "a secret in a query string, in %s", loc)
	}
}

// A tampered state, a Reject click and a callback naming a foreign
// accounts server each end on the app's error page, with nothing stored
// and nothing sent where it should not go.
func TestBrowserFailedLogins(t *testing.T) {
	app := startApp(t)
	root := headless(t)
	const email = "m.rossi@zylker.eu"
	app.emu.Zoho.AddUser("eu", zohotest.User{FirstName: "Maria", LastName: "Rossi", Email: email})

	var reached atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		http.Error(w, "not Zoho", http.StatusTeapot)
	}))
	defer foreign.Close()

	errorPage := func(t *testing.T, ctx context.Context) (string, string) {
		t.Helper()
		require.NoError(t, chromedp.Do(step(t, ctx), chromedp.WaitVisible(chromedp.ID("login-error"))))
		html, err := chromedp.Run(step(t, ctx), chromedp.OuterHTML(chromedp.CSS("html")))
		require.NoError(t, err)
		return text(t, ctx, "login-error-message"), html
	}

	for _, tc := range []struct {
		name    string
		run     func(t *testing.T, ctx context.Context) (status int, code string)
		status  int
		message string
		// ours: the answer was for this browser's login, which it ends;
		// any other leaves the login cookie for the login in progress.
		ours bool
	}{
		{"a tampered state", func(t *testing.T, ctx context.Context) (int, string) {
			consent := toConsentPage(t, ctx, app.URL)
			q := consent.Query()
			state := []byte(q.Get("state"))
			state[10] ^= 'A' ^ 'B' // stays URL-safe base64 for A and B; either way not ours
			q.Set("state", string(state))
			consent.RawQuery = q.Encode()
			require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(consent.String()), chromedp.WaitVisible(chromedp.ID("email"))))
			status, _ := signIn(t, ctx, email)
			return status, ""
		}, http.StatusForbidden, "does not belong to a login this site started", false},
		{"a Reject click", func(t *testing.T, ctx context.Context) (int, string) {
			toConsentPage(t, ctx, app.URL)
			require.NoError(t, chromedp.Do(step(t, ctx), chromedp.SendKeys(chromedp.ID("email"), email)))
			resp, err := chromedp.RunResponse(step(t, ctx), chromedp.Click(chromedp.ID("reject")))
			require.NoError(t, err)
			return int(resp.Status), ""
		}, http.StatusForbidden, "rejected on Zoho's page", true},
		{"a callback naming a foreign accounts server", func(t *testing.T, ctx context.Context) (int, string) {
			// The browser holds a real login cookie and state; the redirect
			// back names an accounts server of someone else's.
			consent := toConsentPage(t, ctx, app.URL)
			code := app.emu.Zoho.GrantToken(app.emu.Config.ClientID, email, scopes...)
			forged := url.Values{
				"code":            {code},
				"location":        {"eu"},
				"accounts-server": {foreign.URL},
				"state":           {consent.Query().Get("state")},
			}
			resp, err := chromedp.Run(step(t, ctx), chromedp.NavigateResponse(app.URL+"/oauth/callback?"+forged.Encode()))
			require.NoError(t, err)
			return int(resp.Status), code
		}, http.StatusForbidden, "not Zoho's. Nothing was sent to it.", true},
		{"a callback whose location is another data centre's", func(t *testing.T, ctx context.Context) (int, string) {
			// Both are Zoho's (emulated), but not the same data centre: told
			// apart from an accounts server that is not Zoho's.
			consent := toConsentPage(t, ctx, app.URL)
			code := app.emu.Zoho.GrantToken(app.emu.Config.ClientID, email, scopes...)
			forged := url.Values{
				"code":            {code},
				"location":        {"us"},
				"accounts-server": {app.emu.Zoho.DC("eu").AccountsURL},
				"state":           {consent.Query().Get("state")},
			}
			resp, err := chromedp.Run(step(t, ctx), chromedp.NavigateResponse(app.URL+"/oauth/callback?"+forged.Encode()))
			require.NoError(t, err)
			return int(resp.Status), code
		}, http.StatusForbidden, "does not match its accounts server", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browser(t, root)
			exchanges, tokens := perDC(app, grantExchanges), perDC(app, tokenRequests)
			status, code := tc.run(t, ctx)
			assert.Equal(t, tc.status, status)
			message, html := errorPage(t, ctx)
			assert.Contains(t, message, tc.message)
			assert.Equal(t, exchanges, perDC(app, grantExchanges), "no code was exchanged")
			assert.Equal(t, tokens, perDC(app, tokenRequests), "nothing was sent to any accounts server")
			assert.Empty(t, app.storedUsers(t), "nothing was stored")
			if code != "" {
				assert.NotContains(t, html, code)
			}
			for _, secret := range app.emu.Config.ClientSecrets {
				assert.NotContains(t, html, secret)
			}
			assert.Equal(t, "Sign in again", text(t, ctx, "login-again"), "every error page offers to sign in again")
			login := cookieNamed(t, ctx, app.URL+"/oauth/callback", weblogin.DefaultCookieName)
			if tc.ours {
				// The login cookie is gone: the answer cannot be replayed from here.
				assert.Nil(t, login)
			} else {
				assert.NotNil(t, login, "an answer for another login leaves this browser's")
			}
			assert.Nil(t, cookieNamed(t, ctx, app.URL+"/", sessionCookie), "no session")
		})
	}
	assert.Zero(t, reached.Load(), "the foreign accounts server was never contacted")
	assert.Equal(t, 1, app.emu.Zoho.Counters()["us"].ConsentsRejected)
	assert.Empty(t, app.storedUsers(t))
}
