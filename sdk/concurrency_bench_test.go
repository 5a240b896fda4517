package sdk_test

import (
	"testing"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// BenchmarkCreateManyWithLatency creates 10,000 records through an emulator
// whose calls take 300 ms and which allows 10 at once: the floor is 10
// rounds of 0.3 s. It reports the wall time against that floor, and the
// 429s seen; "sequential" is one batch at a time, the way it was.
func BenchmarkCreateManyWithLatency(b *testing.B) {
	const latency = 300 * time.Millisecond
	for _, bc := range []struct {
		name  string
		limit int
	}{{"concurrent", 10}, {"sequential", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			srv := emulator(b, zohotest.WithConcurrencyLimit(10), zohotest.WithCallLatency(latency))
			cfg := fileConfig(b, srv)
			cfg.MaxConcurrentCalls = bc.limit
			c := readyClient(b, srv, cfg)
			// Without a unique field: the emulator's duplicate check is a
			// scan, which would measure the emulator rather than the SDK.
			records := make([]sdk.Record, 10_000)
			for i := range records {
				records[i] = sdk.Record{"Last_Name": "Lead", "Company": "Zylker"}
			}
			floor := time.Duration(len(records)/sdk.MaxRecordsPerWrite/10) * latency
			srv.ResetCounters()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, _, err := c.Records.Create(testCtx(b), "Leads", records, nil); err != nil {
					b.Fatal(err)
				}
			}
			perOp := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(perOp)/float64(floor), "x_floor")
			b.ReportMetric(float64(srv.Counters().APIRateLimited)/float64(b.N), "429s/op")
		})
	}
}
