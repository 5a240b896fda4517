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
	var body struct {
		Count json.RawMessage `json:"count"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/count", Query: q}, &body)
	if err != nil {
		return 0, resp, err
	}
	n, err := strconv.Atoi(jsonText(body.Count))
	if err != nil {
		return 0, resp, fmt.Errorf("zcrm: record count of %s: Zoho's count %s is not a number", module, body.Count)
	}
	return n, resp, nil
}
