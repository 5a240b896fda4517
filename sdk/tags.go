package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TagsService manages tags (/settings/tags) and tags records ({module}/actions/add_tags...).
type TagsService service

// Tag is a tag of a module. Fields without a Go field are kept in Extra.
type Tag struct {
	ID           string    `json:"id,omitempty"`
	Name         string    `json:"name,omitempty"`
	ColorCode    string    `json:"color_code,omitempty"` // such as #F17574
	CreatedBy    *Lookup   `json:"created_by,omitempty"`
	ModifiedBy   *Lookup   `json:"modified_by,omitempty"`
	CreatedTime  time.Time `json:"created_time,omitzero"`
	ModifiedTime time.Time `json:"modified_time,omitzero"`

	kept
}

func (t *Tag) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t Tag) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// Per-call limits. The SDK splits longer lists into several calls.
const (
	// MaxTagsPerWrite is the most tags one create or update takes.
	MaxTagsPerWrite = 50
	// MaxTagsPerRecordCall is the most tags one add_tags or remove_tags
	// call takes. Note that Zoho also limits the tags a record carries
	// (5 or 10, by edition).
	MaxTagsPerRecordCall = 10
	// MaxTagRecordsPerCall is the most records one add_tags or remove_tags
	// call takes (v3 and later allow 500; v2 100).
	MaxTagRecordsPerCall = 100
)

// sinceTagsBody is the first version taking a record's tags as a JSON
// body; v2 and v2.1 take tag_names in the query (add-tags.html of each
// version).
const sinceTagsBody = 3

// TagListOptions filters Tags.List.
type TagListOptions struct {
	MyTags bool // only the tags the current user created
}

func requireModuleQuery(module string) (url.Values, error) {
	if err := requireID("module", module); err != nil {
		return nil, err
	}
	return url.Values{"module": {module}}, nil
}

// List returns a module's tags.
func (s *TagsService) List(ctx context.Context, module string, opts *TagListOptions) ([]*Tag, *Response, error) {
	q, err := requireModuleQuery(module)
	if err != nil {
		return nil, nil, err
	}
	if opts != nil && opts.MyTags {
		q.Set("my_tags", "true")
	}
	var body struct {
		Tags []*Tag `json:"tags"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/tags", Query: q}, &body)
	if err != nil {
		return nil, resp, err
	}
	if body.Tags == nil {
		body.Tags = []*Tag{}
	}
	return body.Tags, resp, nil
}

// tagBody is a tag as create and update send it.
func tagBody(t *Tag, withID bool) map[string]any {
	m := map[string]any{}
	if t.Name != "" {
		m["name"] = t.Name
	}
	if t.ColorCode != "" {
		m["color_code"] = t.ColorCode
	}
	if withID {
		m["id"] = t.ID
	}
	return m
}

// Create creates tags in a module, in batches of 50; one result per tag in
// input order, the new tag's id in ActionResult.ID. A tag Zoho refuses
// (DUPLICATE_DATA, ...) is a failed result, not an error.
func (s *TagsService) Create(ctx context.Context, module string, tags []*Tag) ([]*ActionResult, *Response, error) {
	q, err := requireModuleQuery(module)
	if err != nil {
		return nil, nil, err
	}
	for i, t := range tags {
		if t == nil || strings.TrimSpace(t.Name) == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("tags[%d]", i), Problem: "has no name"}
		}
	}
	return s.writeTags(ctx, http.MethodPost, q, tags, false)
}

// UpdateMany renames or recolours tags of a module, each identified by
// its ID, in batches of 50; one result per tag in input order.
func (s *TagsService) UpdateMany(ctx context.Context, module string, tags []*Tag) ([]*ActionResult, *Response, error) {
	q, err := requireModuleQuery(module)
	if err != nil {
		return nil, nil, err
	}
	for i, t := range tags {
		if t == nil || t.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("tags[%d]", i), Problem: "has no id; UpdateMany needs the id of each tag"}
		}
	}
	return s.writeTags(ctx, http.MethodPut, q, tags, true)
}

// Update renames or recolours one tag.
func (s *TagsService) Update(ctx context.Context, module, id string, t *Tag) (*ActionResult, *Response, error) {
	q, err := requireModuleQuery(module)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if t == nil {
		return nil, nil, &ValidationError{Field: "tag", Problem: "is nil"}
	}
	results, resp, err := s.client.keyedWrite(ctx, &Request{Method: http.MethodPut, Path: "settings/tags/" + url.PathEscape(id), Query: q,
		Body: map[string]any{"tags": []map[string]any{tagBody(t, false)}}}, "tags", 1)
	if err != nil {
		return nil, resp, err
	}
	return results[0], resp, nil
}

func (s *TagsService) writeTags(ctx context.Context, method string, q url.Values, tags []*Tag, withID bool) ([]*ActionResult, *Response, error) {
	bodies := make([]map[string]any, len(tags))
	for i, t := range tags {
		bodies[i] = tagBody(t, withID)
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: method, Path: "settings/tags", Query: q}, "tags", MaxTagsPerWrite, bodies)
}

// doTagAction sends a call answered {"tags":[result]}, or {"tags":result}
// (DELETE before v8).
func (c *Client) doTagAction(ctx context.Context, req *Request) (*ActionResult, *Response, error) {
	var body struct {
		Tags json.RawMessage `json:"tags"`
	}
	resp, err := c.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	var one ActionResult
	var list []*ActionResult
	switch {
	case json.Unmarshal(body.Tags, &list) == nil && len(list) > 0:
		return list[0], resp, nil
	case json.Unmarshal(body.Tags, &one) == nil && one.Status != "":
		return &one, resp, nil
	}
	return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho's answer has no result", req.Method, req.Path)
}

// Delete deletes a tag; the records carrying it lose it.
func (s *TagsService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return s.client.doTagAction(ctx, &Request{Method: http.MethodDelete, Path: "settings/tags/" + url.PathEscape(id)})
}

// Merge merges the tag conflictID into the tag id: the records carrying
// conflictID carry id instead, and conflictID is deleted.
func (s *TagsService) Merge(ctx context.Context, id, conflictID string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("conflictID", conflictID); err != nil {
		return nil, nil, err
	}
	body := map[string]any{"tags": []map[string]string{{"conflict_id": conflictID}}}
	return s.client.doTagAction(ctx, &Request{Method: http.MethodPost, Path: "settings/tags/" + url.PathEscape(id) + "/actions/merge", Body: body})
}

// RecordCount returns how many records of a module carry a tag.
func (s *TagsService) RecordCount(ctx context.Context, module, id string) (int, *Response, error) {
	q, err := requireModuleQuery(module)
	if err != nil {
		return 0, nil, err
	}
	if err := requireID("id", id); err != nil {
		return 0, nil, err
	}
	var body struct {
		Count json.RawMessage `json:"count"` // "7" in samples, an integer in the docs' key list
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/tags/" + url.PathEscape(id) + "/actions/records_count", Query: q}, &body)
	if err != nil {
		return 0, resp, err
	}
	n, err := strconv.Atoi(jsonText(body.Count))
	if err != nil {
		return 0, resp, fmt.Errorf("zcrm: tag %s: Zoho's record count %s is not a number", id, body.Count)
	}
	return n, resp, nil
}

// RecordTagsResult is Zoho's answer for one record of add_tags or
// remove_tags: the result, and the tags the record carries afterwards.
type RecordTagsResult struct {
	*ActionResult
	Tags []*Tag
}

// TagRecordsOptions changes how tags are added.
type TagRecordsOptions struct {
	// OverWrite replaces the record's tags instead of adding to them.
	OverWrite bool
}

// AddToRecord adds tags, by name, to a record; tags that do not exist are
// created. More than MaxTagsPerRecordCall tags take several calls.
func (s *TagsService) AddToRecord(ctx context.Context, module, recordID string, tags []string, opts *TagRecordsOptions) (*RecordTagsResult, *Response, error) {
	if err := requireID("record id", recordID); err != nil {
		return nil, nil, err
	}
	return first(s.change(ctx, module, []string{recordID}, true, tags, true, opts))
}

// RemoveFromRecord removes tags, by name, from a record.
func (s *TagsService) RemoveFromRecord(ctx context.Context, module, recordID string, tags []string) (*RecordTagsResult, *Response, error) {
	if err := requireID("record id", recordID); err != nil {
		return nil, nil, err
	}
	return first(s.change(ctx, module, []string{recordID}, true, tags, false, nil))
}

// AddToRecords adds tags, by name, to many records: batches of
// MaxTagRecordsPerCall records and MaxTagsPerRecordCall tags, one result
// per record in input order.
func (s *TagsService) AddToRecords(ctx context.Context, module string, recordIDs []string, tags []string, opts *TagRecordsOptions) ([]*RecordTagsResult, *Response, error) {
	return s.change(ctx, module, recordIDs, false, tags, true, opts)
}

// RemoveFromRecords removes tags, by name, from many records, in batches
// as AddToRecords; one result per record in input order.
func (s *TagsService) RemoveFromRecords(ctx context.Context, module string, recordIDs []string, tags []string) ([]*RecordTagsResult, *Response, error) {
	return s.change(ctx, module, recordIDs, false, tags, false, nil)
}

func first(results []*RecordTagsResult, resp *Response, err error) (*RecordTagsResult, *Response, error) {
	if err != nil {
		return nil, resp, err
	}
	return results[0], resp, nil
}

func (s *TagsService) change(ctx context.Context, module string, recordIDs []string, single bool, tags []string, add bool, opts *TagRecordsOptions) ([]*RecordTagsResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	for i, id := range recordIDs {
		if err := requireID(fmt.Sprintf("recordIDs[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(tags) == 0 {
		return nil, nil, &ValidationError{Field: "tags", Problem: "is empty"}
	}
	inQuery := !s.client.apiVersionAtLeast(sinceTagsBody)
	for i, t := range tags {
		switch {
		case strings.TrimSpace(t) == "":
			return nil, nil, &ValidationError{Field: fmt.Sprintf("tags[%d]", i), Problem: "is empty"}
		case inQuery && strings.Contains(t, ","):
			return nil, nil, &ValidationError{Field: fmt.Sprintf("tags[%d]", i), Problem: fmt.Sprintf("%q has a comma, which this API version's tag_names cannot carry", t)}
		}
	}
	if len(recordIDs) == 0 {
		return []*RecordTagsResult{}, nil, nil
	}
	overwrite := opts != nil && opts.OverWrite
	results, resp, err := s.client.batchedBy(ctx, len(recordIDs), MaxTagRecordsPerCall, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		var merged []*ActionResult
		var last *Response
		for t := 0; t < len(tags); t += MaxTagsPerRecordCall {
			req := s.tagRequest(module, recordIDs[lo:hi], single, tags[t:min(t+MaxTagsPerRecordCall, len(tags))], add, overwrite && t == 0)
			batch, resp, err := s.client.doWrite(ctx, req, hi-lo)
			last = resp
			if err != nil {
				return nil, resp, err
			}
			if merged == nil {
				merged = batch
				continue
			}
			// A record's last answer lists all its tags; its first failure
			// is kept.
			for i, r := range batch {
				if merged[i].OK() {
					merged[i] = r
				}
			}
		}
		return merged, last, nil
	})
	out := make([]*RecordTagsResult, len(results))
	for i, r := range results {
		out[i] = &RecordTagsResult{ActionResult: r, Tags: tagsOf(r.Details["tags"])}
	}
	return out, resp, err
}

// tagRequest is add_tags or remove_tags in the version's form.
func (s *TagsService) tagRequest(module string, recordIDs []string, single bool, tags []string, add, overwrite bool) *Request {
	action := "remove_tags"
	if add {
		action = "add_tags"
	}
	path := url.PathEscape(module) + "/actions/" + action
	if single {
		path = url.PathEscape(module) + "/" + url.PathEscape(recordIDs[0]) + "/actions/" + action
	}
	req := &Request{Method: http.MethodPost, Path: path}
	if !s.client.apiVersionAtLeast(sinceTagsBody) {
		req.Query = url.Values{"tag_names": {strings.Join(tags, ",")}}
		if !single {
			req.Query.Set("ids", strings.Join(recordIDs, ","))
		}
		if overwrite {
			req.Query.Set("over_write", "true")
		}
		return req
	}
	named := make([]map[string]string, len(tags))
	for i, t := range tags {
		named[i] = map[string]string{"name": t}
	}
	body := map[string]any{"tags": named}
	if !single {
		body["ids"] = recordIDs
	}
	if overwrite {
		body["over_write"] = true
	}
	req.Body = body
	return req
}

// tagsOf reads details.tags: objects {"name","id","color_code"}, or names.
func tagsOf(v any) []*Tag {
	list, _ := v.([]any)
	tags := make([]*Tag, 0, len(list))
	for _, item := range list {
		switch t := item.(type) {
		case string:
			tags = append(tags, &Tag{Name: t})
		case map[string]any:
			b, err := json.Marshal(t)
			if err != nil {
				continue
			}
			var tag Tag
			if json.Unmarshal(b, &tag) == nil {
				tags = append(tags, &tag)
			}
		}
	}
	return tags
}
