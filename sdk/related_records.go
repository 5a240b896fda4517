package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// RelatedRecordsService reads a record's related lists and links and
// delinks records ({module}/{id}/{related_list}; crm-oas group
// related_records). Related records are Records. Each call names the
// parent record, and the related record where there is one, by id or (the
// ByExternal calls, API v2.1+) by an external value (External). OAuth
// scope: ZohoCRM.modules.{module}.READ to read, .UPDATE to link, .DELETE
// to delink (or ZohoCRM.modules.ALL).
type RelatedRecordsService service

// RelatedRecordsOptions selects the fields and page of a related list.
type RelatedRecordsOptions struct {
	// Fields to return; from v8 Zoho requires them.
	Fields []string
	ListOptions
}

func (o *RelatedRecordsOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	return o.with("fields", strings.Join(o.Fields, ","))
}

// relatedAt is where a related-records call goes: the parent record, its
// related list and, for one related record, that record.
type relatedAt struct {
	module  string
	parent  External
	list    string
	related *External
}

func relatedTo(module, id, list string) relatedAt {
	return relatedAt{module: module, parent: External{Value: id}, list: list}
}

func (a relatedAt) one(related External) relatedAt {
	a.related = &related
	return a
}

// request builds the call's path, {module}/{parent}/{list}[/{related}]
// with prefix before it, and the X-EXTERNAL header naming the external
// fields of the sides given by external value; empty parts are refused.
func (a relatedAt) request(method, prefix string) (*Request, error) {
	if err := requireID("module", a.module); err != nil {
		return nil, err
	}
	if err := a.parent.check("parent"); err != nil {
		return nil, err
	}
	if err := requireID("relatedList", a.list); err != nil {
		return nil, err
	}
	segs := []string{url.PathEscape(a.module), prefix + url.PathEscape(a.parent.Value), url.PathEscape(a.list)}
	headers := []string{a.parent.header(a.module)}
	if a.related != nil {
		if err := a.related.check("related"); err != nil {
			return nil, err
		}
		module := a.related.Module
		if module == "" {
			module = a.list
		}
		segs = append(segs, url.PathEscape(a.related.Value))
		headers = append(headers, a.related.header(module))
	}
	return &Request{Method: method, Path: strings.Join(segs, "/"), Header: externalHeader(headers...)}, nil
}

// List returns one page of the records in a record's related list, such
// as the Contacts of an Account or the Leads of a Campaign (the related
// list's API name, RelatedLists.List). Relation fields such as a
// campaign member's Member_Status come with the records. An empty list is
// an empty slice.
func (s *RelatedRecordsService) List(ctx context.Context, module, id, relatedList string, opts *RelatedRecordsOptions) ([]Record, *Response, error) {
	return s.list(ctx, relatedTo(module, id, relatedList), "", opts)
}

// All iterates over every record of a related list, page by page.
func (s *RelatedRecordsService) All(ctx context.Context, module, id, relatedList string, opts *RelatedRecordsOptions) iter.Seq2[Record, error] {
	return s.all(ctx, relatedTo(module, id, relatedList), "", opts)
}

// ListByExternal is List for the record named by an external value
// (GET {module}/{external_value}/{related_list}, X-EXTERNAL).
func (s *RelatedRecordsService) ListByExternal(ctx context.Context, module string, parent External, relatedList string, opts *RelatedRecordsOptions) ([]Record, *Response, error) {
	return s.list(ctx, relatedAt{module: module, parent: parent, list: relatedList}, "", opts)
}

// AllByExternal is All for the record named by an external value.
func (s *RelatedRecordsService) AllByExternal(ctx context.Context, module string, parent External, relatedList string, opts *RelatedRecordsOptions) iter.Seq2[Record, error] {
	return s.all(ctx, relatedAt{module: module, parent: parent, list: relatedList}, "", opts)
}

// DeletedRelatedOptions select the related records of a deleted record.
type DeletedRelatedOptions struct {
	// Fields to return; Zoho requires them.
	Fields []string
	// IDs keeps the related records with these ids.
	IDs []string
	ListOptions
}

// ListDeleted returns one page of a related list of a record in the
// recycle bin (GET {module}/deleted/{id}/{related_list}): what was
// related to it when it was deleted, such as its notes or a campaign's
// members.
func (s *RelatedRecordsService) ListDeleted(ctx context.Context, module, id, relatedList string, opts *DeletedRelatedOptions) ([]Record, *Response, error) {
	return s.list(ctx, relatedTo(module, id, relatedList), "deleted/", opts.relatedOptions())
}

// AllDeleted iterates over a related list of a record in the recycle
// bin, page by page.
func (s *RelatedRecordsService) AllDeleted(ctx context.Context, module, id, relatedList string, opts *DeletedRelatedOptions) iter.Seq2[Record, error] {
	return s.all(ctx, relatedTo(module, id, relatedList), "deleted/", opts.relatedOptions())
}

// relatedOptions adds ids= to the fields and page.
func (o *DeletedRelatedOptions) relatedOptions() *relatedListOptions {
	if o == nil {
		return &relatedListOptions{}
	}
	return &relatedListOptions{RelatedRecordsOptions{Fields: o.Fields, ListOptions: o.ListOptions}, o.IDs}
}

type relatedListOptions struct {
	RelatedRecordsOptions
	ids []string
}

type relatedListQuery interface {
	listQuery() (url.Values, ListOptions)
}

func (o *RelatedRecordsOptions) listQuery() (url.Values, ListOptions) {
	if o == nil {
		return url.Values{}, ListOptions{}
	}
	return o.values(), o.ListOptions
}

func (o *relatedListOptions) listQuery() (url.Values, ListOptions) {
	q := o.values()
	if len(o.ids) > 0 {
		q.Set("ids", strings.Join(o.ids, ","))
	}
	return q, o.ListOptions
}

func (s *RelatedRecordsService) list(ctx context.Context, at relatedAt, prefix string, opts relatedListQuery) ([]Record, *Response, error) {
	req, err := at.request(http.MethodGet, prefix)
	if err != nil {
		return nil, nil, err
	}
	req.Query, _ = opts.listQuery()
	return fetchPage[Record](ctx, s.client, req)
}

func (s *RelatedRecordsService) all(ctx context.Context, at relatedAt, prefix string, opts relatedListQuery) iter.Seq2[Record, error] {
	q, start := opts.listQuery()
	return paginate(ctx, start, func(lo ListOptions) ([]Record, *Response, error) {
		req, err := at.request(http.MethodGet, prefix)
		if err != nil {
			return nil, nil, err
		}
		req.Query = url.Values{}
		for k, v := range q {
			req.Query[k] = v
		}
		lo.encode(req.Query)
		return fetchPage[Record](ctx, s.client, req)
	})
}

// Get returns one record of a record's related list (GET
// {module}/{id}/{related_list}/{related_id}), with its relation's fields.
// A record that is not in the list is an error matching ErrNotFound.
func (s *RelatedRecordsService) Get(ctx context.Context, module, id, relatedList, relatedID string, opts *RecordGetOptions) (Record, *Response, error) {
	return s.get(ctx, relatedTo(module, id, relatedList).one(External{Value: relatedID}), opts)
}

// GetByExternal is Get with either record named by an external value
// (X-EXTERNAL); an External without Field names a record by its id.
func (s *RelatedRecordsService) GetByExternal(ctx context.Context, module string, parent External, relatedList string, related External, opts *RecordGetOptions) (Record, *Response, error) {
	return s.get(ctx, relatedAt{module: module, parent: parent, list: relatedList}.one(related), opts)
}

func (s *RelatedRecordsService) get(ctx context.Context, at relatedAt, opts *RecordGetOptions) (Record, *Response, error) {
	req, err := at.request(http.MethodGet, "")
	if err != nil {
		return nil, nil, err
	}
	return oneRecord(ctx, s.client, req, opts, "record "+at.related.Value+" in the related list "+at.list)
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
	return s.link(ctx, relatedTo(module, id, relatedList).one(External{Value: relatedID}), data)
}

// UpdateByExternal is Update with either record named by an external
// value (X-EXTERNAL); an External without Field names a record by its id.
func (s *RelatedRecordsService) UpdateByExternal(ctx context.Context, module string, parent External, relatedList string, related External, data Record) (*ActionResult, *Response, error) {
	return s.link(ctx, relatedAt{module: module, parent: parent, list: relatedList}.one(related), data)
}

func (s *RelatedRecordsService) link(ctx context.Context, at relatedAt, data Record) (*ActionResult, *Response, error) {
	req, err := at.request(http.MethodPut, "")
	if err != nil {
		return nil, nil, err
	}
	entry := data.Clone()
	if entry == nil {
		entry = Record{}
	}
	switch entry.ID() {
	case "":
		entry["id"] = at.related.Value
	case at.related.Value:
	default:
		return nil, nil, &ValidationError{Field: "data", Problem: "has id " + entry.ID() + ", not the related record's " + at.related.Value}
	}
	req.Body = map[string]any{"data": []Record{entry}}
	return single(s.client.doWrite(ctx, req, 1))
}

// UpdateMany links records to the record through a related list, or
// updates their relation's fields (PUT {module}/{id}/{related_list}):
// each of links names a related record by its "id" and holds the
// relation's fields. One result per link in input order, 100 a call.
func (s *RelatedRecordsService) UpdateMany(ctx context.Context, module, id, relatedList string, links []Record) ([]*ActionResult, *Response, error) {
	return s.linkMany(ctx, relatedTo(module, id, relatedList), links)
}

// UpdateManyByExternal is UpdateMany for the record named by an external
// value (X-EXTERNAL); the links name related records by id.
func (s *RelatedRecordsService) UpdateManyByExternal(ctx context.Context, module string, parent External, relatedList string, links []Record) ([]*ActionResult, *Response, error) {
	return s.linkMany(ctx, relatedAt{module: module, parent: parent, list: relatedList}, links)
}

func (s *RelatedRecordsService) linkMany(ctx context.Context, at relatedAt, links []Record) ([]*ActionResult, *Response, error) {
	req, err := at.request(http.MethodPut, "")
	if err != nil {
		return nil, nil, err
	}
	for i, l := range links {
		if l.ID() == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("links[%d]", i), Problem: "has no id: name the related record to link"}
		}
	}
	return s.client.Records.batched(ctx, len(links), func(lo, hi int) ([]*ActionResult, *Response, error) {
		batch := *req
		batch.Body = map[string]any{"data": links[lo:hi]}
		return s.client.doWrite(ctx, &batch, hi-lo)
	})
}

// Delete delinks relatedID from the record (DELETE
// {module}/{id}/{related_list}/{related_id}); both records stay.
func (s *RelatedRecordsService) Delete(ctx context.Context, module, id, relatedList, relatedID string) (*ActionResult, *Response, error) {
	return s.delink(ctx, relatedTo(module, id, relatedList).one(External{Value: relatedID}))
}

// DeleteByExternal is Delete with either record named by an external
// value (X-EXTERNAL); an External without Field names a record by its id.
func (s *RelatedRecordsService) DeleteByExternal(ctx context.Context, module string, parent External, relatedList string, related External) (*ActionResult, *Response, error) {
	return s.delink(ctx, relatedAt{module: module, parent: parent, list: relatedList}.one(related))
}

func (s *RelatedRecordsService) delink(ctx context.Context, at relatedAt) (*ActionResult, *Response, error) {
	req, err := at.request(http.MethodDelete, "")
	if err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, req, 1))
}

// DeleteMany delinks records from the record (DELETE
// {module}/{id}/{related_list}?ids=), 100 a call; one result per id in
// input order. The records stay.
func (s *RelatedRecordsService) DeleteMany(ctx context.Context, module, id, relatedList string, relatedIDs ...string) ([]*ActionResult, *Response, error) {
	return s.delinkMany(ctx, relatedTo(module, id, relatedList), relatedIDs)
}

// DeleteManyByExternal is DeleteMany for the record named by an external
// value (X-EXTERNAL); the related records are named by id.
func (s *RelatedRecordsService) DeleteManyByExternal(ctx context.Context, module string, parent External, relatedList string, relatedIDs ...string) ([]*ActionResult, *Response, error) {
	return s.delinkMany(ctx, relatedAt{module: module, parent: parent, list: relatedList}, relatedIDs)
}

func (s *RelatedRecordsService) delinkMany(ctx context.Context, at relatedAt, ids []string) ([]*ActionResult, *Response, error) {
	req, err := at.request(http.MethodDelete, "")
	if err != nil {
		return nil, nil, err
	}
	return deleteIDsAt(ctx, s.client, *req, ids)
}
