package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// startEmulatorJSON starts `zcrm emulator --json` with args and returns
// what it printed.
func startEmulatorJSON(t *testing.T, args ...string) emulation {
	t.Helper()
	_, stdout, stderr := start(t, append([]string{"emulator", "--json"}, args...)...)
	var e emulation
	require.NoError(t, json.NewDecoder(stdout).Decode(&e), stderr.String())
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return e
}

// leadsZip is a bulk write file: a CSV of leads in a ZIP.
func leadsZip(t *testing.T, names ...string) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("leads.csv")
	require.NoError(t, err)
	io.WriteString(w, "Last_Name,Company\n")
	for _, n := range names {
		io.WriteString(w, n+",Zylker\n")
	}
	require.NoError(t, zw.Close())
	path := filepath.Join(t.TempDir(), "leads.zip")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

// `zcrm emulator` serves the upload host of bulk writes and prints it, and
// `zcrm api` reaches it and the bulk APIs: a bulk write works from the
// command line, as from any client, start to end. The emulator served no
// upload host, and zcrm api refused /crm/bulk/v8/... as a usage error.
func TestBulkWriteFromTheCommandLine(t *testing.T) {
	e := startEmulatorJSON(t, "--addr", "127.0.0.1:0")
	require.Len(t, e.DataCenters, 1)
	upload := e.DataCenters[0].UploadURL
	require.NotEmpty(t, upload)
	assert.NotEqual(t, e.DataCenters[0].APIURL, upload, "the upload host is a host of its own, as Zoho's is")
	assert.Equal(t, upload, e.Env["ZCRM_UPLOAD_URL"])

	env := map[string]string{"ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir}
	for k, v := range e.Env {
		env[k] = v
	}
	r := zcrm(t, env, "tokens", "generate", "--json", e.GrantToken)
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"user": "`+e.Users[0].Email+`", "stored": true, "revoked": false, "deleted": false}`, r.stdout)

	jsonOf := func(args ...string) map[string]any {
		t.Helper()
		r := zcrm(t, env, append([]string{"api", "--json"}, args...)...)
		require.Equal(t, 0, r.code, "zcrm api %v: %s", args, r.stderr)
		var answer map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &answer), r.stdout)
		return answer
	}
	org := jsonOf("GET", "/crm/v8/org")["body"].(map[string]any)["org"].([]any)[0].(map[string]any)
	zgid := org["zgid"].(string)

	uploaded := jsonOf("--file", leadsZip(t, "Boyle", "Becker", "Sharma"), "-H", "feature: bulk-write", "-H", "X-CRM-ORG: "+zgid, "POST", "/crm/v8/upload")
	body := uploaded["body"].(map[string]any)
	require.Equal(t, "FILE_UPLOAD_SUCCESS", body["code"], uploaded)
	fileID := body["details"].(map[string]any)["file_id"].(string)

	created := jsonOf("POST", "/crm/bulk/v8/write", `{"operation": "insert", "resource": [{"type": "data", "module": {"api_name": "Leads"},
		"file_id": "`+fileID+`", "field_mappings": [{"api_name": "Last_Name", "index": 0}, {"api_name": "Company", "index": 1}]}]}`)
	assert.Equal(t, 201.0, created["status"])
	jobID := created["body"].(map[string]any)["details"].(map[string]any)["id"].(string)

	// The job takes a second of the emulator's clock, which is the real one here.
	var job map[string]any
	for deadline := time.Now().Add(testenv.Patience); ; time.Sleep(200 * time.Millisecond) {
		job = jsonOf("GET", "/crm/bulk/v8/write/"+jobID)["body"].(map[string]any)
		if job["status"] == "COMPLETED" || time.Now().After(deadline) {
			break
		}
	}
	require.Equal(t, "COMPLETED", job["status"], job)
	download := job["result"].(map[string]any)["download_url"].(string)
	assert.True(t, strings.HasPrefix(download, upload+"/"), "the results are on the upload host: %s", download)

	// The results are a ZIP, which zcrm api saves rather than prints.
	r = zcrm(t, env, "api", "GET", download)
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "application/zip")
	assert.Contains(t, r.stderr, "--output")
	saved := filepath.Join(t.TempDir(), "results.zip")
	answer := jsonOf("--output", saved, "GET", download)
	assert.Equal(t, saved, answer["output"])
	zr, err := zip.OpenReader(saved)
	require.NoError(t, err)
	defer zr.Close()
	require.Len(t, zr.File, 1)
	f, err := zr.File[0].Open()
	require.NoError(t, err)
	results, _ := io.ReadAll(f)
	f.Close()
	assert.Equal(t, 4, strings.Count(string(results), "\n"), "a header and a row per lead: %s", results)
	assert.Contains(t, string(results), "Sharma")

	leads := jsonOf("GET", "Leads?fields=Last_Name")["body"].(map[string]any)["data"].([]any)
	assert.Len(t, leads, 3)

	// A URL elsewhere gets no access token.
	r = zcrm(t, env, "api", "--output", filepath.Join(t.TempDir(), "x"), "GET", "http://127.0.0.1:1/v2/crm/steal.zip")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "refusing to send the access token")

	// The SDK, configured by the printed variables alone, writes through
	// the same upload host.
	t.Setenv("ZCRM_TOKEN_PERSISTENCE_PATH", env["ZCRM_TOKEN_PERSISTENCE_PATH"])
	t.Setenv(sdk.PluginDirEnv, pluginDir)
	for k, v := range e.Env {
		t.Setenv(k, v)
	}
	cfg, err := sdk.ConfigFromEnv()
	require.NoError(t, err)
	cfg.APIVersion = "v8"
	c, err := sdk.NewClient(t.Context(), cfg)
	require.NoError(t, err)
	defer c.Close()
	report, err := bulk.New(c).WriteRecords(t.Context(), &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert, Columns: []string{"Last_Name", "Company"}},
		func(yield func(sdk.Record, error) bool) {
			for _, name := range []string{"Tremblay", "Sato"} {
				if !yield(sdk.Record{"Last_Name": name, "Company": "Zylker"}, nil) {
					return
				}
			}
		}, &bulk.WaitOptions{MinInterval: 100 * time.Millisecond, MaxInterval: time.Second})
	require.NoError(t, err)
	require.Len(t, report.Rows, 2)
	assert.Empty(t, report.Failed())
	leads = jsonOf("GET", "Leads?fields=Last_Name")["body"].(map[string]any)["data"].([]any)
	assert.Len(t, leads, 5)
}
