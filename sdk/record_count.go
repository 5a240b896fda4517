package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// CountOptions selects the records Records.Count counts: those of a
// custom view, or those a search finds (one of Criteria, Email, Phone and
// Word); nil counts every record. Zoho refuses a view with a search.
type CountOptions struct {
	CVID     string
	Criteria string // as SearchOptions.Criteria, such as sdk.Criterion(...).String()
	Email    string
	Phone    string
	Word     string
}

// Count returns how many records of a module opts select (GET
// {module}/actions/count, API v2.1 and later). Zoho's counts lag by one to
// ten minutes.
func (s *RecordsService) Count(ctx context.Context, module string, opts *CountOptions) (int, *Response, error) {
	if err := requireID("module", module); err != nil {
		return 0, nil, err
	}
	if s.client.core.cfg.APIVersion == "v2" {
		return 0, nil, &ValidationError{Field: "api_version", Problem: "is v2; the record count API came with v2.1"}
	}
	q := url.Values{}
	if opts != nil {
		searches := 0
		for _, p := range []struct{ name, value string }{
			{"criteria", opts.Criteria}, {"email", opts.Email}, {"phone", opts.Phone}, {"word", opts.Word},
		} {
			if strings.TrimSpace(p.value) != "" {
				q.Set(p.name, p.value)
				searches++
			}
		}
		switch {
		case searches > 1:
			return 0, nil, &ValidationError{Field: "opts", Problem: fmt.Sprintf("gives %d of Criteria, Email, Phone and Word; Zoho counts by one", searches)}
		case searches == 1 && opts.CVID != "":
			return 0, nil, &ValidationError{Field: "CVID", Problem: "cannot be given with a search; Zoho refuses the two together (AMBIGUITY_DURING_PROCESSING)"}
		case opts.CVID != "":
			q.Set("cvid", opts.CVID)
		}
	}
	return s.count(ctx, module, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/count", Query: q})
}

// count sends a count request and reads Zoho's count, a number or text.
func (s *RecordsService) count(ctx context.Context, module string, req *Request) (int, *Response, error) {
	var body struct {
		Count json.RawMessage `json:"count"`
	}
	resp, err := s.client.Do(ctx, req, &body)
	if err != nil {
		return 0, resp, err
	}
	n, err := strconv.Atoi(jsonText(body.Count))
	if err != nil {
		return 0, resp, fmt.Errorf("zcrm: record count of %s: Zoho's count %s is not a number", module, body.Count)
	}
	return n, resp, nil
}

// CountWhere returns how many records of a module criteria match (POST
// {module}/actions/count, API v8). criteria is Zoho's JSON criteria: a
// condition {"field":{"api_name"},"comparator","value"} or a group
// {"group_operator":"and"|"or","group":[...]}, such as bulk.Where and
// bulk.And build; nil counts every record. (crm-oas documents the call
// but not its body; the SDK sends the criteria under "criteria", the form
// Zoho's other v8 criteria take.) OAuth scope:
// ZohoCRM.modules.{module}.READ.
func (s *RecordsService) CountWhere(ctx context.Context, module string, criteria any) (int, *Response, error) {
	if err := requireID("module", module); err != nil {
		return 0, nil, err
	}
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/count", Body: map[string]any{}}
	if criteria != nil {
		req.Body = map[string]any{"criteria": criteria}
	}
	return s.count(ctx, module, req)
}
