package file

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParseTokenFile feeds the parser any bytes: it must never panic, and a
// file it accepts must come out of encode and back unchanged, so a save
// never alters what it did not mean to.
func FuzzParseTokenFile(f *testing.F) {
	f.Add([]byte(`{"version":1,"users":[{"user_identifier":"a@b.c","access_token":"x","refresh_token":"y","expiry_time":1,"api_domain":"https://www.zohoapis.com"}]}`))
	f.Add([]byte(`{"version":1,"users":[{"user_identifier":"e@u.eu","api_domain":"https://www.zohoapis.eu","accounts_server":"https://accounts.zoho.eu"}]}`))
	f.Add([]byte(`{"version":1,"users":[]}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte("\x04\x08{"))
	f.Add([]byte(`{"version":1,"users":[{"user_identifier":"a"},{"user_identifier":"a"}]}`))
	f.Add([]byte(`{"version":1} trailing`))
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, err := parseTokenFile("/tmp/zcrm_oauthtokens.txt", data)
		if err != nil {
			require.Contains(t, err.Error(), "/tmp/zcrm_oauthtokens.txt", "the error names the file")
			return
		}
		out, err := parsed.encode()
		require.NoError(t, err)
		again, err := parseTokenFile("/tmp/zcrm_oauthtokens.txt", out)
		require.NoError(t, err, "what encode writes must parse")
		out2, err := again.encode()
		require.NoError(t, err)
		require.True(t, bytes.Equal(out, out2), "encode is stable")
	})
}
