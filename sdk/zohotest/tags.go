package zohotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tags (payload 32, crm-oas v8 tags): the tags of a module under
// settings/tags (list, create, update one or many, delete, merge, count
// the records carrying one), and the tags of records,
// {module}/{id}/actions/add_tags|remove_tags and, for many records,
// {module}/actions/add_tags|remove_tags. A record carries its tags in its
// Tag field, [{"name","id"}], as Zoho returns it.
//
// How a record's tags are given depends on the version: v2 and v2.1 read
// tag_names (and ids, over_write) from the query; v3 and later a JSON body
// {"tags":[{"name"|"id"}],"ids":[...],"over_write":bool}, where a tag id
// wins over its name. Adding a name no tag has creates the tag.

func init() {
	handleCRM("GET", "settings/tags", "ZohoCRM.settings.tags.READ", (*Server).listTags)
	handleCRM("POST", "settings/tags", "ZohoCRM.settings.tags.CREATE", (*Server).createTags)
	handleCRM("PUT", "settings/tags", "ZohoCRM.settings.tags.UPDATE", (*Server).updateTags)
	handleCRM("PUT", "settings/tags/{tag_id}", "ZohoCRM.settings.tags.UPDATE", (*Server).updateTag)
	handleCRM("DELETE", "settings/tags/{tag_id}", "ZohoCRM.settings.tags.DELETE", (*Server).deleteTag)
	handleCRM("POST", "settings/tags/{tag_id}/actions/merge", "ZohoCRM.settings.tags.CREATE ZohoCRM.settings.tags.UPDATE", (*Server).mergeTags)
	handleCRM("GET", "settings/tags/{tag_id}/actions/records_count", "ZohoCRM.settings.tags.READ", (*Server).tagRecordCount)

	const write = "ZohoCRM.modules.{module}.CREATE ZohoCRM.modules.{module}.UPDATE"
	handleCRM("POST", "{module}/{id}/actions/add_tags", write, (*Server).addRecordTags)
	handleCRM("POST", "{module}/{id}/actions/remove_tags", write, (*Server).removeRecordTags)
	handleCRM("POST", "{module}/actions/add_tags", write, (*Server).addRecordsTags)
	handleCRM("POST", "{module}/actions/remove_tags", write, (*Server).removeRecordsTags)
}

// Limits. A module has at most allowedTags tags (the edition limit; the
// answer shows it as info.allowed_count); a call creates or updates at
// most maxTagsPerWrite (Zoho's PHP SDK: "Cannot process more than 50 tags
// at a time"), adds or removes at most maxTagsPerRecordCall on records
// (its "more than 10 tags"), on at most 100 records in v2 and v2.1 and 500
// from v3 (add-tags.html).
const (
	allowedTags          = 500
	maxTagsPerWrite      = 50
	maxTagsPerRecordCall = 10
	maxTagRecordsV2      = 100
	maxTagRecords        = 500
)

type tag struct {
	id, name, color       string // color "" is null
	creatorID             string
	createdBy, modifiedBy []byte
	created, modified     time.Time
}

type moduleTags struct {
	meta *moduleMeta
	list []*tag // creation order
}

// tagRef is a tag as a record carries it.
type tagRef struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

func (s *Server) tagJSON(t *tag) obj {
	return obj{
		{"created_time", s.formatTime(t.created)},
		{"modified_time", s.formatTime(t.modified)},
		{"name", t.name},
		{"modified_by", rawOrNull(t.modifiedBy)},
		{"id", t.id},
		{"created_by", rawOrNull(t.createdBy)},
		{"color_code", nullIfEmpty(t.color)},
	}
}

// tagsOfLocked returns the tags of a module, creating the set.
func (s *Server) tagsOfLocked(ms *moduleStore) *moduleTags {
	meta := ms.meta.Load()
	key := strings.ToLower(meta.APIName)
	if s.sub.tags == nil {
		s.sub.tags = map[string]*moduleTags{}
	}
	mt := s.sub.tags[key]
	if mt == nil {
		mt = &moduleTags{meta: meta}
		s.sub.tags[key] = mt
	}
	return mt
}

func (mt *moduleTags) byID(id string) *tag {
	for _, t := range mt.list {
		if t.id == id {
			return t
		}
	}
	return nil
}

func (mt *moduleTags) byName(name string) *tag {
	for _, t := range mt.list {
		if strings.EqualFold(t.name, strings.TrimSpace(name)) {
			return t
		}
	}
	return nil
}

// findTagLocked finds a tag by id in any module.
func (s *Server) findTagLocked(id string) (*moduleTags, *tag) {
	for _, mt := range s.sub.tags {
		if t := mt.byID(id); t != nil {
			return mt, t
		}
	}
	return nil, nil
}

func (s *Server) newTag(c *call, name, color string) *tag {
	now := s.Now()
	by := mustJSON(c.user.lookup(false))
	return &tag{id: s.ids.next(), name: strings.TrimSpace(name), color: color, creatorID: c.user.ID,
		createdBy: by, modifiedBy: by, created: now, modified: now}
}

// tagModule reads ?module=, answering the errors of crm-oas's samples.
func (s *Server) tagModule(c *call) (*moduleStore, bool) {
	name := c.query("module")
	if name == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param", "module"}})
		return nil, false
	}
	ms, ok := s.modules.get(name)
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{})
		return nil, false
	}
	if strings.EqualFold(name, notesModule) {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the given module is not supported for this api", obj{})
		return nil, false
	}
	return ms, true
}

func (s *Server) listTags(c *call) {
	ms, ok := s.tagModule(c)
	if !ok {
		return
	}
	mine := c.query("my_tags") == "true"
	s.sub.mu.Lock()
	mt := s.tagsOfLocked(ms)
	list := make([]obj, 0, len(mt.list))
	for _, t := range mt.list {
		if mine && t.creatorID != c.user.ID {
			continue
		}
		list = append(list, s.tagJSON(t))
	}
	s.sub.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"tags", list}, {"info", obj{{"count", len(list)}, {"allowed_count", allowedTags}}}})
}

// tagInput is one entry of a "tags" array in a settings/tags body.
type tagInput struct {
	ID         string          `json:"id"`
	Name       *string         `json:"name"`
	Color      json.RawMessage `json:"color_code"`
	ConflictID string          `json:"conflict_id"`
}

// readTagsBody reads {"tags":[...]}, answering the error itself.
func readTagsBody(c *call, max int) ([]tagInput, bool) {
	var body struct {
		Tags []tagInput `json:"tags"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil {
		failBody(c.w)
		return nil, false
	}
	if len(body.Tags) == 0 {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "tags"}})
		return nil, false
	}
	if len(body.Tags) > max {
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", max}, {"api_name", "tags"}})
		return nil, false
	}
	return body.Tags, true
}

// tagError is a per-tag error: details api_name, json_path (v4+), extra.
func tagError(c *call, code, message, field string, index int, extra ...kv) recordResult {
	d := obj{{"api_name", field}}
	if c.version.atLeast(sinceJSONPath) {
		d = append(d, kv{"json_path", fmt.Sprintf("$.tags[%d].%s", index, field)})
	}
	return recordError(code, message, append(d, extra...))
}

// colorOf checks color_code: a string of at most 7 characters, or null.
func colorOf(c *call, in tagInput, index int) (string, bool, *recordResult) {
	if len(in.Color) == 0 {
		return "", false, nil
	}
	if string(in.Color) == "null" {
		return "", true, nil
	}
	var color string
	if json.Unmarshal(in.Color, &color) != nil {
		e := tagError(c, "INVALID_DATA", "Invalid data type", "color_code", index, kv{"expected_data_type", "text"})
		return "", false, &e
	}
	if len(color) > 7 {
		e := tagError(c, "INVALID_DATA", "invalid data", "color_code", index, kv{"maximum_length", 7})
		return "", false, &e
	}
	return color, true, nil
}

func (s *Server) createTags(c *call) {
	ms, ok := s.tagModule(c)
	if !ok {
		return
	}
	inputs, ok := readTagsBody(c, maxTagsPerWrite)
	if !ok {
		return
	}
	results := make([]recordResult, len(inputs))
	s.sub.mu.Lock()
	mt := s.tagsOfLocked(ms)
	for i, in := range inputs {
		if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
			results[i] = tagError(c, "MANDATORY_NOT_FOUND", "required field not found", "name", i)
			continue
		}
		color, _, e := colorOf(c, in, i)
		if e != nil {
			results[i] = *e
			continue
		}
		if other := mt.byName(*in.Name); other != nil {
			results[i] = tagError(c, "DUPLICATE_DATA", "duplicate data", "name", i, kv{"id", other.id})
			continue
		}
		if len(mt.list) >= allowedTags {
			results[i] = recordError("LICENSE_LIMIT_EXCEEDED", "tags edition limit exceeded", nil)
			continue
		}
		t := s.newTag(c, *in.Name, color)
		mt.list = append(mt.list, t)
		results[i] = success(s.tagJSON(t), "tags created successfully")
	}
	s.sub.mu.Unlock()
	writeKeyed(c, "tags", results, http.StatusCreated)
}

func (s *Server) updateTags(c *call) {
	ms, ok := s.tagModule(c)
	if !ok {
		return
	}
	inputs, ok := readTagsBody(c, maxTagsPerWrite)
	if !ok {
		return
	}
	s.applyTagUpdates(c, ms, inputs, nil)
}

func (s *Server) updateTag(c *call) {
	ms, ok := s.tagModule(c)
	if !ok {
		return
	}
	inputs, ok := readTagsBody(c, 1)
	if !ok {
		return
	}
	id := c.param("tag_id")
	s.applyTagUpdates(c, ms, inputs, &id)
}

// applyTagUpdates renames and recolours tags; the records carrying a
// renamed tag show the new name.
func (s *Server) applyTagUpdates(c *call, ms *moduleStore, inputs []tagInput, pathID *string) {
	results := make([]recordResult, len(inputs))
	renamed := map[string]string{}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	mt := s.tagsOfLocked(ms)
	for i, in := range inputs {
		id := in.ID
		if pathID != nil {
			id = *pathID
		}
		if id == "" {
			results[i] = tagError(c, "MANDATORY_NOT_FOUND", "required field not found", "id", i)
			continue
		}
		t := mt.byID(id)
		if t == nil {
			results[i] = tagError(c, "INVALID_DATA", "tags not found", "id", i)
			continue
		}
		color, hasColor, e := colorOf(c, in, i)
		if e != nil {
			results[i] = *e
			continue
		}
		if in.Name != nil {
			name := strings.TrimSpace(*in.Name)
			if name == "" {
				results[i] = tagError(c, "MANDATORY_NOT_FOUND", "required field not found", "name", i)
				continue
			}
			if other := mt.byName(name); other != nil && other != t {
				results[i] = tagError(c, "DUPLICATE_DATA", "duplicate data", "name", i, kv{"id", other.id})
				continue
			}
			if name != t.name {
				t.name = name
				renamed[t.id] = name
			}
		}
		if hasColor {
			t.color = color
		}
		t.modified, t.modifiedBy = s.Now(), mustJSON(c.user.lookup(false))
		results[i] = success(s.tagJSON(t), "tags updated successfully")
	}
	if len(renamed) > 0 {
		s.rewriteRecordTags(ms, func(refs []tagRef) ([]tagRef, bool) {
			changed := false
			for i, r := range refs {
				if name, ok := renamed[r.ID]; ok {
					refs[i].Name, changed = name, true
				}
			}
			return refs, changed
		})
	}
	writeKeyed(c, "tags", results, http.StatusOK)
}

func (s *Server) deleteTag(c *call) {
	id := c.param("tag_id")
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	mt, t := s.findTagLocked(id)
	if t == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "tags not found", obj{{"id", id}})
		return
	}
	s.dropTagLocked(mt, t)
	result := success(obj{{"id", id}}, "tags deleted successfully")
	if c.version.atLeast(sinceTagDeleteArray) {
		writeJSON(c.w, http.StatusOK, obj{{"tags", []recordResult{result}}})
	} else {
		writeJSON(c.w, http.StatusOK, obj{{"tags", result}})
	}
}

// dropTagLocked deletes a tag of mt and takes it off the module's
// records (s.sub.mu is held).
func (s *Server) dropTagLocked(mt *moduleTags, t *tag) {
	mt.list = slices.DeleteFunc(mt.list, func(o *tag) bool { return o == t })
	if ms, ok := s.modules.get(mt.meta.APIName); ok {
		s.rewriteRecordTags(ms, func(refs []tagRef) ([]tagRef, bool) {
			n := len(refs)
			refs = slices.DeleteFunc(refs, func(r tagRef) bool { return r.ID == t.id })
			return refs, len(refs) != n
		})
	}
}

// mergeTags merges the conflict tag into the tag of the path: the records
// carrying it carry the path's tag instead, and it is deleted.
func (s *Server) mergeTags(c *call) {
	id := c.param("tag_id")
	inputs, ok := readTagsBody(c, 1)
	if !ok {
		return
	}
	conflict := inputs[0].ConflictID
	if conflict == "" {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "conflict_id"}})
		return
	}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	mt, t := s.findTagLocked(id)
	if t == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"id", id}})
		return
	}
	other := mt.byID(conflict)
	if other == nil || other == t {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "conflict_id"}})
		return
	}
	mt.list = slices.DeleteFunc(mt.list, func(o *tag) bool { return o == other })
	if ms, ok := s.modules.get(mt.meta.APIName); ok {
		s.rewriteRecordTags(ms, func(refs []tagRef) ([]tagRef, bool) {
			i := slices.IndexFunc(refs, func(r tagRef) bool { return r.ID == conflict })
			if i < 0 {
				return refs, false
			}
			if slices.ContainsFunc(refs, func(r tagRef) bool { return r.ID == t.id }) {
				return slices.Delete(refs, i, i+1), true
			}
			refs[i] = tagRef{Name: t.name, ID: t.id}
			return refs, true
		})
	}
	t.modified, t.modifiedBy = s.Now(), mustJSON(c.user.lookup(false))
	// Keys in the order of Zoho's sample.
	writeJSON(c.w, http.StatusOK, obj{{"tags", []obj{{
		{"code", "SUCCESS"},
		{"message", "tags merged successfully"},
		{"status", "success"},
		{"details", obj{
			{"created_by", rawOrNull(t.createdBy)},
			{"created_time", s.formatTime(t.created)},
			{"id", t.id},
			{"modified_by", rawOrNull(t.modifiedBy)},
			{"modified_time", s.formatTime(t.modified)},
		}},
	}}}})
}

func (s *Server) tagRecordCount(c *call) {
	ms, ok := s.tagModule(c)
	if !ok {
		return
	}
	id := c.param("tag_id")
	s.sub.mu.Lock()
	t := s.tagsOfLocked(ms).byID(id)
	s.sub.mu.Unlock()
	if t == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "tags not found", obj{{"id", id}})
		return
	}
	n := 0
	ms.mu.RLock()
	for _, r := range ms.order {
		if slices.ContainsFunc(recordTags(r), func(ref tagRef) bool { return ref.ID == id }) {
			n++
		}
	}
	ms.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, obj{{"count", strconv.Itoa(n)}}) // a string, as crm-oas v8 has it
}

// recordTags reads a record's Tag field.
func recordTags(r *record) []tagRef {
	f, ok := r.field("Tag")
	if !ok || f.kind != kindArray {
		return nil
	}
	var refs []tagRef
	_ = json.Unmarshal(f.raw, &refs)
	return refs
}

// setRecordTagsLocked replaces a record's Tag field (the module's lock is
// held for writing).
func (s *Server) setRecordTagsLocked(ms *moduleStore, old *record, refs []tagRef) *record {
	if refs == nil {
		refs = []tagRef{}
	}
	own := slices.Clone(old.own)
	f := fieldOf("Tag", refs)
	if i := indexOfField(own, "Tag"); i >= 0 {
		own[i] = f
	} else {
		own = append(own, f)
	}
	r := &record{
		id: old.id, own: own, props: old.props, owner: old.owner,
		createdBy: old.createdBy, modifiedBy: old.modifiedBy, created: old.created, modified: old.modified,
	}
	s.assemble(ms.meta.Load(), r)
	ms.replaceLocked(r)
	return r
}

// rewriteRecordTags applies change to the tags of every record of a module.
func (s *Server) rewriteRecordTags(ms *moduleStore, change func([]tagRef) ([]tagRef, bool)) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for _, r := range slices.Clone(ms.order) {
		refs := recordTags(r)
		if len(refs) == 0 {
			continue
		}
		if refs, changed := change(refs); changed {
			s.setRecordTagsLocked(ms, r, refs)
		}
	}
}

// Tags on records.

// tagRequest is what add_tags and remove_tags were asked.
type tagRequest struct {
	names     []string
	ids       []string // tag ids (v3+)
	records   []string
	overwrite bool
}

// readTagRequest reads the tags (and the records, when bulk) the way the
// version takes them, answering the error itself.
func (s *Server) readTagRequest(c *call, bulk bool) (tagRequest, bool) {
	var req tagRequest
	req.overwrite = c.query("over_write") == "true"
	if !c.version.atLeast(sinceTagsBody) {
		req.names = splitList(c.query("tag_names"))
		if len(req.names) == 0 {
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "tag_names"}})
			return req, false
		}
		req.records = splitList(c.query("ids"))
	} else {
		var body struct {
			Tags []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"tags"`
			IDs       []string `json:"ids"`
			OverWrite *bool    `json:"over_write"`
		}
		if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil && err != io.EOF {
			failBody(c.w)
			return req, false
		}
		if len(body.Tags) == 0 {
			d := obj{{"api_name", "tags"}}
			if c.version.atLeast(sinceJSONPath) {
				d = append(d, kv{"json_path", "$.tags"})
			}
			fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", d)
			return req, false
		}
		for _, t := range body.Tags {
			if t.ID != "" {
				req.ids = append(req.ids, t.ID)
			} else if strings.TrimSpace(t.Name) != "" {
				req.names = append(req.names, t.Name)
			}
		}
		req.records = body.IDs
		if len(req.records) == 0 {
			req.records = splitList(c.query("ids"))
		}
		if body.OverWrite != nil {
			req.overwrite = *body.OverWrite
		}
	}
	if n := len(req.names) + len(req.ids); n > maxTagsPerRecordCall {
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxTagsPerRecordCall}, {"api_name", "tags"}})
		return req, false
	}
	if bulk {
		limit := maxTagRecords
		if !c.version.atLeast(sinceTagsBody) {
			limit = maxTagRecordsV2
		}
		switch {
		case len(req.records) == 0:
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "ids"}})
			return req, false
		case len(req.records) > limit:
			fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", limit}, {"param_name", "ids"}})
			return req, false
		}
	}
	return req, true
}

// resolveTagsLocked turns the request's tags into refs. Adding creates the
// tags a name does not find; an unknown id is an error.
func (s *Server) resolveTagsLocked(c *call, mt *moduleTags, req tagRequest, create bool) ([]tagRef, bool) {
	var refs []tagRef
	add := func(t *tag) {
		if !slices.ContainsFunc(refs, func(r tagRef) bool { return r.ID == t.id }) {
			refs = append(refs, tagRef{Name: t.name, ID: t.id})
		}
	}
	for _, id := range req.ids {
		t := mt.byID(id)
		if t == nil {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "tags"}, {"id", id}})
			return nil, false
		}
		add(t)
	}
	for _, name := range req.names {
		t := mt.byName(name)
		switch {
		case t != nil:
			add(t)
		case create && len(mt.list) >= allowedTags:
			fail(c.w, http.StatusBadRequest, "LICENSE_LIMIT_EXCEEDED", "tags edition limit exceeded", obj{})
			return nil, false
		case create:
			t = s.newTag(c, name, "")
			mt.list = append(mt.list, t)
			add(t)
		default:
			refs = append(refs, tagRef{Name: strings.TrimSpace(name)}) // matches nothing
		}
	}
	return refs, true
}

// tagOp changes one record's tags.
func tagOp(add bool, overwrite bool) func(have, given []tagRef) []tagRef {
	return func(have, given []tagRef) []tagRef {
		if !add {
			return slices.DeleteFunc(have, func(h tagRef) bool {
				return slices.ContainsFunc(given, func(g tagRef) bool {
					return (g.ID != "" && g.ID == h.ID) || (g.ID == "" && strings.EqualFold(g.Name, h.Name))
				})
			})
		}
		if overwrite {
			have = nil
		}
		for _, g := range given {
			if !slices.ContainsFunc(have, func(h tagRef) bool { return h.ID == g.ID }) {
				have = append(have, g)
			}
		}
		return have
	}
}

// tagDetails are the details of a record's tags answer: its id and the
// tags it has now (with color_code from v3).
func (s *Server) tagDetails(c *call, mt *moduleTags, id string, refs []tagRef) obj {
	tags := make([]obj, 0, len(refs))
	for _, r := range refs {
		e := obj{{"name", r.Name}, {"id", r.ID}}
		if c.version.atLeast(sinceTagsBody) {
			color := ""
			if t := mt.byID(r.ID); t != nil {
				color = t.color
			}
			e = append(e, kv{"color_code", nullIfEmpty(color)})
		}
		tags = append(tags, e)
	}
	return obj{{"id", id}, {"tags", tags}}
}

func (s *Server) changeRecordTags(c *call, add, bulk bool) {
	ms, _, ok := s.module(c)
	if !ok {
		return
	}
	var target string
	if !bulk {
		if target, ok = c.pathID(); !ok {
			return
		}
	}
	req, ok := s.readTagRequest(c, bulk)
	if !ok {
		return
	}
	if !bulk {
		req.records = []string{target}
		ms.mu.RLock()
		r := ms.byID[target]
		ms.mu.RUnlock()
		if r == nil { // before any tag is created for it
			failPathID(c.w, 1)
			return
		}
	}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	mt := s.tagsOfLocked(ms)
	given, ok := s.resolveTagsLocked(c, mt, req, add)
	if !ok {
		return
	}
	op := tagOp(add, req.overwrite)
	results := make([]recordResult, len(req.records))
	succeeded := 0
	ms.mu.Lock()
	for i, id := range req.records {
		r := ms.byID[id]
		if r == nil {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			continue
		}
		refs := op(recordTags(r), given)
		s.setRecordTagsLocked(ms, r, refs)
		results[i] = success(s.tagDetails(c, mt, id, refs), "tags updated successfully")
		succeeded++
	}
	ms.mu.Unlock()
	answer := obj{{"data", results}}
	if bulk && c.version.atLeast(sinceTagBulkCounts) {
		answer = append(answer, kv{"success_count", strconv.Itoa(succeeded)}, kv{"locked_count", "0"})
	}
	writeJSON(c.w, writeStatus(c, succeeded, len(results)-succeeded, http.StatusOK), answer)
}

func (s *Server) addRecordTags(c *call)     { s.changeRecordTags(c, true, false) }
func (s *Server) removeRecordTags(c *call)  { s.changeRecordTags(c, false, false) }
func (s *Server) addRecordsTags(c *call)    { s.changeRecordTags(c, true, true) }
func (s *Server) removeRecordsTags(c *call) { s.changeRecordTags(c, false, true) }
