package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// Layouts: GET settings/layouts?module= and settings/layouts/{id}?module=.
// Each module has one layout, Standard, with one section holding every
// field, in the keys of the version: before v8 those of Zoho's v2 sample
// (testdata/reference/51_settings_layouts_v2.json: status 1, sections of
// sequence, name, label, column_count, fields), from v8 those of the v8
// sample (reference 14: status "active", has_more_profiles, created_for,
// sections of id, sequence_number, name, display_label, column_count,
// tab_traversal, isSubformSection, generated_type, fields).

func init() {
	const read = "ZohoCRM.settings.layouts.READ"
	handleCRM("GET", "settings/layouts", read, (*Server).listLayouts)
	handleCRM("GET", "settings/layouts/{id}", read, (*Server).getLayout)
	const update = "ZohoCRM.settings.layouts.UPDATE"
	handleCRM("PATCH", "settings/layouts", update, (*Server).updateLayouts)
	handleCRM("PATCH", "settings/layouts/{id}", update, (*Server).updateLayouts)
	handleCRM("DELETE", "settings/layouts/{id}", "ZohoCRM.settings.layouts.DELETE", (*Server).removeLayout)
	handleCRM("POST", "settings/layouts/{id}/actions/activate", update, (*Server).activateLayout)
	handleCRM("DELETE", "settings/layouts/{id}/actions/activate", update, (*Server).removeLayout)
}

// A module's layouts beyond the derived Standard one are added by
// AddLayout (Zoho has no API that creates a layout). PATCH
// settings/layouts and settings/layouts/{id} rename them (names unique in
// the module); DELETE settings/layouts/{id}/actions/activate?transfer_to=
// deactivates a custom layout and POST .../actions/activate activates it
// again; DELETE settings/layouts/{id}?transfer_to= deletes one. Standard
// is neither deactivated nor deleted (NOT_ALLOWED). A record written with
// the Layout of an inactive layout is refused (records_write.go).

// layoutStates holds each module's layouts: id, name, status (active or
// inactive) and custom, under the module's lower-case API name.
var layoutStates = registerKeyed(&keyedSpec{path: "zohotest/layouts", key: "layouts", what: "layout"})

// layoutsLocked returns the module's layouts, Standard first, under the
// store's lock.
func (s *Server) layoutsLocked(st *keyedStore, m *moduleMeta) []doc {
	key := lowerKey(m.APIName)
	if len(st.items[key]) == 0 {
		st.items[key] = []doc{{"id": s.layoutID(m), "name": "Standard", "status": "active", "custom": false}}
	}
	return st.items[key]
}

// layoutDocs is a copy of the module's layouts.
func (s *Server) layoutDocs(m *moduleMeta) []doc {
	st := s.keyedStore(layoutStates)
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []doc
	for _, d := range s.layoutsLocked(st, m) {
		out = append(out, cloneDoc(d))
	}
	return out
}

// AddLayout adds a custom layout to a module, active, and returns its id.
// It panics if the module is unknown or has a layout of that name.
func (s *Server) AddLayout(module, name string) string {
	m := s.mustModule("AddLayout", module).meta.Load()
	st := s.keyedStore(layoutStates)
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range s.layoutsLocked(st, m) {
		if strings.EqualFold(text(d, "name"), name) {
			panic("zohotest: AddLayout: " + m.APIName + " has a layout " + name + " already")
		}
	}
	id := s.ids.next()
	key := lowerKey(m.APIName)
	st.items[key] = append(st.items[key], doc{"id": id, "name": name, "status": "active", "custom": true})
	return id
}

// layoutTakesRecords reports whether a record may be written with this
// layout: any id but that of an inactive layout of the module.
func (s *Server) layoutTakesRecords(m *moduleMeta, id string) bool {
	for _, d := range s.layoutDocs(m) {
		if idOf(d) == id {
			return text(d, "status") == "active"
		}
	}
	return true
}

// renderLayoutDoc is renderLayout with a stored layout's id, name and
// status (v2 writes status as 1 or 0).
func (s *Server) renderLayoutDoc(c *call, m *moduleMeta, d doc) obj {
	o := s.renderLayout(c, m)
	o = setKey(o, "id", idOf(d))
	o = setKey(o, "name", text(d, "name"))
	status := any(text(d, "status"))
	if !c.version.atLeast(sinceSettingsV8Keys) {
		status = 0
		if text(d, "status") == "active" {
			status = 1
		}
	}
	return setKey(o, "status", status)
}

func (s *Server) updateLayouts(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	pathID := c.param("id")
	st := s.keyedStore(layoutStates)
	st.mu.Lock()
	defer st.mu.Unlock()
	layouts := s.layoutsLocked(st, m)
	find := func(id string) doc {
		for _, d := range layouts {
			if idOf(d) == id {
				return d
			}
		}
		return nil
	}
	if pathID != "" && find(pathID) == nil {
		failSettingsID(c.w)
		return
	}
	entries, ok := readKeyedBody(c, "layouts", maxWriteRecords)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		bad := refuser(c, "layouts", i)
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		id := pathID
		if id == "" {
			id, _, _ = e.text("id")
		}
		d := find(id)
		if d == nil {
			results[i] = *bad("INVALID_DATA", "id")
			continue
		}
		if name, present, ok := e.text("name"); present || !ok {
			taken := false
			for _, o := range layouts {
				taken = taken || (idOf(o) != id && strings.EqualFold(text(o, "name"), name))
			}
			switch {
			case !ok || strings.TrimSpace(name) == "":
				results[i] = *bad("INVALID_DATA", "name")
				continue
			case taken:
				results[i] = *bad("DUPLICATE_DATA", "name")
				continue
			}
			d["name"] = name
		}
		results[i] = successResult(id, "layout updated")
	}
	writeKeyed(c, "layouts", results, http.StatusOK)
}

// layoutAction resolves the layout of the path, under the store's lock,
// answering an unknown one.
func (s *Server) layoutAction(c *call, act func(m *moduleMeta, layouts []doc, d doc)) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	st := s.keyedStore(layoutStates)
	st.mu.Lock()
	defer st.mu.Unlock()
	layouts := s.layoutsLocked(st, m)
	for _, d := range layouts {
		if idOf(d) == c.param("id") {
			act(m, layouts, d)
			key := lowerKey(m.APIName)
			st.items[key] = slices.DeleteFunc(st.items[key], func(d doc) bool { return d["deleted"] == true })
			return
		}
	}
	failSettingsID(c.w)
}

func (s *Server) activateLayout(c *call) {
	s.layoutAction(c, func(_ *moduleMeta, _ []doc, d doc) {
		d["status"] = "active"
		writeKeyed(c, "layouts", []recordResult{successResult(idOf(d), "layout activated")}, http.StatusOK)
	})
}

// removeLayout deactivates (.../actions/activate) or deletes a custom
// layout; transfer_to must name another active layout of the module (Zoho
// moves the layout's records there; the emulator leaves records' Layout
// as written).
func (s *Server) removeLayout(c *call) {
	deactivate := strings.HasSuffix(c.r.URL.Path, "/actions/activate")
	s.layoutAction(c, func(_ *moduleMeta, layouts []doc, d doc) {
		to := c.query("transfer_to")
		if to == "" {
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param_name", "transfer_to"}})
			return
		}
		if d["custom"] != true {
			fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "the standard layout cannot be deactivated or deleted", obj{{"resource_path_index", 2}})
			return
		}
		heir := false
		for _, o := range layouts {
			heir = heir || (idOf(o) == to && to != idOf(d) && text(o, "status") == "active")
		}
		if !heir {
			failParam(c.w, "transfer_to")
			return
		}
		if deactivate {
			d["status"] = "inactive"
			writeKeyed(c, "layouts", []recordResult{successResult(idOf(d), "layout deactivated")}, http.StatusOK)
			return
		}
		d["deleted"] = true
		writeKeyed(c, "layouts", []recordResult{successResult(idOf(d), "layout deleted")}, http.StatusOK)
	})
}

func (s *Server) layoutID(m *moduleMeta) string {
	return s.settings.metaID("layout|" + lowerKey(m.APIName))
}

func (s *Server) renderLayout(c *call, m *moduleMeta) obj {
	fields := make([]obj, len(m.Fields))
	for i, f := range m.Fields {
		fo := s.renderField(c, m, f)
		fields[i] = append(fo, kv{"required", f.Mandatory}, kv{"sequence_number", i + 1}, kv{"default_value", nil})
	}
	section := m.SingularLabel + " Information"
	var profiles []obj
	for _, p := range s.Profiles() {
		profiles = append(profiles, obj{{"id", p.ID}, {"default", true}, {"name", p.Name}})
	}
	started := s.formatTime(s.settings.started)
	if !c.version.atLeast(sinceSettingsV8Keys) {
		return obj{
			{"created_by", nil},
			{"id", s.layoutID(m)},
			{"sections", []obj{{
				{"sequence", 1},
				{"name", section},
				{"label", section},
				{"column_count", 2},
				{"fields", fields},
			}}},
			{"visible", true},
			{"modified_by", s.Admin().lookup(false)},
			{"status", 1},
			{"modified_time", started},
			{"name", "Standard"},
			{"profiles", profiles},
			{"created_time", started},
		}
	}
	return obj{
		{"has_more_profiles", false},
		{"created_time", started},
		{"visible", true},
		{"created_for", nil},
		{"created_by", nil},
		{"sections", []obj{{
			{"isSubformSection", false},
			{"display_label", section},
			{"sequence_number", 1},
			{"tab_traversal", "left_to_right"},
			{"column_count", 2},
			{"name", section},
			{"generated_type", "default"},
			{"id", s.settings.metaID("section|" + lowerKey(m.APIName))},
			{"fields", fields},
		}}},
		{"id", s.layoutID(m)},
		{"modified_by", s.Admin().lookup(false)},
		{"status", "active"},
		{"modified_time", started},
		{"name", "Standard"},
		{"profiles", profiles},
	}
}

func (s *Server) listLayouts(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	var out []obj
	for _, d := range s.layoutDocs(m) {
		out = append(out, s.renderLayoutDoc(c, m, d))
	}
	writeJSON(c.w, http.StatusOK, obj{{"layouts", out}})
}

func (s *Server) getLayout(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	for _, d := range s.layoutDocs(m) {
		if idOf(d) == c.param("id") {
			writeJSON(c.w, http.StatusOK, obj{{"layouts", []obj{s.renderLayoutDoc(c, m, d)}}})
			return
		}
	}
	failSettingsID(c.w)
}
