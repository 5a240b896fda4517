package bulk_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// heapPeak samples the live heap every few milliseconds until stop, and
// returns the peak above the heap when it started.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
				peak.Store(m.HeapAlloc - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak.Load()
	}
}

// BenchmarkRead exports 100,000 and 1,000,000 leads through Read, beside
// encoding/csv reading the same CSV from memory; it reports the peak heap
// above the start (emulator included) and the credits used.
func BenchmarkRead(b *testing.B) {
	srv := emulator(b)
	srv.SetBulkJobTime(10 * time.Millisecond)
	seeded := 0
	c := client(b, srv, "v8")
	svc := bulk.New(c)
	for _, n := range []int{100_000, 1_000_000} {
		if seeded < n {
			seedRange(srv, seeded, n)
			seeded = n
		}
		b.Run("records="+strconv.Itoa(n)+"/iterator", func(b *testing.B) {
			var peak uint64
			credits := 0
			for range b.N {
				srv.Advance(2 * time.Minute) // Zoho allows 10 downloads a minute
				before := creditsUsed(srv)
				stop := heapPeak()
				count := 0
				for _, err := range svc.Read(testCtx(b), &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name", "Company", "Email"}}, fastWait) {
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				peak = max(peak, stop())
				credits = creditsUsed(srv) - before
				require.Equal(b, n, count)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(credits), "credits")
		})
		b.Run("records="+strconv.Itoa(n)+"/encoding-csv", func(b *testing.B) {
			data := exportCSV(b, svc, srv)
			b.ResetTimer()
			for range b.N {
				r := csv.NewReader(bytes.NewReader(data))
				r.ReuseRecord = true
				count := -1
				for {
					_, err := r.Read()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				require.Equal(b, n, count)
			}
		})
	}
	b.Run("records=1000000/Records.All-credits", func(b *testing.B) {
		for range b.N {
			before := creditsUsed(srv)
			count := 0
			for _, err := range c.Records.All(testCtx(b), "Leads", &sdk.RecordListOptions{Fields: []string{"Last_Name", "Company", "Email"}}) {
				if err != nil {
					b.Fatal(err)
				}
				count++
			}
			require.Equal(b, 1_000_000, count)
			b.ReportMetric(float64(creditsUsed(srv)-before), "credits")
		}
	})
}

// exportCSV is the module's export as one CSV in memory (the pages' CSVs
// joined under one header).
func exportCSV(b *testing.B, svc *bulk.Service, srv interface{ Advance(time.Duration) }) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"id", "Last_Name", "Company", "Email"})
	srv.Advance(2 * time.Minute)
	for rec, err := range svc.Read(testCtx(b), &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name", "Company", "Email"}}, fastWait) {
		if err != nil {
			b.Fatal(err)
		}
		_ = w.Write([]string{rec.ID(), rec.String("Last_Name"), rec.String("Company"), rec.String("Email")})
	}
	w.Flush()
	return buf.Bytes()
}

// BenchmarkWrite imports 100,000 leads (four files and jobs).
func BenchmarkWrite(b *testing.B) {
	srv := emulator(b)
	srv.SetBulkJobTime(10 * time.Millisecond)
	svc := bulk.New(client(b, srv, "v8"))
	var peak uint64
	for range b.N {
		srv.Records("Leads").Delete(srv.Records("Leads").IDs()...)
		stop := heapPeak()
		report, err := svc.WriteRecords(testCtx(b), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: []string{"Last_Name", "Company", "Email"}}, leads(100_000, nil), fastWait)
		peak = max(peak, stop())
		require.NoError(b, err)
		require.Len(b, report.Rows, 100_000)
		require.Empty(b, report.Failed())
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
