package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// RelatedRecordsService reads a record's related lists and links and
// delinks records ({module}/{id}/{related_list}). Related records are
// Records.
type RelatedRecordsService service

// RelatedRecordsOptions selects the fields and page of a related list.
type RelatedRecordsOptions struct {
	// Fields to return; from v8 Zoho requires them.
	Fields []string
	ListOptions
}

// relatedPath builds {module}/{id}/{relatedList}[/{relatedID}], refusing
// empty parts.
func relatedPath(module, id, relatedList string, relatedID ...string) (string, error) {
	parts := []struct{ what, v string }{{"module", module}, {"id", id}, {"relatedList", relatedList}}
	for _, r := range relatedID {
		parts = append(parts, struct{ what, v string }{"relatedID", r})
	}
	segs := make([]string, len(parts))
	for i, p := range parts {
		if err := requireID(p.what, p.v); err != nil {
			return "", err
		}
		segs[i] = url.PathEscape(p.v)
	}
	return strings.Join(segs, "/"), nil
}

// List returns one page of the records in a record's related list, such
// as the Contacts of an Account or the Leads of a Campaign (the related
// list's API name, RelatedLists.List). Relation fields such as a
// campaign member's Member_Status come with the records. An empty list is
// an empty slice.
func (s *RelatedRecordsService) List(ctx context.Context, module, id, relatedList string, opts *RelatedRecordsOptions) ([]Record, *Response, error) {
	path, err := relatedPath(module, id, relatedList)
	if err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	if opts != nil {
		if len(opts.Fields) > 0 {
			q.Set("fields", strings.Join(opts.Fields, ","))
		}
		opts.ListOptions.encode(q)
	}
	return fetchPage[Record](ctx, s.client, &Request{Method: http.MethodGet, Path: path, Query: q})
}

// All iterates over every record of a related list, page by page.
func (s *RelatedRecordsService) All(ctx context.Context, module, id, relatedList string, opts *RelatedRecordsOptions) iter.Seq2[Record, error] {
	o := RelatedRecordsOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]Record, *Response, error) {
		o.ListOptions = lo
		return s.List(ctx, module, id, relatedList, &o)
	})
}

// Update links relatedID to the record through a related list, or updates
// the relation's fields if they are linked (PUT
// {module}/{id}/{related_list}/{related_id}). data holds the relation's
// fields (Member_Status for campaign members, list_price for a price
// book's products); Zoho wants some data, so nil sends just the id. Zoho
// links Campaigns with Leads and Contacts, and Products with Leads,
// Accounts, Contacts, Deals and Price_Books. A refused link is returned as
// a *RecordError.
func (s *RelatedRecordsService) Update(ctx context.Context, module, id, relatedList, relatedID string, data Record) (*ActionResult, *Response, error) {
	path, err := relatedPath(module, id, relatedList, relatedID)
	if err != nil {
		return nil, nil, err
	}
	entry := data.Clone()
	if entry == nil {
		entry = Record{}
	}
	switch entry.ID() {
	case "":
		entry["id"] = relatedID
	case relatedID:
	default:
		return nil, nil, &ValidationError{Field: "data", Problem: "has id " + entry.ID() + ", not the related record's " + relatedID}
	}
	req := &Request{Method: http.MethodPut, Path: path, Body: map[string]any{"data": []Record{entry}}}
	return single(s.client.doWrite(ctx, req, 1))
}

// Delete delinks relatedID from the record (DELETE
// {module}/{id}/{related_list}/{related_id}); both records stay.
func (s *RelatedRecordsService) Delete(ctx context.Context, module, id, relatedList, relatedID string) (*ActionResult, *Response, error) {
	path, err := relatedPath(module, id, relatedList, relatedID)
	if err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: path}, 1))
}
