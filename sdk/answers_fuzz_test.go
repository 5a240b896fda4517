package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// answerStatuses are the HTTP statuses a fuzzed CRM answer comes with. Not
// 401: INVALID_TOKEN refreshes, and Zoho's refresh limit would soon leave
// no token to send the next answers' requests with.
var answerStatuses = []int{200, 201, 202, 204, 207, 304, 400, 403, 404, 405, 413, 429, 500, 502}

// FuzzCRMAnswer: whatever the CRM API answers a records list or a records
// write with, the SDK returns records, per-record results or an error,
// never a panic: an error answer is an *APIError with its status, a list
// holds records that encode again, and a write of two records gives two
// results in input order or an error.
func FuzzCRMAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"data":[{"id":"3652397000000388085","Last_Name":"Boyle","Amount":12345678901234567890.5,"Owner":{"id":"1","name":"P"}}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`},
		{201, `{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record added","status":"success"},{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"},"message":"required field not found","status":"error"}]}`},
		{400, `{"code":"INVALID_MODULE","details":{"resource_path_index":0},"message":"the module name given seems to be invalid","status":"error"}`},
		{400, `{"data":[{"code":"INVALID_DATA","details":{},"message":"invalid data","status":"error"},{"code":"INVALID_DATA","details":{},"message":"invalid data","status":"error"}]}`},
		{403, `{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}`},
		{200, `{"data":[null,null]}`}, // results that were null panicked
		{200, `{"tags":[null,{"code":"SUCCESS","details":{"id":"1"},"status":"success"}]}`},
		{200, `{"data":[{"id":1}, 2, "three"]}`},
		{200, `{"data":{}}`},
		{204, ``},
		{500, `<html>oops</html>`},
		{200, `{"data":[]} trailing`},
	} {
		f.Add(uint8(0), seed.body)
		for i, s := range answerStatuses {
			if s == seed.status {
				f.Add(uint8(i), seed.body)
			}
		}
	}

	var mu sync.Mutex
	var status int
	var body string
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		s, b := status, body
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s)
		_, _ = w.Write([]byte(b))
	}))
	f.Cleanup(crm.Close)
	accounts := zohotest.NewServer()
	f.Cleanup(accounts.Close)
	dir, err := os.MkdirTemp("", "zcrm-fuzz-tokens")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.RemoveAll(dir) })
	ctx := context.Background()
	client, err := sdk.NewClient(ctx, sdk.Config{
		ClientID: accounts.ClientID, ClientSecret: accounts.ClientSecret, RedirectURI: accounts.RedirectURI,
		AccountsURL: accounts.URL, APIBaseURL: crm.URL, TokenPersistencePath: dir, PluginDir: pluginDir,
		MaxRetries: -1, Timeout: 10 * time.Second,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { client.Close() })
	if _, err := client.GenerateTokens(ctx, accounts.GrantToken(accounts.ClientID, accounts.Admin().Email)); err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, statusIndex uint8, answer string) {
		s := answerStatuses[int(statusIndex)%len(answerStatuses)]
		mu.Lock()
		status, body = s, answer
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()

		records, _, err := client.Records.List(ctx, "Leads", nil)
		checkAnswerError(t, s, err)
		if err == nil {
			if records == nil {
				t.Fatal("no records and no error")
			}
			for _, r := range records {
				_ = r.ID()
				_ = r.Owner()
				if _, err := json.Marshal(r); err != nil {
					t.Fatalf("a record that does not encode again: %v", err)
				}
			}
		}

		results, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "A"}, {"Last_Name": "B"}}, nil)
		checkAnswerError(t, s, err)
		if err == nil {
			if len(results) != 2 {
				t.Fatalf("%d results for 2 records, no error", len(results))
			}
			for i, r := range results {
				if r == nil {
					t.Fatalf("result %d is nil", i)
				}
				if r.Index != i {
					t.Fatalf("result %d has index %d", i, r.Index)
				}
				_, _, _ = r.OK(), r.ID(), r.Err()
			}
			_ = sdk.WriteErrors(results)
		}

		results, _, err = client.Tags.Create(ctx, "Leads", []*sdk.Tag{{Name: "a"}, {Name: "b"}})
		checkAnswerError(t, s, err)
		if err == nil && (len(results) != 2 || results[0] == nil || results[1] == nil || results[1].Index != 1) {
			t.Fatalf("tags: results %v for 2 tags, no error", results)
		}
	})
}

// checkAnswerError: an error answer is an *APIError with the answer's
// status, or a write's per-record error.
func checkAnswerError(t *testing.T, status int, err error) {
	t.Helper()
	if err == nil {
		return
	}
	_ = err.Error()
	var apiErr *sdk.APIError
	if status >= 400 {
		if !errors.As(err, &apiErr) {
			var rerr *sdk.RecordError
			if errors.As(err, &rerr) {
				return
			}
			t.Fatalf("status %d: not an *APIError: %v", status, err)
		}
		if apiErr.StatusCode != status {
			t.Fatalf("status %d: APIError has %d", status, apiErr.StatusCode)
		}
	}
}
