package zohotest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultStatusWithRetryAfter(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	f := s.InjectFault(Fault{
		Method: "GET", Path: "/crm/v2/users", Status: http.StatusTooManyRequests,
		Header: http.Header{"Retry-After": {"7"}}, Times: 2,
	})
	for range 2 {
		ans := a.get("users?type=CurrentUser")
		assert.Equal(t, http.StatusTooManyRequests, ans.status)
		assert.Equal(t, "7", ans.header.Get("Retry-After"))
		assert.Equal(t, "TOO_MANY_REQUESTS", ans.json(t)["code"], "a bare status gets Zoho's envelope")
	}
	assert.Equal(t, http.StatusOK, a.get("users?type=CurrentUser").status, "Times ran out")
	assert.Equal(t, 2, f.Hits())
	assert.Equal(t, http.StatusOK, a.get("org").status, "other paths are untouched")
	assert.Equal(t, 2, s.Counters().FaultsApplied)
	assert.Equal(t, 4, s.Counters().APIRequests, "faulted requests still arrive")
}

func TestFaultBodyAndMethod(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	s.InjectFault(Fault{Method: "POST", Path: "/crm/", Status: 503, Body: "upstream down", Header: http.Header{"Content-Type": {"text/plain"}}})
	ans := a.do("POST", "Leads", records(map[string]any{"Last_Name": "x"}))
	assert.Equal(t, 503, ans.status)
	assert.Equal(t, "upstream down", string(ans.body))
	assert.Equal(t, "text/plain", ans.header.Get("Content-Type"))
	assert.Equal(t, http.StatusNoContent, a.get("Leads").status, "GET passes; nothing was created")

	s.ClearFaults()
	assert.Equal(t, http.StatusCreated, a.do("POST", "Leads", records(map[string]any{"Last_Name": "x"})).status)

	s.InjectFault(Fault{Status: 500})
	ans = a.get("org")
	assert.JSONEq(t, `{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}`, string(ans.body))
}

func TestFaultPatternAndMatch(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	s.InjectFault(Fault{Path: "/crm/*/Leads/search", Status: 500, Times: 1})
	assert.Equal(t, 500, a.get("Leads/search?word=x").status)
	s.InjectFault(Fault{Match: func(r *http.Request) bool { return r.URL.Query().Get("type") == "AdminUsers" }, Status: 403})
	assert.Equal(t, 403, a.get("users?type=AdminUsers").status)
	assert.Equal(t, http.StatusOK, a.get("users?type=AllUsers").status)
	assert.Panics(t, func() { s.InjectFault(Fault{Path: "/crm/*/[", Status: 500}) })
}

func TestFaultOnAccounts(t *testing.T) {
	s := newServer(t)
	f := s.InjectFault(Fault{Path: "/oauth/v2/token", Status: http.StatusBadGateway, Times: 1})
	code := s.GrantToken(s.ClientID, s.Admin().Email)
	status, _, _ := postForm(t, s.URL+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "code": {code}})
	assert.Equal(t, http.StatusBadGateway, status)
	assert.Equal(t, 1, f.Hits())
	// The faulted request never reached the token endpoint: the code is intact.
	assert.Empty(t, exchangeCode(t, s, code).Error)
	c := s.Counters()
	assert.Equal(t, 2, c.TokenRequests)
	assert.Equal(t, 1, c.GrantExchanges)
}

func TestFaultLatency(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	s.InjectFault(Fault{Path: "/crm/v2/org", Latency: 150 * time.Millisecond, Times: 1})
	start := time.Now()
	ans := a.get("org")
	assert.Equal(t, http.StatusOK, ans.status, "latency alone lets the request through")
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)

	// A client that gives up does not wait for the fault.
	s.InjectFault(Fault{Path: "/crm/v2/org", Latency: time.Minute, Times: 1})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	req, _ := http.NewRequest("GET", s.URL+"/crm/v2/org", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	_, err := client.Do(req)
	require.Error(t, err)
}

func TestFaultDropConnection(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	// A fresh connection that closes without an answer is an error.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	f := s.InjectFault(Fault{Path: "/crm/", DropConnection: true, Times: 1})
	req, _ := http.NewRequest("GET", s.URL+"/crm/v2/org", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	_, err := fresh.Do(req)
	require.Error(t, err)
	assert.Equal(t, 1, f.Hits())
	assert.Equal(t, http.StatusOK, a.get("org").status)
}

func TestFaultCutResponse(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	require.Equal(t, http.StatusOK, a.get("org").status) // a keep-alive connection to reuse
	f := s.InjectFault(Fault{Path: "/crm/", CutResponse: true, Times: 1})
	req, _ := http.NewRequest("GET", s.URL+"/crm/v2/org", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	require.Error(t, err, "a cut answer is an error even on a reused connection")
	assert.Contains(t, strings.ToLower(err.Error()), "eof")
	assert.Equal(t, 1, f.Hits())
	assert.Equal(t, http.StatusOK, a.get("org").status)
}

func TestFaultRemove(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	first := s.InjectFault(Fault{Path: "/crm/", Status: 500})
	second := s.InjectFault(Fault{Path: "/crm/", Status: 502})
	assert.Equal(t, 500, a.get("org").status, "the first matching fault acts")
	first.Remove()
	assert.Equal(t, 502, a.get("org").status)
	second.Remove()
	assert.Equal(t, http.StatusOK, a.get("org").status)
	assert.Equal(t, 1, first.Hits())
	assert.Equal(t, 1, second.Hits())
}

func TestFaultAfterHandling(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	f := s.InjectFault(Fault{Method: "POST", Path: "/crm/", CutResponse: true, AfterHandling: true, Times: 1})
	req, _ := http.NewRequest("POST", s.URL+"/crm/v2/Leads", strings.NewReader(`{"data":[{"Last_Name":"Lost answer"}]}`))
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the client sees a failure")
	assert.Equal(t, 1, s.Records("Leads").Len(), "but the record was created")
	assert.Equal(t, 1, f.Hits())

	s.InjectFault(Fault{Method: "POST", Path: "/crm/", Status: http.StatusBadGateway, AfterHandling: true, Times: 1})
	ans := a.do("POST", "Leads", records(map[string]any{"Last_Name": "Second"}))
	assert.Equal(t, http.StatusBadGateway, ans.status)
	assert.Equal(t, 2, s.Records("Leads").Len())

	// Alone, AfterHandling changes nothing: the request is handled once.
	s.InjectFault(Fault{Method: "POST", Path: "/crm/", AfterHandling: true, Times: 1})
	assert.Equal(t, http.StatusCreated, a.do("POST", "Leads", records(map[string]any{"Last_Name": "Third"})).status)
	assert.Equal(t, 3, s.Records("Leads").Len())
}
