package bulk_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/calltrace"
	"github.com/zcrm-go/zcrm/internal/ledger"
	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var pluginDir string

func TestMain(m *testing.M) {
	if os.Getenv(emulatorChildEnv) != "" {
		os.Exit(runEmulatorChild())
	}
	dir, err := os.MkdirTemp("", "zcrm-bulk-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir, "zcrm-persistence-file"); err != nil {
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
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// emulator starts a Zoho emulator whose bulk jobs take 40 ms.
func emulator(t testing.TB) *zohotest.Server {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetBulkJobTime(40 * time.Millisecond)
	return srv
}

// client is a ready client of the emulator's admin, speaking version,
// whose data centre has the emulator's upload host.
func client(t testing.TB, srv *zohotest.Server, version string) *sdk.Client {
	t.Helper()
	cfg := sdk.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, APIVersion: version,
		TokenPersistencePath: t.TempDir(), PluginDir: pluginDir, Now: srv.Now,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
		DataCenters: []sdk.DataCenter{{Name: "emulated US", Location: "us", AccountsURL: srv.URL, APIBaseURL: srv.URL, UploadURL: srv.UploadURL}},
	}
	c, err := sdk.NewClient(testCtx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	return c
}

var fastWait = &bulk.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 40 * time.Millisecond}

// creditsUsed is the emulator's count of credits spent.
func creditsUsed(srv *zohotest.Server) int {
	rl := srv.RateLimit()
	return rl.Limit - rl.Remaining
}

// seedLeads stores n leads, Last_Name "Lead <i>", and returns their ids.
func seedLeads(srv *zohotest.Server, n int) []string { return seedRange(srv, 0, n) }

// seedRange stores leads from to to-1.
func seedRange(srv *zohotest.Server, from, n int) []string {
	const batch = 10_000
	var ids []string
	for lo := from; lo < n; lo += batch {
		recs := make([]map[string]any, 0, batch)
		for i := lo; i < min(n, lo+batch); i++ {
			recs = append(recs, map[string]any{"Last_Name": fmt.Sprintf("Lead %d", i), "Company": "Zylker", "Email": fmt.Sprintf("lead%d@zylker.com", i)})
		}
		ids = append(ids, srv.Records("Leads").Insert(recs...)...)
	}
	return ids
}

// verifyLedger checks, after a full run of the package's tests, that typed
// calls reached every endpoint of the ledger this package owns.
func verifyLedger() int {
	var served []ledger.Request
	for _, r := range zohotest.Served() {
		served = append(served, ledger.Request{Method: r.Method, Path: r.Path})
	}
	if err := ledger.Verify(served, ledger.OwnedByBulk); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	return 0
}
