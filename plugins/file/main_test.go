package file_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// pluginPath is the zcrm-persistence-file binary built for these tests.
var pluginPath string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "zcrm-file-plugin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// Others may enter the folder: TestUnwritableFolder runs the binary
	// as an unprivileged user.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	paths, err := testenv.BuildPlugins(dir, "zcrm-persistence-file")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	pluginPath = paths["zcrm-persistence-file"]
	return m.Run()
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// launchAt starts a plugin process with token_persistence_path set to path.
func launchAt(t testing.TB, path string) (*pluginproto.Client, error) {
	t.Helper()
	return launch(t, pluginproto.LaunchConfig{Path: pluginPath, Env: []string{file.EnvPath + "=" + path}})
}

func launch(t testing.TB, cfg pluginproto.LaunchConfig) (*pluginproto.Client, error) {
	t.Helper()
	c, err := pluginproto.Launch(testCtx(t), cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, nil
}

func mustLaunchAt(t testing.TB, path string) *pluginproto.Client {
	t.Helper()
	c, err := launchAt(t, path)
	require.NoError(t, err)
	return c
}

// tokens returns distinct tokens for n, whose parts can be traced back to n.
func tokens(user string, n int) pluginproto.Tokens {
	return pluginproto.Tokens{
		UserIdentifier: user,
		AccessToken:    fmt.Sprintf("1000.access%08d.%s", n, strings.Repeat("a", 32)),
		RefreshToken:   fmt.Sprintf("1000.refresh%08d.%s", n, strings.Repeat("r", 32)),
		ExpiryTime:     time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() + int64(n),
		APIDomain:      "https://www.zohoapis.eu",
	}
}

// documented is the token file as README.md describes it, decoded strictly
// and independently of the package's own types.
type documented struct {
	Version int `json:"version"`
	Users   []struct {
		UserIdentifier string `json:"user_identifier"`
		AccessToken    string `json:"access_token"`
		RefreshToken   string `json:"refresh_token"`
		ExpiryTime     int64  `json:"expiry_time"`
		APIDomain      string `json:"api_domain"`
		AccountsServer string `json:"accounts_server"`
		ClientID       string `json:"client_id"`
	} `json:"users"`
}

func readDocumented(t testing.TB, dir string) documented {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file.FileName))
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var doc documented
	require.NoError(t, dec.Decode(&doc), "token file does not parse:\n%s", data)
	require.Equal(t, file.FormatVersion, doc.Version)
	return doc
}

// strayFiles lists files in dir other than the token file and its locks:
// temporary files left behind by a write.
func strayFiles(t testing.TB, dir string) []string {
	t.Helper()
	return strayFilesOf(t, dir, file.FileName)
}

// strayFilesOf is strayFiles for the token file name.
func strayFilesOf(t testing.TB, dir, name string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var stray []string
	for _, e := range entries {
		if e.Name() == name || e.Name() == name+".lock" || e.Name() == name+file.BudgetFileSuffix || e.Name() == name+file.BudgetFileSuffix+".lock" ||
			(strings.HasPrefix(e.Name(), name+".") && strings.HasSuffix(e.Name(), ".refresh.lock")) {
			continue
		}
		stray = append(stray, e.Name())
	}
	return stray
}
