package bulk_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/examples/typed/crm"
	"github.com/zcrm-go/zcrm/sdk/bulk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// typedFields are the columns of the typed benchmark: text, a lookup and
// two date-times, which a program must parse.
var typedFields = []string{"Last_Name", "Company", "Email", "Owner", "Created_Time", "Modified_Time"}

// benchRows are the export sizes: ZCRM_BENCH_ROWS (such as
// 100000,1000000), else 100,000 so that a plain run stays quick.
func benchRows(b *testing.B) []int {
	spec := os.Getenv("ZCRM_BENCH_ROWS")
	if spec == "" {
		return []int{100_000}
	}
	var out []int
	for _, s := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		require.NoError(b, err, "ZCRM_BENCH_ROWS")
		out = append(out, n)
	}
	return out
}

// BenchmarkReadInto reads an export into the struct zcrm gen wrote for
// Leads (examples/typed/crm) through bulk.RowsAs, and through Records (a
// map per row), and reports each against archive/zip + encoding/csv
// filling the same struct by hand from the same pages: typed/csv and
// records/csv are time ratios measured in the same iterations. The peak
// heap of the typed read is reported too; it stays flat as the export
// grows (compare the sizes).
func BenchmarkReadInto(b *testing.B) {
	emu := startRemoteEmulator(b)
	svc := bulk.New(emu.client(b))
	for _, n := range benchRows(b) {
		emu.do(b, "seed "+strconv.Itoa(n))
		files := downloadPagesOf(b, emu, svc, typedFields)
		_, zipped := pageCSVs(b, files)
		b.Run("rows="+strconv.Itoa(n), func(b *testing.B) {
			var byHand, typed, records time.Duration
			var alloc, live uint64
			var sink crm.Lead
			for b.Loop() {
				start := time.Now()
				count := 0
				for _, z := range zipped {
					count += fillByHand(b, z, &sink)
				}
				byHand += time.Since(start)
				require.Equal(b, n, count)

				stop := heapPeak()
				start = time.Now()
				count = 0
				for _, f := range files {
					for l, err := range bulk.RowsAs[crm.Lead](f.Rows()) {
						if err != nil {
							b.Fatal(err)
						}
						sink = l
						count++
					}
				}
				typed += time.Since(start)
				a, l := stop()
				alloc, live = max(alloc, a), max(live, l)
				require.Equal(b, n, count)
				require.False(b, sink.CreatedTime.IsZero())

				start = time.Now()
				count = 0
				for _, f := range files {
					for r, err := range f.Records() {
						if err != nil {
							b.Fatal(err)
						}
						var l crm.Lead // the same struct, filled from the map
						l.ID, l.LastName, l.Company, l.Email = r.ID(), r.String("Last_Name"), r.String("Company"), r.String("Email")
						l.Owner.ID = r.String("Owner")
						l.CreatedTime, _ = r.DateTime("Created_Time")
						l.ModifiedTime, _ = r.DateTime("Modified_Time")
						sink = l
						count++
					}
				}
				records += time.Since(start)
				require.Equal(b, n, count)
			}
			b.ReportMetric(float64(typed)/float64(byHand), "typed/csv")
			b.ReportMetric(float64(records)/float64(byHand), "records/csv")
			reportHeap(b, alloc, live)
		})
		for _, f := range files {
			f.Close()
		}
	}
}

// fillByHand is what a program without the SDK writes: open the zipped
// CSV, find the columns in the header, and fill a crm.Lead per row.
func fillByHand(b *testing.B, z []byte, into *crm.Lead) int {
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	require.NoError(b, err)
	rc, err := zr.File[0].Open()
	require.NoError(b, err)
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.ReuseRecord = true
	header, err := cr.Read()
	require.NoError(b, err)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	id, last, company, email, owner, created, modified := col["id"], col["Last_Name"], col["Company"], col["Email"], col["Owner"], col["Created_Time"], col["Modified_Time"]
	count := 0
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return count
		}
		require.NoError(b, err)
		var l crm.Lead
		l.ID, l.LastName, l.Company, l.Email = row[id], row[last], row[company], row[email]
		l.Owner.ID = row[owner]
		ct, err := time.Parse(time.RFC3339, row[created])
		require.NoError(b, err)
		mt, err := time.Parse(time.RFC3339, row[modified])
		require.NoError(b, err)
		l.CreatedTime, l.ModifiedTime = crmtype.DateTimeOf(ct), crmtype.DateTimeOf(mt)
		*into = l
		count++
	}
}
