package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Helpers the org, users and settings services share. Settings writes wrap
// their entries in a key named after the resource ({"taxes":[...]},
// {"users":[...]}) and Zoho answers one result per entry under the same
// key, where record writes use "data".

// keyedWrite sends a write of n entries whose answer lists one result per
// entry under key, numbered in input order. Like doWrite it reads Zoho's
// 400 for "every entry failed" as per-entry results.
func (c *Client) keyedWrite(ctx context.Context, req *Request, key string, n int) ([]*ActionResult, *Response, error) {
	var body map[string]json.RawMessage
	resp, err := c.Do(ctx, req, &body)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		var failed map[string]json.RawMessage
		if json.Unmarshal(apiErr.body, &failed) == nil {
			if _, ok := failed[key]; ok {
				if _, hasCode := failed["code"]; !hasCode {
					body, err = failed, nil
				}
			}
		}
	}
	if err != nil {
		return nil, resp, err
	}
	var results []*ActionResult
	if raw, ok := body[key]; ok {
		if raw = bytes.TrimSpace(raw); len(raw) > 0 && raw[0] == '{' {
			raw = append(append([]byte{'['}, raw...), ']') // the one result of a setting Zoho keeps as one object
		}
		var err error
		if results, err = decodeResults(raw); err != nil {
			results = nil
			if apiErr == nil {
				return nil, resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's answer: %w", req.Method, req.Path, err)
			}
		}
	} else if _, bare := body["status"]; bare && n == 1 && apiErr == nil {
		// One entry's result, given bare (as Zoho's pages show the mail
		// merge actions' answers).
		whole, _ := json.Marshal(body)
		if results, err = decodeResults(append(append([]byte{'['}, whole...), ']')); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: decoding Zoho's answer: %w", req.Method, req.Path, err)
		}
	}
	if err := checkResults(req, results, n, "entries"); err != nil {
		if apiErr != nil {
			return nil, resp, apiErr // an error answer, not one result per entry
		}
		return nil, resp, err
	}
	for i, r := range results {
		r.Index = i
	}
	return results, resp, nil
}

// decodeResults reads the results of a keyed write: a list of results,
// or (as crm-oas documents the composer settings' answer) a list of such
// lists, flattened in order.
func decodeResults(raw json.RawMessage) ([]*ActionResult, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	var results []*ActionResult
	for _, item := range items {
		dec := json.NewDecoder(bytes.NewReader(item))
		dec.UseNumber()
		if t := bytes.TrimSpace(item); len(t) > 0 && t[0] == '[' {
			var nested []*ActionResult
			if err := dec.Decode(&nested); err != nil {
				return nil, err
			}
			results = append(results, nested...)
			continue
		}
		var r *ActionResult
		if err := dec.Decode(&r); err != nil {
			return nil, err
		}
		results = append(results, r)
	}
	return results, nil
}

// writeKeyedBatches sends entries as {key:[...]} with req's method, path
// and query, in batches of size, and returns one result per entry in input
// order; no entries send nothing.
func writeKeyedBatches[T any](ctx context.Context, c *Client, req Request, key string, size int, entries []T) ([]*ActionResult, *Response, error) {
	if len(entries) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return c.batchedBy(ctx, len(entries), size, false, func(lo, hi int) ([]*ActionResult, *Response, error) {
		batch := req
		batch.Body = map[string]any{key: entries[lo:hi]}
		return c.keyedWrite(ctx, &batch, key, hi-lo)
	})
}

// single turns the one result of a one-entry write into the call's
// result: a refused entry is also returned as a *RecordError.
func single(results []*ActionResult, resp *Response, err error) (*ActionResult, *Response, error) {
	if err != nil {
		return nil, resp, err
	}
	if len(results) != 1 {
		return nil, resp, fmt.Errorf("zcrm: Zoho answered %d results for one entry", len(results))
	}
	return results[0], resp, results[0].Err()
}

// noContent is the error for a get by id that Zoho answered with nothing.
func noContent(what, id, path string) error {
	return &APIError{StatusCode: http.StatusNoContent, Code: "NO_CONTENT", Message: "no " + what + " with id " + id,
		Method: http.MethodGet, Path: "/" + path}
}

// Ref names a piece of metadata (a layout, a module, a field) by id and
// API name, with its name where Zoho gives one.
type Ref struct {
	ID      string `json:"id,omitempty"`
	APIName string `json:"api_name,omitempty"`
	Name    string `json:"name,omitempty"`
}

// FieldRef names a field: by its API name in older answers
// ("Last_Name"), as {"api_name","id"} in newer ones; both decode, and it
// encodes back in the form it came in.
type FieldRef struct {
	APIName string
	ID      string

	plain bool   // came as a string
	rest  string // the other keys of the object Zoho sent (_pin...), as JSON
}

// NewFieldRef names a field by API name, written as Zoho's older versions
// do (a string) unless object is true.
func NewFieldRef(apiName string, object bool) FieldRef {
	return FieldRef{APIName: apiName, plain: !object}
}

func (f *FieldRef) UnmarshalJSON(b []byte) error {
	var r nameOrObject
	if err := r.decode(b, "a field"); err != nil {
		return err
	}
	*f = FieldRef{APIName: r.APIName, ID: r.ID.String(), plain: r.plain, rest: restOf(b, "api_name", "id")}
	return nil
}

func (f FieldRef) MarshalJSON() ([]byte, error) {
	if f.plain {
		return json.Marshal(f.APIName)
	}
	o := extraOf(f.rest)
	setText(o, "api_name", f.APIName, true)
	setText(o, "id", f.ID, false)
	return json.Marshal(o)
}

// Extra returns the keys of Zoho's object that FieldRef has no Go field
// for, such as a custom view column's _pin.
func (f FieldRef) Extra() map[string]json.RawMessage { return nilIfEmpty(extraOf(f.rest)) }

// restOf returns, as JSON, the keys of the object b other than known; ""
// when there are none or b is not an object.
func restOf(b []byte, known ...string) string {
	var all map[string]json.RawMessage
	if json.Unmarshal(b, &all) != nil {
		return ""
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		return ""
	}
	out, err := json.Marshal(all)
	if err != nil {
		return ""
	}
	return string(out)
}

func extraOf(rest string) map[string]json.RawMessage {
	o := map[string]json.RawMessage{}
	if rest != "" {
		_ = json.Unmarshal([]byte(rest), &o)
	}
	return o
}

func nilIfEmpty(m map[string]json.RawMessage) map[string]json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	return m
}

// setText sets o[key] to v, if v is not empty or always is set.
func setText(o map[string]json.RawMessage, key, v string, always bool) {
	if v == "" && !always {
		return
	}
	b, _ := json.Marshal(v)
	o[key] = b
}

// String returns the field's API name.
func (f FieldRef) String() string { return f.APIName }

// nameOrObject reads "Name" or {"api_name","id",...}.
type nameOrObject struct {
	APIName    string      `json:"api_name"`
	ID         json.Number `json:"id"`
	ModuleName string      `json:"module_name"`
	Module     string      `json:"module"`
	plain      bool
}

func (r *nameOrObject) decode(b []byte, what string) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*r = nameOrObject{APIName: s, plain: true}
		return nil
	}
	type plain nameOrObject
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return fmt.Errorf("zcrm: %s is a name or an object: %w", what, err)
	}
	return nil
}

// ModuleRef names a module. Zoho writes it as the module's API name in
// older answers ("Accounts") and as {"api_name","id"} in newer ones; both
// decode, and it encodes back in the form it came in.
type ModuleRef struct {
	APIName string
	ID      string
	// Name is set by answers that name the module by another field
	// (module_name).
	Name string

	plain bool   // came as a string
	rest  string // the other keys of the object Zoho sent (plural_label...), as JSON
}

func (m *ModuleRef) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*m = ModuleRef{}
		return nil
	}
	var r nameOrObject
	if err := r.decode(b, "a module"); err != nil {
		return err
	}
	*m = ModuleRef{APIName: r.APIName, ID: r.ID.String(), Name: r.ModuleName, plain: r.plain, rest: restOf(b, "api_name", "id", "module_name")}
	if m.APIName == "" {
		m.APIName = r.Module
	}
	return nil
}

func (m ModuleRef) MarshalJSON() ([]byte, error) {
	if m.plain {
		return json.Marshal(m.APIName)
	}
	o := extraOf(m.rest)
	var module string
	if json.Unmarshal(o["module"], &module) != nil || module != m.APIName {
		setText(o, "api_name", m.APIName, true) // else the name came as module, and goes back so
	}
	setText(o, "id", m.ID, false)
	setText(o, "module_name", m.Name, false)
	return json.Marshal(o)
}

// Extra returns the keys of Zoho's object that ModuleRef has no Go field
// for, such as plural_label.
func (m ModuleRef) Extra() map[string]json.RawMessage { return nilIfEmpty(extraOf(m.rest)) }

// String returns the module's API name.
func (m ModuleRef) String() string { return m.APIName }
