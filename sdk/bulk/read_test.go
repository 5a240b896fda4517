package bulk_test

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
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
	case <-time.After(testenv.Patience):
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

// ReadRows gives the same export without a record per row.
func TestReadRows(t *testing.T) {
	srv := emulator(t)
	ids := seedLeads(srv, 3)
	svc := bulk.New(client(t, srv, "v8"))
	var got []string
	var kept []sdk.Record
	for row, err := range svc.ReadRows(testCtx(t), &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name", "Email"}}, fastWait) {
		require.NoError(t, err)
		assert.Equal(t, []string{"id", "Last_Name", "Email"}, row.Header())
		email, ok := row.Get("Email")
		assert.True(t, ok)
		_, ok = row.Get("Phone")
		assert.False(t, ok, "no such column")
		got = append(got, row.ID()+" "+email)
		kept = append(kept, row.Record())
	}
	assert.Equal(t, []string{ids[0] + " lead0@zylker.com", ids[1] + " lead1@zylker.com", ids[2] + " lead2@zylker.com"}, got)
	assert.Equal(t, "Lead 0", kept[0]["Last_Name"], "a Record outlives its row")
}

// A job Zoho ends badly is a *JobFailedError with Zoho's code, for reads
// (FAILURE) and writes (FAILED) alike.
func TestJobFailures(t *testing.T) {
	srv := emulator(t)
	seedLeads(srv, 2)
	svc := bulk.New(client(t, srv, "v8"))
	ctx := testCtx(t)
	job, _, err := svc.CreateRead(ctx, &bulk.ReadRequest{Module: "Leads"})
	require.NoError(t, err)
	require.True(t, srv.FailBulkJob(job.ID))
	got, err := svc.WaitRead(ctx, job.ID, fastWait)
	require.ErrorIs(t, err, bulk.ErrJobFailed)
	var jf *bulk.JobFailedError
	require.ErrorAs(t, err, &jf)
	assert.Equal(t, "INTERNAL_SERVER_ERROR", jf.Code)
	assert.Equal(t, bulk.ReadFailure, got.State)

	// Read's iterator reports an error of its first job.
	for _, err := range svc.Read(ctx, &bulk.ReadRequest{Module: "Nope"}, fastWait) {
		assert.ErrorContains(t, err, "MODULE_NOT_SUPPORTED")
	}

	f, err := os.CreateTemp(t.TempDir(), "leads-*.zip")
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	w, _ := zw.Create("leads.csv")
	_, _ = w.Write([]byte("Last_Name,Company\nBoyle,Zylker\n"))
	require.NoError(t, zw.Close())
	fileID, err := svc.Upload(ctx, srv.Org().ZGID, f, "leads.zip")
	require.NoError(t, err)
	zero := 0
	id, _, err := svc.CreateWrite(ctx, &bulk.WriteJob{Operation: bulk.Insert, Resource: []bulk.WriteResource{{
		Type: "data", Module: bulk.Module{APIName: "Leads"}, FileID: fileID, FileNames: []string{"leads.csv"},
		FieldMappings: []bulk.FieldMapping{{APIName: "Last_Name", Index: &zero}}}}})
	require.NoError(t, err)
	require.True(t, srv.FailBulkJob(id))
	wj, err := svc.WaitWrite(ctx, id, fastWait)
	require.ErrorAs(t, err, &jf)
	assert.Equal(t, "INTERNAL_SERVER_ERROR", jf.Code)
	assert.Equal(t, bulk.WriteFailed, wj.Status)
	assert.False(t, srv.FailBulkJob("1"))
}

// WaitOptions.OnPoll is told each state a wait sees, read and write jobs
// alike; here each poll moves the emulator's clock a third of the job on.
func TestWaitTellsEachState(t *testing.T) {
	srv := emulator(t)
	srv.SetBulkJobTime(time.Hour)
	seedLeads(srv, 2)
	svc := bulk.New(client(t, srv, "v8"))
	var states []string
	opts := &bulk.WaitOptions{MinInterval: time.Millisecond, MaxInterval: time.Millisecond, OnPoll: func(state string) {
		states = append(states, state)
		srv.Advance(20 * time.Minute)
	}}
	job, _, err := svc.CreateRead(testCtx(t), &bulk.ReadRequest{Module: "Leads"})
	require.NoError(t, err)
	_, err = svc.WaitRead(testCtx(t), job.ID, opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADDED", "QUEUED", "IN PROGRESS", "COMPLETED"}, states)

	states = nil
	_, err = svc.WriteRecords(testCtx(t), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: []string{"Last_Name"}}, leads(2, nil), opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADDED", "ADDED", "INPROGRESS", "COMPLETED"}, states, "bulk write has no QUEUED")
}
