package bulk_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// 250,000 records cross a 200,000-record page: v8 goes on with Zoho's
// page_token, v2 with the page number; each record comes once, in order,
// for 50 credits a job.
func TestReadCrossesPages(t *testing.T) {
	srv := emulator(t)
	ids := seedLeads(srv, 250_000)
	for _, version := range []string{"v8", "v2"} {
		t.Run(version, func(t *testing.T) {
			c := client(t, srv, version)
			svc := bulk.New(c)
			before := creditsUsed(srv)
			reqsBefore := srv.Counters().APIRequestsBy
			i := 0
			for rec, err := range svc.Read(testCtx(t), &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name", "Email"}}, fastWait) {
				require.NoError(t, err)
				require.Less(t, i, len(ids), "more records than stored")
				require.Equal(t, ids[i], rec.ID(), "record %d", i)
				require.Equal(t, rec["Last_Name"], "Lead "+strconv.Itoa(i))
				i++
			}
			assert.Equal(t, len(ids), i)
			creates := srv.Counters().APIRequestsBy["POST /crm/bulk/"+version+"/read"] - reqsBefore["POST /crm/bulk/"+version+"/read"]
			assert.Equal(t, 2, creates, "two jobs of at most 200,000")
			polls := creditsUsed(srv) - before - 2*50
			assert.Positive(t, polls, "status and download calls cost a credit each")
			assert.Less(t, polls, 60)
		})
	}
}

// Criteria built with the sdk's search builder reach Zoho in bulk read's
// JSON form and select the records they say, in v8 and v2 forms.
func TestReadCriteria(t *testing.T) {
	srv := emulator(t)
	srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "Boyle", "Company": "Zylker", "Email": "p@zylker.com"},
		map[string]any{"Last_Name": "Boyle", "Company": "Acme", "Email": "q@acme.com"},
		map[string]any{"Last_Name": "Smith", "Company": "Zylker", "Email": "s@zylker.com"},
	)
	crit, err := bulk.FromSearch(sdk.AllOf(sdk.Criterion("Last_Name", sdk.OpEquals, "Boyle"), sdk.Criterion("Company", sdk.OpEquals, "Zylker", "Initech")))
	require.NoError(t, err)
	b, _ := json.Marshal(crit)
	assert.JSONEq(t, `{"group_operator":"and","group":[
		{"field":{"api_name":"Last_Name"},"comparator":"equal","value":"Boyle"},
		{"field":{"api_name":"Company"},"comparator":"in","value":["Zylker","Initech"]}]}`, string(b))
	for _, version := range []string{"v8", "v2"} {
		svc := bulk.New(client(t, srv, version))
		var emails []string
		for rec, err := range svc.Read(testCtx(t), &bulk.ReadRequest{Module: "Leads", Criteria: &crit}, fastWait) {
			require.NoError(t, err)
			emails = append(emails, rec.String("Email"))
		}
		assert.Equal(t, []string{"p@zylker.com"}, emails, version)
		other := bulk.Or(bulk.Where("Email", bulk.EndsWith, "acme.com"), bulk.Where("Last_Name", bulk.StartsWith, "Sm"))
		emails = nil
		for rec, err := range svc.Read(testCtx(t), &bulk.ReadRequest{Module: "Leads", Criteria: &other, Fields: []string{"Email"}}, fastWait) {
			require.NoError(t, err)
			emails = append(emails, rec.String("Email"))
		}
		assert.Equal(t, []string{"q@acme.com", "s@zylker.com"}, emails, version)
	}
	_, err = bulk.FromSearch("(Last_Name:like:x)")
	assert.ErrorContains(t, err, "no bulk read comparator")
}

// The job API by hand: typed states, Zoho's errors, and a callback that
// wakes the wait.
func TestReadJobStatesAndCallback(t *testing.T) {
	srv := emulator(t)
	srv.SetBulkJobTime(time.Hour)
	seedLeads(srv, 3)
	svc := bulk.New(client(t, srv, "v8"))
	ctx := testCtx(t)

	callbacks := bulk.NewCallbacks()
	hook := httptest.NewServer(callbacks)
	defer hook.Close()
	job, _, err := svc.CreateRead(ctx, &bulk.ReadRequest{Module: "Leads", Callback: &bulk.Callback{URL: hook.URL, Method: "post"}})
	require.NoError(t, err)
	assert.Equal(t, bulk.ReadAdded, job.State)
	srv.Advance(20 * time.Minute)
	got, _, err := svc.ReadJob(ctx, job.ID)
	require.NoError(t, err)
	assert.Equal(t, bulk.ReadQueued, got.State)
	srv.Advance(20 * time.Minute)
	got, _, _ = svc.ReadJob(ctx, job.ID)
	assert.Equal(t, bulk.ReadInProgress, got.State)
	_, err = svc.Download(ctx, got)
	assert.ErrorContains(t, err, "no result")

	// Polls every hour at most: only the callback can end this wait soon.
	done := make(chan *bulk.ReadJob)
	go func() {
		j, err := svc.WaitRead(ctx, job.ID, &bulk.WaitOptions{MinInterval: time.Hour, Callbacks: callbacks})
		assert.NoError(t, err)
		done <- j
	}()
	time.Sleep(50 * time.Millisecond)
	srv.Advance(30 * time.Minute)
	select {
	case j := <-done:
		assert.Equal(t, bulk.ReadCompleted, j.State)
		assert.Equal(t, 3, j.Result.Count)
		assert.False(t, j.Result.MoreRecords)
	case <-time.After(20 * time.Second):
		t.Fatal("the callback did not wake the wait")
	}

	_, _, err = svc.ReadJob(ctx, "1234567890")
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.True(t, errors.Is(err, sdk.ErrNotFound))
	_, _, err = svc.CreateRead(ctx, &bulk.ReadRequest{Module: "Nope"})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "MODULE_NOT_SUPPORTED", apiErr.Code)
	_, _, err = svc.CreateRead(ctx, &bulk.ReadRequest{})
	var ve *sdk.ValidationError
	assert.ErrorAs(t, err, &ve)
}
