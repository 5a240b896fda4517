package sdk_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// storeUsers saves tokens under n user identifiers named by prefix, as
// other instances of a web app would have, through one store process.
func storeUsers(t testing.TB, cfg sdk.Config, tokens pluginproto.Tokens, prefix string, n int) []string {
	t.Helper()
	store := storeFor(t, cfg)
	defer store.Close()
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("%s%d@example.com", prefix, i)
		tokens.UserIdentifier = users[i]
		require.NoError(t, store.Save(testCtx(t), tokens))
	}
	return users
}

// TestIdleUsersReleased: a client that served many users holds nothing for
// them once they are idle and their access tokens have expired, but for
// what still matters: a throttle until its window ends. A released user's
// next call reads the store again.
func TestIdleUsersReleased(t *testing.T) {
	srv := emulator(t, zohotest.WithAccessTokenLifetime(4*time.Minute))
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	users := storeUsers(t, cfg, readTokens(t, cfg), "user", 50)
	for _, u := range users {
		_, _, err := c.ForUser(u).Users.Current(testCtx(t))
		require.NoError(t, err)
	}

	// One user whose own refresh token Zoho throttles: its access token
	// has expired, and another program spent the refresh token's allowance.
	_, refresh := srv.IssueTokens(srv.ClientID, adminEmail)
	expired := readTokens(t, cfg)
	expired.AccessToken, expired.RefreshToken, expired.ExpiryTime = "", refresh, srv.Now().Add(-time.Minute).UnixMilli()
	throttled := storeUsers(t, cfg, expired, "throttled", 1)[0]
	for range 10 {
		require.NotEmpty(t, refreshAtZoho(t, srv, refresh))
	}
	_, _, err := c.ForUser(throttled).Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)

	held, states, limiters := sdk.HeldUsers(c)
	t.Logf("after serving %d users: tokens of %d, state of %d, limiters of %d", len(users)+1, held, states, limiters)
	assert.GreaterOrEqual(t, held, len(users), "the users in use are cached")
	assert.LessOrEqual(t, states, 1, "only the throttled user has a state")
	assert.Zero(t, limiters, "no call is in flight")

	// Idle for longer than the SDK keeps a user, past their access tokens'
	// expiry, inside the throttle's window.
	srv.Advance(6 * time.Minute)
	_, _, err = c.ForUser(users[0]).Users.Current(testCtx(t))
	require.NoError(t, err)
	held, states, limiters = sdk.HeldUsers(c)
	t.Logf("idle: tokens of %d, state of %d, limiters of %d", held, states, limiters)
	assert.LessOrEqual(t, held, 1, "idle users' tokens are held")
	assert.LessOrEqual(t, states, 2, "idle users' state is held (only the throttled one's and the caller's may stay)")
	assert.Zero(t, limiters)

	// The throttle holds for the idle user all the same.
	before := srv.Counters().TokenRequests
	_, _, err = c.ForUser(throttled).Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
	assert.Equal(t, before, srv.Counters().TokenRequests, "the throttle was forgotten with the idle user")

	// Past the window, and idle again, nothing is held for it.
	srv.Advance(11 * time.Minute)
	_, _, err = c.ForUser(users[1]).Users.Current(testCtx(t))
	require.NoError(t, err)
	held, states, _ = sdk.HeldUsers(c)
	assert.LessOrEqual(t, held, 1)
	assert.LessOrEqual(t, states, 1)
}
