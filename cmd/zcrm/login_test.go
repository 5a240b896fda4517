package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// readProfiles reads the configuration file under configHome.
func readProfiles(t *testing.T, configHome string) (configFile, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(configHome, "zcrm", "config.yaml"))
	require.NoError(t, err)
	var f configFile
	require.NoError(t, yaml.Unmarshal(raw, &f), "%s", raw)
	return f, string(raw)
}

// freeLoopbackPort is a port nobody listens on, for a redirect URI that
// must be registered before the command listens on it.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// `zcrm login --web` end to end: the command listens on the registered
// loopback redirect URI and prints where to sign in; a real browser goes
// there, is sent to Zoho's consent page (the emulator's), signs in and
// accepts; the command checks the state, exchanges the code, keeps the
// tokens and saves the profile without the secret. The profile then
// configures the next commands, and logout revokes.
func TestLoginWebInTheBrowser(t *testing.T) {
	root := testenv.Headless(t)
	srv := zohotest.NewServer(zohotest.WithConsentPage())
	defer srv.Close()
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freeLoopbackPort(t))
	srv.SetRedirectURI(srv.ClientID, redirect)
	home := t.TempDir()
	env := map[string]string{
		"XDG_CONFIG_HOME": home, "ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_REDIRECT_URI": redirect, "ZCRM_PLUGIN_DIR": pluginDir,
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, zcrmBinary, "--profile", "emulated", "login", "--web", "--no-browser")
	cmd.Env = environ(env)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stderr)
	var start string
	for lines.Scan() {
		if m := regexp.MustCompile(`^Sign in at (\S+)$`).FindStringSubmatch(lines.Text()); m != nil {
			start = m[1]
			break
		}
	}
	require.NotEmpty(t, start, "the command says where to sign in")
	go func() { _, _ = io.Copy(io.Discard, stderr) }()

	browser := testenv.Browser(t, root)
	require.NoError(t, chromedp.Do(testenv.Step(t, browser), chromedp.Navigate(start), chromedp.WaitVisible(chromedp.ID("email"))))
	loc, err := chromedp.Run(testenv.Step(t, browser), chromedp.Location())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(loc, srv.URL+"/oauth/v2/auth?"), "on Zoho's consent page: %s", loc)
	assert.Contains(t, loc, "state=", "with a state")
	require.NoError(t, chromedp.Do(testenv.Step(t, browser), chromedp.SendKeys(chromedp.ID("email"), srv.Admin().Email)))
	_, err = chromedp.RunResponse(testenv.Step(t, browser), chromedp.Click(chromedp.ID("accept")))
	require.NoError(t, err)
	page, err := chromedp.Run(testenv.Step(t, browser), chromedp.Text(chromedp.ID("signed-in")))
	require.NoError(t, err)
	assert.Contains(t, page, "Signed in as "+srv.Admin().Email)

	require.NoError(t, cmd.Wait(), "zcrm login --web")
	profilePath := filepath.Join(home, "zcrm", "config.yaml")
	assert.Equal(t, fmt.Sprintf("signed in as %s; profile %q saved in %s\n", srv.Admin().Email, "emulated", profilePath), stdout.String())
	assert.Equal(t, 1, srv.Counters().GrantExchanges)

	f, raw := readProfiles(t, home)
	assert.Equal(t, "emulated", f.Current)
	p := f.Profiles["emulated"]
	assert.Equal(t, srv.ClientID, p["client_id"])
	assert.Equal(t, srv.URL, p["accounts_url"])
	assert.Equal(t, srv.Admin().Email, p["current_user_email"])
	assert.Equal(t, filepath.Join(home, "zcrm", "tokens", "emulated"), p["token_persistence_path"], "no store was named: a file beside the profiles")
	assert.NotContains(t, raw, srv.ClientSecret, "no secret in the profile")
	assert.NotContains(t, raw, "client_secret")
	info, err := os.Stat(profilePath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	// The profile configures the next command: only the secret comes from
	// the environment.
	next := map[string]string{"XDG_CONFIG_HOME": home, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_PLUGIN_DIR": pluginDir}
	r := zcrm(t, next, "api", "GET", "users?type=CurrentUser")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, srv.Admin().Email)

	r = zcrm(t, next, "logout")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "signed out "+srv.Admin().Email+": tokens revoked at Zoho and deleted from the store\n", r.stdout)
	assert.Equal(t, 1, srv.Counters().Revocations)
	f, _ = readProfiles(t, home)
	assert.NotContains(t, f.Profiles["emulated"], "current_user_email", "the profile forgets the user")
	assert.Equal(t, srv.ClientID, f.Profiles["emulated"]["client_id"], "and keeps the rest")
}

// Client credentials from the command line: the org's first token proves
// the client and the soid; a wrong soid is an OAuth error (exit 4) that
// names it, and saves no profile.
func TestLoginClientCredentials(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	home := t.TempDir()
	env := map[string]string{
		"XDG_CONFIG_HOME": home, "ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_PLUGIN_DIR": pluginDir,
	}
	r := zcrm(t, env, "login", "--client-credentials", "--soid", "ZohoCRM.600000001")
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, "missing_org_info")
	assert.Contains(t, r.stderr, "ZohoCRM.600000001")
	assert.NotContains(t, r.stderr, srv.ClientSecret)
	assert.NoFileExists(t, filepath.Join(home, "zcrm", "config.yaml"))

	r = zcrm(t, env, "login", "--client-credentials")
	assert.Equal(t, exitUsage, r.code, "no soid: %s", r.stderr)

	r = zcrm(t, env, "login", "--client-credentials", "--soid", srv.SOID())
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, fmt.Sprintf("signed in as %s (Zylker, by client credentials); profile %q saved in %s\n",
		srv.SOID(), "default", filepath.Join(home, "zcrm", "config.yaml")), r.stdout)
	f, _ := readProfiles(t, home)
	assert.Equal(t, srv.SOID(), f.Profiles["default"]["soid"])

	r = zcrm(t, map[string]string{"XDG_CONFIG_HOME": home, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_PLUGIN_DIR": pluginDir}, "api", "GET", "org")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"company_name": "Zylker"`)
	c := srv.Counters()
	assert.Equal(t, 1, c.ClientCredentialsTokens, "the stored token served the next command")
	assert.Zero(t, c.GrantExchanges+c.Refreshes)
}

// Profiles: the flag or ZCRM_PROFILE chooses one, the environment
// overrides its keys, and a secret in the file, an unknown key or a
// profile that does not exist are configuration errors naming the file.
func TestProfiles(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	home := t.TempDir()
	write := func(content string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(filepath.Join(home, "zcrm"), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(home, "zcrm", "config.yaml"), []byte(content), 0o600))
	}
	store := t.TempDir()
	write(fmt.Sprintf(`current: broken
profiles:
  emulated:
    client_id: %s
    accounts_url: %s
    token_persistence_path: %s
    client_secret_env: EMULATED_SECRET
  broken:
    client_id: x
    accounts_url: http://127.0.0.1:1
`, srv.ClientID, srv.URL, store))
	base := map[string]string{"XDG_CONFIG_HOME": home, "ZCRM_PLUGIN_DIR": pluginDir, "EMULATED_SECRET": srv.ClientSecret}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}

	r := zcrm(t, base, "--profile", "emulated", "tokens", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "token store: file, "+filepath.Join(store, "zcrm_oauthtokens.txt"))
	r = zcrm(t, with(map[string]string{"ZCRM_PROFILE": "emulated"}), "tokens", "list")
	require.Equal(t, 0, r.code, r.stderr)
	other := t.TempDir()
	r = zcrm(t, with(map[string]string{"ZCRM_PROFILE": "emulated", "ZCRM_TOKEN_PERSISTENCE_PATH": other}), "tokens", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, other, "the environment overrides the profile")

	r = zcrm(t, base, "profiles")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "* broken           -                                http://127.0.0.1:1\n  emulated         -                                "+srv.URL+"\n", r.stdout)
	r = zcrm(t, base, "profiles", "use", "emulated")
	require.Equal(t, 0, r.code, r.stderr)
	r = zcrm(t, base, "tokens", "list")
	require.Equal(t, 0, r.code, "the current profile now: %s", r.stderr)
	r = zcrm(t, base, "profiles", "use", "broken")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, exitConfig, zcrm(t, base, "profiles", "use", "nowhere").code)

	r = zcrm(t, base, "--profile", "nowhere", "tokens", "list")
	assert.Equal(t, exitConfig, r.code, r.stderr)
	assert.Contains(t, r.stderr, `no profile "nowhere"`)
	assert.Contains(t, r.stderr, "profiles: broken, emulated")

	r = zcrm(t, base, "tokens", "list") // the current one: no secret anywhere
	assert.Equal(t, exitConfig, r.code, r.stderr)
	assert.Contains(t, r.stderr, "missing mandatory keys: client_secret")

	write(`current: leaky
profiles:
  leaky:
    client_id: x
    client_secret: s3cr3t-in-a-file
    token_persistance_path: /tmp
`)
	r = zcrm(t, base, "tokens", "list")
	assert.Equal(t, exitConfig, r.code, r.stderr)
	assert.Contains(t, r.stderr, filepath.Join(home, "zcrm", "config.yaml")+`, profile "leaky": client_secret: keep secrets out of the file: set ZCRM_CLIENT_SECRET, or name the variable holding it with client_secret_env`)
	assert.Contains(t, r.stderr, `unknown key "token_persistance_path" (did you mean "token_persistence_path"?)`)
	assert.NotContains(t, r.stderr, "s3cr3t-in-a-file")
}
