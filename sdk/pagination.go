package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
)

// MaxPerPage is the most records Zoho returns in one page.
const MaxPerPage = 200

// PageNumberLimit is how far page numbers reach: Zoho lists only the first
// 2000 records of a list or search by page and per_page. From API v5 on, a
// page_token goes further; iterators switch to it by themselves.
const PageNumberLimit = 2000

// pageTokenSince is the first API version whose lists carry
// info.next_page_token.
const pageTokenSince = 5

// ErrPageLimit: an iterator reached the most records Zoho lists that way
// and could not go on. The error is a *PageLimitError saying what to do.
var ErrPageLimit = errors.New("zcrm: listing limit reached")

// PageLimitError stops an iterator that reached one of Zoho's listing
// limits: 2000 records by page number without a page_token (API versions
// before v5, and searches), or the most records COQL returns through
// LIMIT and OFFSET. The records before it were yielded.
type PageLimitError struct {
	Op         string // the iterator, such as "Records.All(Leads)"
	APIVersion string // the configured api_version
	Limit      int    // the records Zoho lists this way
	Reason     string // why the iterator cannot go on
	Hint       string // what to do instead
}

func (e *PageLimitError) Error() string {
	return fmt.Sprintf("zcrm: %s: stopped after %d records: %s; %s", e.Op, e.Limit, e.Reason, e.Hint)
}

// Is matches ErrPageLimit.
func (e *PageLimitError) Is(target error) bool { return target == ErrPageLimit }

// dataPage is a page of a list Zoho answers under "data".
type dataPage[T any] struct {
	Data []T       `json:"data"`
	Info *PageInfo `json:"info"`
}

// fetchPage sends req for a page of a list answered under "data" and
// returns its items (an empty slice for none), the paging in
// Response.Info.
func fetchPage[T any](ctx context.Context, c *Client, req *Request) ([]T, *Response, error) {
	var page dataPage[T]
	resp, err := c.Do(ctx, req, &page)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = page.Info
	if page.Data == nil {
		page.Data = []T{}
	}
	return page.Data, resp, nil
}

// fetchPageUnder is fetchPage for lists Zoho answers under another key
// than "data" (user_groups, watch).
func fetchPageUnder[T any](ctx context.Context, c *Client, req *Request, key string) ([]T, *Response, error) {
	var body map[string]json.RawMessage
	resp, err := c.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	items := []T{}
	if raw, ok := body[key]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's answer: %w", req.Method, req.Path, err)
		}
	}
	if raw, ok := body["info"]; ok && string(raw) != "null" {
		var info PageInfo
		if err := json.Unmarshal(raw, &info); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's paging: %w", req.Method, req.Path, err)
		}
		resp.Info = &info
	}
	return items, resp, nil
}

// paginate walks page-numbered lists, asking for the next page while Zoho
// says there are more records. It stops at the first error, which it yields.
func paginate[T any](ctx context.Context, start ListOptions, fetch func(ListOptions) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		eachPage(ctx, yield, start.orFirstPage(), fetch, func(opts *ListOptions, _ *PageInfo) error {
			opts.Page++
			return nil
		})
	}
}

// orFirstPage fills in what the caller left out: page 1, MaxPerPage a page.
func (o ListOptions) orFirstPage() ListOptions {
	if o.Page < 1 {
		o.Page = 1
	}
	if o.PerPage < 1 {
		o.PerPage = MaxPerPage
	}
	return o
}

// eachPage is the loop of the page iterators: it fetches the page req
// names and yields its items, and while Zoho says more records follow,
// advance moves req to the next page. It stops at the first error (of the
// context, fetch or advance), which it yields.
func eachPage[T, R any](ctx context.Context, yield func(T, error) bool, req R, fetch func(R) ([]T, *Response, error), advance func(*R, *PageInfo) error) {
	var zero T
	for {
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		items, resp, err := fetch(req)
		if err != nil {
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
		if err := advance(&req, resp.Info); err != nil {
			yield(zero, err)
			return
		}
	}
}

// pageRequest is where the next page starts: a page number, or past record
// 2000 a page token.
type pageRequest struct {
	ListOptions
	Token string
}

// pageWalk is a list that Zoho pages by number up to record 2000 and by
// page token past it.
type pageWalk[T any] struct {
	op    string // for errors: "Records.All(Leads)"
	start ListOptions
	// startToken continues a list the caller began.
	startToken string
	fetch      func(pageRequest) ([]T, *Response, error)
	// hint says what to do when the list cannot go past record 2000.
	hint string
}

// walkPages iterates over every item of a list: by page number while the
// next page stays within the first 2000 records, then with the
// next_page_token Zoho gave. Without one (API versions before v5, or a
// search), it stops with a *PageLimitError naming the version and what to
// do.
func walkPages[T any](ctx context.Context, c *Client, w pageWalk[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		first := pageRequest{ListOptions: w.start.orFirstPage(), Token: w.startToken}
		eachPage(ctx, yield, first, w.fetch, func(req *pageRequest, info *PageInfo) error {
			next := info.NextPageToken
			switch {
			case req.Token != "" && next == "":
				return fmt.Errorf("zcrm: %s: Zoho says more records follow but gave no next_page_token", w.op)
			case req.Token != "":
				req.Token = next
			case (req.Page+1)*req.PerPage <= PageNumberLimit:
				req.Page++
			case next != "":
				req.Token, req.Page = next, 0
			default:
				return c.pageLimitError(w.op, w.hint)
			}
			return nil
		})
	}
}

// pageLimitError explains why a list stops at record 2000.
func (c *Client) pageLimitError(op, hint string) *PageLimitError {
	v := c.core.cfg.APIVersion
	e := &PageLimitError{Op: op, APIVersion: v, Limit: PageNumberLimit, Hint: hint}
	if c.apiMajor() < pageTokenSince {
		e.Reason = fmt.Sprintf("Zoho lists only the first %d records by page number, and API %s has no page_token to go further (it came with v%d)",
			PageNumberLimit, v, pageTokenSince)
		e.Hint = fmt.Sprintf("set api_version to v%d or later (v8 is current) to list past record %d, or %s", pageTokenSince, PageNumberLimit, hint)
	} else {
		e.Reason = fmt.Sprintf("Zoho lists only the first %d records by page number and gave no next_page_token to go further", PageNumberLimit)
	}
	return e
}

// apiMajor is the major number of the configured API version: 2 for v2.1.
func (c *Client) apiMajor() int {
	v := strings.TrimPrefix(c.core.cfg.APIVersion, "v")
	v, _, _ = strings.Cut(v, ".")
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
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
