package sdk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// TestCheckUserIdentifier asks each real store plugin, through the limits
// it stated at start, whether it can keep an identifier: the MySQL store
// keeps at most 100 characters (its varchar(100) column), the file store
// has no length limit, and no store can keep an empty identifier or one
// that is not UTF-8.
func TestCheckUserIdentifier(t *testing.T) {
	srv := emulator(t)
	mysqlClient := newClient(t, mysqlConfig(t, fileConfig(t, srv)))
	fileClient := newClient(t, fileConfig(t, srv))

	hundred := strings.Repeat("é", 100)
	require.NoError(t, sdk.CheckUserIdentifier(mysqlClient, hundred), "100 characters (200 bytes) fit varchar(100)")
	require.NoError(t, sdk.CheckUserIdentifier(mysqlClient, "ユーザー@example.com"))

	err := sdk.CheckUserIdentifier(mysqlClient, hundred+"x")
	require.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
	var idErr *pluginproto.UserIdentifierError
	require.ErrorAs(t, err, &idErr)
	assert.Equal(t, hundred+"x", idErr.UserIdentifier)
	assert.Contains(t, err.Error(), "is 101 characters long; the token store keeps at most 100")

	assert.NoError(t, sdk.CheckUserIdentifier(fileClient, strings.Repeat("x", 1000)), "the file store states no length limit")

	for _, c := range []*sdk.Client{mysqlClient, fileClient} {
		assert.ErrorIs(t, sdk.CheckUserIdentifier(c, ""), pluginproto.ErrUserIdentifier)
		err := sdk.CheckUserIdentifier(c, "bad\xffbyte@example.com")
		assert.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
		assert.ErrorContains(t, err, "not valid UTF-8")
	}

	require.NoError(t, mysqlClient.Close())
	assert.Error(t, sdk.CheckUserIdentifier(mysqlClient, "a@example.com"), "a closed client has no store to ask")
}
