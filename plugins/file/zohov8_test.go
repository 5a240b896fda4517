package file_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/pluginproto/storetest"
	"github.com/zcrm-go/zcrm/plugins/file"
)

const zohoHeader = "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain"

// nodeWritten is a token file as Zoho's Node v8 SDK writes it: values
// joined by commas, lines by \n, no final line break. Row 2 was saved
// without a user name (the SDK could not look the user up).
const nodeWritten = zohoHeader + "\n" +
	"1,p.boyle@example.com,1000.NODECLIENT,zoho-client-secret-value,1000.rt1.aaaa,1000.at1.bbbb,1000.grant1.cccc,1893456000000,https://example.com/callback,https://www.zohoapis.eu\n" +
	"2,,1000.NODECLIENT,zoho-client-secret-value,1000.rt2.dddd,1000.at2.eeee,,1893456000001,,https://www.zohoapis.com"

func zohoStore(t *testing.T, path string) *file.Store {
	t.Helper()
	s, err := file.New(path, file.WithFormat(file.FormatZohoV8))
	require.NoError(t, err)
	return s
}

func TestZohoV8Conformance(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nodejs_sdk_tokens.txt") // Zoho's SDKs take any file name
	storetest.Run(t, storetest.Harness{
		Launch:           storetest.LaunchBinary(pluginPath, file.EnvPath+"="+path, file.EnvLayout+"=zoho_v8"),
		NoAccountsServer: true,
	})
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), zohoHeader+"\n"), "the file starts with Zoho's header")
	assert.Empty(t, strayFilesOf(t, dir, "nodejs_sdk_tokens.txt"))
	_, err = os.Stat(filepath.Join(dir, file.FileName))
	assert.ErrorIs(t, err, os.ErrNotExist, "zcrm's own file is not made")
}

func TestZohoV8FolderHoldsSDKTokensFile(t *testing.T) {
	dir := t.TempDir()
	s := zohoStore(t, dir)
	assert.Equal(t, filepath.Join(dir, file.ZohoV8FileName), s.Path())
	data, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	assert.Equal(t, zohoHeader+"\n", string(data), "a new file holds the header only")
	info, err := os.Stat(s.Path())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

// TestZohoV8RowsAsZohoFindsThem reads and writes a file the Node SDK wrote:
// rows found by user name and client id, a refresh updating the user's row
// in place (its id, client secret, grant token and redirect URL as they
// were), a row saved without a user name found by client id and refresh
// token, and a new row numbered after the others.
func TestZohoV8RowsAsZohoFindsThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.csv")
	require.NoError(t, os.WriteFile(path, []byte(nodeWritten), 0o600))
	s := zohoStore(t, path)

	got, err := s.GetClient(testCtx(t), "p.boyle@example.com", "1000.NODECLIENT")
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: "p.boyle@example.com", AccessToken: "1000.at1.bbbb", RefreshToken: "1000.rt1.aaaa",
		ExpiryTime: 1893456000000, APIDomain: "https://www.zohoapis.eu", ClientID: "1000.NODECLIENT"}, got)
	_, err = s.GetClient(testCtx(t), "p.boyle@example.com", "1000.OTHERCLIENT")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "another client's row is not this client's")

	got.AccessToken, got.ExpiryTime = "1000.at3.ffff", 1893459600000
	require.NoError(t, s.Save(testCtx(t), got))
	claimed := pluginproto.Tokens{UserIdentifier: "q.adams@example.com", AccessToken: "1000.at4.gggg", RefreshToken: "1000.rt2.dddd",
		ExpiryTime: 1893459600001, APIDomain: "https://www.zohoapis.com", ClientID: "1000.NODECLIENT"}
	require.NoError(t, s.Save(testCtx(t), claimed))
	added := pluginproto.Tokens{UserIdentifier: "r.go@example.com", AccessToken: "1000.at5.hhhh", RefreshToken: "1000.rt5.iiii",
		ExpiryTime: 1893459600002, ClientID: "1000.GOCLIENT"}
	require.NoError(t, s.Save(testCtx(t), added))

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, zohoHeader+"\n"+
		"1,p.boyle@example.com,1000.NODECLIENT,zoho-client-secret-value,1000.rt1.aaaa,1000.at3.ffff,1000.grant1.cccc,1893459600000,https://example.com/callback,https://www.zohoapis.eu\n"+
		"2,q.adams@example.com,1000.NODECLIENT,zoho-client-secret-value,1000.rt2.dddd,1000.at4.gggg,,1893459600001,,https://www.zohoapis.com\n"+
		"3,r.go@example.com,1000.GOCLIENT,,1000.rt5.iiii,1000.at5.hhhh,,1893459600002,,\n", string(data))

	infos, err := s.List(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, []pluginproto.TokenInfo{
		{UserIdentifier: "p.boyle@example.com", ExpiryTime: 1893459600000, ClientID: "1000.NODECLIENT"},
		{UserIdentifier: "q.adams@example.com", ExpiryTime: 1893459600001, ClientID: "1000.NODECLIENT"},
		{UserIdentifier: "r.go@example.com", ExpiryTime: 1893459600002, ClientID: "1000.GOCLIENT"},
	}, infos)

	require.NoError(t, s.DeleteClient(testCtx(t), "q.adams@example.com", "1000.NODECLIENT"))
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "q.adams")
	assert.Contains(t, string(data), "\n3,r.go@example.com,", "the other rows keep their ids")
}

// TestZohoV8OtherWriters reads what the Python SDK's csv module writes
// (\r\n, quotes where a value needs them) and a file from before
// api_domain (nine columns).
func TestZohoV8OtherWriters(t *testing.T) {
	python := zohoHeader + "\r\n" +
		`1,"o'brien, jr@example.com",1000.C,secret,1000.rt,1000.at,,1893456000000,,https://www.zohoapis.eu` + "\r\n"
	path := filepath.Join(t.TempDir(), "tokens.txt")
	require.NoError(t, os.WriteFile(path, []byte(python), 0o600))
	got, err := zohoStore(t, path).GetClient(testCtx(t), "o'brien, jr@example.com", "1000.C")
	require.NoError(t, err, "a file Python's csv module wrote")
	assert.Equal(t, "1000.at", got.AccessToken)
	assert.Equal(t, "https://www.zohoapis.eu", got.APIDomain)
	assert.Equal(t, int64(1893456000000), got.ExpiryTime)

	path = filepath.Join(t.TempDir(), "tokens.txt")
	require.NoError(t, os.WriteFile(path, []byte("id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url\n"+
		"1,a@example.com,1000.C,secret,1000.rt,1000.at,,1893456000000,\n"), 0o600))
	got, err = zohoStore(t, path).GetClient(testCtx(t), "a@example.com", "1000.C")
	require.NoError(t, err, "a file from before api_domain")
	assert.Equal(t, "", got.APIDomain)
	assert.Equal(t, "1000.rt", got.RefreshToken)
}

// TestZohoV8BadFile: a file that is not Zoho's is reported with its path
// and line, never quoting its content (tokens, client secrets), and never
// overwritten.
func TestZohoV8BadFile(t *testing.T) {
	row := "1,a@example.com,1000.C,zoho-client-secret-value,1000.rt.secret,1000.at.secret,1000.grant.secret,%s,,"
	for name, tc := range map[string]struct{ content, says string }{
		"not the header":      {"user,token\na@example.com,1000.at.secret\n", "its first line is not the header"},
		"zcrm's json":         {`{"version": 1, "users": []}`, "its first line is not the header"},
		"too many values":     {zohoHeader + "\n" + strings.Replace(row, "%s", "1893456000000", 1) + ",extra\n", "line 2 has 11 values"},
		"expiry not a number": {zohoHeader + "\n" + strings.Replace(row, "%s", "soon", 1) + "\n", "line 2: expiry_time is not a number"},
		"broken quote":        {zohoHeader + "\n" + `1,"a@example.com` + "\n", "line 2"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tokens.txt")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			s := zohoStore(t, path)
			_, err := s.GetClient(testCtx(t), "a@example.com", "1000.C")
			require.Error(t, err)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), tc.says)
			assert.Contains(t, err.Error(), "is not a token file of Zoho's v8 SDKs")
			for _, secret := range []string{"zoho-client-secret-value", "1000.rt.secret", "1000.at.secret", "1000.grant.secret"} {
				assert.NotContains(t, err.Error(), secret)
			}
			err = s.Save(testCtx(t), pluginproto.Tokens{UserIdentifier: "a@example.com", AccessToken: "x", RefreshToken: "y", ClientID: "1000.C"})
			require.Error(t, err)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(data), "a file that does not parse is never overwritten")
		})
	}
}
