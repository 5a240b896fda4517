package zohotest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func compositeEntries(t *testing.T, a answer) []map[string]any {
	t.Helper()
	list, _ := a.json(t)["__composite_requests"].([]any)
	out := make([]map[string]any, len(list))
	for i, e := range list {
		out[i] = e.(map[string]any)
	}
	return out
}

func TestCompositeRefusals(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	get := map[string]any{"method": "GET", "uri": "/crm/v8/Leads", "params": map[string]string{"fields": "Last_Name"}}
	for name, tc := range map[string]struct {
		body   map[string]any
		code   string
		status int
		at     int // the refused sub-request; -1: the whole request
	}{
		"rollback and parallel": {map[string]any{"rollback_on_fail": true, "parallel_execution": true, "__composite_requests": []any{get}}, "AMBIGUITY_DURING_PROCESSING", 400, -1},
		"six":                   {map[string]any{"__composite_requests": []any{get, get, get, get, get, get}}, "INVALID_DATA", 400, -1},
		"none":                  {map[string]any{"__composite_requests": []any{}}, "MANDATORY_NOT_FOUND", 400, -1},
		// A refused sub-request is refused alone: the others run.
		"duplicate id": {map[string]any{"__composite_requests": []any{
			map[string]any{"sub_request_id": "a", "method": "GET", "uri": "/crm/v8/Leads"}, map[string]any{"sub_request_id": "a", "method": "GET", "uri": "/crm/v8/Leads"}}}, "DUPLICATE_DATA", 207, 1},
		"bad uri":        {map[string]any{"__composite_requests": []any{get, map[string]any{"method": "GET", "uri": "/Leads"}}}, "INVALID_DATA", 207, 1},
		"higher version": {map[string]any{"__composite_requests": []any{map[string]any{"method": "GET", "uri": "/crm/v9/Leads"}, get}}, "NOT_ALLOWED", 207, 0},
		"org header":     {map[string]any{"__composite_requests": []any{map[string]any{"method": "GET", "uri": "/crm/v8/Leads", "headers": map[string]string{"X-CRM-ORG": "1"}}}}, "NOT_ALLOWED", 400, 0},
	} {
		t.Run(name, func(t *testing.T) {
			ans := a.do("POST", "__composite_requests", tc.body)
			assert.Equal(t, tc.status, ans.status, "%s", ans.body)
			if tc.at < 0 {
				assert.Equal(t, tc.code, ans.json(t)["code"], "%s", ans.body)
				return
			}
			entries := compositeEntries(t, ans)
			require.Len(t, entries, len(tc.body["__composite_requests"].([]any)), "one result per sub-request: %s", ans.body)
			for i, e := range entries {
				if i == tc.at {
					assert.Equal(t, tc.code, e["code"], "%s", ans.body)
				} else {
					assert.Equal(t, "SUCCESS", e["code"], "%s", ans.body)
				}
			}
		})
	}
	v2 := newAPI(t, s, "v2").do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{get}})
	assert.Equal(t, "API_NOT_SUPPORTED", v2.json(t)["code"])
}

// A reference to a sub-request whose answer lacks the path is refused for
// that sub-request; the others run, and the answer is 207.
func TestCompositeBadReferenceAnswers207(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	ans := a.do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{
		map[string]any{"sub_request_id": "1", "method": "POST", "uri": "/crm/v8/Leads", "body": records(map[string]any{"Last_Name": "A"})},
		map[string]any{"method": "GET", "uri": "/crm/v8/Leads/@{1:$.data[3].details.id}"},
		map[string]any{"method": "POST", "uri": "/crm/v8/__composite_requests", "body": map[string]any{}},
	}})
	require.Equal(t, http.StatusMultiStatus, ans.status, "%s", ans.body)
	entries := compositeEntries(t, ans)
	assert.Equal(t, "SUCCESS", entries[0]["code"])
	assert.Equal(t, "INVALID_REFERENCE", entries[1]["code"])
	inner := entries[2]["details"].(map[string]any)["response"].(map[string]any)
	assert.EqualValues(t, 400, inner["status_code"], "a composite cannot nest")
	assert.Equal(t, 1, s.Records("Leads").Len())
}

func TestJSONPath(t *testing.T) {
	v := map[string]any{"data": []any{map[string]any{"details": map[string]any{"id": "7"}}}}
	got, ok := jsonPath(v, "$.data[0].details.id")
	assert.True(t, ok)
	assert.Equal(t, "7", got)
	for _, bad := range []string{"$.data[1].details.id", "$.nope", "data", "$.data[x]", "$.data[0"} {
		_, ok := jsonPath(v, bad)
		assert.False(t, ok, bad)
	}
}

// A composite request takes five places of the concurrency limit, and
// costs one credit (two with rollback_on_fail when nothing rolled back).
func TestCompositeConcurrencyAndCredits(t *testing.T) {
	s := newServer(t, WithConcurrencyLimit(6))
	a := newAPI(t, s, "v8")
	get := map[string]any{"__composite_requests": []any{map[string]any{"method": "GET", "uri": "/crm/v8/org"}}}

	hold.Lock()
	hold.entered, hold.release = make(chan struct{}), make(chan struct{})
	entered, release := hold.entered, hold.release
	hold.Unlock()
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.get("zohotest_hold")
		}()
	}
	<-entered
	<-entered
	assert.Equal(t, http.StatusTooManyRequests, a.do("POST", "__composite_requests", get).status, "2 + 5 places > 6")
	assert.Equal(t, http.StatusOK, a.get("org").status, "a plain call still fits")
	close(release)
	wg.Wait()

	before := s.RateLimit().Remaining
	ans := a.do("POST", "__composite_requests", get)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, before-1, s.RateLimit().Remaining)
	ans = a.do("POST", "__composite_requests", map[string]any{"rollback_on_fail": true, "__composite_requests": []any{map[string]any{"method": "GET", "uri": "/crm/v8/org"}}})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, before-3, s.RateLimit().Remaining)
}

// Each sub-request needs its own scope, on top of the composite's.
func TestCompositeChecksEachSubRequestsScope(t *testing.T) {
	s := newServer(t)
	at, _ := s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.composite_requests.CUSTOM,ZohoCRM.modules.leads.READ")
	a := &api{t: t, s: s, token: at, version: "v8"}
	ans := a.do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{
		map[string]any{"method": "GET", "uri": "/crm/v8/Leads", "params": map[string]any{"fields": "Last_Name"}},
		map[string]any{"method": "POST", "uri": "/crm/v8/Leads", "body": records(map[string]any{"Last_Name": "A"})},
	}})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	entries := compositeEntries(t, ans)
	status := func(i int) any {
		return entries[i]["details"].(map[string]any)["response"].(map[string]any)["status_code"]
	}
	assert.EqualValues(t, 204, status(0))
	assert.EqualValues(t, 401, status(1))
	assert.Zero(t, s.Records("Leads").Len())

	at, _ = s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.modules.ALL")
	ans = (&api{t: t, s: s, token: at, version: "v8"}).do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{
		map[string]any{"method": "GET", "uri": "/crm/v8/Leads"}}})
	assert.Equal(t, http.StatusUnauthorized, ans.status, "the composite's own scope is needed")
}

// A rollback also undoes the tags written before the failure.
func TestCompositeRollbackUndoesTags(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "Tagged"})[0]
	ans := a.do("POST", "__composite_requests", map[string]any{"rollback_on_fail": true, "__composite_requests": []any{
		map[string]any{"method": "POST", "uri": "/crm/v8/Leads/" + lead + "/actions/add_tags", "body": map[string]any{"tags": []any{map[string]any{"name": "hot"}}}},
		map[string]any{"method": "POST", "uri": "/crm/v8/settings/tags", "params": map[string]any{"module": "Leads"}, "body": map[string]any{"tags": []any{map[string]any{"name": "new"}}}},
		map[string]any{"method": "PUT", "uri": "/crm/v8/Leads/4150868000000000001", "body": records(map[string]any{"Company": "x"})},
	}})
	require.Equal(t, http.StatusBadRequest, ans.status, "%s", ans.body)
	entries := compositeEntries(t, ans)
	assert.Equal(t, "ROLLBACK_PERFORMED", entries[0]["code"])
	assert.Equal(t, "ROLLBACK_PERFORMED", entries[1]["code"])
	rec, _ := s.Records("Leads").Get(lead)
	assert.Empty(t, rec["Tag"], "the record's tag is gone")
	list := a.get("settings/tags?module=Leads")
	assert.Empty(t, list.json(t)["tags"], "and so are the tags created")
}

// The changes of a rolled-back composite reach no notification channel;
// those of one that stands do.
func TestCompositeRollbackNotifiesNothing(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	var mu sync.Mutex
	var got []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, body)
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	ans := a.do("POST", "actions/watch", map[string]any{"watch": []any{map[string]any{"channel_id": "1", "events": []string{"Leads.all"}, "notify_url": hook.URL}}})
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)

	create := func(last string) map[string]any {
		return map[string]any{"method": "POST", "uri": "/crm/v8/Leads", "body": records(map[string]any{"Last_Name": last})}
	}
	ans = a.do("POST", "__composite_requests", map[string]any{"rollback_on_fail": true, "__composite_requests": []any{
		create("Rolled back"), map[string]any{"method": "PUT", "uri": "/crm/v8/Leads/4150868000000000001", "body": records(map[string]any{"Company": "x"})}}})
	require.Equal(t, http.StatusBadRequest, ans.status)
	s.WaitCallbacks()
	mu.Lock()
	assert.Empty(t, got, "nothing to tell of a rollback")
	mu.Unlock()

	ans = a.do("POST", "__composite_requests", map[string]any{"rollback_on_fail": true, "__composite_requests": []any{create("Kept")}})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	s.WaitCallbacks()
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1)
	assert.Equal(t, "insert", got[0]["operation"])
	assert.Equal(t, []any{s.Records("Leads").IDs()[0]}, got[0]["ids"])
}
