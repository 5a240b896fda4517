package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/weblogin"
)

// logIn signs email in to the app in the browser of ctx.
func logIn(t *testing.T, ctx context.Context, app *testApp, email string) {
	t.Helper()
	toConsentPage(t, ctx, app.URL)
	status, _ := signIn(t, ctx, email)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, email, text(t, ctx, "user-email"))
}

// attacker serves pages of another origin of the same site as the app
// (127.0.0.1, another port): the browser sends the app's SameSite=Lax
// cookies with their top-level posts.
func attacker(t *testing.T, app *testApp) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/post":
			// A prize button that is the app's Disconnect (or Log out).
			fmt.Fprintf(w, `<!DOCTYPE html><form method="post" action="%s%s"><button id="prize" type="submit">Claim your prize</button></form>`,
				app.URL, r.URL.Query().Get("to"))
		case "/frame":
			fmt.Fprintf(w, `<!DOCTYPE html><p>Click the button in the box</p><iframe id="frame" onload="window.frameDone = true" src="%s/"></iframe>`, app.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	require.Equal(t, hostOf(t, app.URL), hostOf(t, srv.URL), "same site: same host, another port")
	return srv.URL
}

func hostOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Hostname()
}

// A page of the same site (the app's host, another port) posts /disconnect
// and /logout for a signed-in user: both are refused, and the user stays
// connected and signed in. SameSite=Lax was all there was, and it lets
// same-site posts carry the session cookie.
func TestBrowserSameSitePageCannotDisconnectOrLogOut(t *testing.T) {
	app := startApp(t)
	evil := attacker(t, app)
	ctx := browser(t, headless(t))
	const email = "p.boyle@zylker.com"
	logIn(t, ctx, app, email)

	for _, route := range []string{"/disconnect", "/logout"} {
		require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(evil+"/post?to="+route), chromedp.WaitVisible(chromedp.ID("prize"))))
		resp, err := chromedp.RunResponse(step(t, ctx), chromedp.Click(chromedp.ID("prize")))
		require.NoError(t, err)
		assert.Equal(t, http.StatusForbidden, int(resp.Status), "%s posted from %s", route, evil)
		assert.Contains(t, text(t, ctx, "login-error-message"), "another site or origin, and was refused")

		assert.Equal(t, []string{email}, app.storedUsers(t), "the tokens are still stored")
		assert.Zero(t, app.emu.Zoho.Counters()["us"].Revocations, "nothing was revoked")
		require.Equal(t, http.StatusOK, reload(t, ctx, app))
		assert.Equal(t, email, text(t, ctx, "user-email"), "still signed in after %s", route)
	}

	// The app's own buttons still work.
	_, err := chromedp.RunResponse(step(t, ctx), chromedp.Click(chromedp.ID("disconnect")))
	require.NoError(t, err)
	assert.Empty(t, app.storedUsers(t))
	assert.Equal(t, 1, app.emu.Zoho.Counters()["us"].Revocations)
	assert.Contains(t, app.log.String(), "refused POST /disconnect from another origin")
}

// No page of the app shows inside another site's frame, where a user could
// be made to click Disconnect.
func TestBrowserAppIsNotFramed(t *testing.T) {
	app := startApp(t)
	evil := attacker(t, app)
	ctx := browser(t, headless(t))
	logIn(t, ctx, app, "p.boyle@zylker.com")

	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(evil+"/frame"), chromedp.WaitReady(chromedp.ID("frame"))))
	// The frame's load event fires, blocked or not: wait on it, not a clock.
	_, err := chromedp.Run(step(t, ctx), chromedp.Poll[bool]("window.frameDone === true"))
	require.NoError(t, err)
	res, err := chromedp.Run(step(t, ctx), func(ctx context.Context, target *chromedp.Target) (page.GetFrameTreeResult, error) {
		return cdp.Call(ctx, target, page.GetFrameTree, cdp.Empty{})
	})
	require.NoError(t, err)
	tree := res.FrameTree
	require.Len(t, tree.ChildFrames, 1)
	frame := tree.ChildFrames[0].Frame
	t.Logf("the frame: URL %q, unreachable URL %q", frame.URL, frame.UnreachableURL)
	assert.False(t, strings.HasPrefix(frame.URL, app.URL), "the app's page loaded in the frame: %s", frame.URL)

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/", "/login", "/oauth/callback?state=x"} {
		resp, err := noFollow.Get(app.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, "frame-ancestors 'none'", resp.Header.Get("Content-Security-Policy"), path)
		assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"), path)
	}
}

// A failed callback reached by a top-level navigation (a link to
// /oauth/callback?state=garbage on any page) shows the app's error page
// and leaves the login in progress in the same browser: it still
// completes. The failed callback used to delete the login cookie.
func TestBrowserFailedCallbackKeepsTheLoginInProgress(t *testing.T) {
	app := startApp(t)
	ctx := browser(t, headless(t))
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(app.URL+"/")))
	homeStyle, err := chromedp.Run(step(t, ctx), chromedp.Evaluate[string](`document.querySelector("style").textContent`))
	require.NoError(t, err)

	consent := toConsentPage(t, ctx, app.URL)
	resp, err := chromedp.Run(step(t, ctx), chromedp.NavigateResponse(app.URL+"/oauth/callback?state=garbage"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, int(resp.Status))
	assert.Contains(t, text(t, ctx, "login-error-message"), "does not belong to a login this site started")
	assert.Equal(t, "Sign in again", text(t, ctx, "login-again"))
	style, err := chromedp.Run(step(t, ctx), chromedp.Evaluate[string](`document.querySelector("style").textContent`))
	require.NoError(t, err)
	assert.Equal(t, homeStyle, style, "the error page has the app's look")
	assert.NotNil(t, cookieNamed(t, ctx, app.URL+"/oauth/callback", weblogin.DefaultCookieName), "the login cookie stays")

	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(consent.String()), chromedp.WaitVisible(chromedp.ID("email"))))
	status, _ := signIn(t, ctx, "k.becker@zylker.eu")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "k.becker@zylker.eu", text(t, ctx, "user-email"), "the login in progress completed")
}

// After a Disconnect in one session, the user's other sessions (another
// browser) see that the app must be connected again, and how, not an
// SDK error naming a Go function.
func TestBrowserOtherSessionsAfterADisconnect(t *testing.T) {
	app := startApp(t)
	root := headless(t)
	const email = "p.boyle@zylker.com"
	first, second := browser(t, root), browser(t, root)
	logIn(t, first, app, email)
	logIn(t, second, app, email)

	_, err := chromedp.RunResponse(step(t, first), chromedp.Click(chromedp.ID("disconnect")))
	require.NoError(t, err)
	require.Empty(t, app.storedUsers(t))

	require.Equal(t, http.StatusOK, reload(t, second, app))
	notice := text(t, second, "disconnected")
	assert.Contains(t, notice, "no longer connected to your Zoho CRM")
	assert.Contains(t, notice, "connect again")
	assert.Equal(t, "Login with Zoho", text(t, second, "login"))
	html, err := chromedp.Run(step(t, second), chromedp.OuterHTML(chromedp.CSS("html")))
	require.NoError(t, err)
	for _, leak := range []string{"Client.", "GenerateTokens", "zcrm:", "ForUser"} {
		assert.NotContains(t, html, leak)
	}
	assert.Nil(t, cookieNamed(t, second, app.URL+"/", sessionCookie), "the session without tokens is over")

	// Connecting again works from there.
	logIn(t, second, app, email)
	assert.Equal(t, []string{email}, app.storedUsers(t))
}
