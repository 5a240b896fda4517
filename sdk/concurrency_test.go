package sdk_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func leads(n int) []sdk.Record {
	records := make([]sdk.Record, n)
	for i := range records {
		records[i] = sdk.Record{"Last_Name": fmt.Sprint("Lead ", i), "Email": fmt.Sprintf("lead%d@example.com", i)}
	}
	return records
}

// Batches go out together, never more than Zoho's limit at once, and the
// results stay in input order.
func TestManyRecordsWithinZohosConcurrency(t *testing.T) {
	srv := emulator(t, zohotest.WithConcurrencyLimit(10), zohotest.WithCallLatency(20*time.Millisecond))
	cfg := fileConfig(t, srv)
	cfg.MaxRetries = -1 // a 429 would be an error
	c := readyClient(t, srv, cfg)
	srv.ResetCounters()

	// Without a unique field, whose duplicate check is a scan in the
	// emulator and would make this test slow under the race detector.
	records := make([]sdk.Record, 10_000)
	for i := range records {
		records[i] = sdk.Record{"Last_Name": fmt.Sprint("Lead ", i), "Company": "Zylker"}
	}
	results, _, err := c.Records.Create(testCtx(t), "Leads", records, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	require.Len(t, results, len(records))
	for i, r := range results {
		require.Equal(t, i, r.Index)
	}
	got := srv.Records("Leads")
	for _, i := range []int{0, 99, 100, 5_555, 9_999} {
		rec, ok := got.Get(results[i].ID())
		require.True(t, ok, "record %d", i)
		assert.Equal(t, records[i]["Last_Name"], rec["Last_Name"], "result %d names its own record", i)
	}
	assert.Zero(t, srv.Counters().APIRateLimited, "no 429")
	assert.Equal(t, 100, srv.Counters().APIRequests)
}

// An edition below the configured limit answers 429 anyway: the calls are
// retried, the limit comes down, and nothing is lost.
func TestConcurrencyAdaptsToZohos429(t *testing.T) {
	srv := emulator(t, zohotest.WithConcurrencyLimit(3), zohotest.WithCallLatency(20*time.Millisecond))
	cfg := fileConfig(t, srv)
	cfg.MaxRetries = 10
	c := readyClient(t, srv, cfg)
	srv.ResetCounters()

	results, _, err := c.Records.Create(testCtx(t), "Leads", leads(3_000), nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	require.Len(t, results, 3_000)
	assert.Equal(t, 3_000, srv.Records("Leads").Len())
	throttled := srv.Counters().APIRateLimited
	assert.Less(t, throttled, 30, "the limit comes down after the first 429s rather than hammering Zoho")
	t.Logf("429s: %d of %d requests", throttled, srv.Counters().APIRequests)
}

// A batch that fails as a whole keeps the results of the others.
func TestFailedBatchKeepsTheOthersResults(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.MaxRetries = -1
	c := readyClient(t, srv, cfg)
	records := leads(300)
	srv.InjectFault(zohotest.Fault{Method: "POST", Path: "/crm/v2/Leads", Status: 500, Body: `{"code":"INTERNAL_ERROR","message":"boom","status":"error","details":{}}`, Times: 1})
	results, _, err := c.Records.Create(testCtx(t), "Leads", records, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, sdk.ErrServer)
	assert.Len(t, results, 200, "two batches of three were written")
	for i := 1; i < len(results); i++ {
		assert.Less(t, results[i-1].Index, results[i].Index, "input order")
	}
	assert.Equal(t, 200, srv.Records("Leads").Len())
}
