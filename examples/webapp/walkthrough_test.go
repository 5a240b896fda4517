package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
)

// freePort is a port nothing listened on a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// started runs cmd until the test ends, and returns what it printed up to
// a line starting with last.
func started(t *testing.T, cmd *exec.Cmd, last string) (string, error) {
	t.Helper()
	banner, stderr, err := testenv.Banner(cmd, last, testenv.Patience)
	t.Cleanup(func() {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() && stderr != nil {
			t.Logf("%s said: %s", filepath.Base(cmd.Path), stderr)
		}
	})
	return banner, err
}

// The README's web-app walkthrough, as written, with the real binaries
// and a real browser: `zcrm emulator --dcs us,eu` prints the exports, the
// example app runs with them and a file store, and a US and an EU user log
// in, each on a page that names their data centre and lists their own
// org's leads. The EU user's login used to end on a 403 "not Zoho's" page
// (no variable could name the EU's accounts server) and the US page named
// no data centre.
func TestWalkthroughAgainstTheEmulatorCommand(t *testing.T) {
	dir := t.TempDir()
	zcrmBin, err := testenv.Build(dir, "github.com/zcrm-go/zcrm/cmd/zcrm", "zcrm")
	require.NoError(t, err)
	webappBin, err := testenv.Build(dir, "github.com/zcrm-go/zcrm/examples/webapp", "webapp")
	require.NoError(t, err)

	appPort := freePort(t)
	appURL := "http://127.0.0.1:" + strconv.Itoa(appPort)
	var banner string
	// Six ports counted up from a free one; another process may take one
	// meanwhile, so try a few bases.
	for range 5 {
		emu := exec.Command(zcrmBin, "emulator", "--dcs", "us,eu", "--addr", "127.0.0.1:"+strconv.Itoa(freePort(t)),
			"--redirect-uri", appURL+"/oauth/callback")
		emu.Env = withoutZCRM(os.Environ())
		if banner, err = started(t, emu, "Ctrl-C stops"); err == nil {
			break
		}
		t.Log(err)
	}
	require.NoError(t, err)
	exports := testenv.Exports(banner)
	require.Contains(t, exports, "ZCRM_ACCOUNTS_URL_EU", banner)

	// export ... as pasted, then export ZCRM_TOKEN_PERSISTENCE_PATH=$(mktemp -d).
	env := withoutZCRM(os.Environ())
	for k, v := range exports {
		env = append(env, k+"="+v)
	}
	tokens := t.TempDir()
	env = append(env, "ZCRM_TOKEN_PERSISTENCE_PATH="+tokens)
	app := exec.Command(webappBin, "-addr", "127.0.0.1:"+strconv.Itoa(appPort))
	app.Env = env
	_, err = started(t, app, "Open ")
	require.NoError(t, err)

	root := headless(t)
	for _, u := range []struct{ email, name, location string }{
		{"p.boyle@zylker.com", "Patricia Boyle", "us"},
		{"k.becker@zylker.eu", "Klaus Becker", "eu"},
	} {
		ctx := browser(t, root)
		toConsentPage(t, ctx, appURL)
		status, _ := signIn(t, ctx, u.email)
		require.Equal(t, http.StatusOK, status, "%s's login", u.email)
		assert.Equal(t, u.name, text(t, ctx, "user-name"))
		assert.Equal(t, u.email, text(t, ctx, "user-email"))
		assert.Equal(t, u.location, text(t, ctx, "user-dc"), "the page names %s's data centre", u.email)
		assert.ElementsMatch(t, []string{
			"Ada Lovelace (" + u.location + ") (Analytical Engines)", "Grace Hopper (" + u.location + ") (Cobol Works)",
		}, leadsShownIn(t, ctx), "the leads of %s's own org", u.email)
	}
	stored, err := os.ReadFile(filepath.Join(tokens, "zcrm_oauthtokens.txt"))
	require.NoError(t, err)
	for _, email := range []string{"p.boyle@zylker.com", "k.becker@zylker.eu"} {
		assert.Contains(t, string(stored), email)
	}
	assert.Contains(t, string(stored), exports["ZCRM_ACCOUNTS_URL_EU"], "the EU user's tokens name the EU's accounts server")
}

// withoutZCRM is environ without its ZCRM_ variables.
func withoutZCRM(environ []string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "ZCRM_") {
			out = append(out, kv)
		}
	}
	return out
}
