package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// throttle spends the ten refreshes Zoho allows in ten minutes, then has
// the eleventh refused.
func throttle(t *testing.T, c *sdk.Client, srv interface{ ExpireAccessTokens() }) error {
	t.Helper()
	for i := range 10 {
		srv.ExpireAccessTokens()
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err, "refresh %d", i+1)
	}
	srv.ExpireAccessTokens()
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
	return err
}

// TestNoTokenRequestsWhileThrottled: after "Access Denied", the SDK asks
// Zoho for no token for that user until the window can have reopened, and
// says when that is.
func TestNoTokenRequestsWhileThrottled(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	first := throttle(t, c, srv)
	var authErr *sdk.AuthError
	require.ErrorAs(t, first, &authErr)
	assert.InDelta(t, (10 * time.Minute).Seconds(), authErr.RetryAfter.Seconds(), 5)

	srv.ResetCounters()
	srv.Advance(4 * time.Minute)
	const calls = 400
	errs := make(chan error, calls)
	runN(calls, 16, func() { _, _, err := c.Users.Current(testCtx(t)); errs <- err })
	close(errs)
	for err := range errs {
		require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
		require.ErrorAs(t, err, &authErr)
		assert.InDelta(t, (6 * time.Minute).Seconds(), authErr.RetryAfter.Seconds(), 5, "the wait left is given")
		assert.Contains(t, err.Error(), "the SDK will not ask Zoho again for 6m")
	}
	counters := srv.Counters()
	t.Logf("after a throttle, %d calls made %d token requests and %d API requests", calls, counters.TokenRequests, counters.APIRequests)
	assert.Zero(t, counters.TokenRequests, "no token request while Zoho's window is closed")
	assert.Zero(t, counters.APIRequests, "no API call with the access token Zoho refused")

	// Once the window can have reopened: one request, and calls work.
	srv.Advance(6*time.Minute + time.Second)
	runN(50, 16, func() { _, _, err := c.Users.Current(testCtx(t)); assert.NoError(t, err) })
	assert.Equal(t, 1, srv.Counters().TokenRequests)
}

// TestNoTokenRequestsAfterRevocation: after invalid_code on refresh, none
// until new tokens are saved, here or by another process.
func TestNoTokenRequestsAfterRevocation(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.CurrentUserEmail = adminEmail
	c := readyClient(t, srv, cfg)
	require.True(t, srv.RevokeRefreshToken(readTokens(t, cfg).RefreshToken))
	srv.Advance(2 * time.Hour)
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)

	srv.ResetCounters()
	const calls = 100
	errs := make(chan error, calls)
	runN(calls, 16, func() { _, _, err := c.Users.Current(testCtx(t)); errs <- err })
	close(errs)
	for err := range errs {
		require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)
		assert.Contains(t, err.Error(), "generate a new grant token")
	}
	t.Logf("after a revocation, %d calls made %d token requests", calls, srv.Counters().TokenRequests)
	assert.Zero(t, srv.Counters().TokenRequests, "no token request with a revoked refresh token")

	// Another process saves new tokens: this one notices at its next call.
	other := newClient(t, cfg)
	_, err = other.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
	require.NoError(t, err)
	require.NoError(t, other.Close())
	srv.ResetCounters()
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err, "new tokens in the store end the revoked state")
	assert.Zero(t, srv.Counters().TokenRequests, "the other process's access token is fresh")

	// Revoked again; GenerateTokens in this process ends it too.
	require.True(t, srv.RevokeRefreshToken(readTokens(t, cfg).RefreshToken))
	srv.Advance(2 * time.Hour)
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)
	_, err = c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
	require.NoError(t, err)
	srv.Advance(2 * time.Hour)
	srv.ResetCounters()
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Counters().Refreshes, "the new refresh token is used")
}

// TestThrottleIsPerUser: one user's throttle holds back no other user.
func TestThrottleIsPerUser(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	other := srv.AddUser(zohotest.User{FirstName: "Kate", LastName: "Other", Email: "k.other@zylker.com", Role: zohotest.Ref{Name: "Manager"}, Profile: zohotest.Ref{Name: "Standard"}}).Email
	oc := c.ForUser(other)
	_, err := oc.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, other))
	require.NoError(t, err)
	throttle(t, c, srv)

	srv.ExpireAccessTokens()
	srv.ResetCounters()
	_, _, err = oc.Users.Current(testCtx(t))
	require.NoError(t, err, "another user's refresh goes ahead")
	assert.Equal(t, 1, srv.Counters().Refreshes)
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
	assert.Equal(t, 1, srv.Counters().TokenRequests, "the throttled user's refresh is not asked for")
}

// runN runs n calls of f on so many goroutines.
func runN(n, goroutines int, f func()) {
	work := make(chan struct{}, n)
	for range n {
		work <- struct{}{}
	}
	close(work)
	done := make(chan struct{})
	for range goroutines {
		go func() {
			for range work {
				f()
			}
			done <- struct{}{}
		}()
	}
	for range goroutines {
		<-done
	}
}
