package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// SearchOptions say what Search looks for: exactly one of Criteria,
// Email, Phone or Word.
type SearchOptions struct {
	// Criteria such as ((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M));
	// build them with Criterion, AllOf and AnyOf, which escape values.
	Criteria string
	Email    string // records with this address in an email field
	Phone    string // records with this number in a phone field
	Word     string // records with this text in any field

	Fields    []string
	Converted Filter
	Approved  Filter
	ListOptions
}

func (o *SearchOptions) request(module string) (*Request, error) {
	if o == nil {
		return nil, &ValidationError{Field: "opts", Problem: "is nil; give one of Criteria, Email, Phone or Word"}
	}
	req := &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/search", Query: url.Values{}}
	q := req.Query
	given := 0
	for _, p := range []struct{ name, value string }{
		{"criteria", o.Criteria}, {"email", o.Email}, {"phone", o.Phone}, {"word", o.Word},
	} {
		if strings.TrimSpace(p.value) != "" {
			q.Set(p.name, p.value)
			given++
		}
	}
	if given != 1 {
		return nil, &ValidationError{Field: "opts", Problem: fmt.Sprintf("gives %d of Criteria, Email, Phone and Word; Zoho searches by exactly one", given)}
	}
	if o.PerPage > MaxPerPage {
		return nil, &ValidationError{Field: "PerPage", Problem: fmt.Sprintf("is %d; Zoho returns at most %d records a page", o.PerPage, MaxPerPage)}
	}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
	if o.Converted != "" {
		q.Set("converted", string(o.Converted))
	}
	if o.Approved != "" {
		q.Set("approved", string(o.Approved))
	}
	o.ListOptions.encode(q)
	return req, nil
}

// Search returns one page of the records of a module that match. No match
// is an empty slice.
func (s *RecordsService) Search(ctx context.Context, module string, opts *SearchOptions) ([]Record, *Response, error) {
	return searchRecords[Record](ctx, s.client, module, opts)
}

func searchRecords[T any](ctx context.Context, c *Client, module string, opts *SearchOptions) ([]T, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	req, err := opts.request(module)
	if err != nil {
		return nil, nil, err
	}
	return fetchPage[T](ctx, c, req)
}

// SearchAll iterates over every matching record, 200 a page unless
// opts.PerPage says otherwise. Zoho's search reaches the first 2000
// matches; past them the iterator stops with a *PageLimitError
// (errors.Is(err, ErrPageLimit)) unless Zoho gave a page token to go on.
func (s *RecordsService) SearchAll(ctx context.Context, module string, opts *SearchOptions) iter.Seq2[Record, error] {
	return searchAllRecords[Record](ctx, s.client, module, opts)
}

func searchAllRecords[T any](ctx context.Context, c *Client, module string, opts *SearchOptions) iter.Seq2[T, error] {
	o := SearchOptions{}
	if opts != nil {
		o = *opts
	}
	return walkPages(ctx, c, pageWalk[T]{
		op:    "Records.SearchAll(" + module + ")",
		start: o.ListOptions,
		hint:  "narrow the criteria, or use a COQL query (Query.All), which reaches further",
		fetch: func(p pageRequest) ([]T, *Response, error) {
			page := o
			page.ListOptions = p.ListOptions
			if p.Token == "" {
				return searchRecords[T](ctx, c, module, &page)
			}
			if err := requireID("module", module); err != nil {
				return nil, nil, err
			}
			req, err := page.request(module)
			if err != nil {
				return nil, nil, err
			}
			req.Query.Del("page")
			req.Query.Set("page_token", p.Token)
			return fetchPage[T](ctx, c, req)
		},
	})
}

// The operators of search criteria.
const (
	OpEquals       = "equals"
	OpNotEqual     = "not_equal"
	OpStartsWith   = "starts_with"
	OpIn           = "in"
	OpNotIn        = "not_in"
	OpGreaterThan  = "greater_than"
	OpGreaterEqual = "greater_equal"
	OpLessThan     = "less_than"
	OpLessEqual    = "less_equal"
	OpBetween      = "between"
)

var criteriaEscaper = strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`, `,`, `\,`)

// Criterion is one search condition, (field:operator:value), with ( ) ,
// and \ in the values escaped as Zoho wants. Several values are
// alternatives (OpIn, OpEquals) or bounds (OpBetween).
func Criterion(field, operator string, values ...string) string {
	escaped := make([]string, len(values))
	for i, v := range values {
		escaped[i] = criteriaEscaper.Replace(v)
	}
	return "(" + field + ":" + operator + ":" + strings.Join(escaped, ",") + ")"
}

// AllOf joins criteria with and.
func AllOf(criteria ...string) string { return joinCriteria("and", criteria) }

// AnyOf joins criteria with or.
func AnyOf(criteria ...string) string { return joinCriteria("or", criteria) }

func joinCriteria(op string, criteria []string) string {
	if len(criteria) == 1 {
		return criteria[0]
	}
	return "(" + strings.Join(criteria, op) + ")"
}
