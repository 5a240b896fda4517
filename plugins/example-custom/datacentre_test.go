package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// TestFileWithoutAccountsServer: a file sealed before records carried the
// accounts server still opens, its users coming back with an empty one
// (the SDK's configured data centre), and gains the field for users saved
// with one.
func TestFileWithoutAccountsServer(t *testing.T) {
	key := newKey(t)
	path := filepath.Join(t.TempDir(), "tokens.enc")
	// The JSON as the store sealed it before the field existed.
	todays := []byte(`{"old@example.com":{"access_token":"1000.old.a","refresh_token":"1000.old.r","expiry_time":1893456000000,"api_domain":"https://www.zohoapis.in"}}`)
	raw, err := hex.DecodeString(key)
	require.NoError(t, err)
	sealer, err := openStore(path, raw, nil)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, sealer.aead.Seal(bytes.Clone(header), nil, todays, header), 0o600))
	sealer.close()

	env := storeEnv(key, path)
	store := mustLaunch(t, env...)
	got, err := store.Get(ctx(t), "old@example.com")
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: "old@example.com", AccessToken: "1000.old.a",
		RefreshToken: "1000.old.r", ExpiryTime: 1893456000000, APIDomain: "https://www.zohoapis.in"}, got)

	eu := sampleTokens("eu@example.com")
	require.NoError(t, store.Save(ctx(t), eu))
	got, err = mustLaunch(t, env...).Get(ctx(t), eu.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, eu, got, "the accounts server survives the file")
	got, err = store.Get(ctx(t), "old@example.com")
	require.NoError(t, err)
	assert.Empty(t, got.AccountsServer)
	assert.Equal(t, "https://www.zohoapis.in", got.APIDomain, "the older user is unchanged")
}
