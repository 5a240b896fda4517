package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// RecordsService reads and writes the records of a module ({module}).
type RecordsService service

// MaxRecordsPerWrite is the most records Zoho takes in one write; the SDK
// splits longer slices into batches of this size.
const MaxRecordsPerWrite = 100

// ActionResult is Zoho's answer for one record of a write: status, code,
// message and details (the id, times and users for a success).
type ActionResult struct {
	Status  string         `json:"status"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
	// Action and DuplicateField are set by upsert: "insert" or "update",
	// and the field that matched an existing record.
	Action         string `json:"action,omitempty"`
	DuplicateField string `json:"duplicate_field,omitempty"`
	// Index is the record's position in the caller's input.
	Index int `json:"-"`
}

// OK reports whether the record was written.
func (r *ActionResult) OK() bool { return strings.EqualFold(r.Status, "success") }

// ID returns the written record's id (details.id).
func (r *ActionResult) ID() string {
	s, _ := stringOf(r.Details["id"])
	return s
}

// Err returns nil for a success, else a *RecordError.
func (r *ActionResult) Err() error {
	if r.OK() {
		return nil
	}
	return &RecordError{Index: r.Index, Code: r.Code, Message: r.Message, Details: r.Details}
}

// RecordError is the failure of one record of a write.
type RecordError struct {
	Index   int // position in the caller's input
	Code    string
	Message string
	Details map[string]any
}

// Field returns the field Zoho blamed (details.api_name), if any.
func (e *RecordError) Field() string {
	s, _ := stringOf(e.Details["api_name"])
	return s
}

func (e *RecordError) Error() string {
	msg := fmt.Sprintf("zcrm: record %d: %s: %s", e.Index, e.Code, e.Message)
	if f := e.Field(); f != "" {
		msg += " (field " + f + ")"
	}
	return msg
}

// Is matches the sentinel of the error's code.
func (e *RecordError) Is(target error) bool {
	s, ok := codeSentinels[e.Code]
	return ok && s == target
}

// WriteErrors joins the errors of the failed results, or returns nil when
// every record was written.
func WriteErrors(results []*ActionResult) error {
	var errs []error
	for _, r := range results {
		if err := r.Err(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

type recordsPage struct {
	Data []Record  `json:"data"`
	Info *PageInfo `json:"info"`
}

// Get returns one record.
func (s *RecordsService) Get(ctx context.Context, module, id string) (Record, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	var page recordsPage
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/" + url.PathEscape(id)}, &page)
	if err != nil {
		return nil, resp, err
	}
	if len(page.Data) == 0 {
		return nil, resp, &APIError{StatusCode: http.StatusNotFound, Code: "NO_CONTENT", Message: "no " + module + " record with id " + id,
			Method: http.MethodGet, Path: "/" + module + "/" + id}
	}
	return page.Data[0], resp, nil
}

// RecordListOptions selects and orders the records List returns.
type RecordListOptions struct {
	Fields    []string // field API names to return (mandatory from v8)
	SortBy    string
	SortOrder string // asc or desc
	CVID      string // custom view id
	IDs       []string
	ListOptions
}

func (o *RecordListOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
	if o.SortBy != "" {
		q.Set("sort_by", o.SortBy)
	}
	if o.SortOrder != "" {
		q.Set("sort_order", o.SortOrder)
	}
	if o.CVID != "" {
		q.Set("cvid", o.CVID)
	}
	if len(o.IDs) > 0 {
		q.Set("ids", strings.Join(o.IDs, ","))
	}
	o.ListOptions.encode(q)
	return q
}

// List returns one page of a module's records; an empty module gives an
// empty slice.
func (s *RecordsService) List(ctx context.Context, module string, opts *RecordListOptions) ([]Record, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	var page recordsPage
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module), Query: opts.query()}, &page)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = page.Info
	if page.Data == nil {
		page.Data = []Record{}
	}
	return page.Data, resp, nil
}

// Create inserts records, in batches of 100, and returns one result per
// record in input order. A record Zoho refuses is a failed result, not an
// error: see ActionResult.Err and WriteErrors. A record with an id is
// refused before anything is sent.
func (s *RecordsService) Create(ctx context.Context, module string, records []Record) ([]*ActionResult, *Response, error) {
	for i, r := range records {
		if r.ID() != "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("records[%d]", i), Problem: "has an id (" + r.ID() + "); use Update for existing records"}
		}
	}
	return s.write(ctx, http.MethodPost, module, records)
}

// Update changes records, each identified by its "id" field, in batches of
// 100; one result per record in input order. A record without an id is
// refused before anything is sent.
func (s *RecordsService) Update(ctx context.Context, module string, records []Record) ([]*ActionResult, *Response, error) {
	for i, r := range records {
		if r.ID() == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("records[%d]", i), Problem: "has no id; Update needs the id of each record"}
		}
	}
	return s.write(ctx, http.MethodPut, module, records)
}

func (s *RecordsService) write(ctx context.Context, method, module string, records []Record) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if len(records) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.batched(ctx, len(records), func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := &Request{Method: method, Path: url.PathEscape(module), Body: map[string]any{"data": records[lo:hi]}}
		return s.client.doWrite(ctx, req, hi-lo)
	})
}

// batched runs write over [lo,hi) windows of at most MaxRecordsPerWrite and
// numbers the results by input position. It stops at the first batch that
// fails as a whole, returning the results so far with the error.
func (s *RecordsService) batched(ctx context.Context, n int, write func(lo, hi int) ([]*ActionResult, *Response, error)) ([]*ActionResult, *Response, error) {
	results := make([]*ActionResult, 0, n)
	var last *Response
	for lo := 0; lo < n; lo += MaxRecordsPerWrite {
		hi := min(lo+MaxRecordsPerWrite, n)
		batch, resp, err := write(lo, hi)
		last = resp
		if err != nil {
			return results, resp, fmt.Errorf("zcrm: writing records %d to %d of %d: %w", lo, hi-1, n, err)
		}
		for i, r := range batch {
			r.Index = lo + i
			results = append(results, r)
		}
	}
	return results, last, nil
}

// doWrite sends a write of n records and returns Zoho's per-record answers,
// which come with 200, 201, 202, 207, or 400 when every record failed.
func (c *Client) doWrite(ctx context.Context, req *Request, n int) ([]*ActionResult, *Response, error) {
	var body struct {
		Data []*ActionResult `json:"data"`
	}
	resp, err := c.Do(ctx, req, &body)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if results, ok := perRecordResults(apiErr.body, n); ok {
			body.Data, err = results, nil
		}
	}
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) != n {
		return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho answered %d results for %d records", req.Method, req.Path, len(body.Data), n)
	}
	return body.Data, resp, nil
}

// perRecordResults reads an error answer that is really one failure per
// record: no top-level code, and one data entry per record sent.
func perRecordResults(body []byte, n int) ([]*ActionResult, bool) {
	var answer struct {
		Code string          `json:"code"`
		Data []*ActionResult `json:"data"`
	}
	if json.Unmarshal(body, &answer) != nil || answer.Code != "" || len(answer.Data) != n {
		return nil, false
	}
	return answer.Data, true
}

// Delete deletes records by id, in batches of 100; one result per id in
// input order.
func (s *RecordsService) Delete(ctx context.Context, module string, ids ...string) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.batched(ctx, len(ids), func(lo, hi int) ([]*ActionResult, *Response, error) {
		q := url.Values{"ids": {strings.Join(ids[lo:hi], ",")}}
		return s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: url.PathEscape(module), Query: q}, hi-lo)
	})
}
