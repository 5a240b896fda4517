package bulk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// leads yields n leads; the rows at bad have no Last_Name.
func leads(n int, bad map[int]bool) func(yield func(sdk.Record, error) bool) {
	return func(yield func(sdk.Record, error) bool) {
		for i := range n {
			rec := sdk.Record{"Last_Name": fmt.Sprintf("Bulk %d", i), "Company": "Zylker", "Email": fmt.Sprintf("bulk%d@zylker.com", i)}
			if bad[i] {
				rec["Last_Name"] = ""
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// 30,000 records are more than Zoho's 25,000 a file: two uploads to the
// upload host and two jobs (500 credits each); the 3 bad rows are
// reported at their input indexes, every other row is stored.
func TestWriteRecordsInTwoJobs(t *testing.T) {
	srv := emulator(t)
	svc := bulk.New(client(t, srv, "v8"))
	bad := map[int]bool{7: true, 24_999: true, 29_998: true}
	before := creditsUsed(srv)
	report, err := svc.WriteRecords(testCtx(t), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: []string{"Last_Name", "Company", "Email"}}, leads(30_000, bad), fastWait)
	require.NoError(t, err)
	require.Len(t, report.Jobs, 2)
	assert.Equal(t, 25_000, report.Jobs[0].Resource[0].File.TotalCount)
	assert.Equal(t, 5_000, report.Jobs[1].Resource[0].File.TotalCount)
	require.Len(t, report.Rows, 30_000)
	var failed []int
	for i, row := range report.Rows {
		require.Equal(t, i, row.Index)
		if !row.OK() {
			failed = append(failed, row.Index)
			assert.Equal(t, []bulk.RowError{{Code: "MANDATORY_NOT_FOUND", Columns: []string{"Last_Name"}}}, row.Errors)
			assert.ErrorContains(t, row.Err(), "MANDATORY_NOT_FOUND")
			continue
		}
		assert.Equal(t, "added", row.Status)
	}
	assert.Equal(t, []int{7, 24_999, 29_998}, failed)
	assert.Equal(t, 29_997, srv.Records("Leads").Len())
	stored, ok := srv.Records("Leads").Get(report.Rows[29_999].RecordID)
	require.True(t, ok)
	assert.Equal(t, "bulk29999@zylker.com", stored["Email"])
	assert.GreaterOrEqual(t, creditsUsed(srv)-before, 2*500)
	c := srv.Counters()
	assert.Zero(t, c.APIRequestsBy["POST /crm/v8/upload"], "uploads go to the upload host, not the API host")
}

// A CSV file, updated by id, with ignore_empty; and Zoho's refusals.
func TestWriteCSVUpdateAndErrors(t *testing.T) {
	srv := emulator(t)
	ids := srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "One", "Company": "Zylker"},
		map[string]any{"Last_Name": "Two", "Company": "Zylker"},
	)
	svc := bulk.New(client(t, srv, "v8"))
	ctx := testCtx(t)
	csvText := "id,Last_Name,Company\n" + ids[0] + ",Uno,\n" + ids[1] + ",Dos,Acme\n999999,Nobody,X\n"
	report, err := svc.WriteCSV(ctx, &bulk.WriteRequest{Module: "Leads", Operation: bulk.Update, FindBy: "id", IgnoreEmpty: true}, strings.NewReader(csvText), fastWait)
	require.NoError(t, err)
	require.Len(t, report.Rows, 3)
	assert.Equal(t, "updated", report.Rows[0].Status)
	assert.Equal(t, "updated", report.Rows[1].Status)
	assert.Equal(t, "skipped", report.Rows[2].Status)
	assert.Len(t, report.Failed(), 1)
	one, _ := srv.Records("Leads").Get(ids[0])
	assert.Equal(t, "Uno", one["Last_Name"])
	assert.Equal(t, "Zylker", one["Company"], "ignore_empty keeps the field")
	two, _ := srv.Records("Leads").Get(ids[1])
	assert.Equal(t, "Acme", two["Company"])

	_, err = svc.WriteCSV(ctx, &bulk.WriteRequest{Module: "Leads", Operation: bulk.Upsert}, strings.NewReader(csvText), fastWait)
	var ve *sdk.ValidationError
	assert.ErrorAs(t, err, &ve, "upsert needs find_by")
	_, err = svc.WriteRecords(ctx, &bulk.WriteRequest{Module: "Leads", Operation: "merge", Columns: []string{"Last_Name"}}, leads(1, nil), fastWait)
	assert.ErrorAs(t, err, &ve)

	// Not a ZIP: the upload host says so.
	f, err := os.CreateTemp(t.TempDir(), "x.zip")
	require.NoError(t, err)
	_, _ = f.WriteString("not a zip")
	_, err = svc.Upload(ctx, srv.Org().ZGID, f, "x.zip")
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_FILE_FORMAT", apiErr.Code)
	// The wrong org.
	_, err = svc.Upload(ctx, "123", f, "x.zip")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	// An unknown file id.
	_, _, err = svc.CreateWrite(ctx, &bulk.WriteJob{Operation: bulk.Insert, Resource: []bulk.WriteResource{{Type: "data", Module: bulk.Module{APIName: "Leads"}, FileID: "42"}}})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_FILE_ID", apiErr.Code)
}

// The v2 shapes: module as a string; a shrunk per-file limit splits 5
// records into 3 jobs.
func TestWriteV2AndSmallFiles(t *testing.T) {
	srv := emulator(t)
	svc := bulk.New(client(t, srv, "v2"), bulk.WithMaxFileRecords(2))
	report, err := svc.WriteRecords(testCtx(t), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Upsert, FindBy: "Email", Columns: []string{"Last_Name", "Company", "Email"}}, leads(5, nil), fastWait)
	require.NoError(t, err)
	require.Len(t, report.Jobs, 3)
	assert.True(t, report.Jobs[0].Resource[0].Module.Plain, "v2 answers module as a string")
	require.Len(t, report.Rows, 5)
	for i, row := range report.Rows {
		assert.Equal(t, "added", row.Status, i)
	}
	// Upserting again updates by Email.
	report, err = svc.WriteRecords(testCtx(t), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Upsert, FindBy: "Email", Columns: []string{"Last_Name", "Company", "Email"}}, leads(5, nil), fastWait)
	require.NoError(t, err)
	for _, row := range report.Rows {
		assert.Equal(t, "updated", row.Status)
	}
	assert.Equal(t, 5, srv.Records("Leads").Len())
}

// Zoho's callback (a flat job) wakes a write's wait, which otherwise
// would poll only every hour.
func TestWriteWokenByCallback(t *testing.T) {
	srv := emulator(t)
	svc := bulk.New(client(t, srv, "v8"))
	callbacks := bulk.NewCallbacks()
	hook := httptest.NewServer(callbacks)
	defer hook.Close()
	// Without the callback the wait would outlast this context.
	ctx, cancel := context.WithTimeout(testCtx(t), time.Minute)
	defer cancel()
	report, err := svc.WriteRecords(ctx, &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: []string{"Last_Name", "Email"},
		Callback: &bulk.Callback{URL: hook.URL, Method: "post"}}, leads(3, nil),
		&bulk.WaitOptions{MinInterval: time.Hour, Callbacks: callbacks})
	require.NoError(t, err)
	require.Len(t, report.Rows, 3)
	assert.Equal(t, hook.URL, report.Jobs[0].Callback.URL)
}
