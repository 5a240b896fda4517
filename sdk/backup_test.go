package sdk_test

import (
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestBackupAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, downloadConfig(t, srv))
	ctx := testCtx(t)
	const size = 1 << 20
	srv.SetJobTime(time.Minute)
	srv.SetExportFileSize(size)

	_, _, err := c.Backup.Get(ctx)
	assert.Equal(t, "NO_CONTENT", zohoCode(err), "never backed up")
	_, _, err = c.Backup.URLs(ctx)
	assert.Equal(t, "NO_CONTENT", zohoCode(err))
	_, _, err = c.Backup.Schedule(ctx, "every day")
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	// A backup now: it runs at once, for the job time of the emulator's
	// clock, and cannot be cancelled or doubled meanwhile.
	r, _, err := c.Backup.Schedule(ctx, "")
	require.NoError(t, err)
	id := r.ID()
	require.NotEmpty(t, id)
	b, _, err := c.Backup.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, id, b.ID)
	assert.Equal(t, "IN PROGRESS", b.Status)
	assert.Empty(t, b.RRule)
	assert.Equal(t, srv.Admin().ID, b.Requester.ID)
	_, _, err = c.Backup.Schedule(ctx, "")
	assert.Equal(t, "INPROGRESS", zohoCode(err))
	_, _, err = c.Backup.Cancel(ctx, id)
	assert.Equal(t, "INPROGRESS", zohoCode(err))
	_, _, err = c.Backup.URLs(ctx)
	assert.Equal(t, "NO_CONTENT", zohoCode(err), "no files before it completes")

	srv.Advance(2 * time.Minute)
	b, _, err = c.Backup.Wait(ctx, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "COMPLETED", b.Status)
	urls, _, err := c.Backup.URLs(ctx)
	require.NoError(t, err)
	require.Len(t, urls.DataLinks, 1)
	require.Len(t, urls.AttachmentLinks, 1)
	assert.WithinDuration(t, srv.Now().Add(7*24*time.Hour), urls.ExpiryDate, 2*time.Minute)

	// The files stream, and a download cut off resumes where it stopped.
	dl, _, err := c.Backup.Download(ctx, urls.DataLinks[0], 0)
	require.NoError(t, err)
	assert.Equal(t, "Data_001.zip", dl.FileName)
	assert.Equal(t, int64(size), dl.Size)
	head := make([]byte, 1000)
	_, err = io.ReadFull(dl, head)
	require.NoError(t, err)
	require.NoError(t, dl.Close(), "cut off after 1000 bytes")
	rest, _, err := c.Backup.Download(ctx, urls.DataLinks[0], 1000)
	require.NoError(t, err)
	assert.Equal(t, int64(size-1000), rest.Size)
	n, _ := compareStreams(t, io.MultiReader(readerOf(head), rest), zohotest.GeneratedContent(size))
	require.NoError(t, rest.Close())
	assert.Equal(t, int64(size), n)
	att, _, err := c.Backup.Download(ctx, urls.AttachmentLinks[0], 0)
	require.NoError(t, err)
	got, err := io.Copy(io.Discard, att)
	require.NoError(t, err)
	require.NoError(t, att.Close())
	assert.Equal(t, int64(size), got)
	_, _, err = c.Backup.Download(ctx, urls.DataLinks[0], 2*size)
	require.Error(t, err, "no range past the end")

	// A recurring backup waits for its day, and may be cancelled then.
	r, _, err = c.Backup.Schedule(ctx, "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1")
	require.NoError(t, err)
	monthly := r.ID()
	_, _, err = c.Backup.Schedule(ctx, "")
	assert.Equal(t, "BACKUP_ALREADY_SCHEDULED", zohoCode(err))
	b, _, err = c.Backup.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", b.Status)
	assert.Equal(t, "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1", b.RRule)
	assert.True(t, b.ScheduledDate.After(srv.Now()))
	_, _, err = c.Backup.Cancel(ctx, monthly)
	require.NoError(t, err)
	_, _, err = c.Backup.Cancel(ctx, monthly)
	assert.Equal(t, "ALREADY_CANCELLED", zohoCode(err))
	_, _, err = c.Backup.Cancel(ctx, "4150868000000000001")
	assert.Equal(t, "RESOURCE_NOT_FOUND", zohoCode(err))
	_, _, err = c.Backup.Cancel(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)

	var actions []string
	for e, err := range c.Backup.HistoryAll(ctx, &sdk.ListOptions{PerPage: 3}) {
		require.NoError(t, err)
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"BACKUP_CANCELLED", "BACKUP_SCHEDULED", "BACKUP_COMPLETED", "BACKUP_SCHEDULED"}, actions)

	// The links expire after 7 days.
	srv.Advance(8 * 24 * time.Hour)
	_, _, err = c.Backup.URLs(ctx)
	assert.Equal(t, "NO_CONTENT", zohoCode(err))
	_, _, err = c.Backup.Download(ctx, urls.DataLinks[0], 0)
	require.ErrorIs(t, err, sdk.ErrNotFound)
}

// downloadConfig is fileConfig with the emulator's upload host, which
// serves the files of backups and audit log exports as Zoho's download
// hosts do: the client sends its token there.
func downloadConfig(t testing.TB, srv *zohotest.Server) sdk.Config {
	cfg := fileConfig(t, srv)
	cfg.DataCenters = []sdk.DataCenter{{Name: "emulated US", Location: "us", AccountsURL: srv.URL, APIBaseURL: srv.URL, UploadURL: srv.UploadURL}}
	return cfg
}

// readerOf reads b.
func readerOf(b []byte) io.Reader { return &sliceReader{b} }

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// A backup file of 200 MB streams through the SDK with flat memory.
func TestBackupDownloadOf200MBStreams(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, downloadConfig(t, srv))
	ctx := testCtx(t)
	const size = 200 << 20
	srv.SetJobTime(0)
	srv.SetExportFileSize(size)
	_, _, err := c.Backup.Schedule(ctx, "")
	require.NoError(t, err)
	urls, _, err := c.Backup.URLs(ctx)
	require.NoError(t, err)
	streamLarge(t, "backup", size, func() (*sdk.Download, error) {
		dl, _, err := c.Backup.Download(ctx, urls.DataLinks[0], 0)
		return dl, err
	})
}

// streamLarge downloads a file of size bytes of generated content, compares
// it as it comes, and logs the heap before, after and at its peak.
func streamLarge(t *testing.T, what string, size int64, open func() (*sdk.Download, error)) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	dl, err := open()
	require.NoError(t, err)
	assert.Equal(t, size, dl.Size)
	n, peak := compareStreams(t, dl, zohotest.GeneratedContent(size))
	require.NoError(t, dl.Close())
	runtime.ReadMemStats(&after)
	assert.Equal(t, size, n)
	t.Logf("%d MB %s download: heap in use %d KB before, %d KB after, peak %d KB while reading; %d MB allocated in all",
		size>>20, what, before.HeapInuse>>10, after.HeapInuse>>10, peak>>10, (after.TotalAlloc-before.TotalAlloc)>>20)
	assert.Less(t, peak, before.HeapInuse+32<<20, "the heap never holds a sizeable part of the file")
}

func TestBackupKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "backup", map[string]documentedCall{
		"POST /crm/bulk/v8/backup 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Backup.Schedule(ctx, ""))
		},
		"GET /crm/bulk/v8/backup 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Backup.Get(ctx))
		},
		"GET /crm/bulk/v8/backup/urls 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Backup.URLs(ctx))
		},
		"GET /crm/bulk/v8/backup/history 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Backup.History(ctx, nil))
		},
		"PUT /crm/bulk/v8/backup/{id}/actions/cancel 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Backup.Cancel(ctx, "1"))
		},
	})
}
