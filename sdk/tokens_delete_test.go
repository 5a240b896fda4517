package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// TestDeleteTokens removes a user's tokens from the store and the cache,
// without a word to Zoho.
func TestDeleteTokens(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	other := srv.AddUser(zohotest.User{FirstName: "Kate", LastName: "Other", Email: "k.other@zylker.com", Role: zohotest.Ref{Name: "Manager"}, Profile: zohotest.Ref{Name: "Standard"}}).Email
	_, err := c.ForUser(other).GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, other))
	require.NoError(t, err)
	ctx := testCtx(t)
	_, _, err = c.Users.Current(ctx)
	require.NoError(t, err)
	srv.ResetCounters()

	require.NoError(t, c.DeleteTokens(ctx))
	assert.Zero(t, srv.Counters().TokenRequests+srv.Counters().Revocations, "no Zoho call")
	ok, err := c.ForUser(adminEmail).IsTokenGenerated(ctx)
	require.NoError(t, err)
	assert.False(t, ok)
	_, _, err = c.ForUser(adminEmail).Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrNoTokens, "the cached token went too")
	users, err := c.StoredUsers(ctx)
	require.NoError(t, err)
	require.Len(t, users, 1, "other users' tokens stay")
	assert.Equal(t, other, users[0].UserIdentifier)

	err = c.ForUser(adminEmail).DeleteTokens(ctx)
	require.ErrorIs(t, err, sdk.ErrNoTokens, "nothing to delete")
}

// TestRevokeDeletesTokensZohoAlreadyRefuses: after a revocation on Zoho's
// side, RevokeTokens removes the dead tokens rather than failing.
func TestRevokeDeletesTokensZohoAlreadyRefuses(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	require.True(t, srv.RevokeRefreshToken(readTokens(t, cfg).RefreshToken))
	srv.Advance(2 * time.Hour)
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)

	require.NoError(t, c.RevokeTokens(testCtx(t)))
	ok, err := c.IsTokenGenerated(testCtx(t))
	require.NoError(t, err)
	assert.False(t, ok, "the dead tokens are gone")
	users, err := c.StoredUsers(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, users)

	// New tokens work at once.
	_, err = c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, adminEmail))
	require.NoError(t, err)
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err)
}
