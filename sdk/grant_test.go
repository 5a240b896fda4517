package sdk_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// A grant is single-use: an identifier the store cannot keep is refused
// before the grant is spent, and the grant still works afterwards.
func TestGrantNotSpentOnAnIdentifierTheStoreRefuses(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := newClient(t, cfg)
	grant := srv.GrantToken(srv.ClientID, srv.Admin().Email)

	_, err := c.ForUser("bad\xffuser").GenerateTokens(testCtx(t), grant)
	require.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
	assert.Contains(t, err.Error(), "not used")
	assert.Zero(t, srv.Counters().TokenRequests, "the grant was not sent")

	user, err := c.ForUser(srv.Admin().Email).GenerateTokens(testCtx(t), grant)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, user)
}

func TestGrantNotSpentOnTooLongAnIdentifierForMySQL(t *testing.T) {
	srv := emulator(t)
	cfg := mysqlConfig(t, fileConfig(t, srv))
	c := newClient(t, cfg)
	grant := srv.GrantToken(srv.ClientID, srv.Admin().Email)

	_, err := c.ForUser(strings.Repeat("a", 101)).GenerateTokens(testCtx(t), grant)
	require.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
	assert.Contains(t, err.Error(), "at most 100")
	assert.Zero(t, srv.Counters().TokenRequests, "the grant was not sent")
}

// TestMismatchedGrantIsRevoked: a grant of another user than the one the
// client acts for is refused, and the refresh token Zoho issued for it is
// revoked rather than dropped live; when the revoke fails, the error says
// so, still matches ErrUserMismatch, and hands the live tokens back.
func TestMismatchedGrantIsRevoked(t *testing.T) {
	srv := emulator(t)
	srv.AddUser(zohotest.User{FirstName: "Other", LastName: "User", Email: "other@example.com"})
	admin := srv.Admin().Email

	t.Run("revoked", func(t *testing.T) {
		c := newClient(t, fileConfig(t, srv))
		before := len(srv.RefreshTokens(srv.ClientID, admin))
		_, err := c.ForUser("other@example.com").GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, admin))
		require.ErrorIs(t, err, sdk.ErrUserMismatch)
		var mismatch *sdk.UserMismatchError
		require.ErrorAs(t, err, &mismatch)
		assert.Equal(t, admin, mismatch.Owner)
		assert.Equal(t, "other@example.com", mismatch.User)
		assert.NoError(t, mismatch.RevokeErr)
		assert.True(t, mismatch.Revoked)
		assert.Empty(t, mismatch.Tokens.RefreshToken, "revoked tokens are not handed back")
		assert.Contains(t, err.Error(), "revoked")

		issued := srv.RefreshTokens(srv.ClientID, admin)
		require.Len(t, issued, before+1, "the grant issued one refresh token")
		assert.True(t, issued[len(issued)-1].Revoked, "the refresh token Zoho issued for the other user is still live")
		assert.Zero(t, issued[len(issued)-1].ActiveAccessTokens)
		users, err := c.StoredUsers(testCtx(t))
		require.NoError(t, err)
		assert.Empty(t, users, "nothing is saved")
	})

	t.Run("the caller's refresh token is left alone", func(t *testing.T) {
		c := newClient(t, fileConfig(t, srv))
		_, refresh := srv.IssueTokens(srv.ClientID, admin)
		_, err := c.ForUser("other@example.com").GenerateTokensFromRefreshToken(testCtx(t), refresh)
		var mismatch *sdk.UserMismatchError
		require.ErrorAs(t, err, &mismatch)
		assert.False(t, mismatch.Revoked)
		info, ok := srv.RefreshTokenInfo(refresh)
		require.True(t, ok)
		assert.False(t, info.Revoked, "a refresh token the caller brought is theirs")
	})

	t.Run("revoke fails", func(t *testing.T) {
		c := newClient(t, fileConfig(t, srv))
		fault := srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token/revoke", Status: http.StatusServiceUnavailable})
		defer fault.Remove()
		_, err := c.ForUser("other@example.com").GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, admin))
		require.ErrorIs(t, err, sdk.ErrUserMismatch)
		var mismatch *sdk.UserMismatchError
		require.ErrorAs(t, err, &mismatch)
		require.Error(t, mismatch.RevokeErr)
		assert.Positive(t, fault.Hits(), "the revoke was tried")
		assert.Contains(t, err.Error(), "could not be revoked")

		// The live tokens come back, under their owner, and no message shows them.
		tokens := mismatch.Tokens
		assert.Equal(t, admin, tokens.UserIdentifier)
		info, ok := srv.RefreshTokenInfo(tokens.RefreshToken)
		require.True(t, ok, "the error holds the refresh token Zoho issued")
		assert.False(t, info.Revoked)
		for _, secret := range []string{tokens.RefreshToken, tokens.AccessToken, srv.ClientSecret} {
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, mismatch.RevokeErr.Error(), secret)
		}
		assert.True(t, errors.Is(err, sdk.ErrUserMismatch))
	})
}
