package sdk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
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
