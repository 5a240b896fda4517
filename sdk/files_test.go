package sdk_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestFilesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	path := filepath.Join(t.TempDir(), "report.pdf")
	content := bytes.Repeat([]byte("pdf!"), 50_000)
	require.NoError(t, os.WriteFile(path, content, 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()

	results, _, err := c.Files.Upload(ctx, []sdk.FileUpload{
		{Name: "report.pdf", Content: f},
		{Name: "notes.txt", Content: strings.NewReader("plain notes")},
	}, nil)
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.Equal(t, "report.pdf", results[0].Details["name"])
	name, data, ok := srv.File(results[0].ID())
	require.True(t, ok)
	assert.Equal(t, "report.pdf", name)
	assert.Equal(t, content, data, "streamed from the file whole")
	_, data, _ = srv.File(results[1].ID())
	assert.Equal(t, "plain notes", string(data))

	d, _, err := c.Files.Download(ctx, results[1].ID())
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, "plain notes", string(got))
	assert.Equal(t, "notes.txt", d.FileName)
	assert.Equal(t, "text/plain; charset=utf-8", d.ContentType)

	// Eleven files take two calls.
	var eleven []sdk.FileUpload
	for i := range 11 {
		eleven = append(eleven, sdk.FileUpload{Name: fmt.Sprintf("f%d.txt", i), Content: strings.NewReader(fmt.Sprint(i))})
	}
	sent := srv.Counters().APIRequests
	results, _, err = c.Files.Upload(ctx, eleven, &sdk.FileUploadOptions{Inline: true})
	require.NoError(t, err)
	require.Len(t, results, 11)
	assert.Equal(t, 2, srv.Counters().APIRequests-sent)
	_, data, _ = srv.File(results[10].ID())
	assert.Equal(t, "10", string(data))
	assert.Equal(t, 10, results[10].Index)

	var verr *sdk.ValidationError
	_, _, err = c.Files.Upload(ctx, []sdk.FileUpload{{Name: "big.bin", Content: io.LimitReader(zeros{}, sdk.MaxFileBytes+1)}}, nil)
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Files.Upload(ctx, []sdk.FileUpload{{Name: "", Content: strings.NewReader("x")}}, nil)
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Files.Download(ctx, "nope")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// Files go to the user's CRM API domain, as Zoho's upload-files-to-zfs
// page gives it ({api-domain}/crm/{version}/files).
func TestFilesDecodeZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	rs.queue(200, referenceSample(t, "75_files.json", "sample_response_v7_doc"))
	results, _, err := c.Files.Upload(testCtx(t), []sdk.FileUpload{
		{Name: "connections.txt", Content: strings.NewReader("a")}, {Name: "enable-signals.png", Content: strings.NewReader("b")},
	}, nil)
	require.NoError(t, err)
	assert.Equal(t, "POST /crm/v8/files", rs.lastSeen())
	assert.Equal(t, "2ccxxxxxxxxxxxb89e051a", results[1].ID())
	assert.Equal(t, "enable-signals.png", results[1].Details["name"])

	rs.queue(400, referenceSample(t, "75_files.json", "error_examples_v8_oas", "too_many_files"))
	_, _, err = c.Files.Upload(testCtx(t), []sdk.FileUpload{{Name: "a.txt", Content: strings.NewReader("a")}}, nil)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_REQUEST", apiErr.Code)
}
