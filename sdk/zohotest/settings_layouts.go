package zohotest

import "net/http"

// Layouts: GET settings/layouts?module= and settings/layouts/{id}?module=.
// Each module has one layout, Standard, with one section holding every
// field, written with the keys of Zoho's v2 sample
// (testdata/reference/14b_settings_layouts_v2.json) and the section keys
// of v8 (display_label, sequence_number). status is 1 before v8 and
// "active" from v8 (reference 14).

func init() {
	const read = "ZohoCRM.settings.layouts.READ"
	handleCRM("GET", "settings/layouts", read, (*Server).listLayouts)
	handleCRM("GET", "settings/layouts/{id}", read, (*Server).getLayout)
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
	var status any = 1
	if c.version.atLeast(sinceObjectRefs) {
		status = "active"
	}
	started := s.formatTime(s.settings.started)
	return obj{
		{"created_by", nil},
		{"id", s.layoutID(m)},
		{"sections", []obj{{
			{"sequence", 1},
			{"sequence_number", 1},
			{"name", section},
			{"label", section},
			{"display_label", section},
			{"column_count", 2},
			{"tab_traversal", "left_to_right"},
			{"fields", fields},
		}}},
		{"visible", true},
		{"modified_by", s.Admin().lookup(false)},
		{"status", status},
		{"modified_time", started},
		{"name", "Standard"},
		{"profiles", profiles},
		{"created_time", started},
	}
}

func (s *Server) listLayouts(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"layouts", []obj{s.renderLayout(c, m)}}})
}

func (s *Server) getLayout(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	if c.param("id") != s.layoutID(m) {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"layouts", []obj{s.renderLayout(c, m)}}})
}
