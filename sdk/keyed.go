package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Most settings groups of Zoho CRM are keyed resources: Zoho lists, reads,
// writes and deletes their entries under one JSON key named after the
// resource ({"holidays":[...]}), and answers a write with one result per
// entry under the same key. keyed is that shape, once; a group declares
// its path, key and type and its public methods call these.

// keyed is a resource Zoho keeps under one JSON key.
type keyed[T any] struct {
	path string // relative to Base; "{}" segments are filled by in
	key  string // the JSON key of entries, in requests and answers
	what string // what one entry is called, in errors ("holiday")
	base Base
	q    url.Values // parameters every request carries, set by withParam
}

// in returns the resource with the path's "{}" segments set, in order,
// to the escaped values; an empty value is refused by the calls.
func (k keyed[T]) in(values ...string) keyed[T] {
	for _, v := range values {
		if v == "" {
			k.path = strings.Replace(k.path, "{}", "\x00", 1)
			continue
		}
		k.path = strings.Replace(k.path, "{}", url.PathEscape(v), 1)
	}
	return k
}

// withParam returns the resource with a query parameter every request
// carries: ?module= of the settings Zoho keeps per module. An empty value
// is refused by the calls.
func (k keyed[T]) withParam(name, value string) keyed[T] {
	q := url.Values{}
	for n, vs := range k.q {
		q[n] = vs
	}
	q.Set(name, value)
	k.q = q
	return k
}

// inModule is k for the entries of one module (its API name), as
// ?module= names it for the settings Zoho keeps per module.
func inModule[T any](k keyed[T], module string) keyed[T] { return k.withParam("module", module) }

// check refuses a path with a parent left out, or a parameter of
// withParam left empty.
func (k keyed[T]) check() error {
	if strings.Contains(k.path, "\x00") || strings.Contains(k.path, "{}") {
		return &ValidationError{Field: k.what, Problem: "is missing the id or name of what it belongs to"}
	}
	for name := range k.q {
		if strings.TrimSpace(k.q.Get(name)) == "" {
			return &ValidationError{Field: name, Problem: "is empty"}
		}
	}
	return nil
}

func (k keyed[T]) request(method, sub string, q url.Values) *Request {
	path := k.path
	if sub != "" {
		path += "/" + sub
	}
	return &Request{Method: method, Path: path, Query: k.merged(q), Base: k.base}
}

// merged is q with withParam's parameters.
func (k keyed[T]) merged(q url.Values) url.Values {
	if len(k.q) == 0 {
		return q
	}
	out := url.Values{}
	for n, vs := range q {
		out[n] = vs
	}
	for n, vs := range k.q {
		out[n] = vs
	}
	return out
}

// list returns one page of entries (an empty slice for none); Zoho's
// paging is in Response.Info.
func (k keyed[T]) list(ctx context.Context, c *Client, q url.Values) ([]*T, *Response, error) {
	return k.listAt(ctx, c, "", q)
}

// listAt is list of a path below the resource's.
func (k keyed[T]) listAt(ctx context.Context, c *Client, sub string, q url.Values) ([]*T, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	return fetchPageUnder[*T](ctx, c, k.request(http.MethodGet, sub, q), k.key)
}

// all iterates over every page, from the page (and per_page) q names.
func (k keyed[T]) all(ctx context.Context, c *Client, q url.Values) iter.Seq2[*T, error] {
	start := ListOptions{}
	start.Page, _ = strconv.Atoi(q.Get("page"))
	start.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	return paginate(ctx, start, func(o ListOptions) ([]*T, *Response, error) {
		page := url.Values{}
		for name, vs := range q {
			page[name] = vs
		}
		o.encode(page)
		return k.list(ctx, c, page)
	})
}

// get returns the entry with this id (or API name, where Zoho takes one).
func (k keyed[T]) get(ctx context.Context, c *Client, id string, q url.Values) (*T, *Response, error) {
	if err := requireID(k.what, id); err != nil {
		return nil, nil, err
	}
	items, resp, err := k.listAt(ctx, c, url.PathEscape(id), q)
	if err != nil {
		return nil, resp, err
	}
	if len(items) == 0 {
		return nil, resp, noContent(k.what, id, k.path+"/"+id)
	}
	return items[0], resp, nil
}

// one reads a resource Zoho keeps as one object under the key, written
// {"key":{...}} or {"key":[{...}]}.
func (k keyed[T]) one(ctx context.Context, c *Client, q url.Values) (*T, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	var body map[string]json.RawMessage
	req := k.request(http.MethodGet, "", q)
	resp, err := c.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	raw := body[k.key]
	if len(raw) > 0 && raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
			return nil, resp, noContent(k.what, "", k.path)
		}
		raw = items[0]
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil, resp, noContent(k.what, "", k.path)
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's answer: %w", req.Method, req.Path, err)
	}
	return v, resp, nil
}

// write sends entries with method to the resource's path (or sub below
// it), in batches of MaxRecordsPerWrite, and returns one result per entry
// in input order. A nil entry is refused before anything is sent.
func (k keyed[T]) write(ctx context.Context, c *Client, method, sub string, q url.Values, entries []*T) ([]*ActionResult, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	for i, e := range entries {
		if e == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("%s[%d]", k.key, i), Problem: "is nil"}
		}
	}
	return writeKeyedBatches(ctx, c, *k.request(method, sub, q), k.key, MaxRecordsPerWrite, entries)
}

// writeOne sends one entry to the path of its id (or sub below the
// resource) and returns its result, a refused entry also as the error.
func (k keyed[T]) writeOne(ctx context.Context, c *Client, method, id string, q url.Values, entry *T) (*ActionResult, *Response, error) {
	if err := requireID(k.what, id); err != nil {
		return nil, nil, err
	}
	return single(k.write(ctx, c, method, url.PathEscape(id), q, []*T{entry}))
}

// delete deletes entries by id: one by its path, several by ?ids= in
// batches of 100; one result per id.
func (k keyed[T]) delete(ctx context.Context, c *Client, ids []string) ([]*ActionResult, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	return deleteByIDsWith(ctx, c, k.path, k.key, k.q, ids)
}

// deleteOne deletes the entry at the path of its id (or a path below the
// resource's) and returns its result, a refusal also as the error.
func (k keyed[T]) deleteOne(ctx context.Context, c *Client, sub string, q url.Values) (*ActionResult, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	return single(c.keyedWrite(ctx, k.request(http.MethodDelete, sub, q), k.key, 1))
}

// action sends a request with body (nil for none) to a path below the
// resource and returns the one result Zoho answers under the key.
func (k keyed[T]) action(ctx context.Context, c *Client, method, sub string, q url.Values, body any) (*ActionResult, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	req := k.request(method, sub, q)
	req.Body = body
	return single(c.keyedWrite(ctx, req, k.key, 1))
}

// actionOn is action on the entry with this id: method to
// path/{id}/actions/{name}.
func (k keyed[T]) actionOn(ctx context.Context, c *Client, method, id, name string, q url.Values, body any) (*ActionResult, *Response, error) {
	if err := requireID(k.what, id); err != nil {
		return nil, nil, err
	}
	return k.action(ctx, c, method, url.PathEscape(id)+"/actions/"+name, q, body)
}

// writeObject sends {key: v}, one object rather than a list, with method
// to the resource's path: the write of a setting Zoho keeps as one object
// (the fiscal year, business hours). It returns the one result Zoho
// answers under the key, a refusal also as the error.
func (k keyed[T]) writeObject(ctx context.Context, c *Client, method string, q url.Values, v *T) (*ActionResult, *Response, error) {
	if v == nil {
		return nil, nil, &ValidationError{Field: k.key, Problem: "is nil"}
	}
	return k.action(ctx, c, method, "", q, map[string]any{k.key: v})
}

// query builds url.Values from name/value pairs, leaving out empty values.
func query(pairs ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	return q
}

// with is query of the pairs and the page (page, per_page) o names.
func (o ListOptions) with(pairs ...string) url.Values {
	q := query(pairs...)
	o.encode(q)
	return q
}

// itoa writes n, or "" for 0 (a query parameter left out).
func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// idsCall sends method to the resource's path (or sub below it) with ids
// in the query parameter param, size a call, beside the query q, and
// returns one result per id in input order. No id or an empty one is
// refused before anything is sent.
func (k keyed[T]) idsCall(ctx context.Context, c *Client, method, sub, param string, q url.Values, size int, ids []string) ([]*ActionResult, *Response, error) {
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	if len(ids) == 0 {
		return nil, nil, &ValidationError{Field: param, Problem: "is empty"}
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("%s[%d]", param, i), id); err != nil {
			return nil, nil, err
		}
	}
	return c.batchedBy(ctx, len(ids), size, false, func(lo, hi int) ([]*ActionResult, *Response, error) {
		batch := url.Values{param: {strings.Join(ids[lo:hi], ",")}}
		for name, v := range q {
			batch[name] = v
		}
		return c.keyedWrite(ctx, k.request(method, sub, batch), k.key, hi-lo)
	})
}
