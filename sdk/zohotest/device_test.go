package zohotest

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The client credentials answer has Zoho's keys and no refresh token; its
// token reaches the CRM as the org's administrator; a request without the
// org, for another org or without scopes is refused.
func TestClientCredentialsAnswers(t *testing.T) {
	s := newServer(t)
	form := url.Values{"client_id": {s.ClientID}, "client_secret": {s.ClientSecret}, "grant_type": {"client_credentials"},
		"scope": {"ZohoCRM.users.READ,ZohoCRM.org.READ"}, "soid": {s.SOID()}}
	for _, path := range []string{"/oauth/v2/token", "/oauth/v2/auth"} {
		status, m, _ := postForm(t, s.URL+path, form)
		require.Equal(t, http.StatusOK, status)
		assert.NotEmpty(t, m["access_token"], path)
		assert.Equal(t, "ZohoCRM.users.READ ZohoCRM.org.READ", m["scope"])
		assert.Equal(t, s.URL, m["api_domain"])
		assert.Equal(t, "Bearer", m["token_type"])
		assert.EqualValues(t, 3600, m["expires_in"])
		assert.NotContains(t, m, "refresh_token")
	}
	_, m, _ := postForm(t, s.URL+"/oauth/v2/token", form)
	a := (&api{t: t, s: s, token: m["access_token"].(string), version: "v2"}).do(http.MethodGet, "users?type=CurrentUser", nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Contains(t, string(a.body), s.Admin().Email)

	for name, change := range map[string]func(url.Values){
		"no soid":        func(f url.Values) { f.Del("soid") },
		"another org":    func(f url.Values) { f.Set("soid", "ZohoCRM.1") },
		"no scope":       func(f url.Values) { f.Del("scope") },
		"wrong secret":   func(f url.Values) { f.Set("client_secret", "nope") },
		"unknown client": func(f url.Values) { f.Set("client_id", "1000.NOPE") },
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		change(f)
		_, m, _ := postForm(t, s.URL+"/oauth/v2/token", f)
		want := map[string]string{"no soid": "missing_org_info", "another org": "missing_org_info", "no scope": "invalid_scope",
			"wrong secret": "invalid_client_secret", "unknown client": "invalid_client"}[name]
		assert.Equal(t, want, m["error"], name)
	}
	c := s.Counters()
	assert.Equal(t, 3, c.ClientCredentialsTokens)
	assert.Equal(t, 5, c.ClientCredentialsFailures)
}

// The device endpoints over plain HTTP: the code answer, Zoho's 30-second
// rule on the emulator's clock, the page's answers, and the poll's.
func TestDeviceFlowAnswers(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)))
	_, m, _ := postForm(t, s.URL+"/oauth/v3/device/code", url.Values{"client_id": {s.ClientID}, "grant_type": {"device_request"}, "scope": {"ZohoCRM.users.READ"}, "access_type": {"offline"}})
	require.NotEmpty(t, m["device_code"], "%v", m)
	userCode := m["user_code"].(string)
	assert.Equal(t, s.URL+"/oauth/v3/device", m["verification_url"])
	assert.Equal(t, s.URL+"/oauth/v3/device?user_code="+userCode, m["verification_uri_complete"])
	assert.EqualValues(t, 300, m["expires_in"])
	assert.EqualValues(t, 30, m["interval"])
	poll := url.Values{"client_id": {s.ClientID}, "client_secret": {s.ClientSecret}, "grant_type": {"device_token"}, "code": {m["device_code"].(string)}}
	pollError := func() any {
		_, m, _ := postForm(t, s.URL+"/oauth/v3/device/token", poll)
		return m["error"]
	}

	assert.Equal(t, "authorization_pending", pollError())
	s.Advance(29 * time.Second)
	assert.Equal(t, "slow_down", pollError(), "two polls within 30 s")
	s.Advance(30 * time.Second)
	assert.Equal(t, "authorization_pending", pollError())

	page := func(form url.Values) string {
		resp, err := http.PostForm(s.URL+"/oauth/v3/device", form)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(b)
	}
	assert.Contains(t, page(url.Values{"user_code": {"WRONG123"}, "action": {"approve"}, "email": {s.Admin().Email}}), "This code is not valid.")
	assert.Contains(t, page(url.Values{"user_code": {userCode}, "action": {"approve"}, "email": {"nobody@example.com"}}), "No Zoho account has this email address.")
	assert.Contains(t, page(url.Values{"user_code": {userCode}, "action": {"deny"}}), "Access denied.")
	assert.Contains(t, page(url.Values{"user_code": {userCode}, "action": {"approve"}, "email": {s.Admin().Email}}), "This code was used already.")
	s.Advance(30 * time.Second)
	assert.Equal(t, "access_denied", pollError())

	bad := url.Values{}
	for k, v := range poll {
		bad[k] = v
	}
	bad.Set("client_secret", "nope")
	_, m, _ = postForm(t, s.URL+"/oauth/v3/device/token", bad)
	assert.Equal(t, "invalid_client_secret", m["error"])
	c := s.Counters()
	assert.Equal(t, 1, c.DeviceCodes)
	assert.Equal(t, 4, c.DevicePolls)
	assert.Equal(t, 1, c.DeviceSlowDowns)
	assert.Equal(t, 1, c.DevicesDenied)
}
