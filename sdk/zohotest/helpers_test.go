package zohotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// These helpers speak to the emulator with plain net/http, as any client
// would; the SDK is not involved.

func newServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	APIDomain    string `json:"api_domain"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	ExpiresInSec int64  `json:"expires_in_sec"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
	Status       string `json:"status"`
}

// postForm posts form values in the body and decodes the JSON answer.
func postForm(t testing.TB, u string, form url.Values) (int, map[string]any, []byte) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if len(body) > 0 {
		require.NoError(t, json.Unmarshal(body, &m), "body: %s", body)
	}
	return resp.StatusCode, m, body
}

func exchangeCode(t testing.TB, s *Server, code string) tokenAnswer {
	t.Helper()
	_, _, body := postForm(t, s.URL+"/oauth/v2/token", url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {s.ClientID},
		"client_secret": {s.ClientSecret},
		"redirect_uri":  {s.RedirectURI},
		"code":          {code},
	})
	var ta tokenAnswer
	require.NoError(t, json.Unmarshal(body, &ta))
	return ta
}

func refresh(t testing.TB, s *Server, rt string) tokenAnswer {
	t.Helper()
	_, _, body := postForm(t, s.URL+"/oauth/v2/token", url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {s.ClientID},
		"client_secret": {s.ClientSecret},
		"refresh_token": {rt},
	})
	var ta tokenAnswer
	require.NoError(t, json.Unmarshal(body, &ta))
	return ta
}

// api is a CRM client for one access token and version.
type api struct {
	t       testing.TB
	s       *Server
	token   string
	version string
}

func newAPI(t testing.TB, s *Server, version string) *api {
	t.Helper()
	at, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	return &api{t: t, s: s, token: at, version: version}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), "status %d body %q", a.status, a.body)
	return m
}

// data returns data[] of a JSON answer.
func (a answer) data(t testing.TB) []map[string]any {
	t.Helper()
	var m struct {
		Data []map[string]any `json:"data"`
	}
	require.NoError(t, json.Unmarshal(a.body, &m), "status %d body %q", a.status, a.body)
	return m.Data
}

func (a answer) info(t testing.TB) map[string]any {
	t.Helper()
	info, _ := a.json(t)["info"].(map[string]any)
	return info
}

func (a *api) do(method, path string, body any, headers ...string) answer {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, ok := body.([]byte)
		if !ok {
			var err error
			b, err = json.Marshal(body)
			require.NoError(a.t, err)
		}
		rd = bytes.NewReader(b)
	}
	u := a.s.URL + "/crm/" + a.version + "/" + strings.TrimPrefix(path, "/")
	req, err := http.NewRequest(method, u, rd)
	require.NoError(a.t, err)
	if a.token != "" {
		req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func (a *api) get(path string, headers ...string) answer { return a.do("GET", path, nil, headers...) }

// records wraps maps as a write body.
func records(rs ...map[string]any) map[string]any { return map[string]any{"data": rs} }
