package sdk_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkCurrentUser compares Users.Current through the SDK with the same
// call made with net/http alone against the same emulator, alternating the
// two in one loop so that both see the same machine. It reports the ratio
// (sdk/raw) and the token store calls per SDK call.
func BenchmarkCurrentUser(b *testing.B) {
	srv := emulator(b)
	cfg := fileConfig(b, srv)
	c := readyClient(b, srv, cfg)
	ctx := testCtx(b)
	access := readTokens(b, cfg).AccessToken
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

	rawCall := func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/crm/v2/users?type=CurrentUser", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+access)
		resp, err := raw.Do(req)
		require.NoError(b, err)
		var body struct {
			Users []map[string]any `json:"users"`
		}
		require.NoError(b, json.NewDecoder(resp.Body).Decode(&body))
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Len(b, body.Users, 1)
	}
	sdkCall := func() {
		_, _, err := c.Users.Current(ctx)
		require.NoError(b, err)
	}
	rawCall()
	sdkCall()

	before := c.Stats()
	var rawTime, sdkTime time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		rawCall()
		t1 := time.Now()
		sdkCall()
		sdkTime += time.Since(t1)
		rawTime += t1.Sub(t0)
	}
	b.StopTimer()
	after := c.Stats()
	b.ReportMetric(float64(rawTime.Nanoseconds())/float64(b.N), "raw-ns/call")
	b.ReportMetric(float64(sdkTime.Nanoseconds())/float64(b.N), "sdk-ns/call")
	b.ReportMetric(float64(sdkTime)/float64(rawTime), "sdk/raw")
	b.ReportMetric(float64(after.StoreCalls-before.StoreCalls)/float64(b.N), "store-calls/op")
}

// BenchmarkStoreCallsWhileValid counts token store calls per API call while
// the access token is valid, across many goroutines.
func BenchmarkStoreCallsWhileValid(b *testing.B) {
	srv := emulator(b)
	c := readyClient(b, srv, fileConfig(b, srv))
	ctx := testCtx(b)
	before := c.Stats()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := c.Users.Current(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
	after := c.Stats()
	b.ReportMetric(float64(after.StoreCalls-before.StoreCalls)/float64(b.N), "store-calls/op")
}
