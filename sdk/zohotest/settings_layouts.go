package zohotest

import "net/http"

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
