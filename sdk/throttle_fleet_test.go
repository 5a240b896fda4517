package sdk_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// refreshAtZoho refreshes refreshToken at the emulator as another program
// sharing it would (outside the SDK and its budget), and returns the new
// access token, "" if Zoho refused.
func refreshAtZoho(t *testing.T, srv *zohotest.Server, refreshToken string) string {
	t.Helper()
	resp, err := http.PostForm(srv.URL+"/oauth/v2/token", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {refreshToken},
		"client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret},
	})
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	return answer.AccessToken
}

// TestThrottleKeptPerRefreshToken: Zoho throttles a refresh token, not an
// access token. Process A is throttled; another process then saves a new
// access token with the same refresh token (minted just before the
// throttle), and Zoho rejects that access token too. Neither A, which
// knows of the throttle, nor B, which learns it through the store's
// refresh budget, asks Zoho again inside the window; after it, one refresh
// serves both.
func TestThrottleKeptPerRefreshToken(t *testing.T) {
	for _, budget := range []bool{true, false} {
		t.Run("budget="+strconv.FormatBool(budget), func(t *testing.T) {
			srv := emulator(t)
			cfg := fileConfig(t, srv)
			readyClient(t, srv, cfg).Close()
			stored := readTokens(t, cfg)
			fleet := startFleet(t, 2, func(int) map[string]string {
				return map[string]string{
					"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "redirect_uri": srv.RedirectURI,
					"accounts_url": srv.URL, "current_user_email": adminEmail,
					"token_persistence_path": cfg.TokenPersistencePath, "disable_refresh_budget": strconv.FormatBool(!budget),
				}
			})
			a, b := fleet[:1], fleet[1:]
			syncClocks(t, srv, fleet)
			r := call(t, fleet, 1, 1, 0)
			require.Zero(t, r.failed, r.err)
			require.Zero(t, r.refreshes, "both start with the stored access token")

			// Another program spends Zoho's allowance of the refresh token;
			// the last access token it gets is still good.
			for range 9 {
				require.NotEmpty(t, refreshAtZoho(t, srv, stored.RefreshToken))
			}
			srv.ExpireAccessTokens()
			last := refreshAtZoho(t, srv, stored.RefreshToken)
			require.NotEmpty(t, last)

			// A's access token is rejected; its refresh is throttled.
			before := srv.Counters()
			r = call(t, a, 1, 1, 0)
			require.Equal(t, 1, r.failed)
			t.Logf("A, throttled: %s", r.err)
			require.Equal(t, before.RefreshesThrottled+1, srv.Counters().RefreshesThrottled, "A's refresh was throttled")

			// Another process saves the access token minted before the
			// throttle, with the same refresh token; Zoho then rejects it.
			fresh := stored
			fresh.AccessToken, fresh.ExpiryTime = last, srv.Now().Add(time.Hour).UnixMilli()
			saveTokens(t, cfg, fresh)
			require.Positive(t, srv.RevokeAccessTokens(adminEmail))

			afterThrottle := srv.Counters().TokenRequests
			ra := call(t, a, 1, 1, 0)
			sentByA := srv.Counters().TokenRequests - afterThrottle
			// B's first call finds the saved access token and retries with
			// it (rejected too); its second must refresh.
			rb := call(t, b, 1, 2, 0)
			sentByB := srv.Counters().TokenRequests - afterThrottle - sentByA
			t.Logf("inside Zoho's window, token requests after the throttle: A %d, B %d (A: %s; B: %s)", sentByA, sentByB, ra.err, rb.err)
			assert.Equal(t, 1, ra.failed)
			assert.Equal(t, 2, rb.failed)
			assert.Zero(t, sentByA, "A forgot the throttle when it read the access token saved with the same refresh token")
			if budget {
				assert.Zero(t, sentByB, "A's throttle did not reach B through the store's refresh budget")
			} else {
				assert.LessOrEqual(t, sentByB, 1, "without the budget B learns of the throttle from Zoho, once")
				again := srv.Counters().TokenRequests
				call(t, b, 1, 1, 0)
				assert.Equal(t, again, srv.Counters().TokenRequests, "B asked again after Zoho throttled it")
			}

			// Past the window (the budget's margin included) one refresh
			// serves both processes.
			srv.Advance(11 * time.Minute)
			syncClocks(t, srv, fleet)
			refreshesBefore := srv.Counters().Refreshes
			r = call(t, fleet, 1, 1, 0)
			assert.Zero(t, r.failed, r.err)
			assert.Equal(t, 1, srv.Counters().Refreshes-refreshesBefore)
		})
	}
}

// syncClocks sets the fleet's clocks to the emulator's.
func syncClocks(t *testing.T, srv *zohotest.Server, fleet []*fleetChild) {
	t.Helper()
	for _, answer := range tell(t, fleet, "clock "+strconv.FormatInt(int64(time.Until(srv.Now())), 10)) {
		require.Equal(t, "ok", answer)
	}
}
