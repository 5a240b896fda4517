package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Several calls of Zoho CRM schedule a job and answer its id at once: mass
// convert of leads and of inventory records, mass delete of tags, a merge
// of records with many related records, a view's mass delete or change of
// owner. The job's state is then read by GET at a path with ?job_id=, under
// a JSON key of the group's ("data", "merge", "mass_delete") or as the
// whole answer. job is that shape, once: a group declares its status type
// and key, and its Schedule/Status/Wait methods call schedule, status and
// wait.

// job is a kind of background job whose state Zoho answers as S.
type job[S any, P jobState[S]] struct {
	// resultKey is the JSON key of the scheduling call's one result, and
	// statusKey the one the state is under; "" when it is the whole
	// answer.
	resultKey, statusKey string
	what                 string // for errors: "mass convert"
}

// jobState is a job's state: it can say whether the job has ended.
type jobState[S any] interface {
	*S
	Done() bool
}

// jobEnded reports whether a job's status text says it ended, however
// Zoho writes it (COMPLETED, Completed, completed, FAILED, failed,
// FAILURE).
func jobEnded(status string) bool {
	switch strings.ToLower(status) {
	case "completed", "failed", "failure":
		return true
	}
	return false
}

// schedule sends the call that schedules the job and returns Zoho's one
// result for it (its JobID, or for work done at once its ID), read under
// resultKey.
func (j job[S, P]) schedule(ctx context.Context, c *Client, req *Request) (*ActionResult, *Response, error) {
	return oneResult(ctx, c, req, j.resultKey)
}

// oneResult sends req and returns the one result Zoho answers for it:
// under key, or the whole answer ({"code","details","message","status"})
// when key is "". A refusal is also the error.
func oneResult(ctx context.Context, c *Client, req *Request, key string) (*ActionResult, *Response, error) {
	if key != "" {
		return single(c.keyedWrite(ctx, req, key, 1))
	}
	var result ActionResult
	resp, err := c.Do(ctx, req, &result)
	if err != nil {
		return nil, resp, err
	}
	return &result, resp, result.Err()
}

// JobID returns the id of the job a call scheduled (details.job_id), or
// "" when Zoho did the work at once.
func (r *ActionResult) JobID() string {
	s, _ := stringOf(r.Details["job_id"])
	return s
}

// status reads the state of the job with this id at path (relative to the
// CRM API), with the query extra adds.
func (j job[S, P]) status(ctx context.Context, c *Client, path, jobID string, extra url.Values) (P, *Response, error) {
	if err := requireID("jobID", jobID); err != nil {
		return nil, nil, err
	}
	q := url.Values{"job_id": {jobID}}
	for k, v := range extra {
		q[k] = v
	}
	var raw json.RawMessage
	resp, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: q}, &raw)
	if err != nil {
		return nil, resp, err
	}
	state, err := j.decode(raw)
	if err != nil {
		return nil, resp, fmt.Errorf("zcrm: %s job %s: %w", j.what, jobID, err)
	}
	return state, resp, nil
}

// decode reads the state out of Zoho's answer: the first entry under
// statusKey, or the answer itself.
func (j job[S, P]) decode(raw json.RawMessage) (P, error) {
	if j.statusKey != "" {
		var body map[string][]json.RawMessage
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, fmt.Errorf("decoding Zoho's answer: %w", err)
		}
		if len(body[j.statusKey]) == 0 {
			return nil, fmt.Errorf("no status under %q in Zoho's answer", j.statusKey)
		}
		raw = body[j.statusKey][0]
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("empty answer from Zoho")
	}
	state := P(new(S))
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(state); err != nil {
		return nil, fmt.Errorf("decoding Zoho's answer: %w", err)
	}
	return state, nil
}

// WaitOptions tune how a job is waited for: the first wait between two
// polls is MinInterval (default 1 s), each next one twice the last, up to
// MaxInterval (default 30 s). The wait ends with the caller's context.
type WaitOptions struct {
	MinInterval, MaxInterval time.Duration
}

func (o *WaitOptions) intervals() (time.Duration, time.Duration) {
	lo, hi := time.Second, 30*time.Second
	if o != nil && o.MinInterval > 0 {
		lo = o.MinInterval
	}
	if o != nil && o.MaxInterval > 0 {
		hi = o.MaxInterval
	}
	return lo, max(lo, hi)
}

// wait polls the job's state with backoff until it has ended, and returns
// that last state (a failed job is a state, not an error). The context's
// end stops it with the last state read.
func (j job[S, P]) wait(ctx context.Context, jobID string, opts *WaitOptions, poll func(context.Context) (P, *Response, error)) (P, *Response, error) {
	interval, maxInterval := opts.intervals()
	for {
		state, resp, err := poll(ctx)
		if err != nil || state.Done() {
			return state, resp, err
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return state, resp, fmt.Errorf("zcrm: waiting for %s job %s: %w", j.what, jobID, ctx.Err())
		case <-t.C:
		}
		interval = min(2*interval, maxInterval)
	}
}
