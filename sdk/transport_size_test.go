package sdk_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// bodyCounter counts the bytes the SDK reads of the answers of one host.
type bodyCounter struct {
	host string
	read atomic.Int64
}

func (b *bodyCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.URL.Host == b.host {
		resp.Body = &countedBody{ReadCloser: resp.Body, n: &b.read}
	}
	return resp, err
}

type countedBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *countedBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// endlessCRM answers every CRM call with a user whose name goes on for
// size bytes, without a Content-Length, flushed as it goes.
func endlessCRM(t *testing.T, size int) *httptest.Server {
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		_, _ = io.WriteString(w, `{"users":[{"id":"1","last_name":"`)
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for written := 0; written < size; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client went away
			}
			w.(http.Flusher).Flush()
		}
		_, _ = io.WriteString(w, `"}]}`)
	}))
	t.Cleanup(crm.Close)
	return crm
}

// sizedClient is a client whose CRM calls go to crm, counting what it
// reads of them.
func sizedClient(t *testing.T, crm *httptest.Server, limit int64) (*sdk.Client, *bodyCounter) {
	srv := emulator(t)
	counter := &bodyCounter{host: crm.Listener.Addr().String()}
	cfg := fileConfig(t, srv)
	cfg.APIBaseURL = crm.URL
	cfg.MaxResponseBytes = limit
	cfg.HTTPClient = &http.Client{Transport: counter}
	return readyClient(t, srv, cfg), counter
}

// An answer larger than Config.MaxResponseBytes fails with a typed error
// once the SDK has read the limit, not after reading it all.
func TestAnswerOverTheLimitIsRefused(t *testing.T) {
	const limit = 1 << 20
	crm := endlessCRM(t, 1<<30) // a gigabyte, were it read to the end
	c, counter := sizedClient(t, crm, limit)

	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrResponseTooLarge)
	var tooLarge *sdk.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(limit), tooLarge.Limit)
	assert.Equal(t, int64(-1), tooLarge.ContentLength)
	assert.Equal(t, "/users", tooLarge.Path)
	for _, want := range []string{"GET /users", "is larger than the 1 MiB", "Config.MaxResponseBytes", "DoStream"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.LessOrEqual(t, counter.read.Load(), int64(limit+1), "the SDK read past its limit")
	assert.Greater(t, counter.read.Load(), int64(limit/2))
}

// An announced Content-Length over the limit fails before any byte is
// read; the default limit is DefaultMaxResponseBytes.
func TestAnnouncedLengthOverTheDefaultLimit(t *testing.T) {
	announced := int64(sdk.DefaultMaxResponseBytes + 1)
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.FormatInt(announced, 10))
		_, _ = io.WriteString(w, `{"users":[`) // and never the rest
	}))
	t.Cleanup(crm.Close)
	c, counter := sizedClient(t, crm, 0)

	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrResponseTooLarge)
	var tooLarge *sdk.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(sdk.DefaultMaxResponseBytes), tooLarge.Limit)
	assert.Equal(t, announced, tooLarge.ContentLength)
	assert.Contains(t, err.Error(), "answer is "+strconv.FormatInt(announced, 10)+" bytes, over the 64 MiB")
	assert.Zero(t, counter.read.Load())
}

// An answer of exactly the limit decodes; one byte more does not.
func TestAnswerAtTheLimit(t *testing.T) {
	body := []byte(`{"users":[{"id":"1","last_name":"Exact","email":"exact@example.com"}]}`)
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.(http.Flusher).Flush() // chunked: no Content-Length to go by
		_, _ = w.Write(body)
	}))
	t.Cleanup(crm.Close)

	c, _ := sizedClient(t, crm, int64(len(body)))
	u, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, "Exact", u.LastName)

	c, _ = sizedClient(t, crm, int64(len(body)-1))
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrResponseTooLarge)
}

// Streams are the caller's to read: DoStream and Do into an io.Writer
// are not limited.
func TestStreamsAreNotLimited(t *testing.T) {
	const limit = 64 << 10
	const size = 4 << 20
	crm := endlessCRM(t, size)
	c, _ := sizedClient(t, crm, limit)

	resp, err := c.DoStream(testCtx(t), &sdk.Request{Path: "users"})
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Greater(t, n, int64(size))

	var buf bytes.Buffer
	_, err = c.Do(testCtx(t), &sdk.Request{Path: "users"}, &buf)
	require.NoError(t, err)
	assert.Greater(t, buf.Len(), size)
}
