package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkExport runs `zcrm export` of 100,000 and then 1,000,000 leads
// from an emulator in this process (jobs done at once) to a CSV file. It
// reports the wall time per row and the command's peak heap, read from
// the Go runtime's own trace of each collection (GODEBUG=gctrace=1); the
// 1,000,000 run adds both as ratios to the 100,000 run's: 1 is a time
// that grows with the rows and a heap that does not grow with them.
func BenchmarkExport(b *testing.B) {
	srv, env := dataEmulator(b)
	srv.SetBulkJobTime(time.Nanosecond)
	var baseNsPerRow, baseHeap float64
	seeded := 0
	for _, n := range []int{100_000, 1_000_000} {
		seedLeads(srv, seeded, n)
		seeded = n
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			var peak float64
			for range b.N {
				b.StopTimer()
				srv.Advance(2 * time.Minute) // Zoho allows 10 downloads a minute
				out := filepath.Join(b.TempDir(), "leads.csv")
				cmd := zcrmCommand(env, "export", "Leads", "--fields", leadFields, "-o", out)
				cmd.Env = append(cmd.Env, "GODEBUG=gctrace=1")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				b.StartTimer()
				require.NoError(b, cmd.Run(), stderr.String())
				b.StopTimer()
				peak = max(peak, peakHeapMiB(stderr.String()))
				_, rows := readCSV(b, out)
				require.Equal(b, n, len(rows))
				b.StartTimer()
			}
			nsPerRow := float64(b.Elapsed().Nanoseconds()) / float64(b.N*n)
			b.ReportMetric(nsPerRow, "ns/row")
			b.ReportMetric(peak, "peak-heap-MiB")
			if n == 100_000 {
				baseNsPerRow, baseHeap = nsPerRow, peak
			} else if baseNsPerRow > 0 && baseHeap > 0 {
				b.ReportMetric(nsPerRow/baseNsPerRow, "time-per-row-vs-100k")
				b.ReportMetric(peak/baseHeap, "heap-vs-100k")
			}
		})
	}
}

// gcLine is a collection in a GC trace: heap at its start, at its end,
// live after it, in MB (MiB).
var gcLine = regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB`)

// peakHeapMiB is the largest heap a GC trace shows.
func peakHeapMiB(trace string) float64 {
	peak := 0
	for _, m := range gcLine.FindAllStringSubmatch(trace, -1) {
		for _, s := range m[1:3] {
			if v, _ := strconv.Atoi(s); v > peak {
				peak = v
			}
		}
	}
	return float64(peak)
}
