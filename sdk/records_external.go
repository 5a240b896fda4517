package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// External IDs (crm-oas groups record and related_records). A module may
// have external fields: unique text fields that hold each record's id in
// another system (an ERP's customer number, a shop's order id). Zoho then
// takes that value wherever it takes a record's id, once the X-EXTERNAL
// header names the field as Module.Field (API v2.1 and later). Callers
// never set the header: the calls that name a record by an external value
// take an External, and WriteOptions.External names the fields a write
// gives by external value.

// External names a record by the value of one of its module's external
// fields instead of its Zoho id. With Field empty, Value is the record's
// Zoho id: a related-records call can then name one side by external value
// and the other by id.
type External struct {
	Field string // the external field's API name, such as "External_Contact_ID"
	Value string // the record's value in that field
	// Module is the module of the record named where the call cannot tell
	// it: in RelatedRecords calls, the module of the related record (the
	// related list's API name when empty, as for a Lead's Products).
	Module string
}

// check refuses an External without a value, or with a field that could
// not be written in the header.
func (e External) check(what string) error {
	if err := requireID(what+".Value", e.Value); err != nil {
		return err
	}
	if strings.ContainsAny(e.Field+e.Module, ".,") || strings.TrimSpace(e.Field) != e.Field {
		return &ValidationError{Field: what + ".Field", Problem: fmt.Sprintf("%q is not an API name", e.Field)}
	}
	return nil
}

// header is the X-EXTERNAL entry naming the field in module ("" for an id).
func (e External) header(module string) string {
	if e.Field == "" {
		return ""
	}
	return module + "." + e.Field
}

// externalHeader is the X-EXTERNAL header of the given entries (empty
// ones left out); nil when none remain.
func externalHeader(entries ...string) http.Header {
	var named []string
	for _, e := range entries {
		if e != "" {
			named = append(named, e)
		}
	}
	if len(named) == 0 {
		return nil
	}
	return http.Header{"X-External": {strings.Join(named, ",")}}
}

// externals are WriteOptions.External written for module: each entry is
// a field of the module ("External_Contact_ID") or a lookup and the
// external field of the record it names ("Account_Name.External_Account_ID").
func (o *WriteOptions) externals(module string) []string {
	if o == nil {
		return nil
	}
	out := make([]string, 0, len(o.External))
	for _, f := range o.External {
		out = append(out, module+"."+f)
	}
	return out
}

func (o *WriteOptions) checkExternal() error {
	if o == nil {
		return nil
	}
	for i, f := range o.External {
		parts := strings.Split(f, ".")
		if len(parts) > 2 || strings.ContainsAny(f, ", ") || slices.Contains(parts, "") {
			return &ValidationError{Field: fmt.Sprintf("External[%d]", i), Problem: fmt.Sprintf("%q is neither Field nor Lookup.Field", f)}
		}
	}
	return nil
}

// recordPath is {module}/{id or external value}, with the X-EXTERNAL
// entry naming the external field ("" for an id).
func recordPath(module string, rec External) (path, external string, err error) {
	if err := requireID("module", module); err != nil {
		return "", "", err
	}
	if err := rec.check("record"); err != nil {
		return "", "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(rec.Value), rec.header(module), nil
}

// GetByExternal returns the record of module whose external field
// ext.Field holds ext.Value (GET {module}/{external_value}, X-EXTERNAL).
// Not found, or not modified since opts.IfModifiedSince, behave as in Get.
// OAuth scope: ZohoCRM.modules.{module}.READ.
func (s *RecordsService) GetByExternal(ctx context.Context, module string, ext External, opts *RecordGetOptions) (Record, *Response, error) {
	path, external, err := recordPath(module, ext)
	if err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodGet, Path: path, Header: externalHeader(external)}
	return oneRecord(ctx, s.client, req, opts, fmt.Sprintf("%s record with %s %s", module, orID(ext.Field), ext.Value))
}

// oneRecord sends req for one record, with opts' fields and
// If-Modified-Since; an answer without a record is an error matching
// ErrNotFound that names what was asked for.
func oneRecord(ctx context.Context, c *Client, req *Request, opts *RecordGetOptions, what string) (Record, *Response, error) {
	req.Query = url.Values{}
	if opts != nil {
		if len(opts.Fields) > 0 {
			req.Query.Set("fields", strings.Join(opts.Fields, ","))
		}
		setIfModifiedSince(req, opts.IfModifiedSince)
	}
	records, resp, err := fetchPage[Record](ctx, c, req)
	if err != nil || resp.NotModified {
		return nil, resp, err
	}
	if len(records) == 0 {
		return nil, resp, recordNotFound(what, req.Path)
	}
	return records[0], resp, nil
}

func orID(field string) string {
	if field == "" {
		return "id"
	}
	return field
}

// recordNotFound is the error for a record Zoho answered nothing for
// (204): it matches ErrNotFound.
func recordNotFound(what, path string) error {
	return &APIError{StatusCode: http.StatusNotFound, Code: "NO_CONTENT", Message: "no " + what, Method: http.MethodGet, Path: "/" + path}
}

// UpdateByExternal changes the record of module whose external field
// ext.Field holds ext.Value (PUT {module}/{external_value}, X-EXTERNAL):
// the fields rec gives replace the record's. A refused update is also the
// error. OAuth scope: ZohoCRM.modules.{module}.UPDATE.
func (s *RecordsService) UpdateByExternal(ctx context.Context, module string, ext External, rec Record, opts *WriteOptions) (*ActionResult, *Response, error) {
	return s.writeAt(ctx, http.MethodPut, module, ext, "", rec, opts)
}

// DeleteByExternal moves the record of module whose external field
// ext.Field holds ext.Value to the recycle bin (DELETE
// {module}/{external_value}, X-EXTERNAL). A refusal is also the error.
// OAuth scope: ZohoCRM.modules.{module}.DELETE.
func (s *RecordsService) DeleteByExternal(ctx context.Context, module string, ext External, opts *DeleteOptions) (*ActionResult, *Response, error) {
	path, external, err := recordPath(module, ext)
	if err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: path, Header: externalHeader(external), Query: opts.values()}, 1))
}

// DeleteManyByExternal moves the records of module whose external field
// holds one of values to the recycle bin (DELETE {module}?ids=,
// X-EXTERNAL), in batches of 100; one result per value in input order.
// OAuth scope: ZohoCRM.modules.{module}.DELETE.
func (s *RecordsService) DeleteManyByExternal(ctx context.Context, module, field string, values ...string) ([]*ActionResult, *Response, error) {
	if field == "" || strings.ContainsAny(field, ".,") {
		return nil, nil, &ValidationError{Field: "field", Problem: fmt.Sprintf("%q is not the API name of an external field", field)}
	}
	return s.deleteIDs(ctx, module, externalHeader(module+"."+field), values)
}
