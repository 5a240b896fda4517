package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The org's global picklists (crm-oas group global_picklists): sets of
// values kept once, used by picklist fields of any module (a Field names
// one by GlobalPicklist). A set needs a unique display_label (50
// characters at most) and values; its api_name comes from the label, each
// value gets an id, its actual_value (the display value unless given), a
// sequence_number and a type ("used"). Updates merge values by id. A field
// that uses a set offers its used values: its metadata lists them and
// records accept them, as soon as they are added.
// replace_picklist_values puts a value by another in every record of a
// field that uses the set, marks the old value unused and lists it under
// replaced_values. A set deleted leaves the fields that used it as
// picklists of their own, with the values they offered.

var globalPicklists = registerKeyed(&keyedSpec{
	path:     "settings/global_picklists",
	key:      "global_picklists",
	what:     "global picklist",
	scope:    "ZohoCRM.settings.global_picklist",
	ops:      opsCRUD,
	patch:    true,
	required: []string{"display_label", "pick_list_values"},
	unique:   []string{"display_label"},
	check:    checkGlobalPicklist,
})

// replacedPicklistValues keeps, per global picklist (the parent), the
// values a replacement took out of use; it serves no route of its own.
var replacedPicklistValues = registerKeyed(&keyedSpec{path: "zohotest/replaced_values", key: "replaced_values", what: "value"})

func init() {
	globalPicklists.removed = (*Server).unlinkPicklist // out of the variables' initialization order
	const scope = "ZohoCRM.settings.global_picklist"
	handleCRM(http.MethodPost, globalPicklists.path+"/{id}/actions/replace_picklist_values", scope+".CREATE", (*Server).replacePicklistValues)
	handleCRM(http.MethodGet, globalPicklists.path+"/{id}/actions/replaced_values", scope+".READ", (*Server).replacedValues)
	handleCRM(http.MethodGet, globalPicklists.path+"/{id}/actions/associations", scope+".READ", (*Server).picklistAssociations)
	handleCRM(http.MethodGet, globalPicklists.path+"/{id}/actions/pick_list_values_associations", scope+".READ", (*Server).picklistValueAssociations)
}

func checkGlobalPicklist(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "global_picklists", index)
	label := text(e, "display_label")
	if utf8.RuneCountInString(label) > 50 {
		return refuse("INVALID_DATA", "display_label", kv{"maximum_length", 50})
	}
	values, problem := mergeByID(s, e["pick_list_values"], old["pick_list_values"])
	if problem || len(values) == 0 {
		return refuse("INVALID_DATA", "pick_list_values")
	}
	seen := map[string]bool{}
	for _, item := range values {
		v := item.(map[string]any)
		shown := text(v, "display_value")
		if shown == "" || seen[strings.ToLower(shown)] {
			return refuse("INVALID_DATA", "pick_list_values")
		}
		seen[strings.ToLower(shown)] = true
		if text(v, "actual_value") == "" {
			v["actual_value"] = shown
		}
		if t := text(v, "type"); t != "used" && t != "unused" {
			v["type"] = "used"
		}
	}
	if e["pick_list_values_sorted_lexically"] == true {
		slices.SortStableFunc(values, func(a, b any) int {
			return strings.Compare(strings.ToLower(text(a.(map[string]any), "display_value")), strings.ToLower(text(b.(map[string]any), "display_value")))
		})
	} else if _, ok := e["pick_list_values_sorted_lexically"]; !ok {
		e["pick_list_values_sorted_lexically"] = false
	}
	for i, item := range values {
		item.(map[string]any)["sequence_number"] = json.Number(strconv.Itoa(i + 1))
	}
	e["pick_list_values"] = values
	e["actual_label"] = label
	if text(old, "api_name") != "" {
		e["api_name"] = old["api_name"]
	} else if text(e, "api_name") == "" {
		e["api_name"] = strings.Join(strings.Fields(label), "_")
	}
	e["presence"] = true
	stampAudit(s, c, e, old)
	return nil
}

// unlinkPicklist gives the fields that used a deleted global picklist its
// values in use, as their own.
func (s *Server) unlinkPicklist(old doc) {
	var values []string
	for _, v := range picklistValues(old) {
		if text(v, "type") == "used" {
			values = append(values, text(v, "actual_value"))
		}
	}
	for _, use := range s.picklistUses(idOf(old)) {
		for {
			meta := use.ms.meta.Load()
			m := meta.Module.clone()
			for i := range m.Fields {
				if m.Fields[i].GlobalPicklist == idOf(old) {
					m.Fields[i].GlobalPicklist, m.Fields[i].PickList = "", slices.Clone(values)
				}
			}
			if use.ms.meta.CompareAndSwap(meta, newModuleMeta(m)) {
				break
			}
		}
	}
}

// globalPicklist returns the global picklist with this id.
func (s *Server) globalPicklist(id string) (doc, bool) {
	for _, d := range s.keyedStore(globalPicklists).entries("") {
		if idOf(d) == id {
			return d, true
		}
	}
	return nil, false
}

// picklistValues are the values of a global picklist, as objects.
func picklistValues(d doc) []map[string]any {
	items, _ := d["pick_list_values"].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, item := range items {
		if v, ok := item.(map[string]any); ok {
			out = append(out, v)
		}
	}
	return out
}

// globalPickList is what a field that uses a global picklist offers: the
// actual values in use, and their metadata as Zoho lists a field's.
func (s *Server) globalPickList(id string) ([]string, []obj) {
	d, _ := s.globalPicklist(id)
	var values []string
	var meta []obj
	for _, v := range picklistValues(d) {
		if text(v, "type") != "used" {
			continue
		}
		values = append(values, text(v, "actual_value"))
		meta = append(meta, obj{
			{"display_value", text(v, "display_value")}, {"sequence_number", v["sequence_number"]},
			{"reference_value", text(v, "display_value")}, {"colour_code", nil},
			{"actual_value", text(v, "actual_value")}, {"id", idOf(v)}, {"type", "used"},
		})
	}
	return values, meta
}

// picklistUse is a field of a module that uses a global picklist.
type picklistUse struct {
	ms    *moduleStore
	meta  *moduleMeta
	field Field
}

// picklistUses returns the fields that use the global picklist with this
// id, module by module.
func (s *Server) picklistUses(id string) []picklistUse {
	s.modules.mu.RLock()
	stores := slices.Clone(s.modules.list)
	s.modules.mu.RUnlock()
	var out []picklistUse
	for _, ms := range stores {
		meta := ms.meta.Load()
		for _, f := range meta.Fields {
			if f.GlobalPicklist == id {
				out = append(out, picklistUse{ms, meta, f})
			}
		}
	}
	return out
}

// picklistByPath returns the global picklist the path's {id} names,
// answering Zoho's error for none.
func (s *Server) picklistByPath(c *call) (doc, bool) {
	d, ok := s.globalPicklist(c.param("id"))
	if !ok {
		failPathID(c.w, 2)
	}
	return d, ok
}

// findPicklistValue finds a value of a global picklist by the id or
// display_value of ref (both must agree when both are given).
func findPicklistValue(d doc, ref map[string]any) (map[string]any, bool) {
	id, shown := textOf(ref["id"]), text(ref, "display_value")
	for _, v := range picklistValues(d) {
		if (id == "" || idOf(v) == id) && (shown == "" || text(v, "display_value") == shown) && (id != "" || shown != "") {
			return v, true
		}
	}
	return nil, false
}

func (s *Server) replacePicklistValues(c *call) {
	if _, ok := s.picklistByPath(c); !ok {
		return
	}
	const key = "replace_picklist_values"
	entries, ok := readKeyedBody(c, key, maxWriteRecords)
	if !ok {
		return
	}
	st := s.keyedStore(globalPicklists)
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		results[i] = s.replaceOne(c, st, e, i)
	}
	writeKeyed(c, key, results, http.StatusOK)
}

// replaceOne replaces one value by another, in the set and in records.
func (s *Server) replaceOne(c *call, st *keyedStore, e entry, index int) recordResult {
	const key = "replace_picklist_values"
	refs := map[string]map[string]any{}
	for _, name := range []string{"old_value", "new_value"} {
		var ref map[string]any
		if raw, ok := e[name]; !ok || json.Unmarshal(raw, &ref) != nil || ref == nil {
			return keyedError(c, key, index, "MANDATORY_NOT_FOUND", "required field not found", name)
		}
		refs[name] = ref
	}
	st.mu.Lock()
	at := st.indexLocked("", c.param("id"))
	if at < 0 {
		st.mu.Unlock()
		return keyedError(c, key, index, "INVALID_DATA", "the id given seems to be invalid", "id")
	}
	set := st.items[""][at]
	to, ok := findPicklistValue(set, refs["new_value"])
	if !ok || text(to, "type") != "used" {
		st.mu.Unlock()
		return keyedError(c, key, index, "INVALID_DATA", "invalid data", "new_value")
	}
	from, found := findPicklistValue(set, refs["old_value"])
	old := text(refs["old_value"], "display_value")
	if found {
		if idOf(from) == idOf(to) {
			st.mu.Unlock()
			return keyedError(c, key, index, "INVALID_DATA", "invalid data", "old_value")
		}
		old = text(from, "actual_value")
		from["type"] = "unused"
	}
	newValue := text(to, "actual_value")
	st.mu.Unlock()
	if old == "" {
		return keyedError(c, key, index, "INVALID_DATA", "invalid data", "old_value")
	}

	replaced := s.keyedStore(replacedPicklistValues)
	replaced.mu.Lock()
	replaced.items[c.param("id")] = append(replaced.items[c.param("id")], doc{"id": s.ids.next(), "actual_value": old, "display_value": old})
	replaced.mu.Unlock()
	for _, use := range s.picklistUses(c.param("id")) {
		s.rewriteValues(c, use, func(v string) (string, bool) { return newValue, v == old })
	}
	return recordResult{Code: "SCHEDULED", Details: obj{{"job_id", s.ids.next()}}, Message: "scheduled successfully", Status: "success"}
}

// rewriteValues changes, in every record, the values of a picklist (or
// multi-select picklist) field that change says to.
func (s *Server) rewriteValues(c *call, use picklistUse, change func(string) (string, bool)) {
	ms, name := use.ms, use.field.APIName
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for _, r := range slices.Clone(ms.order) {
		f, ok := r.field(name)
		if !ok {
			continue
		}
		switch f.kind {
		case kindString:
			if v, ok := change(f.str); ok {
				s.rewriteLocked(c, ms, use.meta, r, func(nr *record) { setOwnField(nr, name, v) })
			}
		case kindArray:
			var items []string
			if json.Unmarshal(f.raw, &items) != nil {
				continue
			}
			changed := false
			for i, item := range items {
				if v, ok := change(item); ok {
					items[i], changed = v, true
				}
			}
			if changed {
				s.rewriteLocked(c, ms, use.meta, r, func(nr *record) { setOwnField(nr, name, items) })
			}
		}
	}
}

func (s *Server) replacedValues(c *call) {
	if _, ok := s.picklistByPath(c); !ok {
		return
	}
	values := s.keyedStore(replacedPicklistValues).entries(c.param("id"))
	if len(values) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, len(values))
	for i, v := range values {
		out[i] = obj{{"actual_value", v["actual_value"]}, {"display_value", v["display_value"]}}
	}
	writeJSON(c.w, http.StatusOK, obj{{"replaced_values", out}})
}

func (s *Server) picklistAssociations(c *call) {
	if _, ok := s.picklistByPath(c); !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	uses := s.picklistUses(c.param("id"))
	if len(uses) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	start, end := pageOf(len(uses), page, perPage)
	out := make([]obj, 0, end-start)
	for _, u := range uses[start:end] {
		out = append(out, obj{
			{"field", obj{{"api_name", u.field.APIName}, {"id", u.field.ID}}},
			{"layouts", []obj{{{"id", s.layoutID(u.meta)}, {"name", "Standard"}, {"status", "active"}}}},
			{"module", obj{{"api_name", u.meta.APIName}, {"id", u.meta.ID}, {"plural_label", u.meta.PluralLabel}}},
		})
	}
	writeJSON(c.w, http.StatusOK, obj{{"associations", out}, {"info", pageInfo(perPage, len(out), page, end < len(uses))}})
}

func (s *Server) picklistValueAssociations(c *call) {
	set, ok := s.picklistByPath(c)
	if !ok {
		return
	}
	valueID := c.query("picklist_value_id")
	if valueID == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "picklist_value_id"}})
		return
	}
	value, found := findPicklistValue(set, map[string]any{"id": valueID})
	if !found {
		failParam(c.w, "picklist_value_id")
		return
	}
	actual := text(value, "actual_value")
	var resources []obj
	for _, u := range s.picklistUses(c.param("id")) {
		var details []obj
		u.ms.mu.RLock()
		for _, r := range u.ms.order {
			f, ok := r.field(u.field.APIName)
			holds := ok && f.kind == kindString && f.str == actual
			if ok && f.kind == kindArray {
				var items []string
				holds = json.Unmarshal(f.raw, &items) == nil && slices.Contains(items, actual)
			}
			if holds {
				details = append(details, obj{{"id", r.id}, {"name", r.displayName(u.meta)}})
			}
		}
		u.ms.mu.RUnlock()
		if len(details) > 0 {
			resources = append(resources, obj{{"id", u.meta.ID}, {"name", u.meta.APIName}, {"details", details}})
		}
	}
	if len(resources) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"pick_list_values_associations", []obj{{{"type", "records"}, {"resources", resources}}}}})
}
