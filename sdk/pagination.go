package sdk

import (
	"context"
	"iter"
	"strings"
)

// MaxPerPage is the most records Zoho returns in one page.
const MaxPerPage = 200

// paginate walks page-numbered lists, asking for the next page while Zoho
// says there are more records. It stops at the first error, which it yields.
func paginate[T any](ctx context.Context, start ListOptions, fetch func(ListOptions) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		opts := start
		if opts.Page < 1 {
			opts.Page = 1
		}
		if opts.PerPage < 1 {
			opts.PerPage = MaxPerPage
		}
		for {
			if err := ctx.Err(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			items, resp, err := fetch(opts)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if len(items) == 0 || resp == nil || resp.Info == nil || !resp.Info.MoreRecords {
				return
			}
			opts.Page++
		}
	}
}

// requireID refuses an empty id or module name, which would otherwise make
// a request to a different, valid URL.
func requireID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return &ValidationError{Field: what, Problem: "is empty"}
	}
	if strings.ContainsAny(id, "/?#") {
		return &ValidationError{Field: what, Problem: "contains /, ? or #: " + id}
	}
	return nil
}
