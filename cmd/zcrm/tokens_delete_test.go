package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// Tokens Zoho revoked on its side could not be removed: revoke failed with
// invalid_token and they stayed in the store.
func TestTokensDeleteRemovesDeadTokensWithoutAskingZoho(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	admin := srv.Admin().Email
	r := zcrm(t, env, "tokens", "generate", srv.GrantToken(srv.ClientID, admin))
	require.Equal(t, 0, r.code, r.stderr)

	stored, err := os.ReadFile(filepath.Join(env["ZCRM_TOKEN_PERSISTENCE_PATH"], "zcrm_oauthtokens.txt"))
	require.NoError(t, err)
	var file struct {
		Users []struct {
			RefreshToken string `json:"refresh_token"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal(stored, &file))
	require.Len(t, file.Users, 1)
	require.True(t, srv.RevokeRefreshToken(file.Users[0].RefreshToken), "revoked at Zoho, behind the SDK's back")

	r = zcrm(t, env, "tokens", "delete", admin)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "tokens deleted for "+admin+"\n", r.stdout)
	assert.Equal(t, 0, srv.Counters().Revocations, "delete asks nothing of Zoho")

	r = zcrm(t, env, "tokens", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"users": []`)

	r = zcrm(t, env, "tokens", "delete", admin)
	assert.Equal(t, exitAuth, r.code, "nothing to delete: %s", r.stderr)
	assert.Contains(t, r.stderr, admin)
	assert.Contains(t, r.stderr, "zcrm tokens generate <grant-token>")
	assert.NotContains(t, r.stderr, "Client.GenerateTokens")
}
