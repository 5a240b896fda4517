package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// emulatorEnv is a clean environment pointing the SDK at a fresh emulator
// with a file token store in a fresh folder.
func emulatorEnv(t *testing.T) (*zohotest.Server, []string) {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	return srv, append(cleanEnv(),
		"ZCRM_CLIENT_ID="+srv.ClientID, "ZCRM_CLIENT_SECRET="+srv.ClientSecret,
		"ZCRM_REDIRECT_URI="+srv.RedirectURI, "ZCRM_ACCOUNTS_URL="+srv.URL,
		"ZCRM_TOKEN_PERSISTENCE_PATH="+t.TempDir())
}

// TestGoRunCommandLine: `go run ./cmd/zcrm tokens list` works on a fresh
// clone, with no plugin built.
func TestGoRunCommandLine(t *testing.T) {
	srv, env := emulatorEnv(t)
	run := func(args ...string) string {
		cmd := exec.Command("go", append([]string{"run", "./cmd/zcrm"}, args...)...)
		cmd.Dir, cmd.Env = "..", env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go run ./cmd/zcrm %s:\n%s", strings.Join(args, " "), out)
		return string(out)
	}
	assert.NotContains(t, run("tokens", "list"), srv.Admin().Email)
	run("tokens", "generate", srv.GrantToken(srv.ClientID, srv.Admin().Email))
	assert.Contains(t, run("tokens", "list"), srv.Admin().Email)
}

// ownProgram is an application of the kind a user writes: its own module,
// zcrm added with a replace to this checkout (as `go get` would once the
// module is published).
const ownProgram = `package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	ctx := context.Background()
	cfg, err := sdk.ConfigFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	client, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if _, err := client.GenerateTokens(ctx, os.Getenv("GRANT")); err != nil {
		log.Fatal(err)
	}
	me, _, err := client.Users.Current(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("hello,", me.FullName)
}
`

// TestOwnModuleOneBinary builds a user's program in a module of its own,
// copies the one binary to a folder of its own, and runs it: it completes
// a grant and a call with no plugin file anywhere.
func TestOwnModuleOneBinary(t *testing.T) {
	checkout, err := filepath.Abs("..")
	require.NoError(t, err)
	mod := t.TempDir()
	goVersion := "1.26"
	if data, err := os.ReadFile(filepath.Join(checkout, "go.mod")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "go "); ok {
				goVersion = v
			}
		}
	}
	goMod := "module example.com/myapp\n\ngo " + goVersion + "\n\nrequire github.com/zcrm-go/zcrm v0.0.0\n\nreplace github.com/zcrm-go/zcrm => " + checkout + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(goMod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "main.go"), []byte(ownProgram), 0o644))
	sum, err := os.ReadFile(filepath.Join(checkout, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644))
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = mod
	out, err := tidy.CombinedOutput()
	require.NoError(t, err, "go mod tidy:\n%s", out)

	shipped := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(shipped, "myapp"), ".")
	build.Dir = mod
	out, err = build.CombinedOutput()
	require.NoError(t, err, "go build:\n%s", out)
	entries, err := os.ReadDir(shipped)
	require.NoError(t, err)
	require.Len(t, entries, 1, "one binary")

	srv, env := emulatorEnv(t)
	app := exec.Command(filepath.Join(shipped, "myapp"))
	app.Dir = t.TempDir()
	app.Env = append(env, "GRANT="+srv.GrantToken(srv.ClientID, srv.Admin().Email))
	out, err = app.CombinedOutput()
	require.NoError(t, err, "myapp:\n%s", out)
	assert.Equal(t, "hello, "+srv.Admin().FullName()+"\n", string(out))
}

// TestQuickstartWithPluginsBeside: the separate plugin binaries still work
// when shipped beside the application, as `make build` lays them out.
func TestQuickstartWithPluginsBeside(t *testing.T) {
	dir := t.TempDir()
	_, err := testenv.BuildPlugins(dir, "zcrm-persistence-file")
	require.NoError(t, err)
	path, err := testenv.Build(dir, "github.com/zcrm-go/zcrm/examples/quickstart", "quickstart")
	require.NoError(t, err)
	cmd := exec.Command(path)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "quickstart:\n%s", out)
	assert.Contains(t, string(out), "4. Lead read back: ")
}
