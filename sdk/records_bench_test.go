package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// benchFields are the fields of the seeded contacts, asked for by name as
// API v8 wants.
var benchFields = []string{"First_Name", "Last_Name", "Email", "Phone", "Mobile", "Title", "Department",
	"Mailing_City", "Mailing_Country", "Lead_Source", "Description", "Account_Name", "Owner", "Created_Time", "Modified_Time"}

// seedBench stores n contacts of a realistic size with the emulator's
// store, not over HTTP.
func seedBench(srv *zohotest.Server, n int) {
	account := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	seed := make([]map[string]any, n)
	for i := range seed {
		seed[i] = map[string]any{
			"First_Name": "Kayleigh", "Last_Name": fmt.Sprintf("Lace %05d", i), "Email": fmt.Sprintf("k.lace%d@example.com", i),
			"Phone": "+1 555 0100 " + fmt.Sprint(i%10000), "Mobile": "+1 555 0199", "Title": "Head of Operations",
			"Department": "Operations", "Mailing_City": "Austin", "Mailing_Country": "United States", "Lead_Source": "Web Download",
			"Description":  strings.Repeat("Met at the trade show; wants a demo. ", 3),
			"Account_Name": map[string]any{"name": "Zylker", "id": account},
		}
	}
	srv.Records("Contacts").Insert(seed...)
}

// rawListAll walks the same pages the SDK's iterator does (page numbers to
// record 2000, page tokens after) with net/http and encoding/json alone,
// and returns how many records it decoded.
func rawListAll(b *testing.B, ctx context.Context, client *http.Client, base, token string) int {
	n, page, pageToken := 0, 1, ""
	for {
		q := url.Values{"fields": {strings.Join(benchFields, ",")}, "per_page": {"200"}}
		if pageToken != "" {
			q.Set("page_token", pageToken)
		} else {
			q.Set("page", fmt.Sprint(page))
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/crm/v8/Contacts?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
		resp, err := client.Do(req)
		require.NoError(b, err)
		var body struct {
			Data []map[string]any `json:"data"`
			Info struct {
				MoreRecords   bool   `json:"more_records"`
				NextPageToken string `json:"next_page_token"`
			} `json:"info"`
		}
		require.NoError(b, json.NewDecoder(resp.Body).Decode(&body))
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		n += len(body.Data)
		if !body.Info.MoreRecords {
			return n
		}
		if (page+1)*200 <= sdk.PageNumberLimit && pageToken == "" {
			page++
		} else {
			pageToken = body.Info.NextPageToken
		}
	}
}

// BenchmarkListAll10000 lists 10,000 records through Records.All and, in
// the same loop against the same emulator, the same pages with net/http and
// encoding/json alone; it reports both and their ratio (sdk/raw).
func BenchmarkListAll10000(b *testing.B) {
	srv := emulator(b)
	seedBench(srv, 10_000)
	cfg := fileConfig(b, srv)
	cfg.APIVersion = "v8"
	c := readyClient(b, srv, cfg)
	ctx := testCtx(b)
	token := readTokens(b, cfg).AccessToken
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	opts := &sdk.RecordListOptions{Fields: benchFields}
	sdkAll := func() int {
		n := 0
		for _, err := range c.Records.All(ctx, "Contacts", opts) {
			require.NoError(b, err)
			n++
		}
		return n
	}
	require.Equal(b, 10_000, rawListAll(b, ctx, raw, srv.URL, token))
	require.Equal(b, 10_000, sdkAll())

	var rawTime, sdkTime time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		rawListAll(b, ctx, raw, srv.URL, token)
		t1 := time.Now()
		sdkAll()
		sdkTime += time.Since(t1)
		rawTime += t1.Sub(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(rawTime.Milliseconds())/float64(b.N), "raw-ms/10k")
	b.ReportMetric(float64(sdkTime.Milliseconds())/float64(b.N), "sdk-ms/10k")
	b.ReportMetric(float64(sdkTime)/float64(rawTime), "sdk/raw")
}

// BenchmarkListAllLiveHeap iterates over the first 2,000 and over all
// 10,000 records of one emulator, sampling the live heap (after a
// collection, every 250 records) above what it was before the walk. If
// the iterator kept records, the 10,000 walk would need five times more.
func BenchmarkListAllLiveHeap(b *testing.B) {
	srv := emulator(b)
	seedBench(srv, 10_000)
	cfg := fileConfig(b, srv)
	cfg.APIVersion = "v8"
	c := readyClient(b, srv, cfg)
	ctx := testCtx(b)
	opts := &sdk.RecordListOptions{Fields: benchFields}
	peakAbove := func(limit int) uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base, peak := ms.HeapAlloc, uint64(0)
		n := 0
		for _, err := range c.Records.All(ctx, "Contacts", opts) {
			require.NoError(b, err)
			if n++; n%250 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base {
					peak = max(peak, ms.HeapAlloc-base)
				}
			}
			if n == limit {
				break
			}
		}
		require.Equal(b, limit, n)
		return peak
	}
	peakAbove(2000) // warm up connections and pools

	var small, large uint64
	b.ResetTimer()
	for range b.N {
		small = max(small, peakAbove(2000))
		large = max(large, peakAbove(10_000))
	}
	b.StopTimer()
	b.ReportMetric(float64(small)/1024, "live-KB-2k")
	b.ReportMetric(float64(large)/1024, "live-KB-10k")
	b.ReportMetric(float64(large)/float64(max(small, 1)), "10k/2k")
}

// BenchmarkCreate1000 creates 1,000 records with Records.Create, and in the
// same loop the same 1,000 with net/http and encoding/json alone in
// batches of 100; it reports the requests the SDK sent per 1,000 (Zoho's
// limit makes it 10) and the time of both.
func BenchmarkCreate1000(b *testing.B) {
	srv := emulator(b)
	cfg := fileConfig(b, srv)
	c := readyClient(b, srv, cfg)
	ctx := testCtx(b)
	token := readTokens(b, cfg).AccessToken
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	records := make([]sdk.Record, 1000)
	for i := range records {
		records[i] = sdk.Record{"Last_Name": fmt.Sprintf("Bench %04d", i), "Email": fmt.Sprintf("b%d@example.com", i), "Department": "Sales"}
	}
	rawCreate := func() {
		for lo := 0; lo < len(records); lo += 100 {
			body, _ := json.Marshal(map[string]any{"data": records[lo : lo+100]})
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/crm/v2/Contacts", bytes.NewReader(body))
			req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := raw.Do(req)
			require.NoError(b, err)
			var answer struct {
				Data []map[string]any `json:"data"`
			}
			require.NoError(b, json.NewDecoder(resp.Body).Decode(&answer))
			resp.Body.Close()
			require.Len(b, answer.Data, 100)
		}
	}
	sdkCreate := func() {
		results, _, err := c.Records.Create(ctx, "Contacts", records, nil)
		require.NoError(b, err)
		require.NoError(b, sdk.WriteErrors(results))
		require.Len(b, results, 1000)
	}
	rawCreate()
	sdkCreate()

	before := c.Stats().APIRequests
	var rawTime, sdkTime time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		rawCreate()
		t1 := time.Now()
		sdkCreate()
		sdkTime += time.Since(t1)
		rawTime += t1.Sub(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(c.Stats().APIRequests-before)/float64(b.N), "requests/1000")
	b.ReportMetric(float64(rawTime.Milliseconds())/float64(b.N), "raw-ms/1000")
	b.ReportMetric(float64(sdkTime.Milliseconds())/float64(b.N), "sdk-ms/1000")
	b.ReportMetric(float64(sdkTime)/float64(rawTime), "sdk/raw")
}
