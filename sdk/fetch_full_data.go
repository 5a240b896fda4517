package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Rich text fields (crm-oas group fetch_full_data, also in record): a
// multi-line field that holds formatted text (HTML, up to 50,000
// characters) is read in full through actions/fetch_full_data, which
// answers each record's id and its rich text fields, and nothing else.

// MaxRichTextIDs is the most records one fetch_full_data call reads.
const MaxRichTextIDs = 200

// RichText returns the rich text fields of the record with this id (GET
// {module}/{id}/actions/fetch_full_data): its id and, for each field
// named (every rich text field of the record when none is), its content.
// Zoho refuses a field that is not a rich text field. OAuth scope:
// ZohoCRM.modules.{module}.READ.
func (s *RecordsService) RichText(ctx context.Context, module, id string, fields ...string) (Record, *Response, error) {
	path, _, err := recordPath(module, External{Value: id})
	if err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodGet, Path: path + "/actions/fetch_full_data"}
	return oneRecord(ctx, s.client, req, &RecordGetOptions{Fields: fields}, module+" record with id "+id)
}

// RichTextMany returns the rich text fields named of the records with
// these ids (GET {module}/actions/fetch_full_data, 200 ids a call): one
// record per id Zoho found, each with its id and those fields. Fields are
// required. OAuth scope: ZohoCRM.modules.{module}.READ.
func (s *RecordsService) RichTextMany(ctx context.Context, module string, ids []string, fields ...string) ([]Record, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if len(fields) == 0 {
		return nil, nil, &ValidationError{Field: "fields", Problem: "is empty; name the rich text fields to read"}
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	out := []Record{}
	var last *Response
	for lo := 0; lo < len(ids); lo += MaxRichTextIDs {
		hi := min(lo+MaxRichTextIDs, len(ids))
		q := url.Values{"ids": {strings.Join(ids[lo:hi], ",")}, "fields": {strings.Join(fields, ",")}}
		records, resp, err := fetchPage[Record](ctx, s.client, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/fetch_full_data", Query: q})
		if err != nil {
			return nil, resp, err
		}
		out, last = append(out, records...), resp
	}
	return out, last, nil
}
