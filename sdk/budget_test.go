package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// refreshTimes makes n refreshes, each after an expiry.
func refreshTimes(t *testing.T, c *sdk.Client, srv *zohotest.Server, n int) {
	t.Helper()
	for i := range n {
		srv.ExpireAccessTokens()
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err, "refresh %d", i+1)
	}
}

// TestRefreshBudgetHoldsBackTheEleventh: the store's count stops the
// refresh Zoho would throttle; the SDK never sends it, says when one will
// be allowed, keeps the stored tokens, and refreshes once the window
// allows.
func TestRefreshBudgetHoldsBackTheEleventh(t *testing.T) {
	for _, kind := range []string{"file", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			srv := emulator(t)
			cfg := fileConfig(t, srv)
			if kind == "mysql" {
				cfg = mysqlConfig(t, cfg)
				cfg.APIBaseURL = srv.URL
			}
			c := readyClient(t, srv, cfg)
			refreshTimes(t, c, srv, 10)
			stored := readTokens(t, cfg)

			srv.ExpireAccessTokens()
			_, _, err := c.Users.Current(testCtx(t))
			require.ErrorIs(t, err, sdk.ErrRefreshBudgetSpent)
			var be *sdk.RefreshBudgetError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, 10, be.Used)
			assert.WithinDuration(t, srv.Now().Add(10*time.Minute), be.RetryAt, 30*time.Second)
			assert.Equal(t, 10, srv.Counters().Refreshes, "the 11th refresh was sent")
			assert.Zero(t, srv.Counters().RefreshesThrottled)
			assert.Equal(t, stored, readTokens(t, cfg), "a held-back refresh must keep the stored tokens")
			for _, secret := range []string{stored.AccessToken, stored.RefreshToken, srv.ClientSecret} {
				assert.NotContains(t, err.Error(), secret)
			}

			srv.Advance(11 * time.Minute)
			_, _, err = c.Users.Current(testCtx(t))
			require.NoError(t, err, "the window allows a refresh again")
			assert.Equal(t, 11, srv.Counters().Refreshes)
			assert.Zero(t, srv.Counters().RefreshesThrottled)
		})
	}
}

// TestRefreshBudgetIsFleetWide: two clients (as two processes) sharing a
// store share one count.
func TestRefreshBudgetIsFleetWide(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	a := readyClient(t, srv, cfg)
	b := newClient(t, cfg)
	for i := range 10 {
		srv.ExpireAccessTokens()
		// The first to call refreshes; the other finds the new tokens.
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		for _, c := range []*sdk.Client{first, second} {
			_, _, err := c.ForUser(adminEmail).Users.Current(testCtx(t))
			require.NoError(t, err, "expiry %d", i+1)
		}
	}
	require.Equal(t, 10, srv.Counters().Refreshes)
	srv.ExpireAccessTokens()
	_, _, err := b.ForUser(adminEmail).Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshBudgetSpent)
	assert.Zero(t, srv.Counters().RefreshesThrottled)
}

// TestRefreshBudgetServesTheCachedToken: inside the refresh window, with
// the budget spent, the still-valid cached token serves.
func TestRefreshBudgetServesTheCachedToken(t *testing.T) {
	srv := emulator(t, zohotest.WithAccessTokenLifetime(5*time.Minute))
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	refreshTimes(t, c, srv, 10)
	srv.Advance(4*time.Minute + 30*time.Second) // 30s left: due for a refresh, still valid
	for range 3 {
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err, "the valid cached token must serve while the budget is spent")
	}
	assert.Equal(t, 10, srv.Counters().Refreshes)
}

// TestRefreshBudgetWaitsWithinTheContext: a caller whose deadline outlasts
// the wait gets its token once the window allows.
func TestRefreshBudgetWaitsWithinTheContext(t *testing.T) {
	srv := emulator(t, zohotest.WithAccessTokenLifetime(5*time.Minute))
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	refreshTimes(t, c, srv, 10)
	srv.ExpireAccessTokens()
	_, _, err := c.Users.Current(testCtx(t))
	var be *sdk.RefreshBudgetError
	require.ErrorAs(t, err, &be, "no deadline: no wait")
	srv.SetNow(be.RetryAt.Add(-time.Minute)) // a minute to go

	short, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	_, _, err = c.Users.Current(short)
	require.ErrorIs(t, err, sdk.ErrRefreshBudgetSpent, "a deadline shorter than the wait gets the error at once")

	// A second to go, from now on: the wait is measured from here.
	srv.SetNow(be.RetryAt.Add(-time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), testenv.Patience)
	defer cancel()
	start := time.Now()
	_, _, err = c.Users.Current(ctx)
	require.NoError(t, err, "a caller with time to wait gets its token")
	assert.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond, "it did wait for the window")
	assert.Equal(t, 11, srv.Counters().Refreshes)
	assert.Zero(t, srv.Counters().RefreshesThrottled)
}

// TestRefreshBudgetRefundsFailedRefreshes: refreshes that failed at the
// accounts server minted nothing, so they do not use the budget.
func TestRefreshBudgetRefundsFailedRefreshes(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	fault := srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token", Status: 500})
	for range 3 {
		srv.ExpireAccessTokens()
		_, _, err := c.Users.Current(testCtx(t))
		require.ErrorIs(t, err, sdk.ErrAccountsUnavailable)
		srv.Advance(time.Minute) // past the SDK's back-off
	}
	fault.Remove()
	refreshTimes(t, c, srv, 10)
	assert.Zero(t, srv.Counters().RefreshesThrottled)
}

// TestNoBudgetWithoutTheCapability: a store that keeps no count (the
// example store) keeps today's behaviour: Zoho's throttle decides.
func TestNoBudgetWithoutTheCapability(t *testing.T) {
	srv := emulator(t)
	cfg := exampleConfig(t, fileConfig(t, srv))
	c := readyClient(t, srv, cfg)
	refreshTimes(t, c, srv, 10)
	srv.ExpireAccessTokens()
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
	assert.False(t, errors.Is(err, sdk.ErrRefreshBudgetSpent))
}

// TestBudgetFileHoldsNoToken: the file store's count names refresh tokens
// by a hash.
func TestBudgetFileHoldsNoToken(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	refreshTimes(t, c, srv, 2)
	data, err := os.ReadFile(filepath.Join(cfg.TokenPersistencePath, "zcrm_oauthtokens.txt.refreshes"))
	require.NoError(t, err)
	stored := readTokens(t, cfg)
	assert.NotContains(t, string(data), stored.RefreshToken)
	var counts map[string][]int64
	require.NoError(t, json.Unmarshal(data, &counts))
	require.Len(t, counts, 1)
	for _, times := range counts {
		assert.Len(t, times, 2, "two refreshes counted")
	}
}

// TestRefreshBudgetCountsASlowRefreshFromItsAnswer: Zoho counts a refresh
// when it receives it. Ten refreshes that each reach Zoho 30s after the
// budget counted them (a loaded host) would leave the budget's window
// before Zoho's, and the eleventh, 620s after the first was counted but
// 590s after Zoho saw it, would be throttled. A slow refresh is counted
// again from its answer, so the eleventh is held back.
func TestRefreshBudgetCountsASlowRefreshFromItsAnswer(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	slow := 0
	srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token", Match: func(*http.Request) bool {
		if slow < 10 {
			slow++
			srv.Advance(30 * time.Second) // the refresh reaches Zoho 30s after it was counted
		}
		return false
	}})
	srv.ResetCounters()
	for i := range 10 {
		srv.ExpireAccessTokens()
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err, "refresh %d", i+1)
		srv.Advance(32 * time.Second)
	}
	require.Equal(t, 10, srv.Counters().Refreshes)

	srv.ExpireAccessTokens()
	ctx, cancel := context.WithTimeout(testCtx(t), 5*time.Second) // no room to wait for the window
	defer cancel()
	_, _, err := c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrRefreshBudgetSpent)
	assert.Zero(t, srv.Counters().RefreshesThrottled, "Zoho throttled the refresh the budget let through")
	assert.Equal(t, 10, srv.Counters().Refreshes)
}
