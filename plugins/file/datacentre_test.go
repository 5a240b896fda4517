package file_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// todaysFile is a token file as the store wrote it before tokens carried
// the accounts server: version 1, no accounts_server field.
const todaysFile = `{
  "version": 1,
  "users": [
    {
      "user_identifier": "old@example.com",
      "access_token": "1000.old.access",
      "refresh_token": "1000.old.refresh",
      "expiry_time": 1893456000000,
      "api_domain": "https://www.zohoapis.in"
    }
  ]
}
`

// TestFileWithoutAccountsServer: a file written before the field existed
// still loads, its users coming back with an empty accounts server (the
// SDK's configured one), and saving someone else leaves them as they were.
func TestFileWithoutAccountsServer(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, file.FileName)
	require.NoError(t, os.WriteFile(path, []byte(todaysFile), 0o600))
	store := mustLaunchAt(t, dir)

	old := pluginproto.Tokens{UserIdentifier: "old@example.com", AccessToken: "1000.old.access",
		RefreshToken: "1000.old.refresh", ExpiryTime: 1893456000000, APIDomain: "https://www.zohoapis.in"}
	got, err := store.Get(testCtx(t), old.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, old, got)

	eu := tokens("eu@example.com", 1)
	eu.AccountsServer = "https://accounts.zoho.eu"
	require.NoError(t, store.Save(testCtx(t), eu))
	got, err = mustLaunchAt(t, dir).Get(testCtx(t), eu.UserIdentifier)
	require.NoError(t, err, "a second process reads the new user")
	assert.Equal(t, eu, got, "the accounts server survives the file")
	got, err = store.Get(testCtx(t), old.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, old, got, "the older user is unchanged")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(data), `"accounts_server"`), "only the user with an accounts server has the field:\n%s", data)
	assert.Contains(t, string(data), `"accounts_server": "https://accounts.zoho.eu"`)

	// Saved again without one (say, by an SDK that does not know it), the
	// user loses the old value rather than keeping a stale data centre.
	eu.AccountsServer = ""
	require.NoError(t, store.Save(testCtx(t), eu))
	got, err = store.Get(testCtx(t), eu.UserIdentifier)
	require.NoError(t, err)
	assert.Empty(t, got.AccountsServer)
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), `"accounts_server"`, "a file whose users have no accounts server is written as before")
}

func TestMistypedAccountsServerField(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(todaysFile, `"api_domain": "https://www.zohoapis.in"`,
		`"api_domain": "https://www.zohoapis.in", "accounts_servers": "https://accounts.zoho.in"`, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, file.FileName), []byte(bad), 0o600))
	store, err := launchAt(t, dir) // a plugin may refuse the file at start or per call
	if err == nil {
		_, err = store.Get(testCtx(t), "old@example.com")
	}
	require.Error(t, err, "a misspelt field must not be dropped silently")
	assert.Contains(t, err.Error(), `unknown field "accounts_servers"`)
	assert.Contains(t, err.Error(), "api_domain, accounts_server and client_id", "the error lists the field's right name")
}
