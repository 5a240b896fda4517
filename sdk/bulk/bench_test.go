package bulk_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// heapPeak samples the heap every 2 ms until stop and returns the peaks
// above the start: of the heap allocated (garbage not yet collected
// included) and of the live heap the last collection found.
func heapPeak() (stop func() (alloc, live uint64)) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() (uint64, uint64) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		metrics.Read(sample)
		return ms.HeapAlloc, sample[0].Value.Uint64()
	}
	baseAlloc, baseLive := read()
	var peakAlloc, peakLive atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			a, l := read()
			if a > baseAlloc && a-baseAlloc > peakAlloc.Load() {
				peakAlloc.Store(a - baseAlloc)
			}
			if l > baseLive && l-baseLive > peakLive.Load() {
				peakLive.Store(l - baseLive)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-finished
		return peakAlloc.Load(), peakLive.Load()
	}
}

func reportHeap(b *testing.B, alloc, live uint64) {
	b.ReportMetric(float64(alloc)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(live)/(1<<20), "peak-live-MiB")
}

var benchFields = []string{"Last_Name", "Company", "Email"}

// BenchmarkRead exports 100,000 and 1,000,000 leads from an emulator in
// another process: through Read (end to end: jobs, polls, downloads,
// records), through Records of the downloaded files alone, and beside
// encoding/csv reading the same CSV from memory, plain and zipped. It
// reports the peak heap and the credits used, and Records.All's credits
// for the same export.
func BenchmarkRead(b *testing.B) {
	emu := startRemoteEmulator(b)
	c := emu.client(b)
	svc := bulk.New(c)
	for _, n := range []int{100_000, 1_000_000} {
		emu.do(b, "seed "+strconv.Itoa(n))
		name := "records=" + strconv.Itoa(n)
		b.Run(name+"/iterator", func(b *testing.B) {
			var alloc, live uint64
			credits := 0
			for range b.N {
				emu.do(b, "advance 120") // Zoho allows 10 downloads a minute
				before := emu.credits(b)
				stop := heapPeak()
				count := 0
				for _, err := range svc.Read(testCtx(b), &bulk.ReadRequest{Module: "Leads", Fields: benchFields}, fastWait) {
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				a, l := stop()
				alloc, live = max(alloc, a), max(live, l)
				credits = emu.credits(b) - before
				require.Equal(b, n, count)
			}
			reportHeap(b, alloc, live)
			b.ReportMetric(float64(credits), "credits")
		})
		b.Run(name+"/rows-iterator", func(b *testing.B) {
			for range b.N {
				emu.do(b, "advance 120")
				count := 0
				for _, err := range svc.ReadRows(testCtx(b), &bulk.ReadRequest{Module: "Leads", Fields: benchFields}, fastWait) {
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				require.Equal(b, n, count)
			}
		})
		files := downloadPages(b, emu, svc)
		b.Run(name+"/downloaded-files-records", func(b *testing.B) {
			var alloc, live uint64
			for range b.N {
				stop := heapPeak()
				count := 0
				for _, f := range files {
					for _, err := range f.Records() {
						if err != nil {
							b.Fatal(err)
						}
						count++
					}
				}
				a, l := stop()
				alloc, live = max(alloc, a), max(live, l)
				require.Equal(b, n, count)
			}
			reportHeap(b, alloc, live)
		})
		b.Run(name+"/downloaded-files-rows", func(b *testing.B) {
			var alloc, live uint64
			for range b.N {
				stop := heapPeak()
				count := 0
				for _, f := range files {
					for _, err := range f.Rows() {
						if err != nil {
							b.Fatal(err)
						}
						count++
					}
				}
				a, l := stop()
				alloc, live = max(alloc, a), max(live, l)
				require.Equal(b, n, count)
			}
			reportHeap(b, alloc, live)
		})
		plain, zipped := pageCSVs(b, files)
		b.Run(name+"/encoding-csv", func(b *testing.B) {
			for range b.N {
				count := 0
				for _, p := range plain {
					count += countRows(b, bytes.NewReader(p))
				}
				require.Equal(b, n, count)
			}
		})
		b.Run(name+"/zip+encoding-csv", func(b *testing.B) {
			for range b.N {
				count := 0
				for _, z := range zipped {
					zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
					require.NoError(b, err)
					rc, err := zr.File[0].Open()
					require.NoError(b, err)
					count += countRows(b, rc)
					rc.Close()
				}
				require.Equal(b, n, count)
			}
		})
		for _, f := range files {
			f.Close()
		}
	}
	b.Run("records=1000000/Records.All", func(b *testing.B) {
		for range b.N {
			before := emu.credits(b)
			count := 0
			for _, err := range c.Records.All(testCtx(b), "Leads", &sdk.RecordListOptions{Fields: benchFields}) {
				if err != nil {
					b.Fatal(err)
				}
				count++
			}
			require.Equal(b, 1_000_000, count)
			b.ReportMetric(float64(emu.credits(b)-before), "credits")
		}
	})
}

// downloadPages runs the export's jobs and downloads every page.
func downloadPages(b *testing.B, emu *remoteEmulator, svc *bulk.Service) []*bulk.ReadFile {
	return downloadPagesOf(b, emu, svc, benchFields)
}

// downloadPagesOf is downloadPages with these columns.
func downloadPagesOf(b *testing.B, emu *remoteEmulator, svc *bulk.Service, fields []string) []*bulk.ReadFile {
	ctx := testCtx(b)
	emu.do(b, "advance 120")
	var files []*bulk.ReadFile
	job, _, err := svc.CreateRead(ctx, &bulk.ReadRequest{Module: "Leads", Fields: fields})
	for {
		require.NoError(b, err)
		job, err = svc.WaitRead(ctx, job.ID, fastWait)
		require.NoError(b, err)
		var f *bulk.ReadFile
		f, err = svc.Download(ctx, job)
		require.NoError(b, err)
		files = append(files, f)
		if !job.Result.MoreRecords {
			return files
		}
		job, _, err = svc.CreateReadNext(ctx, job, nil)
	}
}

// pageCSVs returns each page's CSV, and the same zipped in memory.
func pageCSVs(b *testing.B, files []*bulk.ReadFile) (plain, zipped [][]byte) {
	for _, f := range files {
		rc, err := f.Open()
		require.NoError(b, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(b, err)
		plain = append(plain, data)
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf) // compressed as the emulator's
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
		w, _ := zw.Create("page.csv")
		_, _ = w.Write(data)
		require.NoError(b, zw.Close())
		zipped = append(zipped, buf.Bytes())
	}
	return plain, zipped
}

// countRows reads a CSV with encoding/csv alone and counts its data rows.
func countRows(b *testing.B, r io.Reader) int {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	count := -1
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return count
		}
		if err != nil {
			b.Fatal(err)
		}
		count++
	}
}

// BenchmarkWrite imports 100,000 leads (four files and jobs) into an
// emulator in another process.
func BenchmarkWrite(b *testing.B) {
	emu := startRemoteEmulator(b)
	svc := bulk.New(emu.client(b))
	var alloc, live uint64
	for range b.N {
		emu.do(b, "clear")
		stop := heapPeak()
		report, err := svc.WriteRecords(context.Background(), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: benchFields}, leads(100_000, nil), fastWait)
		a, l := stop()
		alloc, live = max(alloc, a), max(live, l)
		require.NoError(b, err)
		require.Len(b, report.Rows, 100_000)
		require.Empty(b, report.Failed())
	}
	reportHeap(b, alloc, live)
}
