package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/zcrm-go/zcrm/internal/calltrace"
)

const authHeaderPrefix = "Zoho-oauthtoken "

// Version is the SDK's version, sent in the User-Agent.
const Version = "0.1.0"

var userAgent = "zcrm-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"

// maxRetryAfter is the longest wait the SDK accepts from a 429 before it
// gives up and returns the error with Zoho's hint instead.
const maxRetryAfter = 2 * time.Minute

// Request is one call to the CRM API. Path is relative to
// {api_base_url}/crm/{api_version}/, such as "Leads" or "users/123".
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	// Body is encoded as JSON; nil sends no body.
	Body any
	// RawBody and ContentType send a prepared body instead, such as a
	// multipart upload.
	RawBody     []byte
	ContentType string
	// GetBody, when set, streams the body instead: it is called once per
	// attempt and must return the whole body from its start each time.
	// ContentLength is its length, or -1 if unknown.
	GetBody       func() (io.ReadCloser, error)
	ContentLength int64
	// Base says where Path is relative to: the versioned CRM API by default,
	// the API domain's root (bulk APIs), the user's file upload host, or
	// none (Path is a whole URL on a Zoho host). See hosts.go.
	Base Base

	// records is how many records a write sends: Zoho counts writes of
	// more than 10 in its sub-concurrency.
	records int
}

// Response wraps Zoho's HTTP answer with what the SDK read from it. Its
// Body is closed except for DoStream's.
type Response struct {
	*http.Response
	RateLimit RateLimit
	// Info is the paging information of list answers.
	Info *PageInfo
	// NotModified: Zoho answered 304 to If-Modified-Since.
	NotModified bool
}

// RateLimit holds Zoho's X-RATELIMIT-* headers. Zero values mean the header
// was absent (current API versions send few of them).
type RateLimit struct {
	Limit        int       // X-RATELIMIT-LIMIT: calls allowed in the window
	Remaining    int       // X-RATELIMIT-REMAINING
	Reset        time.Time // X-RATELIMIT-RESET: when the window resets
	DayLimit     int       // X-RATELIMIT-DAY-LIMIT
	DayRemaining int       // X-RATELIMIT-DAY-REMAINING
	// AccessTokenReset (X-ACCESSTOKEN-RESET) is when the access token
	// expires, as Zoho sees it.
	AccessTokenReset time.Time
}

// PageInfo is the "info" object of list answers. The fields without a Go
// field are kept in Extra: the info of custom views, for one, names the
// default view (default) and the categories' labels (translation).
type PageInfo struct {
	PerPage           int    `json:"per_page"`
	Count             int    `json:"count"`
	Page              int    `json:"page"`
	MoreRecords       bool   `json:"more_records"`
	NextPageToken     string `json:"next_page_token,omitempty"`
	PreviousPageToken string `json:"previous_page_token,omitempty"`
	PageTokenExpiry   string `json:"page_token_expiry,omitempty"`
	SortBy            string `json:"sort_by,omitempty"`
	SortOrder         string `json:"sort_order,omitempty"`

	kept
}

func (p *PageInfo) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p PageInfo) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// DefaultMaxResponseBytes is how much of an answer the SDK reads into
// memory by default (Config.MaxResponseBytes). Zoho's largest JSON
// answers, a page of 200 wide records with long text fields or a COQL
// answer of 2000 records, are some tens of megabytes at most; 64 MiB
// leaves room for those while a runaway answer cannot take the process's
// memory with it (decoded, JSON takes several times its size).
const DefaultMaxResponseBytes = 64 << 20

// ErrResponseTooLarge: an answer was larger than Config.MaxResponseBytes.
// The error is a *ResponseTooLargeError.
var ErrResponseTooLarge = errors.New("zcrm: answer too large")

// ResponseTooLargeError stops the decoding of an answer larger than
// Config.MaxResponseBytes; the SDK read at most that much of it.
type ResponseTooLargeError struct {
	Method, Path string
	Limit        int64 // Config.MaxResponseBytes
	// ContentLength is the length Zoho announced, or -1 when it did not.
	ContentLength int64
}

func (e *ResponseTooLargeError) Error() string {
	size := "larger than"
	if e.ContentLength > 0 {
		size = byteSize(e.ContentLength) + ", over"
	}
	return fmt.Sprintf("zcrm: %s %s: Zoho's answer is %s the %s the SDK reads into memory (Config.MaxResponseBytes); "+
		"ask for fewer records a page, raise the limit, or read the answer with DoStream", e.Method, e.Path, size, byteSize(e.Limit))
}

// Is matches ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// Do sends req for the client's user and decodes a JSON answer into v.
// A 204 leaves v untouched; a 304 sets Response.NotModified. If v is an
// io.Writer the body is copied into it, however long. Errors are
// *APIError for Zoho's error answers, and *ResponseTooLargeError for an
// answer to decode larger than Config.MaxResponseBytes.
func (c *Client) Do(ctx context.Context, req *Request, v any) (*Response, error) {
	ctx = calltrace.MarkRaw(ctx, "(*Client).Do")
	resp, err := c.send(ctx, req, false)
	if err != nil {
		return resp, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusNotModified || v == nil {
		// Drain a little, so the connection can be reused; a longer body
		// costs the connection instead.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp, nil
	}
	if w, ok := v.(io.Writer); ok {
		_, err = io.Copy(w, resp.Body)
		return resp, err
	}
	body := io.Reader(resp.Body)
	if limit := c.core.cfg.MaxResponseBytes; limit > 0 {
		tooLarge := &ResponseTooLargeError{Method: req.Method, Path: "/" + strings.TrimLeft(req.Path, "/"), Limit: limit, ContentLength: resp.ContentLength}
		if resp.ContentLength > limit {
			return resp, tooLarge
		}
		body = &cappedReader{r: resp.Body, left: limit, tooLarge: tooLarge}
	}
	dec := json.NewDecoder(body)
	dec.UseNumber() // numbers in Records keep their exact text
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		var tooLarge *ResponseTooLargeError
		if errors.As(err, &tooLarge) {
			return resp, tooLarge
		}
		return resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's answer: %w", req.Method, req.Path, err)
	}
	return resp, nil
}

// cappedReader reads at most left bytes of r, then fails with tooLarge if
// r has more.
type cappedReader struct {
	r        io.Reader
	left     int64
	tooLarge error
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.tooLarge
	}
	// One byte past the limit tells a body of exactly the limit from a
	// longer one.
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, c.tooLarge
	}
	return n, err
}

// DoStream sends req and returns the answer with its body open, for
// downloads. The caller closes Response.Body. Config.Timeout bounds the
// wait for the answer's headers, not the reading of the body: bound that
// with ctx.
func (c *Client) DoStream(ctx context.Context, req *Request) (*Response, error) {
	ctx = calltrace.MarkRaw(ctx, "(*Client).DoStream")
	return c.send(ctx, req, true)
}

// send authenticates, sends and retries; the answer it returns is a success
// (2xx or 304) with its body open, or an error. Each attempt is bounded by
// Config.Timeout, the reading of the body included unless stream is set.
func (c *Client) send(ctx context.Context, req *Request, stream bool) (*Response, error) {
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	body, contentType, err := req.encode()
	if err != nil {
		return nil, err
	}
	user, err := c.resolveUser(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := c.core.tokens.token(ctx, user)
	if err != nil {
		return nil, err
	}
	var rejected []string // access tokens Zoho answered 401 to in this call
	complexCall := req.complexCall()
	for attempt := 0; ; attempt++ {
		endpoint, err := c.core.cfg.endpoint(req, tok.APIDomain)
		if err != nil {
			return nil, err
		}
		if len(req.Query) > 0 {
			endpoint += "?" + req.Query.Encode()
		}
		attemptCtx, cancel := attemptContext(ctx, c.core.cfg.Timeout)
		httpReq, err := req.newHTTPRequest(attemptCtx, endpoint, body)
		if err != nil {
			cancel.cancel()
			return nil, fmt.Errorf("zcrm: %s %s: %w", req.Method, req.Path, err)
		}
		for k, vs := range req.Header {
			httpReq.Header[k] = vs
		}
		if contentType != "" {
			httpReq.Header.Set("Content-Type", contentType)
		}
		httpReq.Header.Set("Authorization", authHeaderPrefix+tok.AccessToken)
		httpReq.Header.Set("User-Agent", userAgent)
		httpReq.Header.Set("Accept", "application/json")
		calltrace.Mark(ctx, httpReq.Header)

		release, err := c.core.limiter.acquire(ctx, user, complexCall, req.concurrencyUnits())
		if err != nil {
			cancel.cancel()
			return nil, fmt.Errorf("zcrm: %s %s: waiting for a free call slot (Zoho's concurrency limit): %w", req.Method, req.Path, err)
		}
		cancel.onDone(release)
		start := time.Now()
		c.core.apiRequests.Add(1)
		httpResp, err := c.core.http.Do(httpReq)
		if err != nil {
			cancel.cancel()
			c.core.logger.Debug("api request failed", "method", req.Method, "path", req.Path, "attempt", attempt+1, "error", err)
			if ctx.Err() != nil {
				return nil, fmt.Errorf("zcrm: %s %s: %w", req.Method, req.Path, ctx.Err())
			}
			if attempt < c.core.cfg.MaxRetries && (idempotent(req.Method) || notSent(err)) {
				if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
					return nil, err
				}
				continue
			}
			return nil, fmt.Errorf("zcrm: %s %s: %w", req.Method, req.Path, err)
		}
		if stream && httpResp.StatusCode < 400 {
			cancel.stopTimer()
		}
		httpResp.Body = &cancelOnClose{ReadCloser: httpResp.Body, cancel: cancel.cancel}
		resp := newResponse(httpResp, c.core.cfg.Now())
		c.core.logger.Debug("api request", "method", req.Method, "path", req.Path, "status", httpResp.StatusCode,
			"attempt", attempt+1, "duration", time.Since(start).Round(time.Microsecond))

		if httpResp.StatusCode < 400 {
			return resp, nil
		}
		apiErr := readAPIError(httpResp, req)
		apiErr.scrub(append(configSecrets(c.core.cfg), tok.AccessToken))
		if httpResp.StatusCode == http.StatusTooManyRequests {
			c.core.limiter.throttled(user, complexCall)
		}
		switch {
		case httpResp.StatusCode == http.StatusUnauthorized && apiErr.Code == "INVALID_TOKEN" && len(rejected) < maxRenewals:
			// Revoked, or expired early: refresh through the usual path
			// and try again. The store may hand back a token expired by
			// the same event (another process's); a second 401 gets a
			// renewal under the store's lock (tokenManager.renew).
			rejected = append(rejected, tok.AccessToken)
			attempt--
			if tok, err = c.core.tokens.renew(ctx, user, rejected); err != nil {
				return resp, err
			}
			continue
		case httpResp.StatusCode == http.StatusTooManyRequests && attempt < c.core.cfg.MaxRetries:
			wait, ok := retryAfter(httpResp, c.core.cfg.Now())
			if !ok {
				wait = c.backoff(attempt)
			}
			apiErr.RetryAfter = wait
			if wait > maxRetryAfter {
				return resp, apiErr
			}
			c.core.logger.Info("rate limited by Zoho; waiting", "path", req.Path, "wait", wait)
			if err := c.sleep(ctx, wait); err != nil {
				return resp, err
			}
			continue
		case httpResp.StatusCode >= 500 && idempotent(req.Method) && attempt < c.core.cfg.MaxRetries:
			if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
				return resp, err
			}
			continue
		}
		if httpResp.StatusCode == http.StatusTooManyRequests {
			if wait, ok := retryAfter(httpResp, c.core.cfg.Now()); ok {
				apiErr.RetryAfter = wait
			}
		}
		return resp, apiErr
	}
}

// newHTTPRequest builds one attempt's request, with a fresh body.
func (r *Request) newHTTPRequest(ctx context.Context, endpoint string, body []byte) (*http.Request, error) {
	if r.GetBody == nil {
		return http.NewRequestWithContext(ctx, r.Method, endpoint, bytesOrNil(body))
	}
	rc, err := r.GetBody()
	if err != nil {
		return nil, err
	}
	httpReq, err := http.NewRequestWithContext(ctx, r.Method, endpoint, rc)
	if err != nil {
		rc.Close()
		return nil, err
	}
	httpReq.ContentLength = r.ContentLength
	httpReq.GetBody = r.GetBody
	return httpReq, nil
}

func (r *Request) encode() ([]byte, string, error) {
	if r.RawBody != nil || r.GetBody != nil {
		return r.RawBody, r.ContentType, nil
	}
	if r.Body == nil {
		return nil, "", nil
	}
	b, err := json.Marshal(r.Body)
	if err != nil {
		return nil, "", fmt.Errorf("zcrm: %s %s: encoding the request: %w", r.Method, r.Path, err)
	}
	return b, "application/json", nil
}

func bytesOrNil(b []byte) io.Reader {
	if b == nil {
		return nil
	}
	return bytes.NewReader(b)
}

// idempotent methods may be sent again after a failure that may have
// reached Zoho.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// notSent reports whether err happened before the request left: a failed
// dial is safe to retry whatever the method.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is exponential with full jitter, between RetryWaitMin and
// RetryWaitMax.
func (c *Client) backoff(attempt int) time.Duration {
	return backoff(c.core.cfg, attempt)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryAfter reads Retry-After (seconds or a date), then X-RATELIMIT-RESET.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if v := resp.Header.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	// The reset is the credit window's: it says when to come back only
	// once the credits are spent. A 429 with credits left is the
	// concurrency limit, and a short backoff is the wait.
	if remaining, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("X-RATELIMIT-REMAINING"))); err == nil && remaining > 0 {
		return 0, false
	}
	if reset := parseReset(resp.Header.Get("X-RATELIMIT-RESET"), now); !reset.IsZero() {
		return max(reset.Sub(now), 0), true
	}
	return 0, false
}

// parseReset reads X-RATELIMIT-RESET, which Zoho's SDKs describe as
// milliseconds: an epoch time when large, else a wait.
func parseReset(v string, now time.Time) time.Time {
	ms, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}
	}
	if ms > 1e12 {
		return time.UnixMilli(ms)
	}
	return now.Add(time.Duration(ms) * time.Millisecond)
}

func newResponse(r *http.Response, now time.Time) *Response {
	resp := &Response{Response: r, NotModified: r.StatusCode == http.StatusNotModified}
	h := r.Header
	atoi := func(k string) int { n, _ := strconv.Atoi(strings.TrimSpace(h.Get(k))); return n }
	resp.RateLimit = RateLimit{
		Limit:        atoi("X-RATELIMIT-LIMIT"),
		Remaining:    atoi("X-RATELIMIT-REMAINING"),
		Reset:        parseReset(h.Get("X-RATELIMIT-RESET"), now),
		DayLimit:     atoi("X-RATELIMIT-DAY-LIMIT"),
		DayRemaining: atoi("X-RATELIMIT-DAY-REMAINING"),
	}
	if v := h.Get("X-ACCESSTOKEN-RESET"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			resp.RateLimit.AccessTokenReset = t
		} else if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
			resp.RateLimit.AccessTokenReset = time.UnixMilli(ms)
		}
	}
	return resp
}

// readAPIError reads Zoho's error envelope, at the top level or as the one
// entry of "data", and closes the body.
func readAPIError(r *http.Response, req *Request) *APIError {
	defer r.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	e := &APIError{StatusCode: r.StatusCode, Method: req.Method, Path: "/" + strings.TrimLeft(req.Path, "/"), body: body}
	var envelope struct {
		apiErrorBody
		Data []apiErrorBody `json:"data"`
	}
	if json.Unmarshal(body, &envelope) == nil {
		b := envelope.apiErrorBody
		if b.Code == "" && len(envelope.Data) > 0 {
			b = envelope.Data[0]
		}
		e.Code, e.Message, e.Details = b.Code, b.Message, b.Details
	}
	if e.Code == "" && e.Message == "" {
		e.Message = http.StatusText(r.StatusCode)
		if s := shortBody(body); s != "" {
			e.Message += ": " + s
		}
	}
	return e
}

type apiErrorBody struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
	Status  string         `json:"status"`
}

// attempt is the context of one try: cancelled when its timer fires, or
// when the answer's body is closed.
type attempt struct {
	timer  *time.Timer
	cancel context.CancelFunc
	done   func()
}

func attemptContext(ctx context.Context, timeout time.Duration) (context.Context, *attempt) {
	actx, cancel := context.WithCancelCause(ctx)
	a := &attempt{}
	a.cancel = func() {
		a.timer.Stop()
		cancel(nil)
		if a.done != nil {
			a.done()
		}
	}
	a.timer = time.AfterFunc(timeout, func() { cancel(context.DeadlineExceeded) })
	return actx, a
}

// onDone runs f when the attempt ends (its body closed, or it failed).
func (a *attempt) onDone(f func()) { a.done = f }

// stopTimer lets the body be read for as long as it takes.
func (a *attempt) stopTimer() { a.timer.Stop() }

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
