package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// DeletedType selects deleted records: in the recycle bin, gone for good,
// or both.
type DeletedType string

// The deleted record types Zoho lists.
const (
	DeletedAll       DeletedType = "all"
	DeletedRecycle   DeletedType = "recycle"
	DeletedPermanent DeletedType = "permanent"
)

// DeletedRecord is a deleted record as GET {module}/deleted lists it.
// Permanently deleted ones have no display name or users. Fields without
// a Go field are kept in Extra.
type DeletedRecord struct {
	ID          string    `json:"id,omitempty"`
	DisplayName string    `json:"display_name,omitempty"`
	Type        string    `json:"type,omitempty"` // "recycle" or "permanent"
	DeletedBy   *Lookup   `json:"deleted_by,omitempty"`
	CreatedBy   *Lookup   `json:"created_by,omitempty"`
	DeletedTime time.Time `json:"deleted_time,omitzero"`

	kept
}

func (d *DeletedRecord) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d DeletedRecord) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// DeletedListOptions selects deleted records.
type DeletedListOptions struct {
	Type DeletedType // DeletedAll when empty
	// IfModifiedSince lists only records deleted after this time; when
	// there are none Zoho answers 304 and Response.NotModified is set.
	IfModifiedSince time.Time
	ListOptions
}

// ListDeleted returns one page of a module's deleted records, most recent
// first. None is an empty slice.
func (s *RecordsService) ListDeleted(ctx context.Context, module string, opts *DeletedListOptions) ([]*DeletedRecord, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	o := DeletedListOptions{}
	if opts != nil {
		o = *opts
	}
	typ := o.Type
	if typ == "" {
		typ = DeletedAll
	}
	req := &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/deleted", Query: url.Values{"type": {string(typ)}}}
	o.ListOptions.encode(req.Query)
	setIfModifiedSince(req, o.IfModifiedSince)
	return fetchPage[*DeletedRecord](ctx, s.client, req)
}

// AllDeleted iterates over every deleted record of a module that opts
// select, page by page.
func (s *RecordsService) AllDeleted(ctx context.Context, module string, opts *DeletedListOptions) iter.Seq2[*DeletedRecord, error] {
	o := DeletedListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*DeletedRecord, *Response, error) {
		page := o
		page.ListOptions = lo
		return s.ListDeleted(ctx, module, &page)
	})
}
