package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var leadFields = strings.Join(leadColumns, ",")

// An export of 100,000 records is the emulator's data, each record once,
// to a file and to stdout alike, and says nothing on a stderr that is not
// a terminal.
func TestExportEqualsEmulatorData(t *testing.T) {
	srv, env := dataEmulator(t)
	srv.SetBulkJobTime(10 * time.Millisecond)
	want := seedLeads(srv, 0, 100_000)
	out := filepath.Join(t.TempDir(), "leads.csv")

	r := zcrm(t, env, "export", "Leads", "--fields", leadFields, "--output", out)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Empty(t, r.stderr, "no progress, no summary where stderr is not a terminal")
	header, rows := readCSV(t, out)
	requireRowsOnce(t, want, header, rows)
	assert.NoFileExists(t, out+".export-state", "a finished export leaves no state")

	written, err := os.ReadFile(out)
	require.NoError(t, err)
	r = zcrm(t, env, "export", "Leads", "--fields", leadFields)
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, r.stdout == string(written), "stdout has the file's bytes")

	// A file not made by an unfinished export is not replaced.
	r = zcrm(t, env, "export", "Leads", "-o", out)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "leads.csv exists: add --overwrite to replace it")
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, string(after) == string(written), "the file is untouched")

	r = zcrm(t, env, "export", "Leads", "--fields", "Last_Name", "--criteria", "(Email:equals:lead42@zylker.com)", "-o", out, "--overwrite")
	require.Equal(t, 0, r.code, r.stderr)
	header, rows = readCSV(t, out)
	assert.Equal(t, []string{"id", "Last_Name"}, header)
	require.Len(t, rows, 1)
	assert.Equal(t, "Lead 42", rows[0][1])
	assert.Equal(t, want[rows[0][0]][1], "Lead 42")

	r = zcrm(t, env, "export", "Contacts", "--fields", "Last_Name,Email")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "id,Last_Name,Email\n", r.stdout, "no records: the header alone")

	r = zcrm(t, env, "export", "Leads", "--criteria", "(Email:like:x)")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--criteria")
}

// The state an unfinished export keeps beside its file.
func readState(t testing.TB, out string) exportState {
	t.Helper()
	b, err := os.ReadFile(out + ".export-state")
	require.NoError(t, err)
	var st exportState
	require.NoError(t, json.Unmarshal(b, &st), string(b))
	return st
}

// An export killed mid-way (SIGKILL, while it downloads its second page)
// continues when run again: with the job it had started, not a new one,
// and every record once. Killed while waiting for its first job, it goes
// on with that job too.
func TestExportContinuesAfterKill(t *testing.T) {
	srv, env := dataEmulator(t)
	srv.SetBulkJobTime(10 * time.Millisecond)
	srv.SetBulkReadPageSize(20_000) // Zoho's pages are 200,000 records
	want := seedLeads(srv, 0, 50_000)
	out := filepath.Join(t.TempDir(), "leads.csv")
	args := []string{"export", "Leads", "--fields", leadFields, "-o", out}

	// The second page's download waits until the command has been killed.
	var downloads atomic.Int32
	atSecond, release := make(chan struct{}), make(chan struct{})
	fault := srv.InjectFault(zohotest.Fault{Method: http.MethodGet, Path: "/crm/bulk/v8/read/*/result", Match: func(*http.Request) bool {
		if downloads.Add(1) == 2 {
			close(atSecond)
			<-release
		}
		return false
	}})
	cmd := zcrmCommand(env, args...)
	require.NoError(t, cmd.Start())
	select {
	case <-atSecond:
	case <-time.After(testenv.Patience):
		_ = cmd.Process.Kill()
		t.Fatal("the export never reached its second page")
	}
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	close(release)
	fault.Remove()

	st := readState(t, out)
	assert.Equal(t, 2, st.Page)
	assert.NotEmpty(t, st.JobID)
	assert.NotEmpty(t, st.PageToken, "v8 asks for page 2 with page 1's token")
	assert.Equal(t, int64(20_000), st.Rows)
	assert.Zero(t, st.PageRows)
	_, rows := readCSV(t, out)
	assert.Equal(t, 20_000, len(rows), "the first page is in the file")
	state, err := os.ReadFile(out + ".export-state")
	require.NoError(t, err)
	tokens, err := os.ReadFile(filepath.Join(env["ZCRM_TOKEN_PERSISTENCE_PATH"], "zcrm_oauthtokens.txt"))
	require.NoError(t, err)
	secrets := regexp.MustCompile(`1000\.[0-9a-f]{32}\.[0-9a-f]{32}`).FindAllString(string(tokens), -1)
	require.Len(t, secrets, 2, "the access and refresh tokens")
	for _, secret := range secrets {
		assert.NotContains(t, string(state), secret, "no OAuth token in the state")
	}
	assert.NotContains(t, string(state), srv.ClientSecret)

	jobs := srv.Counters().APIRequestsBy["POST /crm/bulk/v8/read"]
	r := zcrm(t, env, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "continuing the export to "+out+": 20000 rows already there")
	assert.Equal(t, jobs+1, srv.Counters().APIRequestsBy["POST /crm/bulk/v8/read"], "the second page's job is used, not created again; the third is new")
	header, rows := readCSV(t, out)
	requireRowsOnce(t, want, header, rows)
	assert.NoFileExists(t, out+".export-state")

	// Killed while its first job is in Zoho's queue: the job is kept.
	srv.SetBulkJobTime(time.Hour)
	out = filepath.Join(t.TempDir(), "again.csv")
	args = []string{"export", "Leads", "--fields", leadFields, "-o", out}
	jobs = srv.Counters().APIRequestsBy["POST /crm/bulk/v8/read"]
	cmd = zcrmCommand(env, args...)
	require.NoError(t, cmd.Start())
	waitFor(t, "the export's first job", func() bool { return fileContains(out+".export-state", `"job_id"`) })
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	st = readState(t, out)
	assert.Equal(t, 1, st.Page)
	assert.Zero(t, st.Rows)
	srv.SetBulkJobTime(10 * time.Millisecond) // for the second page's job
	srv.Advance(time.Hour)
	r = zcrm(t, env, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, jobs+3, srv.Counters().APIRequestsBy["POST /crm/bulk/v8/read"], "one job a page, the first created once")
	header, rows = readCSV(t, out)
	requireRowsOnce(t, want, header, rows)
}

// A rerun with other flags, or another state, is refused before anything
// is asked of Zoho, and the unfinished export is kept.
func TestExportStateProtectsUnfinishedExport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "leads.csv")
	require.NoError(t, os.WriteFile(out, []byte("id,Last_Name\n1,Boyle\n"), 0o644))
	state := `{"module":"Leads","fields":["Last_Name"],"user":"a@b.c","header":["id","Last_Name"],"page":1,"job_id":"42","page_rows":1,"rows":1,"bytes":21}`
	require.NoError(t, os.WriteFile(out+".export-state", []byte(state), 0o644))

	r := zcrm(t, nil, "export", "Contacts", "-o", out)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "leads.csv holds an unfinished export of Leads --fields Last_Name: run that export again to finish it, or add --overwrite")
	b, _ := os.ReadFile(out)
	assert.Equal(t, "id,Last_Name\n1,Boyle\n", string(b))

	require.NoError(t, os.WriteFile(out+".export-state", []byte("{not json"), 0o644))
	r = zcrm(t, nil, "export", "Leads", "-o", out)
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "is not an export state this command wrote")
}
