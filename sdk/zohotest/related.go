package zohotest

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Related records (crm-oas related_records.json): GET
// {module}/{id}/{related_list} with page, per_page and fields (required
// from v8) and GET .../{related_id} for one related record; PUT and DELETE
// {module}/{id}/{related_list}/{related_id} to link and delink one, and
// PUT {module}/{id}/{related_list} (data[] of ids and relation fields) and
// DELETE ...?ids= for several, one result each; GET
// {module}/deleted/{record_id}/{related_list} for a record in the recycle
// bin. Which records a related list holds is derived from the metadata
// (see settings_related_lists.go): lookups are read from the records
// themselves; many-to-many relations are kept here, with the fields given
// when they were linked (Member_Status, list_price...), which come back
// merged into the related records. Only many-to-many lists can be linked,
// as at Zoho, where a lookup relation is made by setting the lookup field.
// Answers as in the crm-oas v8 examples and Zoho's v2 documentation
// (testdata/reference/22_related_records.json): related records listed in
// creation order, "relation updated" and "relation removed". Records
// named by external values (X-EXTERNAL) are resolved before the handlers
// run (records_external.go).

func init() {
	const read, update, del = "ZohoCRM.modules.{module}.READ", "ZohoCRM.modules.{module}.UPDATE", "ZohoCRM.modules.{module}.DELETE"
	handleCRM("GET", "{module}/{id}/{related_list}", read, (*Server).listRelatedRecords)
	handleCRM("GET", "{module}/{id}/{related_list}/{related_id}", read, (*Server).getRelatedRecord)
	handleCRM("GET", "{module}/deleted/{record_id}/{related_list}", read, (*Server).listDeletedRelated)
	handleCRM("PUT", "{module}/{id}/{related_list}", update, (*Server).linkRelatedRecords)
	handleCRM("PUT", "{module}/{id}/{related_list}/{related_id}", update, (*Server).linkRelatedRecord)
	handleCRM("DELETE", "{module}/{id}/{related_list}", del, (*Server).delinkRelatedRecords)
	handleCRM("DELETE", "{module}/{id}/{related_list}/{related_id}", del, (*Server).delinkRelatedRecord)
}

// relationStore keeps the many-to-many links, under both ends: byEnd
// ["campaigns|123"]["leads|456"] is the relation of Campaign 123 and Lead
// 456.
type relationStore struct {
	mu    sync.Mutex
	byEnd map[string]map[string]*relation
}

type relation struct {
	fields []fieldValue // given when linked, without id
}

func (rs *relationStore) init() { rs.byEnd = map[string]map[string]*relation{} }

func endKey(module, id string) string { return lowerKey(module) + "|" + id }

func (rs *relationStore) link(moduleA, idA, moduleB, idB string, fields []fieldValue) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := &relation{fields: fields}
	for _, ends := range [][2]string{{endKey(moduleA, idA), endKey(moduleB, idB)}, {endKey(moduleB, idB), endKey(moduleA, idA)}} {
		if rs.byEnd[ends[0]] == nil {
			rs.byEnd[ends[0]] = map[string]*relation{}
		}
		rs.byEnd[ends[0]][ends[1]] = r
	}
}

func (rs *relationStore) unlink(moduleA, idA, moduleB, idB string) bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	a, b := endKey(moduleA, idA), endKey(moduleB, idB)
	if _, ok := rs.byEnd[a][b]; !ok {
		return false
	}
	delete(rs.byEnd[a], b)
	delete(rs.byEnd[b], a)
	return true
}

// linked returns the ids of module's records linked to the end, with their
// relations.
func (rs *relationStore) linked(module, id, other string) map[string]*relation {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	prefix := lowerKey(other) + "|"
	out := map[string]*relation{}
	for key, r := range rs.byEnd[endKey(module, id)] {
		if rest, ok := strings.CutPrefix(key, prefix); ok {
			out[rest] = r
		}
	}
	return out
}

// Link relates two records as PUT {module}/{id}/{related_list}/{related_id}
// does, with the relation's fields (nil for none). It panics if the
// modules have no many-to-many relation.
func (s *Server) Link(module, id, relatedModule, relatedID string, fields map[string]any) {
	if junctionBetween(module, relatedModule) == nil {
		panic("zohotest: Link: " + module + " and " + relatedModule + " have no many-to-many relation")
	}
	var fv []fieldValue
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		fv = append(fv, fieldOf(name, fields[name]))
	}
	s.settings.relations.link(module, id, relatedModule, relatedID, fv)
}

// relatedParent resolves {module}/{id}/{related_list}, answering the
// error itself: an unknown module, a record that is not there, a related
// list the module does not have.
func (s *Server) relatedParent(c *call) (*moduleMeta, string, relatedList, bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return nil, "", relatedList{}, false
	}
	id := c.param("id")
	ms.mu.RLock()
	_, exists := ms.byID[id]
	ms.mu.RUnlock()
	if !exists {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 1}})
		return nil, "", relatedList{}, false
	}
	rl, ok := s.relatedListNamed(meta, c.param("related_list"))
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related name given seems to be invalid", obj{{"resource_path_index", 2}})
		return nil, "", relatedList{}, false
	}
	return meta, id, rl, true
}

func (s *Server) listRelatedRecords(c *call) {
	meta, id, rl, ok := s.relatedParent(c)
	if !ok {
		return
	}
	s.writeRelated(c, meta, id, rl, nil)
}

// listDeletedRelated is GET {module}/deleted/{record_id}/{related_list}:
// a related list of a record in the recycle bin, as it was when the
// record was deleted (the emulator keeps what pointed at it), ids=
// keeping some of its records.
func (s *Server) listDeletedRelated(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	id := c.param("record_id")
	ms.mu.RLock()
	inBin := slices.ContainsFunc(ms.deleted, func(d *deletedEntry) bool { return d.id == id && !d.permanent })
	ms.mu.RUnlock()
	if !inBin {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "The related id given seems to be invalid", obj{{"resource_path_index", 2}})
		return
	}
	rl, ok := s.relatedListNamed(meta, c.param("related_list"))
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related name given seems to be invalid", obj{{"resource_path_index", 3}})
		return
	}
	var keep map[string]bool
	if ids := splitList(c.query("ids")); len(ids) > 0 {
		keep = map[string]bool{}
		for _, id := range ids {
			keep[id] = true
		}
	}
	s.writeRelated(c, meta, id, rl, keep)
}

// writeRelated answers a page of the related list of the record (those
// of keep's ids, when given), with fields= (required from v8).
func (s *Server) writeRelated(c *call, meta *moduleMeta, id string, rl relatedList, keep map[string]bool) {
	fields, ok := relatedFields(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	all := s.relatedRecords(meta, id, rl)
	if keep != nil {
		all = slices.DeleteFunc(all, func(r *record) bool { return !keep[r.id] })
	}
	start, end := pageOf(len(all), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	info := pageInfo(perPage, end-start, page, end < len(all))
	if c.version.atLeast(sincePageToken) {
		info = append(info, kv{"next_page_token", nil}, kv{"page_token_expiry", nil}, kv{"previous_page_token", nil})
	}
	s.writeRecords(c, all[start:end], fields, info)
}

// relatedFields reads fields=, which v8 requires; it answers the error.
func relatedFields(c *call) ([]string, bool) {
	if v := c.query("fields"); v != "" {
		return splitList(v), true
	}
	if c.version.atLeast(sinceFieldsRequired) {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "fields"}})
		return nil, false
	}
	return nil, true
}

// relatedRecords returns the records of the record's related list, in id
// order, those linked carrying their relation's fields.
func (s *Server) relatedRecords(meta *moduleMeta, id string, rl relatedList) []*record {
	target, ok := s.modules.get(rl.Module)
	if rl.Kind == relatedNone || !ok {
		return nil
	}
	var all []*record
	switch rl.Kind {
	case relatedLookup:
		target.mu.RLock()
		for _, r := range target.order {
			if f, has := r.field(rl.Field); has {
				if linked, _ := lookupID(f); linked == id {
					all = append(all, r)
				}
			}
		}
		target.mu.RUnlock()
	case relatedJunction:
		links := s.settings.relations.linked(meta.APIName, id, rl.Module)
		target.mu.RLock()
		for relatedID, rel := range links {
			if r := target.byID[relatedID]; r != nil {
				all = append(all, s.withRelation(r, rel.fields))
			}
		}
		target.mu.RUnlock()
		slices.SortFunc(all, func(a, b *record) int { return compareIDs(a.id, b.id) })
	}
	return all
}

// getRelatedRecord is GET {module}/{id}/{related_list}/{related_id}: the
// related record with its relation's fields; 404 when it is not in the
// list (crm-oas's getRelatedRecord example).
func (s *Server) getRelatedRecord(c *call) {
	meta, id, rl, ok := s.relatedParent(c)
	if !ok {
		return
	}
	fields, ok := relatedFields(c)
	if !ok {
		return
	}
	relatedID := c.param("related_id")
	for _, r := range s.relatedRecords(meta, id, rl) {
		if r.id == relatedID {
			if since, conditional := c.ifModifiedSince(); conditional && !r.modified.Truncate(time.Second).After(since) {
				writeEmpty(c.w, http.StatusNotModified)
				return
			}
			s.writeRecords(c, []*record{r}, fields, nil)
			return
		}
	}
	fail(c.w, http.StatusNotFound, "INVALID_DATA", "The record does not exist", obj{})
}

// withRelation returns the record with the relation's fields added, as
// the related list shows it.
func (s *Server) withRelation(r *record, extra []fieldValue) *record {
	if len(extra) == 0 {
		return r
	}
	fields := slices.Clone(r.fields)
	for _, f := range extra {
		if i := indexOfField(fields, f.name); i >= 0 {
			fields[i] = f
		} else {
			fields = append(fields, f)
		}
	}
	out := *r
	out.fields = fields
	out.layout = s.layoutOf(fields)
	out.encoded = appendRecord(nil, fields)
	return &out
}

// linkable resolves the parent and its related list of a link or delink:
// only many-to-many lists can be changed. It answers the error itself.
func (s *Server) linkable(c *call) (*moduleMeta, string, relatedList, bool) {
	meta, id, rl, ok := s.relatedParent(c)
	if !ok {
		return nil, "", rl, false
	}
	if rl.Kind != relatedJunction {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related name given seems to be invalid", obj{{"resource_path_index", 2}})
		return nil, "", rl, false
	}
	return meta, id, rl, true
}

// relatedExists reports whether the related list's module has the record.
func (s *Server) relatedExists(rl relatedList, relatedID string) bool {
	target, ok := s.modules.get(rl.Module)
	if !ok {
		return false
	}
	target.mu.RLock()
	defer target.mu.RUnlock()
	return target.byID[relatedID] != nil
}

// link relates the record to relatedID with the fields given (id and
// $-keys left out), or answers why not as the entry's result.
func (s *Server) link(c *call, meta *moduleMeta, id string, rl relatedList, relatedID string, given []fieldValue, index int) *recordResult {
	if !s.relatedExists(rl, relatedID) {
		return fieldError(c, "INVALID_DATA", "the id given seems to be invalid", "id", index)
	}
	var fields []fieldValue
	for _, f := range given {
		if f.name != "id" && !strings.HasPrefix(f.name, "$") {
			fields = append(fields, f)
		}
	}
	if m := rl.Link.mandatory; m != "" {
		if f, has := findField(fields, m); !has || f.empty() {
			return fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", m, index)
		}
	}
	if check := rl.Link.check; check != nil {
		if bad := check(s, fields); bad != "" {
			return fieldError(c, "INVALID_DATA", "invalid data", bad, index)
		}
	}
	s.settings.relations.link(meta.APIName, id, rl.Module, relatedID, fields)
	return nil
}

func (s *Server) linkRelatedRecord(c *call) {
	meta, id, rl, ok := s.linkable(c)
	if !ok {
		return
	}
	relatedID := c.param("related_id")
	if !s.relatedExists(rl, relatedID) {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 3}})
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	if len(body.data) != 1 {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"maximum_length", 1}, {"api_name", "data"}})
		return
	}
	given, err := decodeObject(body.data[0])
	if err != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{recordError("INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}, {"api_name", "data"}})}}})
		return
	}
	if e := s.link(c, meta, id, rl, relatedID, given, 0); e != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{*e}}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(relatedID, "relation updated")}}})
}

// linkRelatedRecords is PUT {module}/{id}/{related_list}: each entry
// names a related record by id and gives the relation's fields; one
// result per entry, "record updated" as in crm-oas's examples.
func (s *Server) linkRelatedRecords(c *call) {
	meta, id, rl, ok := s.linkable(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	results := make([]recordResult, len(body.data))
	for i, raw := range body.data {
		given, err := decodeObject(raw)
		if err != nil {
			results[i] = notAnObject()
			continue
		}
		f, _ := findField(given, "id")
		relatedID := idText(f)
		if relatedID == "" {
			results[i] = *fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "id", i)
			continue
		}
		if e := s.link(c, meta, id, rl, relatedID, given, i); e != nil {
			results[i] = *e
			continue
		}
		results[i] = successResult(relatedID, "record updated")
	}
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) delinkRelatedRecord(c *call) {
	meta, id, rl, ok := s.linkable(c)
	if !ok {
		return
	}
	relatedID := c.param("related_id")
	if !s.relatedExists(rl, relatedID) || !s.settings.relations.unlink(meta.APIName, id, rl.Module, relatedID) {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 3}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(relatedID, "relation removed")}}})
}

// delinkRelatedRecords is DELETE {module}/{id}/{related_list}?ids=: one
// result per id, as crm-oas's examples show them.
func (s *Server) delinkRelatedRecords(c *call) {
	meta, id, rl, ok := s.linkable(c)
	if !ok {
		return
	}
	ids, ok := idsParam(c)
	if !ok {
		return
	}
	results := make([]recordResult, len(ids))
	for i, relatedID := range ids {
		if !s.settings.relations.unlink(meta.APIName, id, rl.Module, relatedID) {
			results[i] = recordError("INVALID_DATA", "relation not found", obj{{"id", relatedID}})
			continue
		}
		results[i] = successResult(relatedID, "relation removed")
	}
	writeKeyed(c, "data", results, http.StatusOK)
}
