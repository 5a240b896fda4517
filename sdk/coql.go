package sdk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"unicode"
)

// QueryService runs COQL queries (POST /coql): SQL-like SELECTs over a
// module, with WHERE, ORDER BY, LIMIT and OFFSET.
type QueryService service

// ErrInvalidQuery: Zoho refused a COQL query (SYNTAX_ERROR, INVALID_QUERY).
var ErrInvalidQuery = errors.New("zcrm: invalid COQL query")

// coqlLimits are the most records one COQL call returns (its LIMIT) and
// the most one query reaches through LIMIT and OFFSET, by API version:
// 200 and 10,000 in v2 (and v3); 2,000 a call from v4 (documented for
// Zoho's v4 platform API); 100,000 in all from v7 (documented for v7, v8).
func (c *Client) coqlLimits() (perCall, reach int) {
	switch major := c.apiMajor(); {
	case major >= 7:
		return 2000, 100_000
	case major >= 4:
		return 2000, 10_000
	}
	return 200, 10_000
}

// Run runs one COQL query, such as
//
//	select Last_Name, Email from Leads where Lead_Source = 'Web' order by id limit 200
//
// and returns its records (the selected fields and id). No match is an
// empty slice. Response.Info.MoreRecords says whether a larger OFFSET
// would find more; All walks them.
func (s *QueryService) Run(ctx context.Context, query string) ([]Record, *Response, error) {
	return runQuery[Record](ctx, s.client, query)
}

func runQuery[T any](ctx context.Context, c *Client, query string) ([]T, *Response, error) {
	if strings.TrimSpace(query) == "" {
		return nil, nil, &ValidationError{Field: "query", Problem: "is empty; give a COQL select query"}
	}
	return fetchPage[T](ctx, c, &Request{Method: http.MethodPost, Path: "coql", Body: map[string]string{"select_query": query}})
}

// QueryOptions shape All.
type QueryOptions struct {
	// PageSize is the LIMIT of each call: at most 200 in API v2 and v3,
	// 2000 from v4. Zero means the most.
	PageSize int
}

// All iterates over every record a COQL query selects, adding LIMIT and
// OFFSET to it call after call; the query must have neither. Zoho reaches
// the first 10,000 records of a query this way (100,000 from API v7); past
// them the iterator stops with a *PageLimitError (errors.Is(err,
// ErrPageLimit)) telling how to narrow the query. Without ORDER BY, Zoho
// orders by id, which keeps the pages stable.
func (s *QueryService) All(ctx context.Context, query string, opts *QueryOptions) iter.Seq2[Record, error] {
	return queryAll(ctx, s.client, query, opts, Record.ID)
}

// queryAll is All into T; idOf reads a record's id, for the hint past
// COQL's reach.
func queryAll[T any](ctx context.Context, c *Client, query string, opts *QueryOptions, idOf func(T) string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		perCall, reach := c.coqlLimits()
		size := perCall
		if opts != nil && opts.PageSize > 0 {
			size = opts.PageSize
		}
		switch {
		case strings.TrimSpace(query) == "":
			yield(zero, &ValidationError{Field: "query", Problem: "is empty; give a COQL select query"})
			return
		case size > perCall:
			yield(zero, &ValidationError{Field: "PageSize", Problem: fmt.Sprintf("is %d; COQL returns at most %d records a call in API %s", size, perCall, c.core.cfg.APIVersion)})
			return
		}
		if clause := pagingClause(query); clause != "" {
			yield(zero, &ValidationError{Field: "query", Problem: "has " + clause + "; All adds LIMIT and OFFSET itself, so leave them out (or use Run)"})
			return
		}
		base := strings.TrimRight(strings.TrimSpace(query), ";")
		offset, lastID := 0, ""
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if offset >= reach {
				yield(zero, coqlReachError(c, reach, lastID))
				return
			}
			limit := min(size, reach-offset)
			records, resp, err := runQuery[T](ctx, c, fmt.Sprintf("%s LIMIT %d OFFSET %d", base, limit, offset))
			if err != nil {
				yield(zero, err)
				return
			}
			for _, r := range records {
				if !yield(r, nil) {
					return
				}
				lastID = idOf(r)
			}
			if len(records) == 0 || resp.Info == nil || !resp.Info.MoreRecords {
				return
			}
			offset += len(records)
		}
	}
}

func coqlReachError(c *Client, reach int, lastID string) *PageLimitError {
	v := c.core.cfg.APIVersion
	e := &PageLimitError{Op: "Query.All", APIVersion: v, Limit: reach,
		Reason: fmt.Sprintf("COQL reaches at most %d records of one query through LIMIT and OFFSET in API %s", reach, v),
		Hint:   "narrow the WHERE clause, for example to ids past the last one seen (id > " + lastID + ") with ORDER BY id, and run the query again",
	}
	if lastID == "" {
		e.Hint = "narrow the WHERE clause and run the query again"
	}
	if reach < 100_000 {
		e.Hint += "; API v7 and later reach 100,000 records"
	}
	return e
}

// pagingClause finds a LIMIT or OFFSET keyword outside quoted text.
func pagingClause(query string) string {
	inQuote := false
	word := strings.Builder{}
	check := func() string {
		w := strings.ToUpper(word.String())
		word.Reset()
		if w == "LIMIT" || w == "OFFSET" {
			return w
		}
		return ""
	}
	for _, r := range query {
		switch {
		case r == '\'':
			inQuote = !inQuote
			word.Reset()
		case inQuote:
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '$':
			word.WriteRune(r)
		default:
			if w := check(); w != "" {
				return w
			}
		}
	}
	if inQuote {
		return ""
	}
	return check()
}
