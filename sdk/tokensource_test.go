package sdk_test

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenSourceSharesTheSDKsRefresh(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	ts := c.TokenSource()
	ctx := testCtx(t)

	first, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "Zoho-oauthtoken", first.Type())
	assert.True(t, first.Valid())

	srv.ResetCounters()
	for cycle := range 3 {
		srv.Advance(time.Hour)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				tok, err := ts.Token()
				if assert.NoError(t, err) {
					assert.True(t, tok.Expiry.After(srv.Now()), "cycle %d: a fresh token", cycle)
				}
			}()
			go func() {
				defer wg.Done()
				_, _, err := c.Users.Current(ctx)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		assert.Equal(t, cycle+1, srv.Counters().Refreshes, "one refresh per expiry, shared by the TokenSource and the SDK")
	}
	last, err := ts.Token()
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken, last.AccessToken)
}

func TestHTTPClientAuthenticatesOtherCalls(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	hc := c.HTTPClient()

	req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, srv.URL+"/crm/v8/users?type=CurrentUser", nil)
	require.NoError(t, err)
	resp, err := hc.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), srv.Admin().Email)
	assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is not changed")

	// After expiry the client refreshes through the SDK, once.
	srv.ResetCounters()
	srv.Advance(2 * time.Hour)
	for range 3 {
		resp, err := hc.Get(srv.URL + "/crm/v8/org")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.Equal(t, 1, srv.Counters().Refreshes)
}
