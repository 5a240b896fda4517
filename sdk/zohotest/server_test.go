package zohotest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersions(t *testing.T) {
	s := newServer(t)
	for _, v := range []string{"v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"} {
		assert.Equal(t, http.StatusOK, newAPI(t, s, v).get("org").status, v)
	}
	for _, v := range []string{"v1", "v9", "v02", "2", "v2.x", "v2.", "version2"} {
		ans := newAPI(t, s, v).get("org")
		assert.Equal(t, http.StatusNotFound, ans.status, v)
		assert.Equal(t, "INVALID_URL_PATTERN", ans.json(t)["code"], v)
	}
	ver, ok := parseVersion("v2.1")
	require.True(t, ok)
	assert.Equal(t, "v2.1", ver.String())
	assert.True(t, ver.atLeast(2))
	assert.False(t, ver.atLeast(3))
}

func TestAuthentication(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	token := a.token

	a.token = ""
	ans := a.get("org")
	assert.Equal(t, http.StatusUnauthorized, ans.status)
	assert.JSONEq(t, `{"code":"AUTHENTICATION_FAILURE","details":{},"message":"Authentication failed","status":"error"}`, string(ans.body))

	ans = a.get("org", "Authorization", "Basic abc")
	assert.Equal(t, "AUTHENTICATION_FAILURE", ans.json(t)["code"])

	ans = a.get("org", "Authorization", "Zoho-oauthtoken 1000.0000.0000")
	assert.Equal(t, http.StatusUnauthorized, ans.status)
	assert.Equal(t, "INVALID_TOKEN", ans.json(t)["code"])

	ans = a.get("org", "Authorization", "Bearer "+token)
	assert.Equal(t, http.StatusOK, ans.status, "Bearer works too, as in Zoho's Postman collection")
	ans = a.get("org", "Authorization", "zoho-oauthtoken "+token)
	assert.Equal(t, http.StatusOK, ans.status)
}

func TestRouting(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	ans := a.get("Leads/1/2/3/4/5")
	assert.Equal(t, http.StatusNotFound, ans.status)
	assert.JSONEq(t, `{"code":"INVALID_URL_PATTERN","details":{},"message":"Please check if the URL trying to access is a correct one","status":"error"}`, string(ans.body))
	ans = a.do("PATCH", "Leads", nil)
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.JSONEq(t, `{"code":"INVALID_REQUEST_METHOD","details":{},"message":"The http request method type is not a valid one","status":"error"}`, string(ans.body))
	assert.Equal(t, http.StatusBadRequest, a.do("POST", "Leads/123", nil).status)
	assert.Equal(t, http.StatusNotFound, a.get("").status)
	assert.Equal(t, http.StatusNoContent, a.get("Leads/").status, "a trailing slash is tolerated")

	resp, err := http.Get(s.URL + "/elsewhere")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, jsonContentType, a.get("org").header.Get("Content-Type"))
	assert.Equal(t, jsonContentType, a.get("Leads").header.Get("Content-Type"), "even on 204")
}

func TestMatchRoutePrefersLiterals(t *testing.T) {
	for path, want := range map[string]string{
		"users":        "users",
		"users/123":    "users/{id}",
		"org":          "org",
		"Leads":        "{module}",
		"Leads/123":    "{module}/{id}",
		"Leads/search": "{module}/search",
		"Leads/upsert": "{module}/upsert",
	} {
		method := "GET"
		if strings.HasSuffix(path, "upsert") {
			method = "POST"
		}
		rt, _, _ := matchRoute(method, strings.Split(path, "/"))
		require.NotNil(t, rt, path)
		assert.Equal(t, want, strings.Join(rt.pattern, "/"), path)
	}
	_, params, _ := matchRoute("GET", []string{"Deals", "42"})
	assert.Equal(t, []kv{{"module", "Deals"}, {"id", "42"}}, params)
}

func TestRoutesRegisterOnce(t *testing.T) {
	assert.PanicsWithValue(t, "zohotest: CRM route GET {module}/{record} is registered twice", func() {
		handleCRM("GET", "{module}/{record}", "", nil)
	})
}

func TestScopes(t *testing.T) {
	s := newServer(t)
	as := func(scopes ...string) *api {
		at, _ := s.IssueTokens(s.ClientID, s.Admin().Email, scopes...)
		return &api{t: t, s: s, token: at, version: "v2"}
	}
	mismatch := `{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}`

	leadsRead := as("ZohoCRM.modules.leads.READ")
	assert.Equal(t, http.StatusNoContent, leadsRead.get("Leads").status)
	ans := leadsRead.get("Contacts")
	assert.Equal(t, http.StatusUnauthorized, ans.status)
	assert.JSONEq(t, mismatch, string(ans.body))
	assert.Equal(t, http.StatusUnauthorized, leadsRead.do("POST", "Leads", records(map[string]any{"Last_Name": "x"})).status)
	assert.Equal(t, http.StatusUnauthorized, leadsRead.get("users").status)
	assert.Equal(t, http.StatusUnauthorized, leadsRead.get("org").status)

	all := as("ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "ZohoCRM.org.ALL")
	assert.Equal(t, http.StatusCreated, all.do("POST", "Sales_Orders", records(map[string]any{"Subject": "x"})).status)
	assert.Equal(t, http.StatusOK, all.get("users").status)
	assert.Equal(t, http.StatusOK, all.get("org").status)

	write := as("ZohoCRM.modules.salesorders.WRITE")
	assert.Equal(t, http.StatusCreated, write.do("POST", "Sales_Orders", records(map[string]any{"Subject": "y"})).status)
	assert.Equal(t, http.StatusUnauthorized, write.get("Sales_Orders").status, "WRITE does not read")

	update := as("ZohoCRM.modules.Leads.UPDATE")
	assert.Equal(t, http.StatusBadRequest, update.do("POST", "Leads/upsert", records(map[string]any{"First_Name": "x"})).status, "upsert takes CREATE or UPDATE")
}

func TestHandlerOnAnotherListener(t *testing.T) {
	s := NewUnstartedServer()
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	form := url.Values{
		"grant_type": {"authorization_code"}, "client_id": {s.ClientID},
		"client_secret": {s.ClientSecret}, "code": {s.GrantToken(s.ClientID, s.Admin().Email)},
	}
	resp, err := http.PostForm(hs.URL+"/oauth/v2/token", form)
	require.NoError(t, err)
	var tok tokenAnswer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	assert.Equal(t, hs.URL, tok.APIDomain, "api_domain follows the Host")
	assert.Empty(t, s.URL)

	s2 := NewUnstartedServer(WithAPIDomain("https://crm.example.test"))
	hs2 := httptest.NewServer(s2.Handler())
	defer hs2.Close()
	form.Set("client_id", s2.ClientID)
	form.Set("client_secret", s2.ClientSecret)
	form.Set("code", s2.GrantToken(s2.ClientID, s2.Admin().Email))
	resp, err = http.PostForm(hs2.URL+"/oauth/v2/token", form)
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	assert.Equal(t, "https://crm.example.test", tok.APIDomain)
}

func TestStartTwicePanics(t *testing.T) {
	s := newServer(t)
	assert.PanicsWithValue(t, "zohotest: Server started twice", s.Start)
}

func TestTokensLookLikeZohos(t *testing.T) {
	s := newServer(t)
	assert.Regexp(t, `^1000\.[0-9A-Z]{30}$`, s.ClientID)
	assert.Regexp(t, `^[0-9a-f]{42}$`, s.ClientSecret)
	at, rt := s.IssueTokens(s.ClientID, s.Admin().Email)
	assert.Regexp(t, zohoToken, at)
	assert.Regexp(t, zohoToken, rt)
	assert.NotEqual(t, at, rt)
	assert.Regexp(t, zohoID, s.Admin().ID)
}
