package zohotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// These tests speak to a MultiDC over its sockets with plain net/http, as
// an application and a browser would.

func newMultiDC(t testing.TB, opts ...Option) *MultiDC {
	t.Helper()
	m := NewMultiDC(opts...)
	t.Cleanup(m.Close)
	return m
}

// noRedirects is a client that stops at a 302, so a test reads Location.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func tokenRequest(t testing.TB, accounts string, form url.Values) tokenAnswer {
	t.Helper()
	_, _, body := postForm(t, accounts+"/oauth/v2/token", form)
	var ta tokenAnswer
	require.NoError(t, json.Unmarshal(body, &ta), "body %s", body)
	return ta
}

func exchangeAt(t testing.TB, accounts, clientID, secret, redirect, code string) tokenAnswer {
	t.Helper()
	return tokenRequest(t, accounts, url.Values{
		"grant_type": {"authorization_code"}, "client_id": {clientID}, "client_secret": {secret},
		"redirect_uri": {redirect}, "code": {code},
	})
}

func refreshAt(t testing.TB, accounts, clientID, secret, rt string) tokenAnswer {
	t.Helper()
	return tokenRequest(t, accounts, url.Values{
		"grant_type": {"refresh_token"}, "client_id": {clientID}, "client_secret": {secret}, "refresh_token": {rt},
	})
}

// getWith sends GET with the access token and returns status and body.
func getWith(t testing.TB, u, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func TestMultiDCServesEachDCOnItsOwnAddresses(t *testing.T) {
	m := newMultiDC(t)
	dcs := m.DataCenters()
	require.Len(t, dcs, 3)
	seen := map[string]bool{}
	for i, want := range []string{"us", "eu", "in"} {
		dc := dcs[i]
		assert.Equal(t, want, dc.Location)
		assert.NotEmpty(t, dc.Name)
		for _, u := range []string{dc.AccountsURL, dc.APIURL} {
			assert.True(t, strings.HasPrefix(u, "http://127.0.0.1:"), u)
			assert.False(t, seen[u], "%s is used twice", u)
			seen[u] = true
		}
		s := m.DC(want)
		assert.Equal(t, dc, s.DataCenter())
		assert.Empty(t, s.URL, "a DC has two addresses, not one")

		// The accounts address serves /oauth/ only, the API address /crm/ only.
		status, _ := getWith(t, dc.AccountsURL+"/crm/v8/org", "")
		assert.Equal(t, http.StatusNotFound, status)
		status, _ = getWith(t, dc.APIURL+"/oauth/user/info", "")
		assert.Equal(t, http.StatusNotFound, status)
		assert.Zero(t, s.Counters().APIRequests, "a /crm/ path at the accounts address counts nowhere")
		assert.Zero(t, s.Counters().UserInfoCalls)
		status, _ = getWith(t, dc.APIURL+"/crm/v8/org", "")
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, 1, s.Counters().APIRequests)
	}
	assert.Panics(t, func() { m.DC("au") })

	// Each DC is an org of its own with its own administrator.
	assert.NotEqual(t, m.DC("us").Org().ID, m.DC("eu").Org().ID)
	assert.Equal(t, "p.boyle@zylker.com", m.DC("us").Admin().Email)
	assert.Equal(t, "k.becker@zylker.eu", m.DC("eu").Admin().Email)
	_, ok := m.DC("us").User("k.becker@zylker.eu")
	assert.False(t, ok, "a user lives in one DC")
	u, dc, ok := m.User("k.becker@zylker.eu")
	require.True(t, ok)
	assert.Equal(t, "eu", dc.Location)
	assert.Equal(t, "Klaus", u.FirstName)
}

func TestMultiDCServesAnyOfZohosDataCentres(t *testing.T) {
	all := []string{"us", "eu", "in", "au", "jp", "ca", "sa", "cn"}
	m := newMultiDC(t, WithDataCenters(all...))
	for _, loc := range all {
		s := m.DC(loc)
		code := m.GrantToken(m.ClientID, s.Admin().Email)
		tok := exchangeAt(t, s.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, code)
		require.Empty(t, tok.Error, loc)
		assert.Equal(t, s.APIURL, tok.APIDomain, loc)
	}
	_, err := StartMultiDC(WithDataCenters("us", "xx", "eu", "US"))
	assert.EqualError(t, err, "WithDataCenters: \"xx\" is not one of Zoho's data centres (us eu in au jp ca sa cn)\n\"us\" is given twice")
	_, err = StartMultiDC(WithDataCenters())
	assert.EqualError(t, err, "WithDataCenters: name at least one data centre")
	assert.PanicsWithValue(t, `zohotest: WithDataCenters: "xx" is not one of Zoho's data centres (us eu in au jp ca sa cn)`, func() { NewMultiDC(WithDataCenters("xx")) })
	assert.Panics(t, func() { NewServer(WithDataCenters("xx")) })
	assert.Panics(t, func() { NewServer(WithDataCenters("us", "eu")) }, "NewServer serves one DC")

	one := newServer(t, WithDataCenters("EU"))
	assert.Equal(t, "eu", one.Location)
	assert.Equal(t, "k.becker@zylker.eu", one.Admin().Email)
}

func TestMultiDCTokensAreValidOnlyInTheirDC(t *testing.T) {
	m := newMultiDC(t)
	us, eu := m.DC("us"), m.DC("eu")
	hans := m.AddUser("eu", User{FirstName: "Hans", LastName: "Müller", Email: "hans@zylker.eu"})
	scopes := "ZohoCRM.modules.ALL,ZohoCRM.users.READ,AaaServer.profile.READ"

	code := m.GrantToken(m.ClientID, hans.Email, scopes)
	wrong := exchangeAt(t, us.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, code)
	assert.Equal(t, "invalid_code", wrong.Error, "an EU grant code is unknown at the US accounts server")
	assert.Empty(t, wrong.AccessToken)

	code = m.GrantToken(m.ClientID, hans.Email, scopes)
	tok := exchangeAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, code)
	require.Empty(t, tok.Error)
	assert.Equal(t, eu.APIURL, tok.APIDomain, "the token answer names the DC's API")

	// The access token works at its DC's API and nowhere else.
	status, body := getWith(t, us.APIURL+"/crm/v8/users?type=CurrentUser", tok.AccessToken)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, string(body), `"INVALID_TOKEN"`)
	status, body = getWith(t, eu.APIURL+"/crm/v8/users?type=CurrentUser", tok.AccessToken)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), hans.Email)

	// User info, refresh and revoke: at the user's accounts server only.
	status, _ = getWith(t, us.AccountsURL+"/oauth/user/info", tok.AccessToken)
	assert.Equal(t, http.StatusUnauthorized, status)
	status, body = getWith(t, eu.AccountsURL+"/oauth/user/info", tok.AccessToken)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(body), `"Email":"hans@zylker.eu"`)

	assert.Equal(t, "invalid_code", refreshAt(t, us.AccountsURL, m.ClientID, m.ClientSecret, tok.RefreshToken).Error)
	again := refreshAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, tok.RefreshToken)
	require.Empty(t, again.Error)
	assert.Equal(t, eu.APIURL, again.APIDomain)

	status, _, _ = postForm(t, us.AccountsURL+"/oauth/v2/token/revoke", url.Values{"token": {tok.RefreshToken}})
	assert.Equal(t, http.StatusBadRequest, status)
	status, _, _ = postForm(t, eu.AccountsURL+"/oauth/v2/token/revoke", url.Values{"token": {tok.RefreshToken}})
	assert.Equal(t, http.StatusOK, status)

	// Every call above is counted in the DC it went to.
	c := m.Counters()
	assert.Equal(t, 1, c["eu"].GrantExchanges)
	assert.Equal(t, 1, c["eu"].Refreshes)
	assert.Equal(t, 1, c["eu"].UserInfoCalls)
	assert.Equal(t, 1, c["eu"].Revocations)
	assert.Equal(t, 1, c["eu"].APIRequests)
	assert.Equal(t, 0, c["us"].GrantExchanges)
	assert.Equal(t, 1, c["us"].GrantFailures)
	assert.Equal(t, 1, c["us"].RefreshFailures)
	assert.Equal(t, 1, c["us"].UserInfoCalls)
	assert.Equal(t, 0, c["us"].Revocations)
	assert.Equal(t, 1, c["us"].APIRequests)
	assert.Equal(t, Counters{APIRequestsBy: map[string]int{}}, c["in"], "nothing went to IN")
	m.ResetCounters()
	assert.Zero(t, m.Counters()["eu"].TokenRequests)
}

func TestMultiDCClientSecrets(t *testing.T) {
	m := newMultiDC(t)
	us, eu, in := m.DC("us"), m.DC("eu"), m.DC("in")

	// One secret for every DC: the default client.
	for _, s := range []*Server{us, eu, in} {
		tok := exchangeAt(t, s.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, m.GrantToken(m.ClientID, s.Admin().Email))
		assert.Empty(t, tok.Error, s.Location)
	}

	// A secret per DC, enabled in US and EU only.
	c := m.RegisterClient(MultiDCClient{RedirectURI: "http://127.0.0.1:1/cb", PerDCSecrets: true, Secrets: map[string]string{"eu": "eu-secret"}, Locations: []string{"us", "eu"}})
	require.Len(t, c.Secrets, 2)
	assert.Equal(t, "eu-secret", c.Secrets["eu"])
	assert.NotEmpty(t, c.Secrets["us"])
	assert.NotEqual(t, c.Secrets["us"], c.Secrets["eu"])
	assert.Equal(t, []string{"us", "eu"}, c.Locations)

	euCode := func() string { return m.GrantToken(c.ID, eu.Admin().Email) }
	assert.Equal(t, "invalid_client", exchangeAt(t, eu.AccountsURL, c.ID, c.Secrets["us"], c.RedirectURI, euCode()).Error,
		"the US secret sent to the EU accounts server")
	assert.Equal(t, "invalid_client_secret", exchangeAt(t, eu.AccountsURL, c.ID, "not-a-secret", c.RedirectURI, euCode()).Error)
	tok := exchangeAt(t, eu.AccountsURL, c.ID, c.Secrets["eu"], c.RedirectURI, euCode())
	require.Empty(t, tok.Error)
	assert.Equal(t, "invalid_client", refreshAt(t, eu.AccountsURL, c.ID, c.Secrets["us"], tok.RefreshToken).Error)
	assert.Empty(t, refreshAt(t, eu.AccountsURL, c.ID, c.Secrets["eu"], tok.RefreshToken).Error)

	// Not enabled in IN: the client is unknown there.
	assert.Equal(t, "invalid_client", refreshAt(t, in.AccountsURL, c.ID, c.Secrets["us"], "1000.x.y").Error)
	assert.Panics(t, func() { m.GrantToken(c.ID, in.Admin().Email) })
	assert.Panics(t, func() { m.RegisterClient(MultiDCClient{Locations: []string{"jp"}}) })

	m.SetRedirectURI(c.ID, "http://127.0.0.1:2/callback")
	for _, s := range []*Server{us, eu} {
		got, _ := s.client(c.ID)
		assert.Equal(t, "http://127.0.0.1:2/callback", got.RedirectURI)
	}
	m.SetRedirectURI(m.ClientID, "http://127.0.0.1:3/callback")
	assert.Equal(t, "http://127.0.0.1:3/callback", m.RedirectURI)
	assert.Panics(t, func() { m.SetRedirectURI("1000.NOPE", "http://x/") })
}

func TestMultiDCSharesOneClock(t *testing.T) {
	m := newMultiDC(t, WithFrozenClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)))
	var tokens []string
	for _, dc := range m.DataCenters() {
		at, _ := m.IssueTokens(m.ClientID, m.DC(dc.Location).Admin().Email)
		tokens = append(tokens, at)
		assert.True(t, m.DC(dc.Location).Now().Equal(m.Now()))
	}
	check := func(want int, why string) {
		t.Helper()
		for i, dc := range m.DataCenters() {
			status, _ := getWith(t, dc.APIURL+"/crm/v8/org", tokens[i])
			assert.Equal(t, want, status, "%s: %s", dc.Location, why)
		}
	}
	check(http.StatusOK, "fresh")
	m.Advance(59 * time.Minute)
	check(http.StatusOK, "59 minutes on")
	m.DC("eu").Advance(time.Minute) // one DC's clock is every DC's
	check(http.StatusUnauthorized, "an hour on")
	m.SetNow(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	check(http.StatusOK, "back at the start")
	m.ExpireAccessTokens()
	check(http.StatusUnauthorized, "ExpireAccessTokens covers every DC")
}

func TestRevokeAccessTokensOfAUser(t *testing.T) {
	m := newMultiDC(t)
	eu := m.DC("eu")
	hans := m.AddUser("eu", User{LastName: "Müller", Email: "hans@zylker.eu"})
	a1, rt1 := m.IssueTokens(m.ClientID, hans.Email)
	a2, _ := m.IssueTokens(m.ClientID, hans.Email)
	other, _ := m.IssueTokens(m.ClientID, eu.Admin().Email)

	assert.Equal(t, 2, m.RevokeAccessTokens(hans.Email))
	for _, at := range []string{a1, a2} {
		status, _ := getWith(t, eu.APIURL+"/crm/v8/org", at)
		assert.Equal(t, http.StatusUnauthorized, status)
	}
	status, _ := getWith(t, eu.APIURL+"/crm/v8/org", other)
	assert.Equal(t, http.StatusOK, status, "another user's token stays good")
	fresh := refreshAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, rt1)
	require.Empty(t, fresh.Error, "refresh tokens stay good")
	status, _ = getWith(t, eu.APIURL+"/crm/v8/org", fresh.AccessToken)
	assert.Equal(t, http.StatusOK, status)
	info, _ := eu.RefreshTokenInfo(rt1)
	assert.Equal(t, 1, info.ActiveAccessTokens)
	assert.Equal(t, 1, m.RevokeAccessTokens(hans.Email), "the fresh one")
	assert.Equal(t, 0, m.RevokeAccessTokens(hans.Email), "nothing left")
	assert.Panics(t, func() { m.RevokeAccessTokens("nobody@x.com") })

	// The single-DC server has it too.
	s := newServer(t)
	at, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	assert.Equal(t, 1, s.RevokeAccessTokens(s.Admin().Email))
	status, _ = getWith(t, s.URL+"/crm/v8/org", at)
	assert.Equal(t, http.StatusUnauthorized, status)
}

func TestMultiDCUserLivesInOneDC(t *testing.T) {
	m := newMultiDC(t)
	m.AddUser("in", User{LastName: "Rao", Email: "rao@zylker.in"})
	assert.PanicsWithValue(t, "zohotest: AddUser: a user with email RAO@zylker.in exists already, in data centre in", func() {
		m.AddUser("us", User{LastName: "Rao", Email: "RAO@zylker.in"})
	})
	assert.Panics(t, func() { m.AddUser("jp", User{Email: "x@y.jp"}) })

	// Nor through the API of another DC.
	us := m.DC("us")
	at, _ := us.IssueTokens(m.ClientID, us.Admin().Email)
	a := &api{t: t, s: &Server{URL: us.APIURL}, token: at, version: "v8"}
	ans := a.do("POST", "users", map[string]any{"users": []map[string]any{{
		"last_name": "Rao", "email": "rao@zylker.in", "role": us.Admin().Role.ID, "profile": us.Admin().Profile.ID,
	}}})
	assert.Contains(t, string(ans.body), "DUPLICATE_DATA")
	ans = a.do("POST", "users", map[string]any{"users": []map[string]any{{
		"last_name": "Rao", "email": "rao@zylker.com", "role": us.Admin().Role.ID, "profile": us.Admin().Profile.ID,
	}}})
	assert.Contains(t, string(ans.body), `"SUCCESS"`)

	// Records seeded in one DC are that DC's alone.
	ids := m.DC("in").Records("Leads").Insert(map[string]any{"Last_Name": "Iyer", "Company": "Zylker"})
	require.Len(t, ids, 1)
	assert.Equal(t, 1, m.DC("in").Records("Leads").Len())
	assert.Equal(t, 0, m.DC("us").Records("Leads").Len())
	at, _ = m.IssueTokens(m.ClientID, "rao@zylker.in")
	status, body := getWith(t, m.DC("in").APIURL+"/crm/v8/Leads?fields=Last_Name", at)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(body), ids[0])
}

func TestServerInfoListsTheDCs(t *testing.T) {
	m := newMultiDC(t, WithDataCenters("us", "eu", "cn"))
	var info struct {
		Result    string            `json:"result"`
		Locations map[string]string `json:"locations"`
	}
	status, body := getWith(t, m.DC("us").AccountsURL+"/oauth/serverinfo", "")
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &info))
	assert.Equal(t, "success", info.Result)
	assert.Equal(t, map[string]string{"us": m.DC("us").AccountsURL, "eu": m.DC("eu").AccountsURL}, info.Locations, "China is a world of its own")

	s := newServer(t)
	_, body = getWith(t, s.URL+"/oauth/serverinfo", "")
	info.Locations = nil
	require.NoError(t, json.Unmarshal(body, &info))
	assert.Equal(t, map[string]string{"us": s.URL}, info.Locations)
}

func TestSingleDCServerKeepsOneAddress(t *testing.T) {
	s := newServer(t)
	assert.Equal(t, "us", s.Location)
	assert.Equal(t, s.URL, s.AccountsURL)
	assert.Equal(t, s.URL, s.APIURL)
	assert.Equal(t, "p.boyle@zylker.com", s.Admin().Email)
	assert.Equal(t, "Zylker", s.Org().CompanyName)
	tok := exchangeCode(t, s, s.GrantToken(s.ClientID, s.Admin().Email))
	assert.Equal(t, s.URL, tok.APIDomain)
	assert.Panics(t, func() { s.Start() })
}

// browser is what a test needs of a web browser: it fetches a page, finds
// its form and posts it, clicking one of its buttons.
type browser struct {
	t testing.TB
}

type htmlForm struct {
	action  *url.URL
	method  string
	fields  url.Values
	buttons map[string][2]string // id -> name, value
	page    string
}

// open GETs u and returns the status, the page and its first form.
func (b browser) open(u string) (int, *htmlForm) {
	b.t.Helper()
	resp, err := noRedirects.Get(u)
	require.NoError(b.t, err)
	return b.read(resp)
}

func (b browser) read(resp *http.Response) (int, *htmlForm) {
	b.t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return resp.StatusCode, &htmlForm{page: string(body)}
	}
	return resp.StatusCode, parseForm(b.t, resp.Request.URL, string(body))
}

// submit fills the form's fields and clicks the button with that id: it
// posts as a browser does and returns the answer (not following a 302).
func (b browser) submit(f *htmlForm, button string, fill map[string]string) *http.Response {
	b.t.Helper()
	form := url.Values{}
	for k, v := range f.fields {
		form[k] = append([]string(nil), v...)
	}
	for k, v := range fill {
		form.Set(k, v)
	}
	btn, ok := f.buttons[button]
	require.True(b.t, ok, "no button %q on the page", button)
	form.Set(btn[0], btn[1])
	require.Equal(b.t, "post", f.method)
	resp, err := noRedirects.PostForm(f.action.String(), form)
	require.NoError(b.t, err)
	return resp
}

func parseForm(t testing.TB, base *url.URL, page string) *htmlForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	f := &htmlForm{fields: url.Values{}, buttons: map[string][2]string{}, page: page}
	attr := func(n *html.Node, key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	var walk func(n *html.Node, inForm bool)
	walk = func(n *html.Node, inForm bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "form":
				if f.action == nil {
					action, err := base.Parse(attr(n, "action"))
					require.NoError(t, err)
					f.action, f.method, inForm = action, strings.ToLower(attr(n, "method")), true
				}
			case "input":
				if inForm && attr(n, "name") != "" {
					f.fields.Set(attr(n, "name"), attr(n, "value"))
				}
			case "button":
				if inForm {
					f.buttons[attr(n, "id")] = [2]string{attr(n, "name"), attr(n, "value")}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm)
		}
	}
	walk(doc, false)
	return f
}

func authorizeURL(accounts string, q url.Values) string {
	return accounts + "/oauth/v2/auth?" + q.Encode()
}

func consentQuery(m *MultiDC, state string) url.Values {
	q := url.Values{
		"scope":         {"ZohoCRM.modules.ALL,ZohoCRM.users.READ,AaaServer.profile.READ"},
		"client_id":     {m.ClientID},
		"response_type": {"code"},
		"access_type":   {"offline"},
		"redirect_uri":  {m.RedirectURI},
		"prompt":        {"consent"},
	}
	if state != "" {
		q.Set("state", state)
	}
	return q
}

func TestConsentPageAcceptSendsTheUserBackWithTheirDC(t *testing.T) {
	m := newMultiDC(t)
	m.SetRedirectURI(m.ClientID, "http://127.0.0.1:9/app/callback?from=zoho")
	us, eu := m.DC("us"), m.DC("eu")
	hans := m.AddUser("eu", User{FirstName: "Hans", LastName: "Müller", Email: "hans@zylker.eu"})
	b := browser{t}

	// The login starts at the US accounts server, as an app configured for
	// the US does; the user is in the EU.
	status, form := b.open(authorizeURL(us.AccountsURL, consentQuery(m, "s t/a+te&1")))
	require.Equal(t, http.StatusOK, status, form.page)
	assert.Contains(t, form.page, "zohotest app")
	assert.Contains(t, form.page, "ZohoCRM.users.READ")
	assert.Contains(t, form.page, "AaaServer.profile.READ")
	assert.NotContains(t, form.page, m.ClientSecret)
	assert.Contains(t, form.buttons, "accept")
	assert.Contains(t, form.buttons, "reject")
	require.NotEmpty(t, form.fields.Get("consent_token"))
	assert.Equal(t, us.AccountsURL+"/oauth/v2/auth", form.action.String())

	resp := b.submit(form, "accept", map[string]string{"email": "HANS@zylker.eu"})
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc := resp.Header.Get("Location")
	raw := strings.TrimPrefix(loc, "http://127.0.0.1:9/app/callback?")
	require.NotEqual(t, loc, raw, loc)
	// URL-encoded as Zoho does: the accounts server's colon and slashes too.
	assert.Contains(t, raw, "accounts-server="+url.QueryEscape(eu.AccountsURL))
	assert.Contains(t, raw, "accounts-server=http%3A%2F%2F127.0.0.1%3A")
	assert.Contains(t, raw, "&location=eu&")
	assert.True(t, strings.HasPrefix(raw, "from=zoho&code=1000."), "the redirect URI's own query is kept: %s", raw)
	q, err := url.ParseQuery(raw)
	require.NoError(t, err)
	assert.Equal(t, "s t/a+te&1", q.Get("state"))
	assert.Equal(t, "eu", q.Get("location"))
	assert.Equal(t, eu.AccountsURL, q.Get("accounts-server"))

	// The code is the EU's: unknown at the US accounts server.
	code := q.Get("code")
	assert.Equal(t, "invalid_code", exchangeAt(t, us.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, code).Error)
	first := exchangeAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, code)
	require.Empty(t, first.Error, "trying it at the wrong DC does not spend it in its own")
	assert.Equal(t, eu.APIURL, first.APIDomain)

	status, form = b.open(authorizeURL(us.AccountsURL, consentQuery(m, "")))
	require.Equal(t, http.StatusOK, status)
	resp = b.submit(form, "accept", map[string]string{"email": hans.Email})
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	callback, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.False(t, callback.Query().Has("state"), "no state sent, none echoed")
	tok := exchangeAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, callback.Query().Get("code"))
	require.Empty(t, tok.Error)
	assert.NotEmpty(t, tok.RefreshToken, "access_type=offline")
	info, ok := eu.RefreshTokenInfo(tok.RefreshToken)
	require.True(t, ok)
	assert.Equal(t, hans.Email, info.UserEmail)
	assert.Equal(t, []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "AaaServer.profile.READ"}, info.Scopes)

	c := m.Counters()
	assert.Equal(t, 4, c["us"].ConsentRequests, "two pages shown and answered at the US accounts server")
	assert.Equal(t, 2, c["us"].ConsentsAccepted)
	assert.Equal(t, 0, c["eu"].ConsentRequests)
	assert.Equal(t, 2, c["eu"].GrantExchanges)
	assert.Equal(t, 1, c["us"].GrantFailures)
}

func TestConsentPageAtTheUsersOwnDC(t *testing.T) {
	m := newMultiDC(t)
	in := m.DC("in")
	status, form := browser{t}.open(authorizeURL(in.AccountsURL, consentQuery(m, "x")))
	require.Equal(t, http.StatusOK, status)
	resp := browser{t}.submit(form, "accept", map[string]string{"email": in.Admin().Email})
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "in", u.Query().Get("location"))
	assert.Equal(t, in.AccountsURL, u.Query().Get("accounts-server"))
	assert.Empty(t, exchangeAt(t, in.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, u.Query().Get("code")).Error)
}

func TestConsentPageReject(t *testing.T) {
	m := newMultiDC(t)
	us := m.DC("us")
	status, form := browser{t}.open(authorizeURL(us.AccountsURL, consentQuery(m, "st 1")))
	require.Equal(t, http.StatusOK, status)
	resp := browser{t}.submit(form, "reject", nil)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc := resp.Header.Get("Location")
	assert.Equal(t, m.RedirectURI+"?error=access_denied&location=us&accounts-server="+url.QueryEscape(us.AccountsURL)+"&state=st+1", loc)
	assert.NotContains(t, loc, "code=")
	c := m.Counters()["us"]
	assert.Equal(t, 1, c.ConsentsRejected)
	assert.Equal(t, 0, c.ConsentsAccepted)
}

func TestConsentPageRefusesWhatABrowserShouldNotGet(t *testing.T) {
	m := newMultiDC(t, WithDataCenters("us", "eu", "cn"))
	us := m.DC("us")
	b := browser{t}

	// Bad requests get an error page, no redirect.
	for name, q := range map[string]url.Values{
		"unknown client":   {"client_id": {"1000.NOPE"}, "response_type": {"code"}, "redirect_uri": {m.RedirectURI}},
		"foreign redirect": {"client_id": {m.ClientID}, "response_type": {"code"}, "redirect_uri": {"http://evil.example/"}},
		"token response":   {"client_id": {m.ClientID}, "response_type": {"token"}, "redirect_uri": {m.RedirectURI}},
	} {
		resp, err := noRedirects.Get(authorizeURL(us.AccountsURL, q))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		assert.Empty(t, resp.Header.Get("Location"), name)
	}

	// An unknown email shows the page again, with an error and a new token.
	_, form := b.open(authorizeURL(us.AccountsURL, consentQuery(m, "s")))
	first := form.fields.Get("consent_token")
	status, again := b.read(b.submit(form, "accept", map[string]string{"email": "nobody@zylker.com"}))
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, again.page, "No Zoho account has this email address.")
	assert.Contains(t, again.page, `value="nobody@zylker.com"`)
	assert.NotEqual(t, first, again.fields.Get("consent_token"))
	_, empty := b.read(b.submit(again, "accept", map[string]string{"email": ""}))
	assert.Contains(t, empty.page, "Enter the email address")

	// China is a world of its own: its users cannot sign in at the US.
	_, cn := b.read(b.submit(empty, "accept", map[string]string{"email": m.DC("cn").Admin().Email}))
	assert.Contains(t, cn.page, "No Zoho account has this email address.")

	// A page answers once: replaying its token, or forging one, is refused.
	resp := b.submit(form, "accept", map[string]string{"email": us.Admin().Email})
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "replayed page token")
	forged := *cn
	token := cn.fields.Get("consent_token")
	lead := byte('0')
	if token[0] == lead {
		lead = '1' // a forgery must differ from the token, which may begin with "0"
	}
	forged.fields = url.Values{"consent_token": {string(lead) + token[1:]}}
	resp = b.submit(&forged, "accept", map[string]string{"email": us.Admin().Email})
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "forged page token")
	resp = b.submit(&htmlForm{action: forged.action, method: "post", fields: url.Values{}, buttons: cn.buttons}, "accept", map[string]string{"email": us.Admin().Email})
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "no page token")

	// A page left open past its lifetime is refused.
	_, late := b.open(authorizeURL(us.AccountsURL, consentQuery(m, "s")))
	m.Advance(consentPageLifetime + time.Second)
	resp = b.submit(late, "accept", map[string]string{"email": us.Admin().Email})
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "expired page")

	// A user whose DC the client is not enabled in cannot consent.
	c := m.RegisterClient(MultiDCClient{RedirectURI: "http://127.0.0.1:9/cb", Locations: []string{"us"}})
	q := consentQuery(m, "")
	q.Set("client_id", c.ID)
	q.Set("redirect_uri", c.RedirectURI)
	_, form = b.open(authorizeURL(us.AccountsURL, q))
	resp = b.submit(form, "accept", map[string]string{"email": m.DC("eu").Admin().Email})
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Location"))
	assert.Zero(t, m.Counters()["eu"].ConsentsAccepted+m.Counters()["us"].ConsentsAccepted)
}

func TestConsentAutoApprovalForTestsWithoutABrowser(t *testing.T) {
	m := newMultiDC(t)
	eu := m.DC("eu")
	m.SetConsentUser(eu.Admin().Email)
	resp, err := noRedirects.Get(authorizeURL(m.DC("us").AccountsURL, consentQuery(m, "k")))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "eu", u.Query().Get("location"))
	assert.Equal(t, "k", u.Query().Get("state"))
	tok := exchangeAt(t, eu.AccountsURL, m.ClientID, m.ClientSecret, m.RedirectURI, u.Query().Get("code"))
	require.Empty(t, tok.Error)
	info, _ := eu.RefreshTokenInfo(tok.RefreshToken)
	assert.Equal(t, eu.Admin().Email, info.UserEmail)

	c := m.RegisterClient(MultiDCClient{RedirectURI: "http://127.0.0.1:9/cb", Locations: []string{"us"}})
	q := consentQuery(m, "")
	q.Set("client_id", c.ID)
	q.Set("redirect_uri", c.RedirectURI)
	resp, err = noRedirects.Get(authorizeURL(m.DC("us").AccountsURL, q))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "the client is not enabled in the consent user's DC")

	m.SetConsentUser("")
	status, form := browser{t}.open(authorizeURL(m.DC("us").AccountsURL, consentQuery(m, "k")))
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, form.buttons, "accept", "the page is back")
	assert.Panics(t, func() { m.SetConsentUser("nobody@x.com") })

	// NewServer approves at once unless WithConsentPage; SetConsentUser
	// turns that back on.
	s := newServer(t, WithConsentPage())
	q = url.Values{"client_id": {s.ClientID}, "response_type": {"code"}, "redirect_uri": {s.RedirectURI}, "scope": {"ZohoCRM.users.READ"}}
	status, form = browser{t}.open(authorizeURL(s.URL, q))
	require.Equal(t, http.StatusOK, status)
	resp = browser{t}.submit(form, "accept", map[string]string{"email": s.Admin().Email})
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	u, err = url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "us", u.Query().Get("location"))
	assert.Equal(t, s.URL, u.Query().Get("accounts-server"))
	assert.Empty(t, exchangeCode(t, s, u.Query().Get("code")).Error)
	s.SetConsentUser(s.Admin().Email)
	resp, err = noRedirects.Get(authorizeURL(s.URL, q))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
}

func TestConsentPagesInParallelAcrossDCs(t *testing.T) {
	m := newMultiDC(t)
	users := []string{m.DC("us").Admin().Email, m.DC("eu").Admin().Email, m.DC("in").Admin().Email}
	errs := make(chan string, 12)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := users[i%len(users)]
			_, want, _ := m.User(email)
			start := m.DC([]string{"us", "eu", "in"}[i%2])
			resp, err := noRedirects.Get(authorizeURL(start.AccountsURL, consentQuery(m, "")))
			if err != nil {
				errs <- err.Error()
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			token := regexp.MustCompile(`name="consent_token" value="([0-9a-f]+)"`).FindStringSubmatch(string(body))
			if token == nil {
				errs <- "no page token"
				return
			}
			resp, err = noRedirects.PostForm(start.AccountsURL+"/oauth/v2/auth", url.Values{"consent_token": {token[1]}, "email": {email}, "action": {"accept"}})
			if err != nil {
				errs <- err.Error()
				return
			}
			resp.Body.Close()
			u, _ := url.Parse(resp.Header.Get("Location"))
			if got := u.Query().Get("location"); got != want.Location {
				errs <- fmt.Sprintf("%s: location %q", email, got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	total := 0
	for _, c := range m.Counters() {
		total += c.ConsentsAccepted
	}
	assert.Equal(t, 12, total)
}
