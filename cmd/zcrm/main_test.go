package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var pluginDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-cmd-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir, "zcrm-persistence-file"); err != nil {
		panic(err)
	}
	pluginDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := run(ctx, args, &out)
	return out.String(), err
}

func TestTokensAndAPI(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	for k, v := range map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_REDIRECT_URI": srv.RedirectURI,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
	} {
		t.Setenv(k, v)
	}
	admin := srv.Admin().Email

	out, err := runCmd(t, "tokens", "list")
	require.NoError(t, err)
	assert.Equal(t, "USER  ACCESS TOKEN EXPIRES\n", out)

	out, err = runCmd(t, "tokens", "generate", srv.GrantToken(srv.ClientID, admin))
	require.NoError(t, err)
	assert.Equal(t, "tokens stored for "+admin+"\n", out)

	out, err = runCmd(t, "tokens", "list")
	require.NoError(t, err)
	assert.Contains(t, out, admin)
	assert.NotContains(t, out, "1000.", "no token is printed")

	out, err = runCmd(t, "api", "GET", "users?type=CurrentUser")
	require.NoError(t, err)
	assert.Contains(t, out, `"email": "`+admin+`"`)

	out, err = runCmd(t, "api", "POST", "Leads", `{"data":[{"Last_Name":"From the command line"}]}`)
	require.NoError(t, err)
	assert.Contains(t, out, `"code": "SUCCESS"`)
	assert.Len(t, srv.Records("Leads").List(), 1)

	out, err = runCmd(t, "api", "GET", "Contacts")
	require.NoError(t, err)
	assert.Equal(t, "204 No Content (no body)\n", out)

	_, err = runCmd(t, "api", "GET", "NoSuchModule")
	assert.ErrorContains(t, err, "INVALID_MODULE")
	_, err = runCmd(t, "api", "POST", "Leads", `{not json`)
	assert.ErrorContains(t, err, "not valid JSON")

	out, err = runCmd(t, "tokens", "revoke")
	require.NoError(t, err)
	assert.Equal(t, "tokens revoked and deleted for "+admin+"\n", out)
	assert.Equal(t, 1, srv.Counters().Revocations)
}

func TestUsageErrors(t *testing.T) {
	_, err := runCmd(t)
	assert.ErrorContains(t, err, "usage:")
	_, err = runCmd(t, "frobnicate")
	assert.ErrorContains(t, err, `unknown command "frobnicate"`)
	out, err := runCmd(t, "help")
	require.NoError(t, err)
	assert.Contains(t, out, "zcrm emulator")
}

func TestEmulatorCommand(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out testenv.Buffer
	go func() { done <- run(ctx, []string{"emulator", "-addr", addr}, &out) }()

	var grant string
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + addr + "/_emulator/grant")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		grant = strings.TrimSpace(string(b))
		return resp.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)
	assert.Regexp(t, `^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`, grant)
	assert.Contains(t, out.String(), "export ZCRM_CLIENT_ID=")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the emulator did not stop")
	}
}
