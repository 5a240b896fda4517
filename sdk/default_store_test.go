package sdk_test

import (
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// TestUnreachableDefaultMySQL: with neither token_persistence_path nor
// persistence_handler_class_path set, MySQL is the store; when nothing
// listens at its address, the error says the SDK could not connect (the
// address and the cause, not a lost connection) and that MySQL was chosen
// by default.
func TestUnreachableDefaultMySQL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())

	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.TokenPersistencePath = ""
	cfg.DBAddress, cfg.DBPort = "127.0.0.1", port
	c := newClient(t, cfg)

	_, genErr := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	_, isErr := newClient(t, cfg).IsTokenGenerated(testCtx(t)) // a client with nothing cached
	_, listErr := c.StoredUsers(testCtx(t))
	for call, err := range map[string]error{"GenerateTokens": genErr, "IsTokenGenerated": isErr, "StoredUsers": listErr} {
		require.Error(t, err, call)
		msg := err.Error()
		assert.Contains(t, msg, "could not connect to MySQL at 127.0.0.1:"+strconv.Itoa(port)+" (", call)
		assert.Contains(t, msg, "connection refused", call)
		assert.NotContains(t, msg, "lost the connection", call)
		assert.Contains(t, msg, "the token store is MySQL because neither token_persistence_path nor persistence_handler_class_path is set", call)
		assert.NotContains(t, msg, srv.ClientSecret, call)
	}
	var saveErr *sdk.TokenSaveError
	assert.ErrorAs(t, genErr, &saveErr, "the tokens are kept for the caller")
}
