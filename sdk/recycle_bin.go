package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// RecycleBinService reads and empties the org's recycle bin, and restores
// records from it (crm-oas group recycle_bin, settings/recycle_bin): the
// records of every module deleted and not yet gone for good. Deleting a
// record from the bin deletes it for good. OAuth scope:
// ZohoCRM.settings.recycle_bin.ALL (or .READ, .DELETE, and .UPDATE to
// restore).
type RecycleBinService service

// RecycledRecord is a record in the recycle bin. Fields without a Go field
// are kept in Extra.
type RecycledRecord struct {
	ID          string     `json:"id,omitempty"`
	DisplayName string     `json:"display_name,omitempty"`
	Module      *ModuleRef `json:"module,omitempty"`
	Owner       *Lookup    `json:"owner,omitempty"`
	DeletedBy   *Lookup    `json:"deleted_by,omitempty"`
	DeletedTime time.Time  `json:"deleted_time,omitzero"`

	kept
}

func (r *RecycledRecord) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r RecycledRecord) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// RecycleBinListOptions selects and orders the records of the recycle bin.
type RecycleBinListOptions struct {
	IDs []string // only these records
	// Filters selects records by module, display_name, owner.id or
	// deleted_by.id (sdk.Where("module", "equal", "Leads")).
	Filters *Criteria
	// SortBy is deleted_time (the default, most recent first) or
	// display_name; SortOrder asc or desc.
	SortBy, SortOrder string
	ListOptions
}

func (o *RecycleBinListOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return o.with("ids", strings.Join(o.IDs, ","), "filters", filtersParam(o.Filters), "sort_by", o.SortBy, "sort_order", o.SortOrder)
}

var recycleBin = keyed[RecycledRecord]{path: "settings/recycle_bin", key: "recycle_bin", what: "recycled record"}

// List returns one page of the recycle bin (an empty one is an empty
// slice).
func (s *RecycleBinService) List(ctx context.Context, opts *RecycleBinListOptions) ([]*RecycledRecord, *Response, error) {
	return recycleBin.list(ctx, s.client, opts.values())
}

// All iterates over the records of the recycle bin, page after page.
func (s *RecycleBinService) All(ctx context.Context, opts *RecycleBinListOptions) iter.Seq2[*RecycledRecord, error] {
	return recycleBin.all(ctx, s.client, opts.values())
}

// Get returns the record with this id from the recycle bin; Zoho answers
// one that is not there with 204, an *APIError with that status.
func (s *RecycleBinService) Get(ctx context.Context, id string) (*RecycledRecord, *Response, error) {
	return recycleBin.get(ctx, s.client, id, nil)
}

// Delete deletes records from the recycle bin for good, by id (?ids=, in
// batches of 100), and returns one result per id in input order.
func (s *RecycleBinService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return recycleBin.idsCall(ctx, s.client, http.MethodDelete, "", "ids", nil, MaxRecordsPerWrite, ids)
}

// DeleteWhere deletes for good the records of the recycle bin that filter
// selects (see RecycleBinListOptions.Filters); one result per record.
func (s *RecycleBinService) DeleteWhere(ctx context.Context, filter *Criteria) ([]*ActionResult, *Response, error) {
	if filter == nil {
		return nil, nil, &ValidationError{Field: "filter", Problem: "is nil"}
	}
	req := recycleBin.request(http.MethodDelete, "", url.Values{"filters": {filtersParam(filter)}})
	results, resp, err := fetchPageUnder[*ActionResult](ctx, s.client, req, recycleBin.key)
	for i, r := range results {
		if r == nil {
			return nil, resp, fmt.Errorf("zcrm: DELETE %s: Zoho answered null as the result of entry %d", recycleBin.path, i)
		}
		r.Index = i
	}
	return results, resp, err
}

// DeleteOne deletes the record with this id from the recycle bin for good.
func (s *RecycleBinService) DeleteOne(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return recycleBin.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}

// Restore puts the record with this id back in its module as it was
// (POST settings/recycle_bin/{id}/actions/restore, Zoho's "Restore
// Recycle Bin Records"), with its notes and attachments in the bin. A
// note whose parent is still in the bin is refused
// (CANNOT_RESTORE_WITHOUT_PARENT), as the error too.
func (s *RecycleBinService) Restore(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return recycleBin.action(ctx, s.client, http.MethodPost, url.PathEscape(id)+"/actions/restore", nil, nil)
}
