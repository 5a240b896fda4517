package sdk_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// TestTokenEndpointFailuresAreRetried: 5xx answers and cut connections of
// the token endpoint are retried with the API's backoff; when the retries
// run out the error is ErrAccountsUnavailable with a hint.
func TestTokenEndpointFailuresAreRetried(t *testing.T) {
	faults := map[string]zohotest.Fault{
		"500":            {Status: http.StatusInternalServerError},
		"503 not JSON":   {Status: http.StatusServiceUnavailable, Body: "<html>Service Unavailable</html>", Header: http.Header{"Content-Type": {"text/html"}}},
		"cut connection": {CutResponse: true},
		"dropped":        {DropConnection: true},
	}
	for name, f := range faults {
		t.Run(name, func(t *testing.T) {
			srv := emulator(t)
			cfg := fileConfig(t, srv)
			c := readyClient(t, srv, cfg)
			f.Path, f.Method = "/oauth/v2/token", http.MethodPost

			// Two failures, then Zoho answers: the call succeeds.
			srv.Advance(2 * time.Hour)
			srv.ResetCounters()
			brief := f
			brief.Times = 2
			srv.InjectFault(brief)
			_, _, err := c.Users.Current(testCtx(t))
			require.NoError(t, err)
			assert.Equal(t, 3, srv.Counters().TokenRequests)
			assert.Equal(t, 1, srv.Counters().Refreshes)

			// Down for good: MaxRetries retries, then the typed error.
			srv.Advance(2 * time.Hour)
			srv.ResetCounters()
			fault := srv.InjectFault(f)
			_, _, err = c.Users.Current(testCtx(t))
			require.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
			assert.Contains(t, err.Error(), "try again later")
			assert.Equal(t, sdk.DefaultMaxRetries+1, srv.Counters().TokenRequests)
			fault.Remove()

			_, _, err = c.Users.Current(testCtx(t))
			require.NoError(t, err, "the next call refreshes")
		})
	}
}

// TestGrantExchangeIsNotResent: a grant token is single-use, so a grant
// exchange that may have reached Zoho is not sent again; its failure says
// so.
func TestGrantExchangeIsNotResent(t *testing.T) {
	srv := emulator(t)
	c := newClient(t, fileConfig(t, srv))
	srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/oauth/v2/token", Status: http.StatusBadGateway, Times: 1})
	_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
	require.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
	require.ErrorIs(t, err, sdk.ErrServer)
	assert.Contains(t, err.Error(), "502")
	assert.Equal(t, 1, srv.Counters().TokenRequests)
}

// TestAccountsServerUnreachable: nothing listens at accounts_url.
func TestAccountsServerUnreachable(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	srv.Close()
	srv.Advance(2 * time.Hour)
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
	assert.Contains(t, err.Error(), "accounts server")
}
