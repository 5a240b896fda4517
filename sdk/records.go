package sdk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
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

// Filter selects records by a flag of theirs, such as converted (Leads)
// or approved. The zero value leaves Zoho's default: unconverted and
// approved records.
type Filter string

// The values converted= and approved= take.
const (
	FilterTrue  Filter = "true"  // only records with the flag
	FilterFalse Filter = "false" // only records without it
	FilterBoth  Filter = "both"  // either
)

// RecordGetOptions shapes Get.
type RecordGetOptions struct {
	Fields []string // field API names to return; all when empty
	// IfModifiedSince asks for the record only if it changed after this
	// time; otherwise Zoho answers 304 and Response.NotModified is set.
	IfModifiedSince time.Time
}

// Get returns one record. With IfModifiedSince and no change, it returns
// a nil record and a Response with NotModified set. A record that does not
// exist (or is in the recycle bin) is an error matching ErrNotFound.
func (s *RecordsService) Get(ctx context.Context, module, id string, opts *RecordGetOptions) (Record, *Response, error) {
	rec, resp, err := getRecord[Record](ctx, s.client, module, id, opts)
	if rec == nil {
		return nil, resp, err
	}
	return *rec, resp, err
}

// getRecord is Get into T; a nil T for not modified.
func getRecord[T any](ctx context.Context, c *Client, module, id string, opts *RecordGetOptions) (*T, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/" + url.PathEscape(id), Query: url.Values{}}
	if opts != nil {
		if len(opts.Fields) > 0 {
			req.Query.Set("fields", strings.Join(opts.Fields, ","))
		}
		setIfModifiedSince(req, opts.IfModifiedSince)
	}
	var page dataPage[T]
	resp, err := c.Do(ctx, req, &page)
	if err != nil || resp.NotModified {
		return nil, resp, err
	}
	resp.Info = page.Info
	if len(page.Data) == 0 {
		return nil, resp, &APIError{StatusCode: http.StatusNotFound, Code: "NO_CONTENT", Message: "no " + module + " record with id " + id,
			Method: http.MethodGet, Path: "/" + module + "/" + id}
	}
	return &page.Data[0], resp, nil
}

// setIfModifiedSince sends the time the way Zoho wants it:
// 2019-07-25T15:26:49+05:30.
func setIfModifiedSince(req *Request, t time.Time) {
	if t.IsZero() {
		return
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("If-Modified-Since", t.Format(ZohoTimeLayout))
}

// RecordListOptions selects and orders the records List and All return.
type RecordListOptions struct {
	// Fields are the field API names to return. From API v8 Zoho requires
	// them; before, every field comes back when empty.
	Fields    []string
	SortBy    string // id, Created_Time or Modified_Time (Zoho's default: id)
	SortOrder string // asc or desc (Zoho's default: desc)
	CVID      string // a custom view's id
	IDs       []string
	Converted Filter // Leads: FilterTrue lists converted leads; Zoho's default leaves them out
	Approved  Filter
	// IfModifiedSince lists only records modified after this time; when
	// there are none, Zoho answers 304 and Response.NotModified is set.
	IfModifiedSince time.Time
	// PageToken continues a list past record 2000 (API v5+), from the last
	// answer's Response.Info.NextPageToken; Page is then ignored. All does
	// this by itself.
	PageToken string
	ListOptions
}

func (o *RecordListOptions) validate(c *Client) error {
	if o == nil {
		if c.apiMajor() >= 8 {
			return &ValidationError{Field: "Fields", Problem: "is required from API v8 on: list the field API names to return"}
		}
		return nil
	}
	if len(o.Fields) == 0 && c.apiMajor() >= 8 {
		return &ValidationError{Field: "Fields", Problem: "is required from API v8 on: list the field API names to return"}
	}
	if o.PerPage > MaxPerPage {
		return &ValidationError{Field: "PerPage", Problem: fmt.Sprintf("is %d; Zoho returns at most %d records a page", o.PerPage, MaxPerPage)}
	}
	for i, id := range o.IDs {
		if err := requireID(fmt.Sprintf("IDs[%d]", i), id); err != nil {
			return err
		}
	}
	return nil
}

func (o *RecordListOptions) request(module string) *Request {
	req := &Request{Method: http.MethodGet, Path: url.PathEscape(module), Query: url.Values{}}
	if o == nil {
		return req
	}
	q := req.Query
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
	if o.Converted != "" {
		q.Set("converted", string(o.Converted))
	}
	if o.Approved != "" {
		q.Set("approved", string(o.Approved))
	}
	if o.PageToken != "" {
		q.Set("page_token", o.PageToken)
		ListOptions{PerPage: o.PerPage}.encode(q)
	} else {
		o.ListOptions.encode(q)
	}
	setIfModifiedSince(req, o.IfModifiedSince)
	return req
}

// List returns one page of a module's records. An empty module, or no
// change since IfModifiedSince, gives an empty slice (the latter with
// Response.NotModified set). Response.Info has the paging.
func (s *RecordsService) List(ctx context.Context, module string, opts *RecordListOptions) ([]Record, *Response, error) {
	return listRecords[Record](ctx, s.client, module, opts)
}

func listRecords[T any](ctx context.Context, c *Client, module string, opts *RecordListOptions) ([]T, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := opts.validate(c); err != nil {
		return nil, nil, err
	}
	return fetchPage[T](ctx, c, opts.request(module))
}

// All iterates over every record of a module that opts select, 200 a page
// unless opts.PerPage says otherwise. Past record 2000 it continues with
// Zoho's page_token (API v5+); with an older API version it stops there
// with a *PageLimitError (errors.Is(err, ErrPageLimit)). Stop early by
// breaking out of the loop.
func (s *RecordsService) All(ctx context.Context, module string, opts *RecordListOptions) iter.Seq2[Record, error] {
	return allRecords[Record](ctx, s.client, module, opts)
}

func allRecords[T any](ctx context.Context, c *Client, module string, opts *RecordListOptions) iter.Seq2[T, error] {
	o := RecordListOptions{}
	if opts != nil {
		o = *opts
	}
	return walkPages(ctx, c, pageWalk[T]{
		op:         "Records.All(" + module + ")",
		start:      o.ListOptions,
		startToken: o.PageToken,
		hint:       "narrow the list with Records.SearchAll criteria, or a COQL query (Query.All) with a WHERE clause",
		fetch: func(p pageRequest) ([]T, *Response, error) {
			page := o
			page.ListOptions, page.PageToken = p.ListOptions, p.Token
			return listRecords[T](ctx, c, module, &page)
		},
	})
}
