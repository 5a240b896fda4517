package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var (
	zcrmBinary string // the command, built once
	pluginDir  string // the file store plugin, in a folder of its own
	configHome string // an empty XDG_CONFIG_HOME: no profile of the machine's user leaks in
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-cmd-test")
	if err != nil {
		panic(err)
	}
	pluginDir = filepath.Join(dir, "plugins")
	configHome = filepath.Join(dir, "config")
	if _, err := testenv.BuildPlugins(pluginDir, "zcrm-persistence-file"); err != nil {
		panic(err)
	}
	// Not beside the plugins, so that a test can make the store impossible to find.
	if zcrmBinary, err = testenv.Build(filepath.Join(dir, "cmd"), "github.com/zcrm-go/zcrm/cmd/zcrm", "zcrm"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// environ is this process's environment without its ZCRM_ variables, with
// an empty configuration folder (no profiles), plus vars: what the command
// sees.
func environ(vars map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZCRM_") {
			env = append(env, kv)
		}
	}
	env = append(env, "XDG_CONFIG_HOME="+configHome)
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return env
}

// zcrm runs the command with the ZCRM_ variables vars and nothing else of
// the kind.
func zcrm(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, zcrmBinary, args...)
	cmd.Env = environ(vars)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("zcrm %v: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// emulatorEnv points the command at srv with a file store in a new folder.
func emulatorEnv(t *testing.T, srv *zohotest.Server) map[string]string {
	return map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_REDIRECT_URI": srv.RedirectURI,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
	}
}

// commandPaths lists every command and subcommand, as typed after zcrm.
func commandPaths(cmd *cobra.Command, prefix []string) [][]string {
	var paths [][]string
	for _, c := range cmd.Commands() {
		path := append(append([]string{}, prefix...), c.Name())
		paths = append(paths, path)
		paths = append(paths, commandPaths(c, path)...)
	}
	return paths
}

// `zcrm tokens -h` used to read the configuration and fail; `zcrm emulator
// -h` printed "flag: help requested" and exited 1.
func TestHelpOfEveryCommandReadsNoConfiguration(t *testing.T) {
	broken := map[string]string{"ZCRM_TOKEN_PERSISTANCE_PATH": "/nowhere", "ZCRM_DB_PORT": "not a port"}
	root := newRootCommand(func() {})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	paths := append([][]string{{}}, commandPaths(root, nil)...)
	require.Greater(t, len(paths), 12, "the commands, with cobra's help and completion")
	for _, path := range paths {
		for _, flag := range []string{"-h", "--help"} {
			args := append(append([]string{}, path...), flag)
			r := zcrm(t, broken, args...)
			assert.Equal(t, 0, r.code, "zcrm %v: %s", args, r.stderr)
			assert.Empty(t, r.stderr, "zcrm %v", args)
			assert.Contains(t, r.stdout, "Usage:", "zcrm %v", args)
			assert.NotContains(t, r.stdout, "invalid configuration", "zcrm %v", args)
		}
	}
	r := zcrm(t, broken, "help", "tokens", "list")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "zcrm tokens list [flags]")
}

func TestUsageErrorsExitWithCode2(t *testing.T) {
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"tokens"}, {"tokens", "frobnicate"}, {"tokens", "generate"},
		{"tokens", "revoke", "a", "b"}, {"api", "GET"}, {"api", "FETCH", "org"}, {"api", "GET", "org", "{not json"},
		{"api", "GET", "/crm/org"}, {"api", "GET", "https://www.zohoapis.com/crm/v2/org"},
		{"emulator", "--bogus"}, {"emulator", "-addr", "127.0.0.1:0"}, {"emulator", "extra"}, {"version", "extra"},
	} {
		// No configuration at all: a usage error is found before it is needed.
		r := zcrm(t, nil, args...)
		assert.Equal(t, exitUsage, r.code, "zcrm %v: %s", args, r.stderr)
		assert.Empty(t, r.stdout, "zcrm %v", args)
		assert.True(t, strings.HasPrefix(r.stderr, "zcrm: "), "zcrm %v: %s", args, r.stderr)
		// The message, then the usage once: "zcrm: zcrm api: missing
		// arguments" named the command twice.
		first, _, _ := strings.Cut(r.stderr, "\n")
		assert.NotContains(t, first, "zcrm: zcrm", "zcrm %v", args)
		assert.Equal(t, 1, strings.Count(r.stderr, "usage: zcrm"), "zcrm %v: %s", args, r.stderr)
		assert.Equal(t, 1, strings.Count(strings.ToLower(r.stderr), "usage"), "zcrm %v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "usage: zcrm", "zcrm %v", args)
		assert.Contains(t, r.stderr, "--help' for more.", "zcrm %v", args)
	}
	assert.Contains(t, zcrm(t, nil, "api", "GET", "https://www.zohoapis.com/crm/v2/org").stderr, "without the host")
	assert.Contains(t, zcrm(t, nil, "api", "GET", "/crm/org").stderr, "/crm/v2/org")
	assert.Contains(t, zcrm(t, nil, "tokens", "frobnicate").stderr, "delete, generate, list, revoke")
	assert.Contains(t, zcrm(t, nil, "emulator", "-dcs", "us,eu").stderr, "long flags take two dashes, as in --addr")
}

func TestConfigurationErrorsExitWithCode3(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	// The typo sent the tokens to MySQL instead of the folder it names.
	env["ZCRM_TOKEN_PERSISTANCE_PATH"] = env["ZCRM_TOKEN_PERSISTENCE_PATH"]
	delete(env, "ZCRM_TOKEN_PERSISTENCE_PATH")
	r := zcrm(t, env, "tokens", "list")
	assert.Equal(t, exitConfig, r.code, r.stderr)
	assert.Equal(t, "zcrm: invalid configuration: environment variable ZCRM_TOKEN_PERSISTANCE_PATH is not a configuration key"+
		" (did you mean ZCRM_TOKEN_PERSISTENCE_PATH, key token_persistence_path?)\n", r.stderr)
	assert.NotContains(t, r.stderr, srv.ClientSecret)

	r = zcrm(t, map[string]string{"ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir()}, "api", "GET", "org")
	assert.Equal(t, exitConfig, r.code, r.stderr)
	assert.Contains(t, r.stderr, "missing mandatory keys: client_id, client_secret")
}

func TestAccountsOutageExitsWithCode1(t *testing.T) {
	env := map[string]string{
		"ZCRM_CLIENT_ID": "1000.X", "ZCRM_CLIENT_SECRET": "outage-secret", "ZCRM_REDIRECT_URI": "https://example.com/cb",
		"ZCRM_ACCOUNTS_URL": "http://127.0.0.1:1", "ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
	}
	r := zcrm(t, env, "tokens", "generate", "1000.0123456789abcdef.fedcba9876543210")
	assert.Equal(t, exitFailure, r.code, "not a token problem: try again later: %s", r.stderr)
	assert.Contains(t, r.stderr, "try again later")
	assert.NotContains(t, r.stderr, "0123456789abcdef")
	assert.NotContains(t, r.stderr, "outage-secret")
}

func TestTokenStoreErrorsExitWithCode6(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	env["ZCRM_PERSISTENCE_HANDLER_CLASS_PATH"] = filepath.Join(t.TempDir(), "no-such-store")
	r := zcrm(t, env, "tokens", "list")
	assert.Equal(t, exitStore, r.code, r.stderr)
	assert.Contains(t, r.stderr, "no-such-store")
}

// A token file that does not parse and a MySQL that does not answer are
// the token store's failures, exit code 6 as documented; they were 1.
func TestUnusableStoresExitWithCode6(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	tokenFile := filepath.Join(env["ZCRM_TOKEN_PERSISTENCE_PATH"], "zcrm_oauthtokens.txt")
	require.NoError(t, os.WriteFile(tokenFile, []byte("{not a token file"), 0o600))
	for _, args := range [][]string{{"tokens", "list"}, {"api", "GET", "org"}, {"tokens", "delete"}} {
		r := zcrm(t, env, args...)
		assert.Equal(t, exitStore, r.code, "zcrm %v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "is not a zcrm token file", "zcrm %v", args)
	}
	kept, err := os.ReadFile(tokenFile)
	require.NoError(t, err)
	assert.Equal(t, "{not a token file", string(kept), "the damaged file is left as it was")

	// A port nothing listens on: the MySQL store, served by zcrm itself.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedPort := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	mysql := map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_REDIRECT_URI": srv.RedirectURI,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_DB_ADDRESS": "127.0.0.1", "ZCRM_DB_PORT": closedPort,
	}
	for _, args := range [][]string{{"tokens", "list"}, {"api", "GET", "org"}} {
		r := zcrm(t, mysql, args...)
		assert.Equal(t, exitStore, r.code, "zcrm %v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "could not connect to MySQL at 127.0.0.1:"+closedPort, "zcrm %v", args)
	}
}

func TestStoreShownWithoutSecrets(t *testing.T) {
	assert.Equal(t, store{"mysql", "root@127.0.0.1:3306/zohooauth"}, storeOf(sdk.Config{DBPassword: "hunter2"}))
	assert.Equal(t, store{"mysql", "crm@db.internal:3307/tokens"},
		storeOf(sdk.Config{DBUsername: "crm", DBAddress: "db.internal", DBPort: 3307, DBName: "tokens", DBPassword: "hunter2"}))
	assert.Equal(t, store{"file", "/var/lib/app/zcrm_oauthtokens.txt"}, storeOf(sdk.Config{TokenPersistencePath: "/var/lib/app"}))
	assert.Equal(t, store{"file", "/var/lib/app/zcrm_oauthtokens.txt"}, storeOf(sdk.Config{TokenPersistencePath: "/var/lib/app/zcrm_oauthtokens.txt"}))
	assert.Equal(t, store{"custom", "/opt/store (serving token_store)"},
		storeOf(sdk.Config{PersistenceHandlerClassPath: "/opt/store", TokenPersistencePath: "/ignored"}))
}

func TestTokensAndAPI(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	tokenFile := filepath.Join(env["ZCRM_TOKEN_PERSISTENCE_PATH"], "zcrm_oauthtokens.txt")
	admin := srv.Admin().Email
	var outputs []string
	run := func(args ...string) result {
		t.Helper()
		r := zcrm(t, env, args...)
		outputs = append(outputs, r.stdout, r.stderr)
		return r
	}

	r := run("tokens", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "token store: file, "+tokenFile+"\nno tokens stored; exchange a grant token with: zcrm tokens generate <grant-token>\n", r.stdout)

	// Before any grant, the CLI names its own command, not the SDK's.
	r = run("api", "GET", "org")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "zcrm tokens generate <grant-token>")
	assert.NotContains(t, r.stderr, "Client.GenerateTokens")

	grant := srv.GrantToken(srv.ClientID, admin)
	r = run("tokens", "generate", grant)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "tokens stored for "+admin+"\n", r.stdout)

	r = run("tokens", "generate", grant)
	assert.Equal(t, exitAuth, r.code, "a grant token is single-use")
	assert.Contains(t, r.stderr, "invalid_code")
	assert.Contains(t, r.stderr, "zcrm tokens generate <grant-token>")

	r = run("tokens", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^token store: file, .*zcrm_oauthtokens.txt\nUSER +ACCESS TOKEN EXPIRES\n`+admin+` +20\d\d-`, r.stdout)

	r = run("tokens", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var listing struct {
		Store struct{ Kind, Location string }
		Users []struct {
			User    string
			Expires time.Time `json:"access_token_expires"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listing), r.stdout)
	assert.Equal(t, "file", listing.Store.Kind)
	assert.Equal(t, tokenFile, listing.Store.Location)
	require.Len(t, listing.Users, 1)
	assert.Equal(t, admin, listing.Users[0].User)
	assert.WithinDuration(t, srv.Now().Add(time.Hour), listing.Users[0].Expires, 5*time.Minute)

	r = run("api", "GET", "users?type=CurrentUser")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"email": "`+admin+`"`)

	// A path as Zoho's documentation writes it, which answered INVALID_MODULE.
	for _, path := range []string{"/crm/v2/org", "crm/v2/org", "/crm/v8/org", "org"} {
		r = run("api", "GET", path)
		require.Equal(t, 0, r.code, "%s: %s", path, r.stderr)
		assert.Contains(t, r.stdout, `"org": [`, path)
	}

	r = run("api", "--user", "nobody@example.com", "GET", "org")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "nobody@example.com")
	assert.Contains(t, r.stderr, "zcrm tokens generate <grant-token>")

	r = run("api", "POST", "Leads", `{"data":[{"Last_Name":"From the command line"}]}`)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"code": "SUCCESS"`)
	assert.Len(t, srv.Records("Leads").List(), 1)

	r = run("api", "GET", "Contacts")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "204 No Content (no body)\n", r.stdout)

	r = run("api", "--json", "GET", "Contacts")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"status": 204, "body": null}`, r.stdout)

	r = run("api", "GET", "Leads", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var answer struct {
		Status int
		Body   struct{ Data []map[string]any }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &answer), r.stdout)
	assert.Equal(t, 200, answer.Status)
	require.Len(t, answer.Body.Data, 1)
	assert.Equal(t, "From the command line", answer.Body.Data[0]["Last_Name"])

	// Zoho's refusal: exit code 5, details printed as JSON rather than
	// map[resource_path_index:0], and advice in terms of this command.
	r = run("api", "GET", "NoSuchModule")
	assert.Equal(t, exitAPI, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, `zcrm: GET /NoSuchModule: 400 INVALID_MODULE`)
	assert.Contains(t, r.stderr, `(details: {"resource_path_index":0})`)
	assert.Contains(t, r.stderr, "zcrm api GET settings/modules lists them")
	assert.NotContains(t, r.stderr, "map[")

	r = run("api", "--json", "GET", "NoSuchModule")
	assert.Equal(t, exitAPI, r.code)
	assert.JSONEq(t, `{"status": 400, "error": {"code": "INVALID_MODULE", "message": "the module name given seems to be invalid",
		"details": {"resource_path_index": 0}}}`, r.stdout)

	stored, err := os.ReadFile(tokenFile)
	require.NoError(t, err)
	var file struct {
		Users []struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal(stored, &file), string(stored))
	require.Len(t, file.Users, 1)

	r = run("tokens", "revoke")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "tokens revoked and deleted for "+admin+"\n", r.stdout)
	assert.Equal(t, 1, srv.Counters().Revocations)

	// After a revoke the CLI speaks of its own commands, and says so once.
	r = run("api", "GET", "org")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "zcrm tokens generate <grant-token>")
	assert.NotContains(t, r.stderr, "Client.GenerateTokens")
	assert.NotContains(t, r.stderr, "zcrm: zcrm:")

	for _, out := range outputs {
		assert.NotContains(t, out, srv.ClientSecret)
		assert.NotContains(t, out, grant)
		assert.NotContains(t, out, file.Users[0].AccessToken)
		assert.NotContains(t, out, file.Users[0].RefreshToken)
	}
}

// start runs zcrm with args, without ZCRM_ variables, until it ends or
// the test does; it returns the process, its stdout and its stderr.
func start(t *testing.T, args ...string) (*exec.Cmd, io.Reader, *testenv.Buffer) {
	t.Helper()
	cmd := exec.Command(zcrmBinary, args...)
	cmd.Env = environ(nil)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &testenv.Buffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, stdout, stderr
}

// emulator starts `zcrm emulator` on a free port and returns its base URL
// and the process, whose stdout and stderr are in out.
func emulator(t *testing.T, addr string) (string, *exec.Cmd, *testenv.Buffer) {
	t.Helper()
	cmd, stdout, stderr := start(t, "emulator", "--addr", addr)
	first, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, stderr.String())
	base, ok := strings.CutPrefix(strings.TrimSpace(first), "Zoho emulator on ")
	require.True(t, ok, first)
	base, _, _ = strings.Cut(base, " ")
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return base, cmd, stderr
}

func TestEmulatorCommand(t *testing.T) {
	base, cmd, stderr := emulator(t, "127.0.0.1:0")
	resp, err := http.Get(base + "/_emulator/grant")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	assert.Regexp(t, `^1000\.[0-9a-f]{32}\.[0-9a-f]{32}\n$`, string(b))

	// A second emulator on the busy port used to print a banner with fresh
	// credentials before failing to bind.
	r := zcrm(t, nil, "emulator", "--addr", strings.TrimPrefix(base, "http://"))
	assert.Equal(t, exitFailure, r.code)
	assert.Empty(t, r.stdout, "no banner for an emulator that does not run")
	assert.Contains(t, r.stderr, "address already in use")
	assert.Contains(t, r.stderr, "--addr")

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "an interrupted emulator stops cleanly: %s", stderr)
	case <-time.After(testenv.Patience):
		t.Fatal("the emulator did not stop")
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := zcrm(t, nil, args...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Regexp(t, `^zcrm \S+ .*`+runtime.Version()+` `+runtime.GOOS+`/`+runtime.GOARCH+`\n$`, r.stdout)
	}
}

// Every command that prints something a script may read takes --json;
// version, tokens generate, revoke and delete, and the emulator did not.
func TestEveryCommandThatPrintsTakesJSON(t *testing.T) {
	root := newRootCommand(func() {})
	var leaves int
	for _, path := range commandPaths(root, nil) {
		cmd, _, err := root.Find(path)
		require.NoError(t, err)
		if cmd.HasSubCommands() || path[0] == "completion" || path[0] == "help" {
			continue
		}
		leaves++
		assert.NotNil(t, cmd.Flags().Lookup("json"), "zcrm %s has no --json", strings.Join(path, " "))
	}
	assert.GreaterOrEqual(t, leaves, 7, "emulator, tokens list/generate/revoke/delete, api, version, and any added since")

	r := zcrm(t, nil, "version", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var b build
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &b), r.stdout)
	assert.Equal(t, build{Version: b.Version, Commit: b.Commit, Modified: b.Modified, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}, b)
	assert.NotEmpty(t, b.Version)

	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	admin := srv.Admin().Email
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"tokens", "generate", "--json", srv.GrantToken(srv.ClientID, admin)}, `{"user": "` + admin + `", "stored": true, "revoked": false, "deleted": false}`},
		{[]string{"tokens", "revoke", "--json"}, `{"user": "` + admin + `", "stored": false, "revoked": true, "deleted": true}`},
		{[]string{"tokens", "generate", "--json", srv.GrantToken(srv.ClientID, admin)}, `{"user": "` + admin + `", "stored": true, "revoked": false, "deleted": false}`},
		{[]string{"tokens", "delete", "--json", admin}, `{"user": "` + admin + `", "stored": false, "revoked": false, "deleted": true}`},
	} {
		r := zcrm(t, env, step.args...)
		require.Equal(t, 0, r.code, "zcrm %v: %s", step.args, r.stderr)
		assert.JSONEq(t, step.want, r.stdout, "zcrm %v", step.args)
	}
}

// Every path of Zoho's API has a way in: the versioned CRM, the bulk and
// email APIs beside it, the upload host, and download URLs. /crm/bulk/...
// was a usage error.
func TestAPIPathsReachEveryZohoAPI(t *testing.T) {
	for typed, want := range map[string]struct {
		base    sdk.Base
		path    string
		version string
	}{
		"org":                            {sdk.BaseAPI, "org", ""},
		"/crm/v8/Leads/actions/count":    {sdk.BaseAPI, "Leads/actions/count", "v8"},
		"crm/v2.1/org":                   {sdk.BaseAPI, "org", "v2.1"},
		"/crm/bulk/v8/read":              {sdk.BaseAPIRoot, "/crm/bulk/v8/read", ""},
		"/crm/bulk/v8/read/123/result":   {sdk.BaseAPIRoot, "/crm/bulk/v8/read/123/result", ""},
		"/crm/bulk/v8/backup/urls":       {sdk.BaseAPIRoot, "/crm/bulk/v8/backup/urls", ""},
		"/crm/email/v8/settings/compose": {sdk.BaseAPIRoot, "/crm/email/v8/settings/compose", ""},
		"/crm/v8/upload":                 {sdk.BaseUpload, "/crm/v8/upload", ""},
		"https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip": {sdk.BaseAbsolute, "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip", ""},
	} {
		req, version, err := apiTarget(typed)
		require.NoError(t, err, typed)
		assert.Equal(t, want.base, req.Base, typed)
		assert.Equal(t, want.path, req.Path, typed)
		assert.Equal(t, want.version, version, typed)
	}
	for _, typed := range []string{"/crm/org", "/crm", "crm/bulk/read", "https://www.zohoapis.com/crm/v8/org", ""} {
		_, _, err := apiTarget(typed)
		var uerr *usageError
		assert.ErrorAs(t, err, &uerr, typed)
	}
	_, err := parseHeaders([]string{"Authorization: Zoho-oauthtoken x"})
	assert.ErrorContains(t, err, "sends the Authorization header itself")
	h, err := parseHeaders([]string{"If-Modified-Since: 2024-05-01T00:00:00+00:00", "feature:bulk-write"})
	require.NoError(t, err)
	assert.Equal(t, "2024-05-01T00:00:00+00:00", h.Get("If-Modified-Since"))
	assert.Equal(t, "bulk-write", h.Get("Feature"))
}
