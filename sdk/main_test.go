package sdk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/calltrace"
	"github.com/zcrm-go/zcrm/internal/ledger"
	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// pluginDir holds the stores' separate binaries, built from source once
// for the run, for the tests of that path. By default (fileConfig) the
// test binary serves the stores itself, as every application does.
var pluginDir string

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	if os.Getenv(fleetChildEnv) != "" {
		os.Exit(runFleetChild())
	}
	// Only plugin_dir, set by a test, may point at separate binaries.
	os.Unsetenv(sdk.PluginDirEnv)
	dir, err := os.MkdirTemp("", "zcrm-sdk-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginDir = dir
	calltrace.Enable()
	code := m.Run()
	if code == 0 {
		code = verifyLedger()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func testCtx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// emulator starts a Zoho emulator for the test.
func emulator(t testing.TB, opts ...zohotest.Option) *zohotest.Server {
	s := zohotest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// fileConfig is a configuration against srv with a file store in a fresh
// folder. Its clock is the emulator's, so moving one moves both.
func fileConfig(t testing.TB, srv *zohotest.Server) sdk.Config {
	return sdk.Config{
		ClientID:             srv.ClientID,
		ClientSecret:         srv.ClientSecret,
		RedirectURI:          srv.RedirectURI,
		AccountsURL:          srv.URL,
		TokenPersistencePath: t.TempDir(),
		Now:                  srv.Now,
		RetryWaitMin:         5 * time.Millisecond,
		RetryWaitMax:         50 * time.Millisecond,
	}
}

func newClient(t testing.TB, cfg sdk.Config) *sdk.Client {
	t.Helper()
	c, err := sdk.NewClient(testCtx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// readyClient is a client whose user (the emulator's admin) has tokens.
func readyClient(t testing.TB, srv *zohotest.Server, cfg sdk.Config) *sdk.Client {
	t.Helper()
	c := newClient(t, cfg)
	_, err := c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	return c
}

func tokenFile(cfg sdk.Config) string {
	return filepath.Join(cfg.TokenPersistencePath, "zcrm_oauthtokens.txt")
}

// verifyLedger checks, after a full run of the package's tests, that typed
// calls reached every endpoint of the ledger this package owns.
func verifyLedger() int {
	var served []ledger.Request
	for _, r := range zohotest.Served() {
		served = append(served, ledger.Request{Method: r.Method, Path: r.Path})
	}
	if err := ledger.Verify(served, ledger.OwnedBySDK); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	return 0
}
