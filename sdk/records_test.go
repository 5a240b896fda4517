package sdk_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// requestLog records the CRM requests a client sends, bodies included, by
// wrapping its HTTP transport; it answers nothing itself.
type requestLog struct {
	mu   sync.Mutex
	reqs []loggedRequest
	next http.RoundTripper
}

type loggedRequest struct {
	Method, Path string
	Query        string
	Header       http.Header
	Body         []byte
}

func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/crm/") {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		l.mu.Lock()
		l.reqs = append(l.reqs, loggedRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		l.mu.Unlock()
	}
	return l.next.RoundTrip(r)
}

func (l *requestLog) requests() []loggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]loggedRequest(nil), l.reqs...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = nil
}

// recordsClient is a ready client for the API version, with its requests
// logged.
func recordsClient(t testing.TB, srv *zohotest.Server, version string) (*sdk.Client, *requestLog) {
	t.Helper()
	cfg := fileConfig(t, srv)
	cfg.APIVersion = version
	log := &requestLog{next: http.DefaultTransport.(*http.Transport).Clone()}
	cfg.HTTPClient = &http.Client{Transport: log}
	c := readyClient(t, srv, cfg)
	log.reset()
	return c, log
}

func TestGetAndList(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v2")
	ctx := testCtx(t)
	ids := srv.Records("Contacts").Insert(
		map[string]any{"Last_Name": "Carter", "Email": "c@example.com"},
		map[string]any{"Last_Name": "adams", "Email": "a@example.com"},
		map[string]any{"Last_Name": "Baker", "Email": "b@example.com", "$approved": false},
	)

	rec, resp, err := c.Records.Get(ctx, "Contacts", ids[0], &sdk.RecordGetOptions{Fields: []string{"Last_Name"}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, sdk.Record{"id": ids[0], "Last_Name": "Carter"}, rec)
	rec, _, err = c.Records.Get(ctx, "Contacts", ids[1], nil)
	require.NoError(t, err)
	assert.Equal(t, "a@example.com", rec.String("Email"))
	assert.Equal(t, srv.Admin().Email, rec.Owner().Email)
	assert.False(t, rec.CreatedTime().IsZero())

	_, _, err = c.Records.Get(ctx, "Contacts", "1234567890123456789", nil)
	assert.ErrorIs(t, err, sdk.ErrNotFound)
	_, _, err = c.Records.Get(ctx, "Nope", ids[0], nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)

	list, resp, err := c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{
		Fields: []string{"Last_Name"}, SortBy: "Last_Name", SortOrder: "asc", ListOptions: sdk.ListOptions{PerPage: 1, Page: 2},
	})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Carter", list[0].String("Last_Name"), "sorted by name ignoring case: adams, Carter; Baker is unapproved")
	assert.Equal(t, sdk.PageInfo{PerPage: 1, Count: 1, Page: 2, MoreRecords: false}, typedInfo(resp.Info))
	last := log.requests()[len(log.requests())-1]
	assert.Equal(t, "/crm/v2/Contacts", last.Path)
	assert.Equal(t, "fields=Last_Name&page=2&per_page=1&sort_by=Last_Name&sort_order=asc", last.Query)

	list, _, err = c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{Approved: sdk.FilterFalse})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Baker", list[0].String("Last_Name"))
	list, _, err = c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{Approved: sdk.FilterBoth, IDs: []string{ids[0], ids[2]}})
	require.NoError(t, err)
	assert.Len(t, list, 2)

	views := srv.Records("Contacts").Module().CustomViews
	list, _, err = c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{CVID: views[0].ID})
	require.NoError(t, err)
	assert.Len(t, list, 2)
	_, _, err = c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{CVID: "42"})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	converted := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Was a lead", "$converted": true})[0]
	srv.Records("Leads").Insert(map[string]any{"Last_Name": "Still a lead"})
	for filter, want := range map[sdk.Filter]int{"": 1, sdk.FilterTrue: 1, sdk.FilterFalse: 1, sdk.FilterBoth: 2} {
		list, _, err = c.Records.List(ctx, "Leads", &sdk.RecordListOptions{Converted: filter})
		require.NoError(t, err)
		assert.Len(t, list, want, "converted=%q", filter)
		if filter == sdk.FilterTrue {
			assert.Equal(t, converted, list[0].ID())
		}
	}
}

func TestRecordsValidationSendsNothing(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"Get without module":  func() error { _, _, err := c.Records.Get(ctx, "", "1", nil); return err },
		"Get without id":      func() error { _, _, err := c.Records.Get(ctx, "Leads", " ", nil); return err },
		"Get with a slash":    func() error { _, _, err := c.Records.Get(ctx, "Leads", "1/2", nil); return err },
		"List without module": func() error { _, _, err := c.Records.List(ctx, "", nil); return err },
		"v8 List, no fields":  func() error { _, _, err := c.Records.List(ctx, "Leads", nil); return err },
		"PerPage over 200": func() error {
			_, _, err := c.Records.List(ctx, "Leads", &sdk.RecordListOptions{Fields: []string{"a"}, ListOptions: sdk.ListOptions{PerPage: 201}})
			return err
		},
		"Create with an id": func() error {
			_, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{}, {}, {"id": "5", "Last_Name": "x"}}, nil)
			return err
		},
		"Create nil record": func() error { _, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{nil}, nil); return err },
		"Update without id": func() error {
			_, _, err := c.Records.Update(ctx, "Leads", []sdk.Record{{"id": "1"}, {"Last_Name": "x"}}, nil)
			return err
		},
		"Create, empty module": func() error {
			_, _, err := c.Records.Create(ctx, "", []sdk.Record{{"Last_Name": "x"}}, nil)
			return err
		},
		"Delete empty id": func() error { _, _, err := c.Records.Delete(ctx, "Leads", "1", ""); return err },
		"Search nothing":  func() error { _, _, err := c.Records.Search(ctx, "Leads", &sdk.SearchOptions{}); return err },
		"Search two ways": func() error {
			_, _, err := c.Records.Search(ctx, "Leads", &sdk.SearchOptions{Email: "a@b.c", Word: "x"})
			return err
		},
		"Convert without id":   func() error { _, _, err := c.Records.ConvertLead(ctx, "", nil); return err },
		"Mass update no field": func() error { _, _, err := c.Records.MassUpdate(ctx, "Leads", nil, "1"); return err },
		"Empty query":          func() error { _, _, err := c.Query.Run(ctx, "  "); return err },
	} {
		err := call()
		require.ErrorAs(t, err, &verr, name)
	}
	assert.Empty(t, log.requests(), "nothing is sent for a request that could not be right")

	_, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{}, {}, {"id": "5", "Last_Name": "x"}}, nil)
	assert.EqualError(t, err, "zcrm: records[2]: has an id (5); use Update for existing records, or Upsert")
	_, _, err = c.Records.Update(ctx, "Leads", []sdk.Record{{"id": "1"}, {"Last_Name": "x"}}, nil)
	assert.EqualError(t, err, "zcrm: records[1]: has no id; Update needs the id of each record (use Create or Upsert for new ones)")
	_, _, err = c.Records.Get(ctx, "", "1", nil)
	assert.EqualError(t, err, "zcrm: module: is empty")

	results, resp, err := c.Records.Create(ctx, "Leads", nil, nil)
	require.NoError(t, err)
	assert.Nil(t, resp)
	assert.Empty(t, results)
}

func TestIfModifiedSince(t *testing.T) {
	srv := emulator(t, zohotest.WithFrozenClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)))
	c, log := recordsClient(t, srv, "v2")
	ctx := testCtx(t)
	id := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Unchanged"})[0]
	since := srv.Now()

	list, resp, err := c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{IfModifiedSince: since})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.True(t, resp.NotModified)
	assert.Empty(t, list)
	assert.Equal(t, "2025-03-01T09:00:00Z", log.requests()[0].Header.Get("If-Modified-Since"), "Zoho's ISO 8601 form, not an HTTP date")

	rec, resp, err := c.Records.Get(ctx, "Contacts", id, &sdk.RecordGetOptions{IfModifiedSince: since})
	require.NoError(t, err)
	assert.True(t, resp.NotModified)
	assert.Nil(t, rec)

	deleted, resp, err := c.Records.ListDeleted(ctx, "Contacts", &sdk.DeletedListOptions{IfModifiedSince: since})
	require.NoError(t, err)
	assert.True(t, resp.NotModified)
	assert.Empty(t, deleted)

	srv.Advance(time.Minute)
	results, _, err := c.Records.Update(ctx, "Contacts", []sdk.Record{{"id": id, "Title": "Changed"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	list, resp, err = c.Records.List(ctx, "Contacts", &sdk.RecordListOptions{IfModifiedSince: since})
	require.NoError(t, err)
	assert.False(t, resp.NotModified)
	require.Len(t, list, 1)
	assert.Equal(t, "Changed", list[0].String("Title"))
	rec, resp, err = c.Records.Get(ctx, "Contacts", id, &sdk.RecordGetOptions{IfModifiedSince: since})
	require.NoError(t, err)
	assert.False(t, resp.NotModified)
	assert.Equal(t, id, rec.ID())
}

// seedContacts stores n contacts named C00000, C00001... in id order.
func seedContacts(srv *zohotest.Server, n int) []string {
	seed := make([]map[string]any, n)
	for i := range seed {
		seed[i] = map[string]any{"Last_Name": fmt.Sprintf("C%05d", i), "Email": fmt.Sprintf("c%d@example.com", i)}
	}
	return srv.Records("Contacts").Insert(seed...)
}

func TestAllCrossesRecord2000WithPageTokens(t *testing.T) {
	srv := emulator(t)
	ids := seedContacts(srv, 4500)
	for _, version := range []string{"v5", "v8"} {
		t.Run(version, func(t *testing.T) {
			c, log := recordsClient(t, srv, version)
			var got []string
			for rec, err := range c.Records.All(testCtx(t), "Contacts", &sdk.RecordListOptions{Fields: []string{"Last_Name"}}) {
				require.NoError(t, err)
				got = append(got, rec.ID())
			}
			require.Len(t, got, 4500)
			for i, id := range got {
				require.Equal(t, ids[len(ids)-1-i], id, "record %d: every record once, newest first (Zoho's default order)", i)
			}
			reqs := log.requests()
			assert.Len(t, reqs, 23, "200 a page")
			assert.Contains(t, reqs[9].Query, "page=10")
			assert.NotRegexp(t, `(^|&)page=`, reqs[10].Query, "past record 2000 by page token")
			assert.Contains(t, reqs[10].Query, "page_token=")
		})
	}
	t.Run("v8 by name, 150 a page", func(t *testing.T) {
		c, _ := recordsClient(t, srv, "v8")
		n, prev := 0, ""
		opts := &sdk.RecordListOptions{Fields: []string{"Last_Name"}, SortBy: "Last_Name", SortOrder: "asc", ListOptions: sdk.ListOptions{PerPage: 150}}
		for rec, err := range c.Records.All(testCtx(t), "Contacts", opts) {
			require.NoError(t, err)
			require.Greater(t, rec.String("Last_Name"), prev)
			prev = rec.String("Last_Name")
			n++
		}
		assert.Equal(t, 4500, n, "page 13 ends at 1950; the token takes over there")
	})
}

func TestAllStopsAtRecord2000WithoutPageTokens(t *testing.T) {
	srv := emulator(t)
	seedContacts(srv, 2300)
	c, log := recordsClient(t, srv, "v2")
	n := 0
	var last error
	for _, err := range c.Records.All(testCtx(t), "Contacts", nil) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.Equal(t, 2000, n)
	require.ErrorIs(t, last, sdk.ErrPageLimit)
	var limit *sdk.PageLimitError
	require.ErrorAs(t, last, &limit)
	assert.Equal(t, "v2", limit.APIVersion)
	assert.Equal(t, 2000, limit.Limit)
	assert.Equal(t, "zcrm: Records.All(Contacts): stopped after 2000 records: Zoho lists only the first 2000 records by page number, "+
		"and API v2 has no page_token to go further (it came with v5); set api_version to v5 or later (v8 is current) to list past record 2000, "+
		"or narrow the list with Records.SearchAll criteria, or a COQL query (Query.All) with a WHERE clause", last.Error())
	assert.Len(t, log.requests(), 10, "no request for page 11, which Zoho would refuse")

	// Breaking out early sends no more requests.
	log.reset()
	for range c.Records.All(testCtx(t), "Contacts", nil) {
		break
	}
	assert.Len(t, log.requests(), 1)
}

func TestCreateUpdateUpsertInBatches(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)

	records := make([]sdk.Record, 250)
	for i := range records {
		records[i] = sdk.Record{"Last_Name": fmt.Sprintf("Batch %03d", i), "Email": fmt.Sprintf("b%d@example.com", i)}
	}
	results, _, err := c.Records.Create(ctx, "Leads", records, &sdk.WriteOptions{Trigger: []string{sdk.TriggerWorkflow}, LARID: "77"})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	require.Len(t, results, 250)
	reqs := log.requests()
	require.Len(t, reqs, 3, "100, 100 and 50")
	for i, r := range results {
		assert.Equal(t, i, r.Index)
		stored, ok := srv.Records("Leads").Get(r.ID())
		require.True(t, ok)
		assert.Equal(t, fmt.Sprintf("Batch %03d", i), stored["Last_Name"], "result %d is record %d's", i, i)
	}
	// The batches go out concurrently, in any order.
	var sizes []int
	for _, req := range reqs {
		var body struct {
			Data    []map[string]any `json:"data"`
			Trigger []string         `json:"trigger"`
			LARID   string           `json:"lar_id"`
		}
		require.NoError(t, json.Unmarshal(req.Body, &body))
		sizes = append(sizes, len(body.Data))
		assert.Equal(t, []string{"workflow"}, body.Trigger)
		assert.Equal(t, "77", body.LARID)
	}
	assert.ElementsMatch(t, []int{100, 100, 50}, sizes)

	// Update: one field of each; the others stay.
	log.reset()
	updates := make([]sdk.Record, len(results))
	for i, r := range results {
		updates[i] = sdk.Record{"id": r.ID(), "Company": "Updated"}
	}
	results, _, err = c.Records.Update(ctx, "Leads", updates, &sdk.WriteOptions{Trigger: []string{}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	assert.Len(t, log.requests(), 3)
	assert.Contains(t, string(log.requests()[0].Body), `"trigger":[]`, "an empty trigger list runs no automation")
	stored, _ := srv.Records("Leads").Get(updates[7]["id"].(string))
	assert.Equal(t, "Updated", stored["Company"])
	assert.Equal(t, "Batch 007", stored["Last_Name"])

	// Upsert: matched by email, or inserted.
	log.reset()
	results, _, err = c.Records.Upsert(ctx, "Leads", []sdk.Record{
		{"Last_Name": "Batch 001 again", "Email": "b1@example.com"},
		{"Last_Name": "Newcomer", "Email": "new@example.com"},
	}, &sdk.UpsertOptions{DuplicateCheckFields: []string{"Email"}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	assert.Equal(t, "update", results[0].Action)
	assert.Equal(t, "Email", results[0].DuplicateField)
	assert.Equal(t, updates[1]["id"], results[0].ID())
	assert.Equal(t, "insert", results[1].Action)
	assert.Equal(t, "/crm/v8/Leads/upsert", log.requests()[0].Path)
	assert.Contains(t, string(log.requests()[0].Body), `"duplicate_check_fields":["Email"]`)
	assert.NotContains(t, string(log.requests()[0].Body), "trigger", "no trigger given: Zoho's default")
	assert.Equal(t, 251, srv.Records("Leads").Len())
}

func TestPartialFailureReportsEachRecord(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	records := make([]sdk.Record, 250)
	for i := range records {
		records[i] = sdk.Record{"Last_Name": fmt.Sprint("P", i), "Email": fmt.Sprintf("p%d@example.com", i)}
	}
	delete(records[17], "Last_Name")              // mandatory
	records[120]["Email"] = "not an address"      // invalid
	records[230]["Email"] = records[203]["Email"] // unique, and taken by then (same batch: batches run concurrently)
	results, _, err := c.Records.Create(testCtx(t), "Leads", records, nil)
	require.NoError(t, err, "a refused record is a result, not an error")
	require.Len(t, results, 250)
	assert.Len(t, log.requests(), 3)

	var ok int
	var failed []*sdk.RecordError
	for i, r := range results {
		assert.Equal(t, i, r.Index)
		if r.OK() {
			ok++
			assert.NotEmpty(t, r.ID())
			continue
		}
		var rerr *sdk.RecordError
		require.ErrorAs(t, r.Err(), &rerr)
		failed = append(failed, rerr)
	}
	assert.Equal(t, 247, ok)
	require.Len(t, failed, 3)
	assert.Equal(t, []int{17, 120, 230}, []int{failed[0].Index, failed[1].Index, failed[2].Index}, "in input order")
	assert.Equal(t, []string{"Last_Name", "Email", "Email"}, []string{failed[0].Field(), failed[1].Field(), failed[2].Field()})
	assert.ErrorIs(t, failed[0], sdk.ErrMandatoryNotFound)
	assert.ErrorIs(t, failed[1], sdk.ErrInvalidData)
	assert.ErrorIs(t, failed[2], sdk.ErrDuplicateData)
	assert.Equal(t, "zcrm: record 17: MANDATORY_NOT_FOUND: required field not found (field Last_Name)", failed[0].Error())

	joined := sdk.WriteErrors(results)
	require.Error(t, joined)
	assert.Len(t, strings.Split(joined.Error(), "\n"), 3)
	assert.ErrorIs(t, joined, sdk.ErrDuplicateData)
	assert.Equal(t, 247, srv.Records("Leads").Len())
}

func TestDeleteAndDeletedRecords(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v2")
	ctx := testCtx(t)
	ids := seedContacts(srv, 250)
	ids[100] = "1234567890123456789" // not there

	results, _, err := c.Records.Delete(ctx, "Contacts", ids...)
	require.NoError(t, err)
	require.Len(t, results, 250)
	assert.Len(t, log.requests(), 3)
	for i, r := range results {
		assert.Equal(t, ids[i], r.ID(), "result %d", i)
		assert.Equal(t, i != 100, r.OK(), "result %d", i)
	}
	assert.ErrorIs(t, sdk.WriteErrors(results), sdk.ErrInvalidData)
	assert.Equal(t, 1, srv.Records("Contacts").Len())

	srv.Records("Contacts").Purge(ids[0], ids[1])
	count := func(typ sdk.DeletedType) int {
		n := 0
		for d, err := range c.Records.AllDeleted(ctx, "Contacts", &sdk.DeletedListOptions{Type: typ, ListOptions: sdk.ListOptions{PerPage: 100}}) {
			require.NoError(t, err)
			assert.Equal(t, string(typ) == d.Type || typ == sdk.DeletedAll, true)
			n++
		}
		return n
	}
	assert.Equal(t, 249, count(sdk.DeletedAll))
	assert.Equal(t, 247, count(sdk.DeletedRecycle))
	assert.Equal(t, 2, count(sdk.DeletedPermanent))

	page, resp, err := c.Records.ListDeleted(ctx, "Contacts", &sdk.DeletedListOptions{Type: sdk.DeletedRecycle, ListOptions: sdk.ListOptions{PerPage: 1}})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.True(t, resp.Info.MoreRecords)
	// Batches are deleted concurrently: the most recent is one of the
	// last batch's, or another batch's last.
	assert.Contains(t, []string{ids[99], ids[199], ids[249]}, page[0].ID, "most recent first")
	assert.Equal(t, srv.Admin().ID, page[0].DeletedBy.ID)
	assert.Equal(t, "recycle", page[0].Type)
	assert.False(t, page[0].DeletedTime.IsZero())

	_, _, err = c.Records.ListDeleted(ctx, "Contacts", &sdk.DeletedListOptions{Type: "some"})
	assert.Error(t, err)
}

func TestMassUpdate(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)
	ids := seedContacts(srv, 600)
	ids[550] = "1234567890123456789"

	results, _, err := c.Records.MassUpdate(ctx, "Contacts", sdk.Record{"Department": "Sales"}, ids...)
	require.NoError(t, err)
	require.Len(t, results, 600)
	assert.Len(t, log.requests(), 2, "500 ids a call")
	for i, r := range results {
		assert.Equal(t, i != 550, r.OK(), "result %d", i)
	}
	stored, _ := srv.Records("Contacts").Get(ids[599])
	assert.Equal(t, "Sales", stored["Department"])

	view := srv.Records("Contacts").Module().CustomViews[0].ID
	job, _, err := c.Records.MassUpdateView(ctx, "Contacts", view, sdk.Record{"Department": "Support"})
	require.NoError(t, err)
	status, _, err := c.Records.MassUpdateStatus(ctx, "Contacts", job)
	require.NoError(t, err)
	assert.Equal(t, sdk.MassUpdateJob{Status: "COMPLETED", UpdatedCount: 600, TotalCount: 600}, *status)
	_, _, err = c.Records.MassUpdateStatus(ctx, "Contacts", "42")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestSearch(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)
	seedContacts(srv, 2100)
	srv.Records("Contacts").Insert(
		map[string]any{"Last_Name": "Burns,B", "First_Name": "Monty", "Phone": "+1 (555) 010-0000"},
		map[string]any{"Last_Name": "Burns", "First_Name": "Mary"},
	)

	found, _, err := c.Records.Search(ctx, "Contacts", &sdk.SearchOptions{
		Criteria: sdk.AllOf(sdk.Criterion("Last_Name", sdk.OpEquals, "Burns,B"), sdk.Criterion("First_Name", sdk.OpStartsWith, "M")),
	})
	require.NoError(t, err)
	require.Len(t, found, 1, "the comma in the value is escaped")
	assert.Equal(t, "Monty", found[0].String("First_Name"))
	assert.Contains(t, log.requests()[0].Query, "criteria=%28%28Last_Name%3Aequals%3ABurns%5C%2CB%29and%28First_Name%3Astarts_with%3AM%29%29")

	found, _, err = c.Records.Search(ctx, "Contacts", &sdk.SearchOptions{Criteria: sdk.AnyOf(sdk.Criterion("First_Name", sdk.OpIn, "Monty", "Mary"), sdk.Criterion("Last_Name", sdk.OpEquals, "C00007"))})
	require.NoError(t, err)
	assert.Len(t, found, 3)
	found, _, err = c.Records.Search(ctx, "Contacts", &sdk.SearchOptions{Email: "c42@example.com"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, "C00042", found[0].String("Last_Name"))
	found, _, err = c.Records.Search(ctx, "Contacts", &sdk.SearchOptions{Phone: "+1 555 010 0000"})
	require.NoError(t, err)
	assert.Len(t, found, 1)
	found, resp, err := c.Records.Search(ctx, "Contacts", &sdk.SearchOptions{Word: "nobody-has-this"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.NotNil(t, found)
	assert.Empty(t, found)

	// The iterator: 1000 matches a hundred at a time, then 2102 matches that
	// stop at Zoho's 2000.
	log.reset()
	n := 0
	for rec, err := range c.Records.SearchAll(ctx, "Contacts", &sdk.SearchOptions{Criteria: sdk.Criterion("Last_Name", sdk.OpStartsWith, "C00"), ListOptions: sdk.ListOptions{PerPage: 100}}) {
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(rec.String("Last_Name"), "C00"))
		n++
	}
	assert.Equal(t, 1000, n)
	assert.Len(t, log.requests(), 10)

	n = 0
	var last error
	for _, err := range c.Records.SearchAll(ctx, "Contacts", &sdk.SearchOptions{Word: "C"}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.Equal(t, 2000, n)
	require.ErrorIs(t, last, sdk.ErrPageLimit)
	assert.Contains(t, last.Error(), "Records.SearchAll(Contacts): stopped after 2000 records")
	assert.Contains(t, last.Error(), "COQL")
}

func TestCriterionEscapes(t *testing.T) {
	assert.Equal(t, `(Last_Name:equals:Burns\,B)`, sdk.Criterion("Last_Name", sdk.OpEquals, "Burns,B"))
	assert.Equal(t, `(Company:equals:A \(UK\) \\ Co)`, sdk.Criterion("Company", sdk.OpEquals, `A (UK) \ Co`))
	assert.Equal(t, `(Amount:between:10,20)`, sdk.Criterion("Amount", sdk.OpBetween, "10", "20"))
	assert.Equal(t, `((a:equals:1)or(b:equals:2)or(c:equals:3))`, sdk.AnyOf("(a:equals:1)", "(b:equals:2)", "(c:equals:3)"))
	assert.Equal(t, `(a:equals:1)`, sdk.AllOf("(a:equals:1)"))
}

func TestConvertLead(t *testing.T) {
	srv := emulator(t)
	ctx := testCtx(t)
	lead := func() string {
		return srv.Records("Leads").Insert(map[string]any{"First_Name": "Pat", "Last_Name": "Boyle", "Company": "Zylker", "Email": "pat@zylker.com"})[0]
	}
	for _, version := range []string{"v2", "v8"} {
		t.Run(version, func(t *testing.T) {
			c, log := recordsClient(t, srv, version)
			id := lead()
			conv, _, err := c.Records.ConvertLead(ctx, id, &sdk.ConvertOptions{
				NotifyLeadOwner: true,
				Deal:            sdk.Record{"Deal_Name": "Zylker deal", "Stage": "Qualification", "Closing_Date": "2026-06-30"},
				CarryOverTags:   &sdk.CarryOverTags{Contacts: []string{"hot"}},
			})
			require.NoError(t, err)
			require.NotNil(t, conv.Contact)
			require.NotNil(t, conv.Account)
			require.NotNil(t, conv.Deal)
			contact, ok := srv.Records("Contacts").Get(conv.Contact.ID)
			require.True(t, ok)
			assert.Equal(t, "pat@zylker.com", contact["Email"])
			deal, ok := srv.Records("Deals").Get(conv.Deal.ID)
			require.True(t, ok)
			assert.Equal(t, conv.Account.ID, deal["Account_Name"].(map[string]any)["id"])
			if version == "v2" {
				assert.Empty(t, conv.Contact.Name, "v2 answers ids only")
			} else {
				assert.Equal(t, "Pat Boyle", conv.Contact.Name)
				assert.Equal(t, "Zylker", conv.Account.Name)
				assert.Equal(t, "Zylker deal", conv.Deal.Name)
			}
			var sent struct {
				Data []map[string]any `json:"data"`
			}
			require.NoError(t, json.Unmarshal(log.requests()[0].Body, &sent))
			assert.Equal(t, true, sent.Data[0]["notify_lead_owner"])
			assert.Equal(t, map[string]any{"Contacts": []any{"hot"}}, sent.Data[0]["carry_over_tags"])

			_, _, err = c.Records.ConvertLead(ctx, id, nil)
			assert.ErrorIs(t, err, sdk.ErrAlreadyConverted)
			_, _, err = c.Records.Get(ctx, "Leads", id, nil)
			assert.ErrorIs(t, err, sdk.ErrNotFound, "a converted lead is no longer read as a lead")

			// Linking an existing account: sent as the version wants it.
			log.reset()
			conv, _, err = c.Records.ConvertLead(ctx, lead(), &sdk.ConvertOptions{AccountID: conv.Account.ID, AssignTo: srv.Admin().ID})
			require.NoError(t, err)
			assert.Nil(t, conv.Deal)
			require.NoError(t, json.Unmarshal(log.requests()[0].Body, &sent))
			if version == "v2" {
				assert.Equal(t, conv.Account.ID, sent.Data[0]["Accounts"])
				assert.Equal(t, srv.Admin().ID, sent.Data[0]["assign_to"])
			} else {
				assert.Equal(t, map[string]any{"id": conv.Account.ID}, sent.Data[0]["Accounts"])
				assert.Equal(t, map[string]any{"id": srv.Admin().ID}, sent.Data[0]["assign_to"])
			}
		})
	}
	assert.Equal(t, 2, srv.Records("Accounts").Len(), "one account per version; the second conversions linked it")
}

// A record with custom fields, a lookup, a multi-select lookup, a subform
// and line items goes out, comes back with what it had, and survives a
// read-modify-write unchanged.
func TestRecordRoundTrip(t *testing.T) {
	srv := emulator(t, zohotest.WithFrozenClock(time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)))
	srv.AddField("Quotes", zohotest.Field{APIName: "Region__c", DataType: "text", Custom: true})
	srv.AddField("Quotes", zohotest.Field{APIName: "Budget__c", DataType: "currency", Custom: true})
	srv.AddField("Quotes", zohotest.Field{APIName: "Partners", DataType: "multiselectlookup", Custom: true})
	srv.AddField("Quotes", zohotest.Field{APIName: "Milestones", DataType: "subform", Custom: true})
	c, _ := recordsClient(t, srv, "v8")
	ctx := testCtx(t)
	account := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	products := srv.Records("Products").Insert(map[string]any{"Product_Name": "Widget"}, map[string]any{"Product_Name": "Gadget"})
	partners := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Ally"}, map[string]any{"Last_Name": "Friend"})

	sent := mustRecord(t, `{
		"Subject": "Q-1",
		"Region__c": "EMEA",
		"Budget__c": 12345.678901234567,
		"Account_Name": {"name": "Zylker", "id": "`+account+`"},
		"Partners": [
			{"Partners": {"name": "Ally", "id": "`+partners[0]+`"}},
			{"Partners": {"name": "Friend", "id": "`+partners[1]+`"}}
		],
		"Milestones": [
			{"Title": "Kick-off", "Due": "2025-06-01", "Done": false},
			{"Title": "Launch", "Due": "2025-09-01", "Done": false, "Notes": {"any": ["shape", 1, null]}}
		],
		"Product_Details": [
			{"product": {"name": "Widget", "id": "`+products[0]+`"}, "quantity": 2, "list_price": 10.5, "Discount": 0},
			{"product": {"name": "Gadget", "id": "`+products[1]+`"}, "quantity": 1, "list_price": 99999999999.99, "Discount": 5}
		]
	}`)
	results, _, err := c.Records.Create(ctx, "Quotes", []sdk.Record{sent}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	id := results[0].ID()

	got, _, err := c.Records.Get(ctx, "Quotes", id, nil)
	require.NoError(t, err)
	// What went out comes back, the rows of subforms and line items with
	// the ids Zoho gives them.
	for field, value := range sent {
		want := jsonValue(t, value)
		have := jsonValue(t, got[field])
		if rows, ok := want.([]any); ok && (field == "Milestones" || field == "Product_Details") {
			haveRows := have.([]any)
			require.Len(t, haveRows, len(rows), field)
			for i, row := range rows {
				haveRow := haveRows[i].(map[string]any)
				assert.Regexp(t, `^\d+$`, haveRow["id"], "%s[%d] gets an id", field, i)
				delete(haveRow, "id")
				assert.Equal(t, row, haveRow, "%s[%d]", field, i)
			}
			continue
		}
		assert.Equal(t, want, have, field)
	}
	assert.Equal(t, "EMEA", got.String("Region__c"))
	assert.Equal(t, "12345.678901234567", got.String("Budget__c"), "numbers keep their exact text")
	assert.Equal(t, account, got.Lookup("Account_Name").ID)
	require.Len(t, got.Rows("Product_Details"), 2)
	assert.Equal(t, "Gadget", got.Rows("Product_Details")[1].Lookup("product").Name)
	qty, _ := got.Rows("Product_Details")[0].Int("quantity")
	assert.Equal(t, int64(2), qty)
	assert.Equal(t, partners[1], got.Rows("Partners")[1].Lookup("Partners").ID)

	// Read, modify one field, write the whole record back: everything else
	// is unchanged (the clock stands still, so even the times agree).
	before := jsonValue(t, got)
	edited := got.Clone()
	edited["Region__c"] = "APAC"
	edited.Rows("Milestones")[0]["Done"] = true
	assert.Equal(t, false, got.Rows("Milestones")[0]["Done"], "Clone is deep")
	results, _, err = c.Records.Update(ctx, "Quotes", []sdk.Record{edited}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	after, _, err := c.Records.Get(ctx, "Quotes", id, nil)
	require.NoError(t, err)
	want := before.(map[string]any)
	want["Region__c"] = "APAC"
	want["Milestones"].([]any)[0].(map[string]any)["Done"] = true
	assert.Equal(t, want, jsonValue(t, after))

	// And into a struct of the caller's own.
	var q struct {
		Subject  string          `json:"Subject"`
		Budget   float64         `json:"Budget__c"`
		Account  sdk.Lookup      `json:"Account_Name"`
		Products []quoteLineItem `json:"Product_Details"`
	}
	require.NoError(t, after.Decode(&q))
	assert.Equal(t, "Q-1", q.Subject)
	assert.InDelta(t, 12345.678901234567, q.Budget, 1e-9)
	assert.Equal(t, "Zylker", q.Account.Name)
	assert.Equal(t, 99999999999.99, q.Products[1].ListPrice)
	back, err := sdk.NewRecord(q)
	require.NoError(t, err)
	assert.Equal(t, "Q-1", back.String("Subject"))
}

type quoteLineItem struct {
	Product   sdk.Lookup `json:"product"`
	Quantity  int        `json:"quantity"`
	ListPrice float64    `json:"list_price"`
}

func mustRecord(t *testing.T, s string) sdk.Record {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var r sdk.Record
	require.NoError(t, dec.Decode(&r))
	return r
}

// jsonValue is v as encoding/json reads it back: the form to compare.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func TestRecordAccessors(t *testing.T) {
	r := mustRecord(t, `{"n": 12, "f": "12.5", "b": true, "s": "text", "big": 12345678901234567890, "rows": [{"a": 1}, {"a": 2}], "bad_rows": [1, 2]}`)
	n, ok := r.Int("n")
	assert.True(t, ok)
	assert.Equal(t, int64(12), n)
	f, ok := r.Float("f")
	assert.True(t, ok)
	assert.Equal(t, 12.5, f)
	_, ok = r.Int("f")
	assert.False(t, ok, "12.5 is not whole")
	b, ok := r.Bool("b")
	assert.True(t, ok && b)
	_, ok = r.Bool("s")
	assert.False(t, ok)
	assert.Equal(t, "12345678901234567890", r.String("big"), "big numbers keep their digits")
	_, ok = r.Int("big")
	assert.False(t, ok, "too big for int64")
	rows := r.Rows("rows")
	require.Len(t, rows, 2)
	rows[1]["a"] = "changed"
	assert.Equal(t, "changed", r["rows"].([]any)[1].(map[string]any)["a"], "rows are the record's own data")
	assert.Nil(t, r.Rows("bad_rows"))
	assert.Nil(t, r.Rows("s"))
	assert.Nil(t, r.Lookup("s"))
	var nilRecord sdk.Record
	assert.Nil(t, nilRecord.Clone())
	assert.True(t, errors.Is(&sdk.PageLimitError{}, sdk.ErrPageLimit))
}

// MoveAttachmentsTo (v7+) sends move_attachments_to with the module's id,
// looked up when not given, and the lead's attachments end on the contact.
func TestConvertLeadMovesAttachments(t *testing.T) {
	srv := emulator(t)
	ctx := testCtx(t)
	c, log := recordsClient(t, srv, "v8")
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Attached", "Company": "Zylker"})[0]
	_, _, err := c.Attachments.Upload(ctx, "Leads", lead, "contract.txt", strings.NewReader("signed"))
	require.NoError(t, err)
	log.reset()

	conv, _, err := c.Records.ConvertLead(ctx, lead, &sdk.ConvertOptions{MoveAttachmentsTo: &sdk.ModuleRef{APIName: "Contacts"}})
	require.NoError(t, err)
	contacts, ok := srv.Module("Contacts")
	require.True(t, ok)
	reqs := log.requests()
	require.Len(t, reqs, 2, "the module's id looked up, then the conversion")
	assert.Contains(t, reqs[0].Path, "/settings/modules/Contacts")
	var sent struct {
		Data []map[string]any `json:"data"`
	}
	require.NoError(t, json.Unmarshal(reqs[1].Body, &sent))
	assert.Equal(t, map[string]any{"api_name": "Contacts", "id": contacts.ID}, sent.Data[0]["move_attachments_to"])

	moved, _, err := c.Attachments.List(ctx, "Contacts", conv.Contact.ID, nil)
	require.NoError(t, err)
	require.Len(t, moved, 1)
	assert.Equal(t, "contract.txt", moved[0].FileName)
	assert.Equal(t, "Contacts", moved[0].SEModule)

	// Given the id, the SDK asks nothing more; a module without a record
	// in the conversion is Zoho's INVALID_DATA.
	log.reset()
	other := srv.Records("Leads").Insert(map[string]any{"Last_Name": "No deal"})[0]
	deals, _ := srv.Module("Deals")
	_, _, err = c.Records.ConvertLead(ctx, other, &sdk.ConvertOptions{MoveAttachmentsTo: &sdk.ModuleRef{APIName: "Deals", ID: deals.ID}})
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_DATA", apiErr.Code)
	assert.Len(t, log.requests(), 1)

	for name, opts := range map[string]*sdk.ConvertOptions{
		"not a conversion module": {MoveAttachmentsTo: &sdk.ModuleRef{APIName: "Tasks"}},
	} {
		_, _, err := c.Records.ConvertLead(ctx, other, opts)
		var verr *sdk.ValidationError
		require.ErrorAs(t, err, &verr, name)
		assert.Contains(t, err.Error(), "Contacts, Accounts or Deals")
	}
	old, _ := recordsClient(t, srv, "v6")
	_, _, err = old.Records.ConvertLead(ctx, other, &sdk.ConvertOptions{MoveAttachmentsTo: &sdk.ModuleRef{APIName: "Contacts"}})
	var verr *sdk.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Contains(t, err.Error(), "needs api_version v7 or later")
}
