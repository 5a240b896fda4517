package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Custom views: GET settings/custom_views?module=, GET
// settings/custom_views/{id}?module= and PUT settings/custom_views/{id}?module=
// (name, sort_by, sort_order, fields), from the module's CustomViews. Keys
// as in Zoho's v2 samples and the crm-oas v8 examples
// (testdata/reference/20_settings_custom_views.json). The module's first
// view is its default, system-defined "all" view.

func init() {
	const read = "ZohoCRM.settings.custom_views.READ"
	handleCRM("GET", "settings/custom_views", read, (*Server).listCustomViews)
	handleCRM("GET", "settings/custom_views/{id}", read, (*Server).getCustomView)
	handleCRM("PUT", "settings/custom_views/{id}", "ZohoCRM.settings.custom_views.UPDATE", (*Server).updateCustomView)
	handleCRM("PUT", "settings/custom_views/actions/change_sort", "ZohoCRM.settings.custom_views.UPDATE", (*Server).changeViewSorts)
	handleCRM("PUT", "settings/custom_views/{id}/actions/change_sort", "ZohoCRM.settings.custom_views.UPDATE", (*Server).changeViewSorts)
}

// changeViewSorts answers PUT settings/custom_views/actions/change_sort
// (ids in the entries) and .../{id}/actions/change_sort: each entry's
// sort_by (a field of the module) and sort_order (asc or desc) become the
// view's, one result per entry under "custom_views".
func (s *Server) changeViewSorts(c *call) {
	ms, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	pathID := c.param("id")
	if pathID != "" && !slices.ContainsFunc(m.CustomViews, func(cv CustomView) bool { return cv.ID == pathID }) {
		failSettingsID(c.w)
		return
	}
	entries, ok := readKeyedBody(c, "custom_views", maxWriteRecords)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		bad := refuser(c, "custom_views", i)
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		id := pathID
		if id == "" {
			id, _, _ = e.text("id")
		}
		sortOnly := entry{}
		for _, k := range []string{"sort_by", "sort_order"} {
			if v, ok := e[k]; ok {
				sortOnly[k] = v
			}
		}
		if _, given := sortOnly["sort_by"]; !given {
			results[i] = *bad("MANDATORY_NOT_FOUND", "sort_by")
			continue
		}
		for {
			old := ms.meta.Load()
			mod := old.Module.clone()
			at := slices.IndexFunc(mod.CustomViews, func(cv CustomView) bool { return cv.ID == id })
			if at < 0 {
				results[i] = *bad("INVALID_DATA", "id")
				break
			}
			cv := mod.CustomViews[at]
			if r := viewChanges(c, old, sortOnly, &cv); r != nil {
				results[i] = *r
				break
			}
			mod.CustomViews[at] = cv
			if ms.meta.CompareAndSwap(old, newModuleMeta(mod)) {
				results[i] = successResult(id, "sort order changed")
				break
			}
		}
	}
	writeKeyed(c, "custom_views", results, http.StatusOK)
}

var customViewTranslation = obj{
	{"public_views", "Public Views"},
	{"other_users_views", "Other Users' Views"},
	{"shared_with_me", "Shared With Me"},
	{"created_by_me", "Created By Me"},
}

// fieldRef names a field the way the version does: its API name (v2), or
// {"api_name","id"} (v8).
func fieldRef(c *call, m *moduleMeta, name string) any {
	if !c.version.atLeast(sinceObjectRefs) {
		return name
	}
	return obj{{"api_name", name}, {"id", fieldID(m, name)}}
}

// fieldID is a field's id; the emulator mints one for a field it does not
// keep, such as $converted.
func fieldID(m *moduleMeta, name string) string {
	if f, ok := m.field(name); ok {
		return f.ID
	}
	return ""
}

// renderCustomViewFor writes a view in the keys of the version (see
// reference 48): v2 has offline and favorite, and on GET by id shared_type
// (only_me, public), shared_details, and criteria naming the field by API
// name; v8 has access_type (only_to_me, public), the view's users and
// times and locked, and on GET by id shared_to, criteria naming the field
// by {api_name, id}, and fields as {api_name, _pin, id}. detail adds what
// GET by id answers.
func (s *Server) renderCustomViewFor(c *call, m *moduleMeta, cv CustomView, detail bool) obj {
	v8 := c.version.atLeast(sinceSettingsV8Keys)
	system := len(m.CustomViews) > 0 && m.CustomViews[0].ID == cv.ID
	var systemName any
	category := "created_by_me"
	if system {
		systemName, category = "ALLVIEWS", "shared_with_me"
	}
	access := "only_to_me"
	if system {
		access = "public"
	}
	var out obj
	if v8 {
		started := s.formatTime(s.settings.started)
		admin := s.Admin().lookup(false)
		out = obj{
			{"display_value", cv.Name},
			{"created_time", started},
			{"access_type", access},
			{"system_name", systemName},
			{"created_by", admin},
			{"default", system},
			{"modified_time", started},
			{"name", cv.Name},
			{"system_defined", system},
			{"modified_by", admin},
			{"id", cv.ID},
			{"category", category},
			{"last_accessed_time", started},
			{"locked", false},
		}
	} else {
		out = obj{
			{"display_value", cv.Name},
			{"offline", true},
			{"default", system},
			{"system_name", systemName},
			{"system_defined", system},
			{"name", cv.Name},
			{"id", cv.ID},
			{"category", category},
			{"favorite", nil},
		}
	}
	if !detail {
		return out
	}
	fields := cv.Fields
	if len(fields) == 0 {
		fields = m.listFields()
	}
	refs := make([]any, len(fields))
	for i, f := range fields {
		refs[i] = fieldRef(c, m, f)
		if v8 {
			refs[i] = obj{{"api_name", f}, {"_pin", false}, {"id", fieldID(m, f)}}
		}
	}
	var criteria, sortBy, sortOrder any
	if system && m.Convertible {
		if v8 {
			field := obj{{"api_name", "$converted"}, {"id", s.settings.metaID("field|" + lowerKey(m.APIName) + "|$converted")}}
			criteria = obj{{"comparator", "equal"}, {"field", field}, {"type", "value"}, {"value", false}}
		} else {
			criteria = obj{{"comparator", "equal"}, {"field", "$converted"}, {"value", false}}
		}
	}
	if cv.SortBy != "" {
		sortBy = fieldRef(c, m, cv.SortBy)
	}
	if cv.SortOrder != "" {
		sortOrder = cv.SortOrder
	}
	if v8 {
		return append(out,
			kv{"criteria", criteria},
			kv{"sort_by", sortBy},
			kv{"$modified_criteria", false},
			kv{"sort_order", sortOrder},
			kv{"shared_to", nil}, // only shared views name whom
			kv{"fields", refs},
			kv{"favorite", nil},
		)
	}
	sharedType := "only_me"
	if system {
		sharedType = "public"
	}
	return append(out,
		kv{"shared_type", sharedType},
		kv{"criteria", criteria},
		kv{"shared_details", nil},
		kv{"sort_by", sortBy},
		kv{"fields", refs},
		kv{"sort_order", sortOrder},
	)
}

func (s *Server) listCustomViews(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	start, end := pageOf(len(m.CustomViews), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, 0, end-start)
	for _, cv := range m.CustomViews[start:end] {
		out = append(out, s.renderCustomViewFor(c, m, cv, false))
	}
	info := obj{
		{"per_page", perPage},
		{"default", m.CustomViews[0].ID},
		{"count", len(out)},
		{"translation", customViewTranslation},
		{"page", page},
		{"more_records", end < len(m.CustomViews)},
	}
	writeJSON(c.w, http.StatusOK, obj{{"custom_views", out}, {"info", info}})
}

func (s *Server) getCustomView(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	i := slices.IndexFunc(m.CustomViews, func(cv CustomView) bool { return cv.ID == c.param("id") })
	if i < 0 {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{
		{"custom_views", []obj{s.renderCustomViewFor(c, m, m.CustomViews[i], true)}},
		{"info", obj{{"translation", customViewTranslation}}},
	})
}

// fieldName reads a field given as its API name or as {"api_name": ...}.
func fieldName(raw json.RawMessage) (string, bool) {
	f := makeField("", raw)
	switch f.kind {
	case kindString:
		return f.str, true
	case kindObject:
		var o struct {
			APIName string `json:"api_name"`
		}
		if json.Unmarshal(raw, &o) == nil && o.APIName != "" {
			return o.APIName, true
		}
	}
	return "", false
}

// viewChanges applies an entry to cv, checking fields against the module.
func viewChanges(c *call, m *moduleMeta, e entry, cv *CustomView) *recordResult {
	bad := func(field string) *recordResult {
		r := keyedError(c, "custom_views", 0, "INVALID_DATA", "invalid data", field)
		return &r
	}
	if name, present, ok := e.text("name"); present {
		if !ok || name == "" {
			return bad("name")
		}
		cv.Name = name
	}
	if raw, present := e["sort_by"]; present {
		if string(raw) == "null" {
			cv.SortBy = ""
		} else {
			name, ok := fieldName(raw)
			if _, known := m.field(name); !ok || !known {
				return bad("sort_by")
			}
			cv.SortBy = name
		}
	}
	if order, present, ok := e.text("sort_order"); present {
		if !ok || (order != "asc" && order != "desc") {
			return bad("sort_order")
		}
		cv.SortOrder = order
	}
	if raw, present := e["fields"]; present {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
			return bad("fields")
		}
		fields := make([]string, 0, len(items))
		for _, item := range items {
			name, ok := fieldName(item)
			if _, known := m.field(name); !ok || !known {
				return bad("fields")
			}
			fields = append(fields, name)
		}
		cv.Fields = fields
	}
	return nil
}

func (s *Server) updateCustomView(c *call) {
	ms, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	id := c.param("id")
	if !slices.ContainsFunc(m.CustomViews, func(cv CustomView) bool { return cv.ID == id }) {
		failSettingsID(c.w)
		return
	}
	entries, ok := readKeyedBody(c, "custom_views", 1)
	if !ok {
		return
	}
	if entries[0] == nil {
		writeKeyed(c, "custom_views", []recordResult{notAnObject()}, http.StatusOK)
		return
	}
	for {
		old := ms.meta.Load()
		mod := old.Module.clone()
		i := slices.IndexFunc(mod.CustomViews, func(cv CustomView) bool { return cv.ID == id })
		cv := mod.CustomViews[i]
		if r := viewChanges(c, old, entries[0], &cv); r != nil {
			writeKeyed(c, "custom_views", []recordResult{*r}, http.StatusOK)
			return
		}
		mod.CustomViews[i] = cv
		if ms.meta.CompareAndSwap(old, newModuleMeta(mod)) {
			break
		}
	}
	writeKeyed(c, "custom_views", []recordResult{successResult(id, "custom view updated")}, http.StatusOK)
}
