package main

import (
	"encoding/csv"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// dataEmulator serves an emulator on a real socket as `zcrm emulator` does
// (one port, the upload host's paths included) and signs its admin in
// through the command: the ZCRM_ environment it returns reaches it with
// API v8. Tests seed it through its Go API.
func dataEmulator(t testing.TB) (*zohotest.Server, map[string]string) {
	t.Helper()
	srv := zohotest.NewUnstartedServer()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: emulatorHandler(srv), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() { _ = hs.Close() })
	base := "http://" + l.Addr().String()
	env := map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_REDIRECT_URI": srv.RedirectURI,
		"ZCRM_ACCOUNTS_URL": base, "ZCRM_API_BASE_URL": base, "ZCRM_API_VERSION": "v8",
		"ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
	}
	out, err := zcrmCommand(env, "tokens", "generate", srv.GrantToken(srv.ClientID, srv.Admin().Email)).CombinedOutput()
	require.NoError(t, err, string(out))
	return srv, env
}

// leadColumns are the fields the tests seed and export.
var leadColumns = []string{"Last_Name", "Company", "Email"}

// seedLeads stores leads from to n-1 and returns their rows by id: id,
// then leadColumns. A few hold what CSV must quote: commas, quotes, a line
// break, non-ASCII text.
func seedLeads(srv *zohotest.Server, from, n int) map[string][]string {
	rows := make(map[string][]string, n-from)
	const batch = 10_000
	for lo := from; lo < n; lo += batch {
		recs := make([]map[string]any, 0, batch)
		for i := lo; i < min(n, lo+batch); i++ {
			name := fmt.Sprintf("Lead %d", i)
			switch i % 25_000 {
			case 7:
				name = `Boyle, "Pat"`
			case 8:
				name = "Two\nlines"
			case 9:
				name = "Müller-Łukasz 東京"
			}
			recs = append(recs, map[string]any{"Last_Name": name, "Company": "Zylker", "Email": fmt.Sprintf("lead%d@zylker.com", i)})
		}
		for j, id := range srv.Records("Leads").Insert(recs...) {
			r := recs[j]
			rows[id] = []string{id, r["Last_Name"].(string), r["Company"].(string), r["Email"].(string)}
		}
	}
	return rows
}

// readCSV reads a whole CSV file: its header and rows.
func readCSV(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, path)
	require.NotEmpty(t, all, "%s has no header", path)
	return all[0], all[1:]
}

// requireRowsOnce checks that rows are the seeded leads, each exactly once.
func requireRowsOnce(t testing.TB, want map[string][]string, header []string, rows [][]string) {
	t.Helper()
	require.Equal(t, append([]string{"id"}, leadColumns...), header)
	seen := make(map[string]bool, len(rows))
	for i, row := range rows {
		require.Len(t, row, 4, "row %d", i)
		id := row[0]
		require.False(t, seen[id], "row %d: record %s exported twice", i, id)
		seen[id] = true
		require.Equal(t, want[id], row, "row %d", i)
	}
	require.Equal(t, len(want), len(rows), "every record once")
}

// zcrmCommand is the command with the ZCRM_ variables vars, not yet started.
func zcrmCommand(vars map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(zcrmBinary, args...)
	cmd.Env = environ(vars)
	return cmd
}

// waitFor is testenv.WaitFor.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	testenv.WaitFor(t, what, cond)
}

// fileContains reports whether the file at path holds s.
func fileContains(path, s string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), s)
}
