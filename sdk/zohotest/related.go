package zohotest

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Related records: GET {module}/{id}/{related_list} with page, per_page
// and fields (required from v8), PUT and DELETE
// {module}/{id}/{related_list}/{related_id} to link and delink. Which
// records a related list holds is derived from the metadata (see
// settings_related_lists.go): lookups are read from the records
// themselves; many-to-many relations are kept here, with the fields given
// when they were linked (Member_Status, list_price...), which come back
// merged into the related records. Only many-to-many lists can be linked,
// as at Zoho, where a lookup relation is made by setting the lookup field.
// Answers as in the crm-oas v8 examples and Zoho's v2 documentation
// (testdata/reference/22_related_records.json): related records listed in
// creation order, "relation updated" and "relation removed".

func init() {
	handleCRM("GET", "{module}/{id}/{related_list}", "ZohoCRM.modules.{module}.READ", (*Server).listRelatedRecords)
	handleCRM("PUT", "{module}/{id}/{related_list}/{related_id}", "ZohoCRM.modules.{module}.UPDATE", (*Server).linkRelatedRecord)
	handleCRM("DELETE", "{module}/{id}/{related_list}/{related_id}", "ZohoCRM.modules.{module}.DELETE", (*Server).delinkRelatedRecord)
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
	var fields []string
	if v := c.query("fields"); v != "" {
		fields = splitList(v)
	} else if c.version.atLeast(sinceFieldsRequired) {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "fields"}})
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	target, ok := s.modules.get(rl.Module)
	if rl.Kind == relatedNone || !ok {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	var recs []*record
	more := false
	switch rl.Kind {
	case relatedLookup:
		recs, more = target.query(recordQuery{
			filter: func(r *record) bool {
				f, has := r.field(rl.Field)
				if !has {
					return false
				}
				linked, _ := lookupID(f)
				return linked == id
			},
			sortBy: "id", offset: (page - 1) * perPage, limit: perPage,
		})
	case relatedJunction:
		links := s.settings.relations.linked(meta.APIName, id, rl.Module)
		target.mu.RLock()
		var all []*record
		for relatedID, rel := range links {
			if r := target.byID[relatedID]; r != nil {
				all = append(all, s.withRelation(r, rel.fields))
			}
		}
		target.mu.RUnlock()
		slices.SortFunc(all, func(a, b *record) int { return compareIDs(a.id, b.id) })
		start, end := pageOf(len(all), page, perPage)
		recs, more = all[start:end], end < len(all)
	}
	if len(recs) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	info := pageInfo(perPage, len(recs), page, more)
	if c.version.atLeast(sincePageToken) {
		info = append(info, kv{"next_page_token", nil}, kv{"page_token_expiry", nil}, kv{"previous_page_token", nil})
	}
	s.writeRecords(c, recs, fields, info)
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

// relatedTarget resolves the parent, the list and {related_id} of a link
// or delink; only many-to-many lists can be changed.
func (s *Server) relatedTarget(c *call) (*moduleMeta, string, relatedList, string, bool) {
	meta, id, rl, ok := s.relatedParent(c)
	if !ok {
		return nil, "", rl, "", false
	}
	if rl.Kind != relatedJunction {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related name given seems to be invalid", obj{{"resource_path_index", 2}})
		return nil, "", rl, "", false
	}
	relatedID := c.param("related_id")
	target, ok := s.modules.get(rl.Module)
	exists := false
	if ok {
		target.mu.RLock()
		_, exists = target.byID[relatedID]
		target.mu.RUnlock()
	}
	if !exists {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 3}})
		return nil, "", rl, "", false
	}
	return meta, id, rl, relatedID, true
}

func (s *Server) linkRelatedRecord(c *call) {
	meta, id, rl, relatedID, ok := s.relatedTarget(c)
	if !ok {
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
	var fields []fieldValue
	for _, f := range given {
		if f.name != "id" && !strings.HasPrefix(f.name, "$") {
			fields = append(fields, f)
		}
	}
	if m := rl.Link.mandatory; m != "" {
		if f, has := findField(fields, m); !has || f.empty() {
			writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{*fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", m, 0)}}})
			return
		}
	}
	s.settings.relations.link(meta.APIName, id, rl.Module, relatedID, fields)
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(relatedID, "relation updated")}}})
}

func (s *Server) delinkRelatedRecord(c *call) {
	meta, id, rl, relatedID, ok := s.relatedTarget(c)
	if !ok {
		return
	}
	if !s.settings.relations.unlink(meta.APIName, id, rl.Module, relatedID) {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 3}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(relatedID, "relation removed")}}})
}
