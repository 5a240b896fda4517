package sdk_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestCompositeRunsSubRequestsWithReferences(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	before := srv.RateLimit().Remaining

	res, resp, err := c.Composite.Do(ctx, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{
		{ID: "1", Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Boyle", "Company": "Zylker"}}}},
		{ID: "2", Method: "PUT", URI: "/crm/v8/Leads/@{1:$.data[0].details.id}", Body: map[string]any{"data": []sdk.Record{{"Company": "ABC"}}}},
		{ID: "3", Method: "GET", URI: "Leads/@{2:$.data[0].details.id}", Params: map[string]any{"fields": "Last_Name,Company"}},
	}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, res.Err())
	assert.False(t, res.RolledBack())
	require.Len(t, res.Responses, 3)
	assert.Equal(t, []int{201, 200, 200}, []int{res.Responses[0].StatusCode, res.Responses[1].StatusCode, res.Responses[2].StatusCode})
	assert.Equal(t, "3", res.Responses[2].ID)

	written, err := res.Responses[0].Results()
	require.NoError(t, err)
	assert.Equal(t, "record added", written[0].Message)
	got, err := res.Responses[2].Records()
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, written[0].ID(), got[0].ID())
	assert.Equal(t, "ABC", got[0].String("Company"))
	assert.Equal(t, "Boyle", got[0].String("Last_Name"))
	stored, ok := srv.Records("Leads").Get(got[0].ID())
	require.True(t, ok)
	assert.Equal(t, "ABC", stored["Company"])
	// One credit for the composite call, none for its sub-requests.
	assert.Equal(t, before-1, srv.RateLimit().Remaining)
}

// A 200 whose sub-requests failed is reported per sub-request.
func TestCompositeReportsFailedSubRequestsOfA200(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	res, resp, err := c.Composite.Do(testCtx(t), &sdk.CompositeRequest{Requests: []*sdk.SubRequest{
		{Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Kept"}}}},
		{Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Company": "no last name"}}}},
		{Method: "GET", URI: "Leeds", Params: map[string]any{"fields": "Last_Name"}},
	}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "every sub-request ran")
	assert.True(t, res.Responses[0].OK())
	assert.False(t, res.Responses[1].OK())
	assert.True(t, res.Responses[1].Ran())

	var subErr *sdk.SubRequestError
	require.ErrorAs(t, res.Responses[1].Err(), &subErr)
	assert.Equal(t, 1, subErr.Index)
	assert.ErrorIs(t, subErr, sdk.ErrMandatoryNotFound)
	require.NotNil(t, subErr.Record)
	assert.Equal(t, "Last_Name", subErr.Record.Field())
	assert.ErrorIs(t, res.Responses[2].Err(), sdk.ErrInvalidModule)
	assert.ErrorIs(t, res.Err(), sdk.ErrMandatoryNotFound)
	assert.Equal(t, 1, srv.Records("Leads").Len(), "without rollback the first write stays")
}

// With RollbackOnFail, a failing sub-request leaves nothing written.
func TestCompositeRollbackLeavesNothingWritten(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	kept := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Before", "Company": "Old"})[0]
	accounts := srv.Records("Accounts").Len()
	owner := srv.AddUser(zohotest.User{Email: "owner@example.com", FirstName: "New", LastName: "Owner"})
	before := srv.RateLimit().Remaining

	res, resp, err := c.Composite.Do(ctx, &sdk.CompositeRequest{RollbackOnFail: true, Requests: []*sdk.SubRequest{
		{ID: "lead", Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Rolled", "Company": "Back"}}}},
		{ID: "acct", Method: "POST", URI: "Accounts", Body: map[string]any{"data": []sdk.Record{{"Account_Name": "Rolled Back Inc"}}}},
		{Method: "PUT", URI: "Leads/" + kept, Body: map[string]any{"data": []sdk.Record{{"Company": "Changed"}}}},
		{Method: "POST", URI: "Leads/" + kept + "/actions/change_owner", Body: map[string]any{"owner": map[string]string{"id": owner.ID}}},
		{Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Company": "no last name"}}}},
	}})
	require.NoError(t, err, "a rollback is a result")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.True(t, res.RolledBack())
	for i := 0; i < 4; i++ {
		assert.Equal(t, "ROLLBACK_PERFORMED", res.Responses[i].Code, i)
		assert.ErrorIs(t, res.Responses[i].Err(), sdk.ErrRolledBack)
		assert.EqualValues(t, json.Number("4"), res.Responses[i].Details["rollbacked_by_sub_request_index"])
	}
	assert.ErrorIs(t, res.Responses[4].Err(), sdk.ErrMandatoryNotFound)

	leads := srv.Records("Leads").List()
	require.Len(t, leads, 1)
	assert.Equal(t, "Old", leads[0]["Company"])
	assert.Equal(t, srv.Admin().ID, leads[0]["Owner"].(map[string]any)["id"])
	assert.Equal(t, accounts, srv.Records("Accounts").Len())
	assert.Equal(t, before-1, srv.RateLimit().Remaining, "a rolled-back request costs 1 credit")

	// The same request without the failure goes through, for 2 credits.
	before = srv.RateLimit().Remaining
	res, _, err = c.Composite.Do(ctx, &sdk.CompositeRequest{RollbackOnFail: true, Requests: []*sdk.SubRequest{
		{ID: "lead", Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Kept", "Company": "Now"}}}},
		{Method: "PUT", URI: "Leads/" + kept, Body: map[string]any{"data": []sdk.Record{{"Company": "Changed"}}}},
	}})
	require.NoError(t, err)
	require.NoError(t, res.Err())
	assert.Equal(t, 2, srv.Records("Leads").Len())
	got, _ := srv.Records("Leads").Get(kept)
	assert.Equal(t, "Changed", got["Company"])
	assert.Equal(t, before-2, srv.RateLimit().Remaining)
}

func TestCompositeRefusesWhatZohoRefusesBeforeSending(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	v2 := versionClient(t, srv, "v2")
	ctx := testCtx(t)
	lead := func() *sdk.SubRequest { return &sdk.SubRequest{Method: "GET", URI: "Leads"} }
	yes := true
	for name, tc := range map[string]struct {
		c   *sdk.Client
		req *sdk.CompositeRequest
	}{
		"six sub-requests":      {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{lead(), lead(), lead(), lead(), lead(), lead()}}},
		"none":                  {c, &sdk.CompositeRequest{}},
		"rollback and parallel": {c, &sdk.CompositeRequest{RollbackOnFail: true, ParallelExecution: &yes, Requests: []*sdk.SubRequest{lead()}}},
		"duplicate ids":         {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{ID: "a", Method: "GET", URI: "Leads"}, {ID: "a", Method: "GET", URI: "Leads"}}}},
		"bad id":                {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{ID: "_a", Method: "GET", URI: "Leads"}}}},
		"bad method":            {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{Method: "HEAD", URI: "Leads"}}}},
		"higher version":        {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{Method: "GET", URI: "/crm/v9/Leads"}}}},
		"not a crm uri":         {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{Method: "GET", URI: "/oauth/v2/token"}}}},
		"authorization header":  {c, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{Method: "GET", URI: "Leads", Headers: map[string]string{"authorization": "x"}}}}},
		"api v2":                {v2, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{lead()}}},
	} {
		t.Run(name, func(t *testing.T) {
			sent := srv.Counters().APIRequests
			_, _, err := tc.c.Composite.Do(ctx, tc.req)
			var verr *sdk.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, sent, srv.Counters().APIRequests, "nothing sent")
		})
	}
}

func TestCompositeDecodesZohoSamples(t *testing.T) {
	srv := emulator(t)
	rs := newReplay(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	cfg.APIBaseURL = rs.URL
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	five := func() []*sdk.SubRequest {
		var subs []*sdk.SubRequest
		for range 5 {
			subs = append(subs, &sdk.SubRequest{Method: "GET", URI: "Leads"})
		}
		return subs
	}

	rs.queue(200, referenceSample(t, "69_composite_request.json", "sample_response_200_v7_doc"))
	res, _, err := c.Composite.Do(ctx, &sdk.CompositeRequest{Requests: five()})
	require.NoError(t, err)
	assert.Equal(t, "POST /crm/v8/__composite_requests", rs.lastSeen())
	require.NoError(t, res.Err())
	first := res.Responses[0]
	assert.Equal(t, 201, first.StatusCode)
	assert.Equal(t, "composite sub request executed successfully", first.Message)
	assert.Equal(t, "4751295", first.Headers["clientVersion"])
	var created struct {
		Data []*sdk.ActionResult `json:"data"`
	}
	require.NoError(t, first.Decode(&created))
	assert.Equal(t, "554023000002365002", created.Data[0].ID())
	var listed recordPage
	require.NoError(t, res.Responses[3].Decode(&listed))
	assert.Len(t, listed.Data, 4)
	assert.Equal(t, 4, listed.Info.Count)
	// The sub-response bodies are kept as Zoho sent them.
	sample := referenceSample(t, "69_composite_request.json", "sample_response_200_v7_doc", "__composite_requests")
	var entries []struct {
		Details struct {
			Response struct {
				Body json.RawMessage `json:"body"`
			} `json:"response"`
		} `json:"details"`
	}
	require.NoError(t, json.Unmarshal(sample, &entries))
	for i, e := range entries {
		assert.JSONEq(t, string(e.Details.Response.Body), string(res.Responses[i].Body), i)
	}

	rs.queue(400, referenceSample(t, "69_composite_request.json", "error_examples", "400_v8_oas"))
	_, _, err = c.Composite.Do(ctx, &sdk.CompositeRequest{Requests: five()})
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_DATA", apiErr.Code)
	assert.Equal(t, "$.__composite_requests[0].uri", apiErr.Details["json_path"])
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

// replayClient is a client of the given version whose CRM calls get
// Zoho's documented answers from the returned replay server.
func replayClient(t *testing.T, version string) (*replayServer, *sdk.Client) {
	srv := emulator(t)
	rs := newReplay(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = version
	cfg.APIBaseURL = rs.URL
	return rs, readyClient(t, srv, cfg)
}

// sentAsSample checks that the last request's body is the sample's.
func sentAsSample(t *testing.T, rs *replayServer, sample json.RawMessage) {
	t.Helper()
	assert.JSONEq(t, string(sample), string(rs.lastBody()))
}

// keepsEveryField decodes each item of a sample array as T, encodes it
// again and reports what was lost.
func keepsEveryField[T any](t *testing.T, items json.RawMessage) {
	t.Helper()
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal(items, &list))
	require.NotEmpty(t, list)
	for _, item := range list {
		out := roundTrip[T](t, item)
		var before, after any
		require.NoError(t, json.Unmarshal(item, &before))
		require.NoError(t, json.Unmarshal(out, &after))
		for _, p := range keptProblems("$", before, after) {
			t.Error(p)
		}
	}
}

// A composite request takes five of the client's concurrency slots, as
// Zoho counts it: with the client's limit at Zoho's, composites and plain
// calls at once never get a 429.
func TestCompositeTakesFiveConcurrencySlots(t *testing.T) {
	srv := emulator(t, zohotest.WithConcurrencyLimit(6), zohotest.WithCallLatency(30*time.Millisecond))
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	cfg.MaxConcurrentCalls = 6
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%3 == 0 {
				_, _, err := c.Composite.Do(ctx, &sdk.CompositeRequest{Requests: []*sdk.SubRequest{{Method: "GET", URI: "org"}}})
				errs <- err
				return
			}
			_, _, err := c.Org.Get(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Zero(t, srv.Counters().APIRateLimited, "no call went past Zoho's limit")
}

// recordPage is the answer of a list: records and its info.
type recordPage struct {
	Data []sdk.Record `json:"data"`
	Info sdk.PageInfo `json:"info"`
}

// zohosRollbackSample is the request of Zoho's composite rollback sample
// (payload 69), written with the SDK's types.
func zohosRollbackSample() *sdk.CompositeRequest {
	no := false
	return &sdk.CompositeRequest{RollbackOnFail: true, ParallelExecution: &no, Requests: []*sdk.SubRequest{
		{ID: "1", Method: "POST", URI: "/crm/v6/Leads", Headers: map[string]string{}, Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Sam"}}}},
		{ID: "2", Method: "GET", URI: "/crm/v6/Leads", Params: map[string]any{"fields": "Last_Name,Company,Email", "per_page": "3", "page": "1", "ids": "@{1:$.data[0].details.id}"}},
		{ID: "3", Method: "GET", URI: "/crm/v6/Leads", Params: map[string]any{"fields": "Last_Name,Company,Email", "page": 1}, Body: map[string]any{"data": []sdk.Record{{"Last_Name": "Sam"}}}},
		{ID: "4", Method: "POST", URI: "/crm/v6/coql", Body: map[string]any{"select_query": "select Last_Name from Leads where Last_Name is not null limit 26"}},
		{ID: "5", Method: "GET", URI: "crm/v6/Leads", Params: map[string]any{"fields": "Last_Name,Company,Email"}},
	}}
}

// Zoho's rollback sample goes out as Zoho wrote it: the uri crm/v6/Leads
// as written (it was sent as /crm/v8/crm/v6/Leads), the page 1 as a
// number (Params held text only). Its answer decodes: three sub-requests
// rolled back, the COQL over 25 records refused, the last not run.
func TestCompositeSendsZohosSampleAsWritten(t *testing.T) {
	rs, c := replayClient(t, "v8")
	rs.queue(http.StatusBadRequest, referenceSample(t, "69_composite_request.json", "sample_response_400_rollback_v7_doc"))
	res, resp, err := c.Composite.Do(testCtx(t), zohosRollbackSample())
	require.NoError(t, err, "a rollback is a result")
	sentAsSample(t, rs, referenceSample(t, "69_composite_request.json", "sample_request_rollback_v7_doc"))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	checkZohosRollback(t, res)
}

func checkZohosRollback(t *testing.T, res *sdk.CompositeResult) {
	t.Helper()
	assert.True(t, res.RolledBack())
	require.Len(t, res.Responses, 5)
	for i, code := range []string{"ROLLBACK_PERFORMED", "ROLLBACK_PERFORMED", "ROLLBACK_PERFORMED", "SUCCESS", "PROCESSING_STOPPED"} {
		assert.Equal(t, code, res.Responses[i].Code, i)
	}
	coql := res.Responses[3]
	assert.Equal(t, http.StatusBadRequest, coql.StatusCode)
	var subErr *sdk.SubRequestError
	require.ErrorAs(t, coql.Err(), &subErr)
	assert.Equal(t, "LIMIT_EXCEEDED", subErr.Code)
	assert.ErrorIs(t, subErr, sdk.ErrLimitExceeded)
	assert.EqualValues(t, "limit", subErr.Details["by"])
	assert.Equal(t, "25", fmt.Sprint(subErr.Details["limit"]))
	for _, i := range []int{0, 1, 2, 4} {
		assert.ErrorIs(t, res.Responses[i].Err(), sdk.ErrRolledBack, i)
		assert.EqualValues(t, json.Number("3"), res.Responses[i].Details["rollbacked_by_sub_request_index"], i)
	}
}

// The emulator answers Zoho's rollback sample as Zoho does: Zoho's limits
// apply inside a composite request (a COQL limit above 25 is refused),
// which rolls back the lead written before it. It answered 200: it ran the
// COQL, and nothing was rolled back.
func TestCompositeEmulatorAnswersZohosRollbackSample(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	srv.Records("Leads").Insert(map[string]any{"Last_Name": "Before"})
	res, resp, err := c.Composite.Do(testCtx(t), zohosRollbackSample())
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	checkZohosRollback(t, res)
	assert.Equal(t, 1, srv.Records("Leads").Len(), "Sam was rolled back")
}

// Inside a composite request a read answers at most 25 records (25 by
// default) and a record write takes one, as Zoho's table of allowed APIs
// says; a uri written without its leading slash runs, and a page given as
// a number reads as one.
func TestCompositeEmulatorLimitsAndWritings(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	for i := range 30 {
		srv.Records("Leads").Insert(map[string]any{"Last_Name": fmt.Sprintf("Lead %02d", i)})
	}
	res, resp, err := c.Composite.Do(testCtx(t), &sdk.CompositeRequest{Requests: []*sdk.SubRequest{
		{Method: "GET", URI: "crm/v6/Leads", Params: map[string]any{"fields": "Last_Name", "page": 2, "per_page": 10}},
		{Method: "GET", URI: "Leads", Params: map[string]any{"fields": "Last_Name"}},
		{Method: "GET", URI: "Leads", Params: map[string]any{"fields": "Last_Name", "per_page": 26}},
		{Method: "POST", URI: "coql", Body: map[string]any{"select_query": "select Last_Name from Leads where Last_Name is not null limit 26"}},
		{Method: "POST", URI: "Leads", Body: map[string]any{"data": []sdk.Record{{"Last_Name": "One"}, {"Last_Name": "Two"}}}},
	}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "every sub-request ran")
	var page recordPage
	require.NoError(t, res.Responses[0].Decode(&page))
	assert.Len(t, page.Data, 10)
	assert.Equal(t, 2, page.Info.Page)
	require.NoError(t, res.Responses[1].Decode(&page))
	assert.Len(t, page.Data, 25)
	assert.Equal(t, 25, page.Info.PerPage)
	assert.True(t, page.Info.MoreRecords)
	for _, i := range []int{2, 3, 4} {
		assert.ErrorIs(t, res.Responses[i].Err(), sdk.ErrLimitExceeded, "sub-request %d: %s", i, res.Responses[i].Body)
	}
	assert.Equal(t, 30, srv.Records("Leads").Len(), "the write of two records was refused")
}
