package sdk_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestRequestHeaders(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	var mu sync.Mutex
	var seen http.Header
	srv.InjectFault(zohotest.Fault{Path: "/crm/", Match: func(r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		seen = r.Header.Clone()
		return false // observe only
	}})
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.True(t, strings.HasPrefix(seen.Get("Authorization"), "Zoho-oauthtoken 1000."), seen.Get("Authorization"))
	assert.True(t, strings.HasPrefix(seen.Get("User-Agent"), "zcrm-go/"+sdk.Version), seen.Get("User-Agent"))
}

func TestRateLimitedThenRetried(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	srv.ResetCounters()
	f := srv.InjectFault(zohotest.Fault{Path: "/crm/", Status: 429, Header: http.Header{"Retry-After": {"0"}}, Times: 2})
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 2, f.Hits())
	assert.Equal(t, 3, srv.Counters().APIRequests)

	// 429 is retried for POST too: the request was not processed.
	srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", Status: 429, Header: http.Header{"Retry-After": {"0"}}, Times: 1})
	results, _, err := c.Records.Create(testCtx(t), "Leads", []sdk.Record{{"Last_Name": "Retry"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
}

func TestRateLimitedTooLong(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	srv.InjectFault(zohotest.Fault{Path: "/crm/", Status: 429, Header: http.Header{"Retry-After": {"3600"}}})
	// Had the SDK slept the hour, the context would end the call instead.
	ctx, cancel := context.WithTimeout(testCtx(t), 20*time.Second)
	defer cancel()
	_, _, err := c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrRateLimited)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Contains(t, err.Error(), "wait 1h0m0s")
}

func TestServerErrors(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))

	t.Run("GET is retried", func(t *testing.T) {
		srv.ResetCounters()
		srv.InjectFault(zohotest.Fault{Method: http.MethodGet, Path: "/crm/", Status: 503, Times: 2})
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		assert.Equal(t, 3, srv.Counters().APIRequests)
	})
	t.Run("POST is not retried", func(t *testing.T) {
		srv.ResetCounters()
		srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", Status: 500, Times: 1})
		_, _, err := c.Records.Create(testCtx(t), "Leads", []sdk.Record{{"Last_Name": "Once"}}, nil)
		require.ErrorIs(t, err, sdk.ErrServer)
		assert.Equal(t, 1, srv.Counters().APIRequests, "a POST that may have been processed must not be sent again")
		assert.Empty(t, srv.Records("Leads").List(), "nothing was created")
	})
	t.Run("retries run out", func(t *testing.T) {
		srv.ResetCounters()
		f := srv.InjectFault(zohotest.Fault{Method: http.MethodGet, Path: "/crm/", Status: 502})
		defer f.Remove()
		_, _, err := c.Users.Current(testCtx(t))
		require.ErrorIs(t, err, sdk.ErrServer)
		assert.Equal(t, 1+sdk.DefaultMaxRetries, srv.Counters().APIRequests)
	})
	t.Run("broken connection on GET is retried, on POST not", func(t *testing.T) {
		srv.ResetCounters()
		srv.InjectFault(zohotest.Fault{Method: http.MethodGet, Path: "/crm/", CutResponse: true, Times: 1})
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", CutResponse: true, Times: 1})
		_, _, err = c.Records.Create(testCtx(t), "Leads", []sdk.Record{{"Last_Name": "Cut"}}, nil)
		require.Error(t, err)
	})
}

func TestTimeoutAndCancel(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.Timeout = 2 * time.Second // calls only: store_start_timeout bounds the plugin's start
	cfg.MaxRetries = -1
	c := readyClient(t, srv, cfg)
	srv.InjectFault(zohotest.Fault{Path: "/crm/", Latency: 10 * time.Second, Times: 1})
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, context.DeadlineExceeded)

	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	_, _, err = c.Users.Current(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

func TestErrorEnvelope(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	_, _, err := c.Records.List(testCtx(t), "NoSuchModule", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, "INVALID_MODULE", apiErr.Code)
	assert.NotEmpty(t, apiErr.Message)
	assert.Contains(t, err.Error(), "GET /NoSuchModule")
	assert.False(t, errors.Is(err, sdk.ErrNotFound))
}

func TestNoContentIsEmpty(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	records, resp, err := c.Records.List(testCtx(t), "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.NotNil(t, records)
	assert.Empty(t, records)
}

func TestRateLimitHeaders(t *testing.T) {
	srv := emulator(t, zohotest.WithAPICredits(1000, 24*time.Hour))
	c := readyClient(t, srv, fileConfig(t, srv))
	_, resp, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 1000, resp.RateLimit.Limit)
	assert.Equal(t, 999, resp.RateLimit.Remaining)
	assert.False(t, resp.RateLimit.Reset.IsZero())
}
