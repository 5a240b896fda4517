package zohotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var zohoToken = regexp.MustCompile(`^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`)

func TestTokenLifecycle(t *testing.T) {
	s := newServer(t)
	code := s.GrantToken(s.ClientID, s.Admin().Email)
	require.Regexp(t, zohoToken, code)

	tok := exchangeCode(t, s, code)
	require.Empty(t, tok.Error)
	assert.Regexp(t, zohoToken, tok.AccessToken)
	assert.Regexp(t, zohoToken, tok.RefreshToken)
	assert.Equal(t, s.URL, tok.APIDomain)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.EqualValues(t, 3600, tok.ExpiresIn)

	a := &api{t: t, s: s, token: tok.AccessToken, version: "v2"}
	ans := a.get("users?type=CurrentUser")
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)

	// An hour later the access token is dead; the CRM says so.
	s.Advance(time.Hour)
	ans = a.get("users?type=CurrentUser")
	require.Equal(t, http.StatusUnauthorized, ans.status)
	assert.JSONEq(t, `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`, string(ans.body))

	// Refreshing gives a new access token and no refresh token.
	fresh := refresh(t, s, tok.RefreshToken)
	require.Empty(t, fresh.Error)
	assert.Empty(t, fresh.RefreshToken)
	assert.NotEqual(t, tok.AccessToken, fresh.AccessToken)
	a.token = fresh.AccessToken
	assert.Equal(t, http.StatusOK, a.get("users?type=CurrentUser").status)

	assert.Equal(t, 2, s.AccessTokensMinted(tok.RefreshToken))
	c := s.Counters()
	assert.Equal(t, 1, c.GrantExchanges)
	assert.Equal(t, 1, c.Refreshes)
	assert.Equal(t, 2, c.TokenRequests)
	assert.Equal(t, 0, c.SecretsInQuery)
}

func TestGrantCodeIsSingleUseAndExpires(t *testing.T) {
	s := newServer(t, WithGrantTokenLifetime(2*time.Minute))
	code := s.GrantToken(s.ClientID, s.Admin().Email)
	require.Empty(t, exchangeCode(t, s, code).Error)
	again := exchangeCode(t, s, code)
	assert.Equal(t, "invalid_code", again.Error)
	assert.Empty(t, again.AccessToken)

	late := s.GrantToken(s.ClientID, s.Admin().Email)
	s.Advance(2 * time.Minute)
	assert.Equal(t, "invalid_code", exchangeCode(t, s, late).Error)

	assert.Equal(t, "invalid_code", exchangeCode(t, s, "1000.nonsense").Error)
	c := s.Counters()
	assert.Equal(t, 1, c.GrantExchanges)
	assert.Equal(t, 3, c.GrantFailures)
}

func TestTokenErrorsComeWithStatus200(t *testing.T) {
	s := newServer(t)
	code := s.GrantToken(s.ClientID, s.Admin().Email)
	for _, tc := range []struct {
		name, clientID, secret, want string
	}{
		{"unknown client", "1000.UNKNOWN", s.ClientSecret, "invalid_client"},
		{"wrong secret", s.ClientID, "nope", "invalid_client_secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, m, _ := postForm(t, s.URL+"/oauth/v2/token", url.Values{
				"grant_type": {"authorization_code"}, "client_id": {tc.clientID},
				"client_secret": {tc.secret}, "code": {code},
			})
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, map[string]any{"error": tc.want}, m)
		})
	}
	// The code survived the failed attempts with bad credentials.
	assert.Empty(t, exchangeCode(t, s, code).Error)

	// A code minted for one client does not work for another.
	other := s.RegisterClient(Client{RedirectURI: "http://localhost/cb"})
	code = s.GrantToken(other.ID, s.Admin().Email)
	assert.Equal(t, "invalid_code", exchangeCode(t, s, code).Error)
}

func TestRefreshThrottle(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)))
	_, rt := s.IssueTokens(s.ClientID, s.Admin().Email)
	for i := range 10 {
		got := refresh(t, s, rt)
		require.Empty(t, got.Error, "refresh %d", i+1)
		s.Advance(30 * time.Second)
	}
	// The 11th inside ten minutes is refused, with Zoho's body and 200.
	status, m, _ := postForm(t, s.URL+"/oauth/v2/token", url.Values{
		"grant_type": {"refresh_token"}, "client_id": {s.ClientID},
		"client_secret": {s.ClientSecret}, "refresh_token": {rt},
	})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{
		"error_description": "You have made too many requests continuously. Please try again after some time.",
		"error":             "Access Denied",
		"status":            "failure",
	}, m)

	// Sliding window: the first refresh happened at 9:00:00; ten minutes
	// later it has left the window and one more is allowed, then the next
	// is refused again until the second one (9:00:30) leaves too.
	s.SetNow(time.Date(2025, 3, 1, 9, 9, 59, 0, time.UTC))
	assert.Equal(t, "Access Denied", refresh(t, s, rt).Error)
	s.Advance(time.Second)
	assert.Empty(t, refresh(t, s, rt).Error)
	assert.Equal(t, "Access Denied", refresh(t, s, rt).Error)

	info, ok := s.RefreshTokenInfo(rt)
	require.True(t, ok)
	assert.Equal(t, 11, info.Refreshes)
	assert.Equal(t, 12, info.AccessTokensMinted)
	assert.Equal(t, 3, info.Throttled)
	assert.Equal(t, 3, s.Counters().RefreshesThrottled)
	assert.Equal(t, 11, s.Counters().Refreshes)
}

func TestRefreshThrottleOption(t *testing.T) {
	s := newServer(t, WithRefreshThrottle(2, time.Minute))
	_, rt := s.IssueTokens(s.ClientID, s.Admin().Email)
	assert.Empty(t, refresh(t, s, rt).Error)
	assert.Empty(t, refresh(t, s, rt).Error)
	assert.Equal(t, "Access Denied", refresh(t, s, rt).Error)
	s.Advance(time.Minute + time.Second)
	assert.Empty(t, refresh(t, s, rt).Error)
}

func TestRevoke(t *testing.T) {
	s := newServer(t)
	tok := exchangeCode(t, s, s.GrantToken(s.ClientID, s.Admin().Email))
	a := &api{t: t, s: s, token: tok.AccessToken, version: "v2"}
	require.Equal(t, http.StatusOK, a.get("org").status)

	// The SDK sends the token in the body; Zoho documents the query string.
	status, m, _ := postForm(t, s.URL+"/oauth/v2/token/revoke", url.Values{"token": {tok.RefreshToken}})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"status": "success"}, m)

	assert.Equal(t, http.StatusUnauthorized, a.get("org").status, "access tokens go with their refresh token")
	assert.Equal(t, "invalid_code", refresh(t, s, tok.RefreshToken).Error)

	status, _, _ = postForm(t, s.URL+"/oauth/v2/token/revoke?token="+url.QueryEscape(tok.RefreshToken), nil)
	assert.Equal(t, http.StatusBadRequest, status, "revoking twice")

	_, rt2 := s.IssueTokens(s.ClientID, s.Admin().Email)
	status, _, _ = postForm(t, s.URL+"/oauth/v2/token/revoke?token="+url.QueryEscape(rt2), nil)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 2, s.Counters().Revocations)
	assert.Equal(t, 2, s.Counters().SecretsInQuery, "both query-string revokes are counted")

	_, rt3 := s.IssueTokens(s.ClientID, s.Admin().Email)
	assert.True(t, s.RevokeRefreshToken(rt3))
	assert.False(t, s.RevokeRefreshToken(rt3))
	info, _ := s.RefreshTokenInfo(rt3)
	assert.True(t, info.Revoked)
}

func TestLegacyExpiresIn(t *testing.T) {
	s := newServer(t, WithLegacyExpiresIn(), WithAccessTokenLifetime(30*time.Minute))
	_, _, body := postForm(t, s.URL+"/oauth/v2/token", url.Values{
		"grant_type": {"authorization_code"}, "client_id": {s.ClientID},
		"client_secret": {s.ClientSecret}, "code": {s.GrantToken(s.ClientID, s.Admin().Email)},
	})
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	assert.EqualValues(t, 1800, m["expires_in_sec"])
	assert.EqualValues(t, 1800_000, m["expires_in"])
	// Key order as in Zoho's legacy sample.
	assert.Regexp(t, `^\{"access_token":.*"refresh_token":.*"expires_in_sec":1800,"api_domain":.*"token_type":"Bearer","expires_in":1800000\}$`, string(body))
}

func TestParametersInQueryStringAreAcceptedAndCounted(t *testing.T) {
	s := newServer(t)
	q := url.Values{
		"grant_type": {"authorization_code"}, "client_id": {s.ClientID},
		"client_secret": {s.ClientSecret}, "code": {s.GrantToken(s.ClientID, s.Admin().Email)},
	}
	resp, err := http.Post(s.URL+"/oauth/v2/token?"+q.Encode(), "application/x-www-form-urlencoded", nil)
	require.NoError(t, err)
	var tok tokenAnswer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.Empty(t, tok.Error)
	assert.Equal(t, 1, s.Counters().SecretsInQuery)

	// Body parameters (multipart too, "form-data" in Zoho's words) are not counted.
	fresh := refresh(t, s, tok.RefreshToken)
	require.Empty(t, fresh.Error)
	assert.Equal(t, 1, s.Counters().SecretsInQuery)
}

func TestMultipartTokenRequest(t *testing.T) {
	s := newServer(t)
	var buf strings.Builder
	buf.WriteString("--XX\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nauthorization_code\r\n")
	for k, v := range map[string]string{
		"client_id": s.ClientID, "client_secret": s.ClientSecret,
		"code": s.GrantToken(s.ClientID, s.Admin().Email),
	} {
		buf.WriteString("--XX\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
	}
	buf.WriteString("--XX--\r\n")
	resp, err := http.Post(s.URL+"/oauth/v2/token", "multipart/form-data; boundary=XX", strings.NewReader(buf.String()))
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok tokenAnswer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	assert.Empty(t, tok.Error)
	assert.NotEmpty(t, tok.RefreshToken)
}

func TestUserInfo(t *testing.T) {
	s := newServer(t)
	u := s.AddUser(User{FirstName: "Amelia", LastName: "Burrows", Email: "amelia@zylker.com"})
	get := func(token string) (int, map[string]any) {
		req, _ := http.NewRequest("GET", s.URL+"/oauth/user/info", nil)
		if token != "" {
			req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		return resp.StatusCode, m
	}
	at, _ := s.IssueTokens(s.ClientID, u.Email)
	status, m := get(at)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "amelia@zylker.com", m["Email"])
	assert.Equal(t, "Amelia Burrows", m["Display_Name"])
	assert.Equal(t, "Amelia", m["First_Name"])
	assert.Equal(t, "Burrows", m["Last_Name"])
	assert.EqualValues(t, mustAtoi(t, u.ZUID), m["ZUID"])

	scoped, _ := s.IssueTokens(s.ClientID, u.Email, "ZohoCRM.modules.ALL")
	status, _ = get(scoped)
	assert.Equal(t, http.StatusUnauthorized, status, "without AaaServer.profile.READ")
	profile, _ := s.IssueTokens(s.ClientID, u.Email, "ZohoCRM.modules.ALL,AaaServer.profile.READ")
	status, _ = get(profile)
	assert.Equal(t, http.StatusOK, status)

	status, _ = get("")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, 4, s.Counters().UserInfoCalls)
}

func mustAtoi(t testing.TB, s string) int64 {
	n, err := parseInt64(s)
	require.NoError(t, err)
	return n
}

func TestConsentFlow(t *testing.T) {
	s := newServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	consent := func(accessType string) *url.URL {
		q := url.Values{
			"scope": {"ZohoCRM.users.READ,AaaServer.profile.READ"}, "client_id": {s.ClientID},
			"response_type": {"code"}, "access_type": {accessType}, "redirect_uri": {s.RedirectURI},
			"prompt": {"consent"}, "state": {"xyz 1"},
		}
		resp, err := client.Get(s.URL + "/oauth/v2/auth?" + q.Encode())
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		return loc
	}
	loc := consent("offline")
	assert.True(t, strings.HasPrefix(loc.String(), s.RedirectURI+"?"), loc.String())
	assert.Equal(t, "xyz 1", loc.Query().Get("state"))
	assert.Equal(t, s.URL, loc.Query().Get("accounts-server"))
	tok := exchangeCode(t, s, loc.Query().Get("code"))
	require.Empty(t, tok.Error)
	assert.NotEmpty(t, tok.RefreshToken)
	info, _ := s.RefreshTokenInfo(tok.RefreshToken)
	assert.Equal(t, []string{"ZohoCRM.users.READ", "AaaServer.profile.READ"}, info.Scopes)
	assert.Equal(t, s.Admin().Email, info.UserEmail)

	online := exchangeCode(t, s, consent("online").Query().Get("code"))
	require.Empty(t, online.Error)
	assert.Empty(t, online.RefreshToken, "online access gets no refresh token")

	resp, err := client.Get(s.URL + "/oauth/v2/auth?response_type=code&client_id=" + url.QueryEscape(s.ClientID) + "&redirect_uri=http://evil.example/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, 3, s.Counters().ConsentRequests)
}

func TestAccessTokensPerRefreshTokenAreCapped(t *testing.T) {
	s := newServer(t, WithRefreshThrottle(100, time.Minute))
	first, rt := s.IssueTokens(s.ClientID, s.Admin().Email)
	a := &api{t: t, s: s, token: first, version: "v2"}
	for range 14 {
		require.Empty(t, refresh(t, s, rt).Error)
	}
	assert.Equal(t, http.StatusOK, a.get("org").status, "15 active tokens")
	require.Empty(t, refresh(t, s, rt).Error)
	assert.Equal(t, http.StatusUnauthorized, a.get("org").status, "the 16th invalidates the oldest")
	info, _ := s.RefreshTokenInfo(rt)
	assert.Equal(t, 15, info.ActiveAccessTokens)
	assert.Equal(t, 16, info.AccessTokensMinted)
}

func TestRefreshTokensPerUserAreCapped(t *testing.T) {
	s := newServer(t)
	_, oldest := s.IssueTokens(s.ClientID, s.Admin().Email)
	for range 19 {
		s.IssueTokens(s.ClientID, s.Admin().Email)
	}
	assert.Empty(t, refresh(t, s, oldest).Error)
	s.IssueTokens(s.ClientID, s.Admin().Email) // the 21st
	assert.Equal(t, "invalid_code", refresh(t, s, oldest).Error)
}

func TestExpireAccessTokens(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	require.Equal(t, http.StatusOK, a.get("org").status)
	s.ExpireAccessTokens()
	assert.Equal(t, http.StatusUnauthorized, a.get("org").status)
}

func TestGrantTokenPanicsOnUnknownUserOrClient(t *testing.T) {
	s := newServer(t)
	assert.PanicsWithValue(t, `zohotest: GrantToken: no user has email "nobody@x.com" (add one with AddUser)`, func() {
		s.GrantToken(s.ClientID, "nobody@x.com")
	})
	assert.Panics(t, func() { s.GrantToken("1000.NOPE", s.Admin().Email) })
}

func TestUnsupportedGrantType(t *testing.T) {
	s := newServer(t)
	_, m, _ := postForm(t, s.URL+"/oauth/v2/token", url.Values{"grant_type": {"password"}})
	assert.Equal(t, "unsupported_grant_type", m["error"])
}
