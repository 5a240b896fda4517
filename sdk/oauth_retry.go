package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// accountsTransport carries every request to Zoho's accounts server (grant
// exchange, refresh, revoke, user info), whatever builds it:
//   - each attempt, the reading of the answer included, is bounded by
//     Config.Timeout and the caller's context, whichever ends first; an
//     attempt that timed out is not sent again, so the wait stays bounded;
//   - 5xx answers and cut connections are retried with the API's backoff,
//     except a grant exchange that may have reached Zoho (grant codes are
//     single-use), which is sent again only when it never left;
//   - error answers lose the client secret and every token value before
//     anything reads them, so no error text can carry one.
type accountsTransport struct {
	cfg  Config
	next http.RoundTripper
}

// accountsHTTPClient wraps hc's transport in an accountsTransport.
func accountsHTTPClient(cfg Config, hc *http.Client) *http.Client {
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c := *hc
	c.Transport = &accountsTransport{cfg: cfg, next: next}
	return &c
}

// maxAccountsAnswer bounds what is read of an accounts answer.
const maxAccountsAnswer = 1 << 20

func (t *accountsTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sent, grant := sentSecrets(req)
	resend := !grant
	for attempt := 0; ; attempt++ {
		resp, err := t.try(req, attempt)
		retry := attempt < t.cfg.MaxRetries
		switch {
		case err == nil && resp.StatusCode >= 500 && resend && retry:
			// Retried below.
		case err == nil:
			return t.scrubbed(resp, sent), nil
		case req.Context().Err() != nil:
			return nil, req.Context().Err()
		case errors.Is(err, context.DeadlineExceeded):
			return nil, &accountsError{timeout: t.cfg.Timeout, tries: attempt + 1, err: err}
		case !retry || !(resend || notSent(err)):
			return nil, &accountsError{tries: attempt + 1, err: err}
		}
		if !sleepCtx(req.Context(), backoff(t.cfg, attempt)) {
			return nil, req.Context().Err()
		}
	}
}

// try sends one attempt and reads its whole answer within the attempt's
// time.
func (t *accountsTransport) try(req *http.Request, attempt int) (*http.Response, error) {
	r := req
	if attempt > 0 && req.Body != nil {
		if req.GetBody == nil {
			return nil, errors.New("the request's body cannot be sent again")
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r = req.Clone(req.Context())
		r.Body = body
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.cfg.Timeout)
	defer cancel()
	resp, err := t.next.RoundTrip(r.WithContext(ctx))
	if err != nil {
		return nil, timedOut(ctx, req, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAccountsAnswer))
	if err != nil {
		return nil, timedOut(ctx, req, fmt.Errorf("reading the answer (HTTP %d): %w", resp.StatusCode, err))
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// timedOut marks err as the attempt's timeout when it was that, rather than
// the caller's context.
func timedOut(ctx context.Context, req *http.Request, err error) error {
	if ctx.Err() == context.DeadlineExceeded && req.Context().Err() == nil {
		return fmt.Errorf("%w (%v)", context.DeadlineExceeded, err)
	}
	return err
}

// scrubbed removes secrets from an error answer: the configured client
// secrets always (they never belong in an answer), the values the request
// carried and anything shaped like a Zoho token when Zoho answers an error.
// A success answer keeps its tokens.
func (t *accountsTransport) scrubbed(resp *http.Response, sent []string) *http.Response {
	body, _ := io.ReadAll(resp.Body) // a bytes.Reader from try
	clean := scrubSecrets(string(body), configSecrets(t.cfg), false)
	if resp.StatusCode >= 400 || oauthErrorAnswer(body) {
		clean = scrubSecrets(clean, sent, true)
	}
	resp.Body = io.NopCloser(strings.NewReader(clean))
	resp.ContentLength = int64(len(clean))
	return resp
}

// oauthErrorAnswer reports whether a 2xx answer is one of Zoho's errors
// ({"error": ...} with HTTP 200).
func oauthErrorAnswer(body []byte) bool {
	var answer struct {
		Error any `json:"error"`
	}
	return json.Unmarshal(body, &answer) == nil && answer.Error != nil && answer.Error != ""
}

// sentSecrets returns the secret values a request carries (client secret,
// grant code, refresh token, token to revoke, the bearer token), and
// whether it is a grant exchange.
func sentSecrets(req *http.Request) (values []string, grant bool) {
	if auth := req.Header.Get("Authorization"); auth != "" {
		if _, tok, ok := strings.Cut(auth, " "); ok {
			values = append(values, tok)
		}
	}
	form := req.URL.Query()
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(body, maxAccountsAnswer))
			body.Close()
			if f, err := url.ParseQuery(string(b)); err == nil {
				for k, v := range f {
					form[k] = append(form[k], v...)
				}
			}
		}
	}
	for _, k := range []string{"client_secret", "code", "refresh_token", "token", "access_token"} {
		values = append(values, form[k]...)
	}
	return values, form.Get("grant_type") == "authorization_code"
}

// scrubSecrets replaces each of values in s, and with tokenShapes anything
// shaped like a Zoho token. Values shorter than 8 characters are left, as
// replacing them would mangle ordinary text.
func scrubSecrets(s string, values []string, tokenShapes bool) string {
	if tokenShapes {
		return redactSecrets(s, values)
	}
	for _, v := range values {
		if len(v) >= 8 {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}

// accountsError is a request to the accounts server that got no usable
// answer: a cut connection, an unreachable server, or no answer in time.
// net/http wraps it in a *url.Error, which names the request.
type accountsError struct {
	timeout time.Duration // set when the attempt timed out
	tries   int
	err     error
}

func (e *accountsError) Error() string {
	if e.timeout > 0 {
		return fmt.Sprintf("waiting for Zoho's accounts server: no answer within %v (Config.Timeout); %s", e.timeout, accountsHint)
	}
	return fmt.Sprintf("Zoho's accounts server failed after %d %s: %v; %s", e.tries, plural(e.tries, "try", "tries"), e.err, accountsHint)
}

func (e *accountsError) Unwrap() error { return e.err }

func (e *accountsError) Is(target error) bool { return target == ErrAccountsUnavailable }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// backoff is the wait before retry attempt+1: exponential with full jitter
// between RetryWaitMin and RetryWaitMax, for API and accounts calls alike.
func backoff(cfg Config, attempt int) time.Duration {
	ceiling := cfg.RetryWaitMin << attempt
	if ceiling <= 0 || ceiling > cfg.RetryWaitMax {
		ceiling = cfg.RetryWaitMax
	}
	return cfg.RetryWaitMin/2 + rand.N(ceiling-cfg.RetryWaitMin/2+1)
}

// sleepCtx waits d, or less if ctx ends first; it reports whether the wait
// ran its course.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
