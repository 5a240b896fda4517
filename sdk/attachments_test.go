package sdk_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// decodeSample decodes a reference payload (file, then keys into it).
func decodeSample(t *testing.T, v any, file string, keys ...string) {
	t.Helper()
	raw := referencePayload(t, file, keys[0])
	for _, k := range keys[1:] {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &m))
		require.Contains(t, m, k)
		raw = m[k]
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // as Client.Do decodes
	require.NoError(t, dec.Decode(v))
}

func TestAttachmentsDecodeZohoSamples(t *testing.T) {
	type list struct {
		Data []*sdk.Attachment `json:"data"`
		Info *sdk.PageInfo     `json:"info"`
	}
	type results struct {
		Data []*sdk.ActionResult `json:"data"`
	}
	for _, c := range []struct {
		name  string
		key   string
		check func(t *testing.T, key string)
	}{
		{"list v8", "sample_response_list_v8_official_(1_of_2)", func(t *testing.T, key string) {
			var l list
			decodeSample(t, &l, "30_attachments.json", key)
			a := l.Data[0]
			assert.Equal(t, "2876819000001935002", a.ID)
			assert.Equal(t, "Q4_Report.pdf", a.FileName)
			assert.Equal(t, int64(1048576), a.Size())
			assert.Equal(t, "File", a.Type)
			assert.False(t, a.IsLink())
			assert.Equal(t, "Leads", a.SEModule)
			assert.Equal(t, "2876819000001234567", a.Parent().ID)
			assert.Equal(t, "John Doe", a.Parent().Name)
			assert.Equal(t, "test@zohocorp.com", a.Owner().Email)
			assert.Equal(t, "John CRM", a.CreatedBy().Name)
			assert.Equal(t, "John CRM", a.ModifiedBy().Name)
			assert.Equal(t, time.Date(2025, 12, 11, 6, 4, 53, 0, time.UTC), a.CreatedTime().UTC())
			assert.False(t, a.ModifiedTime().IsZero())
			assert.Contains(t, a.Extra(), "$state")
			assert.False(t, l.Info.MoreRecords)
		}},
		{"list early v2 (flat ids)", "sample_response_list_v2_EARLY_doc_copy", func(t *testing.T, key string) {
			var l list
			decodeSample(t, &l, "30_attachments.json", key)
			a := l.Data[0]
			assert.Equal(t, "External-Api-Automation.html", a.FileName)
			assert.Equal(t, int64(985160), a.Size())
			assert.Equal(t, &sdk.Lookup{ID: "1000000028468", Name: "Patricia Boyle"}, a.Owner())
			assert.Equal(t, "Patricia Boyle", a.CreatedBy().Name)
			assert.Equal(t, "1000000231009", a.Parent().ID)
			assert.Equal(t, time.Date(2016, 3, 30, 20, 29, 35, 0, time.UTC), a.CreatedTime())
		}},
		{"upload v2", "sample_response_upload_v2_doc_copy", func(t *testing.T, key string) {
			var r results
			decodeSample(t, &r, "30_attachments.json", key)
			assert.True(t, r.Data[0].OK())
			assert.Equal(t, "1000000231009", r.Data[0].ID())
			assert.Equal(t, "attachment uploaded successfully", r.Data[0].Message)
		}},
		{"upload v8", "sample_response_upload_v8_official", func(t *testing.T, key string) {
			var r results
			decodeSample(t, &r, "30_attachments.json", key)
			assert.Equal(t, "2876819000002738705", r.Data[0].ID())
			assert.NoError(t, r.Data[0].Err())
		}},
		{"delete v2", "sample_response_delete_v2_doc_copy", func(t *testing.T, key string) {
			var r results
			decodeSample(t, &r, "30_attachments.json", key)
			assert.Equal(t, "2883756000000261017", r.Data[0].ID())
			assert.Equal(t, "record deleted", r.Data[0].Message)
		}},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, c.key) })
	}
}

// Round trip: an attachment of a few MB goes up and comes back byte for
// byte, streamed on the way down.
func TestAttachmentUploadDownloadSameBytes(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Files"})[0]

	const size = 6 << 20
	rng := rand.New(rand.NewPCG(1, 2))
	content := make([]byte, size)
	for i := range content {
		content[i] = byte(rng.Uint32())
	}
	res, _, err := c.Attachments.Upload(ctx, "Leads", lead, "quarterly report.pdf", bytes.NewReader(content))
	require.NoError(t, err)
	require.True(t, res.OK())
	id := res.ID()
	require.NotEmpty(t, id)

	list, _, err := c.Attachments.List(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, id, list[0].ID)
	assert.Equal(t, "quarterly report.pdf", list[0].FileName)
	assert.Equal(t, int64(size), list[0].Size())
	assert.Equal(t, lead, list[0].Parent().ID)
	assert.Equal(t, srv.Admin().Email, list[0].Owner().Email)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	dl, _, err := c.Attachments.Download(ctx, "Leads", lead, id)
	require.NoError(t, err)
	h := sha256.New()
	n, err := io.Copy(h, dl)
	require.NoError(t, err)
	require.NoError(t, dl.Close())
	runtime.ReadMemStats(&after)

	assert.Equal(t, int64(size), n)
	assert.Equal(t, sha256.Sum256(content), [32]byte(h.Sum(nil)))
	assert.Equal(t, "quarterly report.pdf", dl.FileName)
	assert.Equal(t, "application/pdf", dl.ContentType)
	assert.Equal(t, int64(size), dl.Size)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(size/4), "the download is streamed, not read into memory")
}

func TestAttachmentLinksAndDelete(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	contact := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Links"})[0]

	res, _, err := c.Attachments.AttachLink(ctx, "Contacts", contact, "https://www.zohocorp.com/about", "About Zoho")
	require.NoError(t, err)
	linkID := res.ID()
	_, _, err = c.Attachments.Upload(ctx, "Contacts", contact, "notes.txt", strings.NewReader("plain text"))
	require.NoError(t, err)

	var got []*sdk.Attachment
	for a, err := range c.Attachments.All(ctx, "Contacts", contact, &sdk.AttachmentListOptions{ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		got = append(got, a)
	}
	require.Len(t, got, 2, "two pages of one")
	assert.True(t, got[0].IsLink())
	assert.Equal(t, "https://www.zohocorp.com/about", got[0].LinkURL)
	assert.Equal(t, "About Zoho", got[0].FileName)
	assert.False(t, got[1].IsLink())

	_, _, err = c.Attachments.AttachLink(ctx, "Contacts", contact, "https://www.zohocorp.com/about", "")
	assert.ErrorIs(t, err, sdk.ErrDuplicateData)

	del, _, err := c.Attachments.Delete(ctx, "Contacts", contact, linkID)
	require.NoError(t, err)
	assert.Equal(t, linkID, del.ID())
	_, _, err = c.Attachments.Download(ctx, "Contacts", contact, linkID)
	assert.ErrorIs(t, err, sdk.ErrNotFound)
	list, _, err := c.Attachments.List(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

func TestAttachmentErrors(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "E"})[0]

	srv.ResetCounters()
	var verr *sdk.ValidationError
	for _, call := range []func() error{
		func() error { _, _, err := c.Attachments.List(ctx, "", lead, nil); return err },
		func() error {
			_, _, err := c.Attachments.Upload(ctx, "Leads", "", "f.txt", strings.NewReader("x"))
			return err
		},
		func() error {
			_, _, err := c.Attachments.Upload(ctx, "Leads", lead, "", strings.NewReader("x"))
			return err
		},
		func() error { _, _, err := c.Attachments.Download(ctx, "Leads", lead, " "); return err },
		func() error { _, _, err := c.Attachments.Delete(ctx, "Leads/1", lead, "2"); return err },
		func() error { _, _, err := c.Attachments.AttachLink(ctx, "Leads", lead, "not a url", ""); return err },
	} {
		require.ErrorAs(t, call(), &verr)
	}
	assert.Zero(t, srv.Counters().APIRequests, "nothing invalid reaches Zoho")

	srv.SetUploadLimits(256<<10, 0)
	_, _, err := c.Attachments.Upload(ctx, "Leads", lead, "big.bin", bytes.NewReader(make([]byte, 1<<20)))
	require.ErrorIs(t, err, sdk.ErrFileTooLarge)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusRequestEntityTooLarge, apiErr.StatusCode)

	_, _, err = c.Attachments.List(ctx, "Leads", "123", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "no such record")
	list, resp, err := c.Attachments.List(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.NotNil(t, list)
	assert.Empty(t, list)
}

// BenchmarkAttachmentDownload streams a 4 MB attachment through the SDK and
// with net/http alone from the same emulator, alternating the two in one
// loop, and reports the ratio (sdk/raw) and the bytes allocated per SDK
// download.
func BenchmarkAttachmentDownload(b *testing.B) {
	srv := emulator(b)
	cfg := fileConfig(b, srv)
	c := readyClient(b, srv, cfg)
	ctx := testCtx(b)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Bench"})[0]
	const size = 4 << 20
	res, _, err := c.Attachments.Upload(ctx, "Leads", lead, "bench.bin", bytes.NewReader(make([]byte, size)))
	require.NoError(b, err)
	id := res.ID()
	access := readTokens(b, cfg).AccessToken
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	buf := make([]byte, 32<<10)

	rawCall := func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/crm/v2/Leads/"+lead+"/Attachments/"+id, nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+access)
		resp, err := raw.Do(req)
		require.NoError(b, err)
		n, _ := io.CopyBuffer(io.Discard, resp.Body, buf)
		resp.Body.Close()
		require.Equal(b, int64(size), n)
	}
	var allocs uint64
	sdkCall := func() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		dl, _, err := c.Attachments.Download(ctx, "Leads", lead, id)
		require.NoError(b, err)
		n, _ := io.CopyBuffer(io.Discard, dl, buf)
		dl.Close()
		runtime.ReadMemStats(&after)
		allocs += after.TotalAlloc - before.TotalAlloc
		require.Equal(b, int64(size), n)
	}
	rawCall()
	sdkCall()
	allocs = 0

	b.SetBytes(size)
	var rawTime, sdkTime time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		rawCall()
		t1 := time.Now()
		sdkCall()
		sdkTime += time.Since(t1)
		rawTime += t1.Sub(t0)
	}
	b.ReportMetric(float64(sdkTime)/float64(rawTime), "sdk/raw")
	b.ReportMetric(float64(allocs)/float64(b.N), "sdk-alloc-B/op")
}

// TestAttachmentUploadStreamsAFileAndRetries uploads from a file on disk:
// the body is streamed with its length, and sent again whole when Zoho
// answers 429, whether the file reads at offsets or only seeks.
func TestAttachmentUploadStreamsAFileAndRetries(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MB
	path := filepath.Join(t.TempDir(), "big.bin")
	require.NoError(t, os.WriteFile(path, content, 0o600))

	for name, open := range map[string]func(*os.File) io.Reader{
		"reader at offsets": func(f *os.File) io.Reader { return f },
		"seeker only":       func(f *os.File) io.Reader { return struct{ io.ReadSeeker }{f} },
	} {
		t.Run(name, func(t *testing.T) {
			srv := emulator(t)
			c := readyClient(t, srv, fileConfig(t, srv))
			ctx := testCtx(t)
			lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Streams"})[0]
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()

			var lengths []int64
			var mu sync.Mutex
			srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", Match: func(r *http.Request) bool {
				mu.Lock()
				defer mu.Unlock()
				lengths = append(lengths, r.ContentLength)
				return false
			}})
			srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"0"}}, Times: 1})

			res, _, err := c.Attachments.Upload(ctx, "Leads", lead, "big.bin", open(f))
			require.NoError(t, err)
			require.True(t, res.OK())

			mu.Lock()
			require.Len(t, lengths, 2, "one 429, one retry")
			assert.Greater(t, lengths[0], int64(len(content)), "sent with a Content-Length, not chunked")
			assert.Equal(t, lengths[0], lengths[1], "the retry sends the whole file again")
			mu.Unlock()

			dl, _, err := c.Attachments.Download(ctx, "Leads", lead, res.ID())
			require.NoError(t, err)
			defer dl.Close()
			got, err := io.ReadAll(dl)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(content, got), "downloaded bytes differ from the file")
		})
	}
}

// TestAttachmentUploadFromAStream uploads from a reader that cannot seek.
func TestAttachmentUploadFromAStream(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Pipes"})[0]
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.WriteString(pw, "streamed ")
		_, _ = io.WriteString(pw, "content")
		pw.Close()
	}()
	res, _, err := c.Attachments.Upload(ctx, "Leads", lead, "s.txt", pr)
	require.NoError(t, err)
	dl, _, err := c.Attachments.Download(ctx, "Leads", lead, res.ID())
	require.NoError(t, err)
	defer dl.Close()
	got, err := io.ReadAll(dl)
	require.NoError(t, err)
	assert.Equal(t, "streamed content", string(got))
}

// Attachments deleted several at once: one result per id.
func TestAttachmentsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Files"})[0]
	var ids []string
	for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
		r, _, err := c.Attachments.Upload(ctx, "Leads", lead, name, strings.NewReader(name))
		require.NoError(t, err)
		ids = append(ids, r.ID())
	}

	results, _, err := c.Attachments.DeleteMany(ctx, "Leads", lead, ids[0], ids[2], "111")
	require.NoError(t, err, "one refused id is a result, not the call's error")
	require.Len(t, results, 3)
	assert.NoError(t, results[0].Err())
	assert.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData)
	left, _, err := c.Attachments.List(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	require.Len(t, left, 1)
	assert.Equal(t, ids[1], left[0].ID)

	_, _, err = c.Attachments.DeleteMany(ctx, "Leads", "111", ids[1])
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such record")
	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.Attachments.DeleteMany(ctx, "Leads", lead, "")
	assert.ErrorAs(t, err, &invalid)
	assert.Equal(t, before, srv.Counters().APIRequests)
}

// A 200 MB attachment streams through the SDK: the emulator makes its
// bytes as it sends them, the test compares them as they come, and the
// heap stays far below the file's size.
func TestAttachmentDownloadOf200MBStreams(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Big"})[0]
	const size = 200 << 20
	id := srv.AttachGenerated("Leads", lead, "export.bin", size)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	dl, _, err := c.Attachments.Download(ctx, "Leads", lead, id)
	require.NoError(t, err)
	assert.Equal(t, int64(size), dl.Size)
	n, peak := compareStreams(t, dl, zohotest.GeneratedContent(size))
	require.NoError(t, dl.Close())
	runtime.ReadMemStats(&after)
	assert.Equal(t, int64(size), n)
	t.Logf("200 MB download: heap in use %d KB before, %d KB after, peak %d KB while reading; %d MB allocated in all",
		before.HeapInuse>>10, after.HeapInuse>>10, peak>>10, (after.TotalAlloc-before.TotalAlloc)>>20)
	assert.Less(t, peak, before.HeapInuse+32<<20, "the heap never holds a sizeable part of the file")
}

// compareStreams reads got and want in step, 1 MB at a time, failing at
// the first difference, and returns the bytes read and the highest heap
// in use seen meanwhile.
func compareStreams(t *testing.T, got, want io.Reader) (int64, uint64) {
	t.Helper()
	a, b := make([]byte, 1<<20), make([]byte, 1<<20)
	var n int64
	var peak uint64
	var ms runtime.MemStats
	for {
		k, errA := io.ReadFull(got, a)
		_, errB := io.ReadFull(want, b[:k])
		require.NoError(t, errB, "more bytes than the file has, at %d", n)
		require.True(t, bytes.Equal(a[:k], b[:k]), "bytes differ in the MB at %d", n)
		n += int64(k)
		if n%(16<<20) == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			_, err := want.Read(b[:1])
			require.ErrorIs(t, err, io.EOF, "the download ended early, at %d", n)
			return n, peak
		}
		require.NoError(t, errA)
	}
}

func TestAttachmentsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "attachments", map[string]documentedCall{
		"DELETE /crm/v8/{module}/{record_id}/Attachments 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Attachments.DeleteMany(ctx, "Leads", "1", "2"))
		},
		"DELETE /crm/v8/{module}/{record_id}/Attachments/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Attachments.Delete(ctx, "Leads", "1", "2"))
		},
		"GET /crm/v8/{module}/{record_id}/Attachments 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Attachments.List(ctx, "Leads", "1", nil))
		},
		"POST /crm/v8/{module}/{record_id}/Attachments 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Attachments.Upload(ctx, "Leads", "1", "a.txt", strings.NewReader("a")))
		},
	})
}
