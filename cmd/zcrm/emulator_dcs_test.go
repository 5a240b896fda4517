package main

import (
	"io"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
)

func TestEmulatorCommandServesDataCentres(t *testing.T) {
	var cmd *exec.Cmd
	var text string
	// Six ports counted up from a free one; another process may take one
	// meanwhile, so try a few bases.
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		cmd = exec.Command(zcrmBinary, "emulator", "--dcs", "us,eu", "--addr", "127.0.0.1:"+strconv.Itoa(port), "--redirect-uri", "http://127.0.0.1:1/cb")
		cmd.Env = environ(nil)
		var stderr *testenv.Buffer
		text, stderr, err = testenv.Banner(cmd, "Ctrl-C stops", testenv.Patience)
		if err == nil {
			break
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("base port %d: %v: %s", port, err, stderr)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	require.Contains(t, text, "Login with Zoho", text)
	assert.Contains(t, text, "p.boyle@zylker.com", "a user of the US")
	assert.Contains(t, text, "k.becker@zylker.eu", "a user of the EU")
	assert.Contains(t, text, "client secret")
	assert.Contains(t, text, "http://127.0.0.1:1/cb")

	// The exports point an application at both data centres: the EU's
	// accounts server is accepted, and each names its location.
	vars := testenv.Exports(text)
	for _, name := range []string{"ZCRM_CLIENT_ID", "ZCRM_CLIENT_SECRET", "ZCRM_REDIRECT_URI", "ZCRM_ACCOUNTS_URL",
		"ZCRM_ACCOUNTS_URL_US", "ZCRM_API_BASE_URL_US", "ZCRM_UPLOAD_URL_US", "ZCRM_ACCOUNTS_URL_EU", "ZCRM_API_BASE_URL_EU", "ZCRM_UPLOAD_URL_EU"} {
		assert.NotEmpty(t, vars[name], "%s is not exported:\n%s", name, text)
	}
	assert.NotContains(t, vars, "ZCRM_API_BASE_URL", "one API for every user would send the EU's calls to the US")
	m := map[string]string{}
	for k, v := range vars {
		m[strings.ToLower(strings.TrimPrefix(k, "ZCRM_"))] = v
	}
	cfg, err := sdk.ConfigFromMap(m)
	require.NoError(t, err)
	for _, loc := range []string{"us", "eu"} {
		dc, err := cfg.CheckAccountsServer(vars["ZCRM_ACCOUNTS_URL_"+strings.ToUpper(loc)])
		require.NoError(t, err)
		assert.Equal(t, loc, dc.Location)
	}

	// The printed login URL shows the consent page to a browser.
	login := regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/v2/auth\?\S+`).FindString(text)
	require.NotEmpty(t, login, text)
	resp, err := http.Get(login)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), `id="accept"`)

	// Each DC's API is on its own address.
	apis := regexp.MustCompile(`API (http://127\.0\.0\.1:\d+)`).FindAllStringSubmatch(text, -1)
	require.Len(t, apis, 2)
	for _, api := range apis {
		resp, err := http.Get(api[1] + "/crm/v8/org")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(testenv.Patience):
		t.Fatal("the emulator did not stop")
	}

	r := zcrm(t, nil, "emulator", "--dcs", "us,xx")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, `"xx" is not one of Zoho's data centres`)
	assert.Empty(t, r.stdout, "nothing printed for an emulator that does not run")

	r = zcrm(t, nil, "emulator", "--dcs", "us", "--addr", "0.0.0.0:8765")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "127.0.0.1 only")
	r = zcrm(t, nil, "emulator", "--redirect-uri", "http://127.0.0.1:1/cb")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--redirect-uri goes with --dcs")
}
