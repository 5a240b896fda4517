package zohotest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bulkCall(t *testing.T, method, url, token string, body any, headers ...string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, resp.Header, m
}

// The bulk APIs live at /crm/bulk/{version}/ only, need the bulk scope,
// cost 50 credits a read job, and allow 10 downloads a minute.
func TestBulkReadRoutesScopesCreditsAndDownloadLimit(t *testing.T) {
	s := newServer(t)
	s.SetBulkJobTime(time.Millisecond)
	s.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle"})
	token, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	create := map[string]any{"query": map[string]any{"module": map[string]any{"api_name": "Leads"}}}

	status, _, ans := bulkCall(t, "POST", s.URL+"/crm/v8/bulk/read", token, create)
	assert.Equal(t, http.StatusNotFound, status, "not under /crm/v8/")
	assert.Equal(t, "INVALID_URL_PATTERN", ans["code"])
	status, _, _ = bulkCall(t, "GET", s.URL+"/crm/bulk/v8/Leads", token, nil)
	assert.Equal(t, http.StatusNotFound, status, "only bulk routes under /crm/bulk/")

	narrow, _ := s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.modules.ALL")
	status, _, ans = bulkCall(t, "POST", s.URL+"/crm/bulk/v8/read", narrow, create)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "OAUTH_SCOPE_MISMATCH", ans["code"])

	before := s.RateLimit().Remaining
	status, _, ans = bulkCall(t, "POST", s.URL+"/crm/bulk/v8/read", token, create)
	require.Equal(t, http.StatusCreated, status, ans)
	assert.Equal(t, 50, before-s.RateLimit().Remaining)
	id := ans["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)

	// v2 writes module as a string; an object is refused there.
	status, _, _ = bulkCall(t, "POST", s.URL+"/crm/bulk/v2/read", token, create)
	assert.Equal(t, http.StatusBadRequest, status)
	status, _, _ = bulkCall(t, "POST", s.URL+"/crm/bulk/v2/read", token, map[string]any{"query": map[string]any{"module": "Leads"}})
	assert.Equal(t, http.StatusCreated, status)
	// page_token is v7+.
	status, _, _ = bulkCall(t, "POST", s.URL+"/crm/bulk/v6/read", token, map[string]any{"query": map[string]any{"page_token": "abc"}})
	assert.Equal(t, http.StatusBadRequest, status)

	time.Sleep(5 * time.Millisecond)
	result := s.URL + "/crm/bulk/v8/read/" + id + "/result"
	for i := range 10 {
		status, _, _ = bulkCall(t, "GET", result, token, nil)
		require.Equal(t, http.StatusOK, status, "download %d", i+1)
	}
	status, h, ans := bulkCall(t, "GET", result, token, nil)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "TOO_MANY_REQUESTS", ans["code"])
	assert.NotEmpty(t, h.Get("Retry-After"))
	s.Advance(time.Minute)
	status, _, _ = bulkCall(t, "GET", result, token, nil)
	assert.Equal(t, http.StatusOK, status)
}

// Uploads go to the upload host with feature: bulk-write, the org id and
// the ZohoFiles scope; the API host does not take them.
func TestBulkUploadHost(t *testing.T) {
	s := newServer(t)
	require.NotEmpty(t, s.UploadURL)
	require.NotEqual(t, s.URL, s.UploadURL)
	token, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	upload := func(host, tok string, headers ...string) (int, map[string]any) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", "x.zip")
		_, _ = w.Write([]byte("PK\x05\x06" + string(make([]byte, 18)))) // an empty ZIP
		_ = mw.Close()
		req, _ := http.NewRequest("POST", host+"/crm/v8/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	zgid := s.Org().ZGID
	status, ans := upload(s.UploadURL, token, "feature", "bulk-write", "X-CRM-ORG", zgid)
	require.Equal(t, http.StatusOK, status, ans)
	assert.Equal(t, "FILE_UPLOAD_SUCCESS", ans["code"])
	status, ans = upload(s.URL, token, "feature", "bulk-write", "X-CRM-ORG", zgid)
	assert.Equal(t, http.StatusBadRequest, status, "the API host takes no uploads")
	assert.NotEqual(t, "FILE_UPLOAD_SUCCESS", ans["code"])
	status, ans = upload(s.UploadURL, token, "X-CRM-ORG", zgid)
	assert.Equal(t, "NOT_SUPPORTED_FEATURE", ans["code"])
	assert.Equal(t, http.StatusBadRequest, status)
	crmOnly, _ := s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.modules.ALL", "ZohoCRM.bulk.ALL")
	status, ans = upload(s.UploadURL, crmOnly, "feature", "bulk-write", "X-CRM-ORG", zgid)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "OAUTH_SCOPE_MISMATCH", ans["code"])
}

// SetBulkReadPageSize makes jobs export smaller pages, each with a token
// for the next, as Zoho's 200,000-record pages do.
func TestBulkReadPageSize(t *testing.T) {
	s := newServer(t)
	s.SetBulkJobTime(time.Millisecond)
	s.SetBulkReadPageSize(2)
	for range 5 {
		s.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle"})
	}
	token, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	query := map[string]any{"module": map[string]any{"api_name": "Leads"}}
	var counts []any
	for {
		status, _, ans := bulkCall(t, "POST", s.URL+"/crm/bulk/v8/read", token, map[string]any{"query": query})
		require.Equal(t, http.StatusCreated, status, ans)
		id := ans["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)
		time.Sleep(5 * time.Millisecond)
		_, _, ans = bulkCall(t, "GET", s.URL+"/crm/bulk/v8/read/"+id, token, nil)
		result := ans["data"].([]any)[0].(map[string]any)["result"].(map[string]any)
		assert.Equal(t, 2.0, result["per_page"])
		counts = append(counts, result["count"])
		if result["more_records"] != true {
			break
		}
		query = map[string]any{"page_token": result["next_page_token"]}
	}
	assert.Equal(t, []any{2.0, 2.0, 1.0}, counts)
}
