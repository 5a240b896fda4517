package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
)

var pluginDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-webapp-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir, sdk.FilePluginName); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testApp is the example app served in-process on a loopback socket, with
// the emulator it starts when no ZCRM_ variables are set.
type testApp struct {
	URL    string
	emu    *emulated
	client *sdk.Client
	tokens string // the token file
	log    *testenv.Buffer
}

func startApp(t *testing.T) *testApp {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + listener.Addr().String()
	dir := t.TempDir()
	emu, err := startEmulator(emulatorOptions{RedirectURI: base + "/oauth/callback", TokenDir: dir, PluginDir: pluginDir})
	require.NoError(t, err)
	t.Cleanup(emu.Close)
	client, err := sdk.NewClient(context.Background(), emu.Config)
	require.NoError(t, err)
	t.Cleanup(func() { client.Close() })
	logs := &testenv.Buffer{}
	a, err := newApp(appOptions{Client: client, Logger: log.New(logs, "", log.LstdFlags)})
	require.NoError(t, err)
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(listener) }()
	t.Cleanup(func() { srv.Close() })
	return &testApp{URL: base, emu: emu, client: client, tokens: filepath.Join(dir, "zcrm_oauthtokens.txt"), log: logs}
}

func (a *testApp) storedUsers(t *testing.T) []string {
	t.Helper()
	infos, err := a.client.StoredUsers(context.Background())
	require.NoError(t, err)
	var users []string
	for _, i := range infos {
		users = append(users, i.UserIdentifier)
	}
	return users
}

// browserless is an HTTP client with a cookie jar, a browser without the
// clicking: the emulator approves at once for the consent user.
func browserless(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, Timeout: time.Minute}
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func post(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "application/x-www-form-urlencoded", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

var leadItem = regexp.MustCompile(`<li class="lead">([^<]*)</li>`)

func leadsOn(page string) []string {
	var out []string
	for _, m := range leadItem.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestHomePageOffersLogin(t *testing.T) {
	app := startApp(t)
	status, page := get(t, browserless(t), app.URL+"/")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, `<a id="login" href="/login">Login with Zoho</a>`)
	assert.NotContains(t, page, "user-name")
}

// Two users of two data centres, each in a browser of their own, each see
// their own leads; logging out ends the session and keeps the tokens;
// disconnecting revokes them in the user's data centre.
func TestTwoUsersLogInLogOutAndDisconnect(t *testing.T) {
	app := startApp(t)
	require.Len(t, app.emu.Users, 2)
	browsers := map[string]*http.Client{}
	for _, u := range app.emu.Users {
		c := browserless(t)
		browsers[u.Location] = c
		app.emu.Zoho.SetConsentUser(u.Email)
		status, page := get(t, c, app.URL+"/login")
		require.Equal(t, http.StatusOK, status, page)
		assert.Contains(t, page, `<span id="user-name">`+u.Name+`</span>`)
		assert.Contains(t, page, `<span id="user-dc">`+u.Location+`</span>`)
	}
	app.emu.Zoho.SetConsentUser("")
	assert.ElementsMatch(t, []string{"p.boyle@zylker.com", "k.becker@zylker.eu"}, app.storedUsers(t))

	_, us := get(t, browsers["us"], app.URL+"/")
	_, eu := get(t, browsers["eu"], app.URL+"/")
	assert.ElementsMatch(t, []string{"Grace Hopper (Cobol Systems)", "Katherine Johnson (Orbital Mechanics)", "Margaret Hamilton (Apollo Software)"}, leadsOn(us))
	assert.ElementsMatch(t, []string{"Ada Lovelace (Analytical Engines)", "Emmy Noether (Invariant Algebra)", "Marie Curie (Radium Institute)"}, leadsOn(eu))

	// Log out: the session ends, the tokens stay, Zoho is not told.
	status, page := post(t, browsers["us"], app.URL+"/logout")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, "Login with Zoho")
	assert.Contains(t, app.storedUsers(t), "p.boyle@zylker.com")
	assert.Zero(t, app.emu.Zoho.Counters()["us"].Revocations)

	// Disconnect: revoked in the EU, deleted from the store.
	status, page = post(t, browsers["eu"], app.URL+"/disconnect")
	assert.Equal(t, http.StatusOK, status, "%s\n%s", page, app.log)
	assert.Contains(t, page, "Login with Zoho")
	assert.Equal(t, []string{"p.boyle@zylker.com"}, app.storedUsers(t))
	counters := app.emu.Zoho.Counters()
	assert.Equal(t, 1, counters["eu"].Revocations)
	assert.Zero(t, counters["us"].Revocations)

	// Nothing secret reached the app's log or the token file's neighbours.
	assert.NotRegexp(t, `1000\.[0-9a-f]{32}\.[0-9a-f]{32}`, app.log.String())
	for _, secret := range app.emu.Config.ClientSecrets {
		assert.NotContains(t, app.log.String(), secret)
	}
	assert.Contains(t, app.log.String(), "login: k.becker@zylker.eu (data centre eu)")
}

// The example's main, in-process: it starts the emulator, prints the URL
// and the users, serves, and stops when its context ends.
func TestRunPrintsURLAndUsers(t *testing.T) {
	t.Setenv("ZCRM_CLIENT_ID", "") // the emulator, whatever the environment says
	t.Setenv(sdk.PluginDirEnv, pluginDir)
	ctx, cancel := context.WithCancel(context.Background())
	out := &testenv.Buffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, out) }()

	var url string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`Open (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, time.Minute, 20*time.Millisecond, "run printed: %s", out)
	assert.Contains(t, out.String(), "p.boyle@zylker.com")
	assert.Contains(t, out.String(), "k.becker@zylker.eu")
	assert.Contains(t, out.String(), "(eu data centre)")

	status, page := get(t, browserless(t), url+"/")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, "Login with Zoho")
	assert.Contains(t, page, "Emulated Zoho")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(testenv.Patience):
		t.Fatal("run did not return after its context ended")
	}
}
