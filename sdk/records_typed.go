package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"reflect"
)

// TypedRecords are the records of one module as Go values of type T: a struct
// that zcrm gen wrote from the org's field metadata, one written by hand
// with json tags naming the field API names, or Record. Reads decode
// Zoho's answers straight into T; writes send T's fields (those tagged
// zcrm:"readonly" never, and the zero ones not when tagged omitzero) and
// return one result per record, as RecordsService does.
//
//	leads := sdk.Typed[crm.Lead](client, "Leads")
//	lead, _, err := leads.Get(ctx, id, nil)
//	results, _, err := leads.Create(ctx, []crm.Lead{{LastName: "Boyle"}}, &sdk.WriteOptions{Validate: true})
type TypedRecords[T any] struct {
	client  *Client
	apiName string
}

// Typed returns the records of the module apiName (such as "Leads") as
// values of type T.
func Typed[T any](c *Client, apiName string) *TypedRecords[T] {
	return &TypedRecords[T]{client: c, apiName: apiName}
}

// APIName is the module's API name.
func (m *TypedRecords[T]) APIName() string { return m.apiName }

// FieldNames are the field API names of T's json tags, in T's order: what
// List, All, Search and SearchAll ask Zoho for when their options name no
// fields (API v8 requires some). A map type such as Record has none.
func (m *TypedRecords[T]) FieldNames() []string {
	p := recordPlanFor(reflect.TypeFor[T]())
	if p == nil {
		return nil
	}
	names := make([]string, 0, len(p.fields))
	for _, f := range p.fields {
		names = append(names, f.name)
	}
	return names
}

// Get returns one record; see RecordsService.Get. With IfModifiedSince
// and no change, the record is nil and Response.NotModified is set.
func (m *TypedRecords[T]) Get(ctx context.Context, id string, opts *RecordGetOptions) (*T, *Response, error) {
	return getRecord[T](ctx, m.client, m.apiName, id, opts)
}

// fieldsOr returns fields, or T's when there are none.
func (m *TypedRecords[T]) fieldsOr(fields []string) []string {
	if len(fields) == 0 {
		return m.FieldNames()
	}
	return fields
}

func (m *TypedRecords[T]) listOptions(opts *RecordListOptions) *RecordListOptions {
	o := RecordListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Fields = m.fieldsOr(o.Fields)
	return &o
}

// List returns one page of records; see RecordsService.List.
func (m *TypedRecords[T]) List(ctx context.Context, opts *RecordListOptions) ([]T, *Response, error) {
	return listRecords[T](ctx, m.client, m.apiName, m.listOptions(opts))
}

// All iterates over every record opts select; see RecordsService.All.
func (m *TypedRecords[T]) All(ctx context.Context, opts *RecordListOptions) iter.Seq2[T, error] {
	return allRecords[T](ctx, m.client, m.apiName, m.listOptions(opts))
}

func (m *TypedRecords[T]) searchOptions(opts *SearchOptions) *SearchOptions {
	if opts == nil {
		return nil // refused by the search as Records.Search refuses it
	}
	o := *opts
	o.Fields = m.fieldsOr(o.Fields)
	return &o
}

// Search returns one page of matching records; see RecordsService.Search.
func (m *TypedRecords[T]) Search(ctx context.Context, opts *SearchOptions) ([]T, *Response, error) {
	return searchRecords[T](ctx, m.client, m.apiName, m.searchOptions(opts))
}

// SearchAll iterates over every matching record; see
// RecordsService.SearchAll.
func (m *TypedRecords[T]) SearchAll(ctx context.Context, opts *SearchOptions) iter.Seq2[T, error] {
	return searchAllRecords[T](ctx, m.client, m.apiName, m.searchOptions(opts))
}

// Query runs one COQL query (its FROM should name this module) and
// returns its records as T; see QueryService.Run.
func (m *TypedRecords[T]) Query(ctx context.Context, query string) ([]T, *Response, error) {
	return runQuery[T](ctx, m.client, query)
}

// QueryAll iterates over every record a COQL query selects; see
// QueryService.All.
func (m *TypedRecords[T]) QueryAll(ctx context.Context, query string, opts *QueryOptions) iter.Seq2[T, error] {
	return queryAll(ctx, m.client, query, opts, func(r T) string { return idOfRecord(reflect.ValueOf(&r)) })
}

// Create inserts records; see RecordsService.Create.
func (m *TypedRecords[T]) Create(ctx context.Context, records []T, opts *WriteOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, m.client, recordWrite{method: http.MethodPost, module: m.apiName, kind: writeCreate, wo: opts}, records)
}

// Update changes records, each identified by its id; see
// RecordsService.Update. A subform's rows that a record gives replace the
// stored ones: Zoho deletes the rows left out.
func (m *TypedRecords[T]) Update(ctx context.Context, records []T, opts *WriteOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, m.client, recordWrite{method: http.MethodPut, module: m.apiName, kind: writeUpdate, needID: true, wo: opts}, records)
}

// Upsert updates or inserts records; see RecordsService.Upsert.
func (m *TypedRecords[T]) Upsert(ctx context.Context, records []T, opts *UpsertOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, m.client, upsertWrite(m.apiName, opts), records)
}

// Delete moves records to the recycle bin by id; see
// RecordsService.Delete.
func (m *TypedRecords[T]) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return m.client.Records.Delete(ctx, m.apiName, ids...)
}

// UpdateOne changes the record with this id (PUT {module}/{id}): the
// fields rec gives replace the record's; see RecordsService.UpdateOne. A
// refused update is also the error.
func (m *TypedRecords[T]) UpdateOne(ctx context.Context, id string, rec T, opts *WriteOptions) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	w := recordWrite{method: http.MethodPut, module: m.apiName, suffix: "/" + url.PathEscape(id), kind: writeUpdate, anyID: true, wo: opts}
	return single(writeRecords(ctx, m.client, w, []T{rec}))
}

// DeleteOne moves the record with this id to the recycle bin; see
// RecordsService.DeleteOne.
func (m *TypedRecords[T]) DeleteOne(ctx context.Context, id string, opts *DeleteOptions) (*ActionResult, *Response, error) {
	return m.client.Records.DeleteOne(ctx, m.apiName, id, opts)
}
