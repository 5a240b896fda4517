package zohotest

import (
	"net/http"
	"slices"
)

// Module metadata: GET settings/modules and settings/modules/{api_name},
// derived from the module registry, with the keys of Zoho's samples
// (testdata/reference/11 and 12). Every module the emulator has supports
// the API (api_supported, creatable, editable, deletable, viewable).

func init() {
	handleCRM("GET", "settings/modules", "ZohoCRM.settings.modules.READ", (*Server).listModuleMeta)
	handleCRM("GET", "settings/modules/{api_name}", "ZohoCRM.settings.modules.READ", (*Server).getModuleMeta)
}

// listFields are the fields a module shows in lists: its display field,
// a few of its own editable fields, then Owner.
func (m *moduleMeta) listFields() []string {
	var out []string
	if m.DisplayField != "" {
		out = append(out, m.DisplayField)
	}
	for _, f := range m.Fields {
		if len(out) >= 5 {
			break
		}
		if f.ReadOnly || slices.Contains(out, f.APIName) || isSystemField(f.APIName) || f.APIName == "Salutation" {
			continue
		}
		switch f.DataType {
		case "text", "email", "phone", "picklist", "currency", "date", "lookup":
			out = append(out, f.APIName)
		}
	}
	return append(out, "Owner")
}

func isSystemField(name string) bool {
	switch name {
	case "Owner", "Created_By", "Modified_By", "Created_Time", "Modified_Time":
		return true
	}
	return false
}

func generatedType(m Module) string {
	if m.GeneratedType != "" {
		return m.GeneratedType
	}
	if m.Custom {
		return "custom"
	}
	return "default"
}

// renderModuleSummary writes a module as the list answer does.
func (s *Server) renderModuleSummary(m *moduleMeta, sequence int) obj {
	return obj{
		{"convertable", m.Convertible},
		{"editable", true},
		{"deletable", true},
		{"web_link", nil},
		{"singular_label", m.SingularLabel},
		{"modified_time", s.formatTime(s.settings.started)},
		{"viewable", true},
		{"api_supported", true},
		{"creatable", true},
		{"plural_label", m.PluralLabel},
		{"api_name", m.APIName},
		{"modified_by", s.Admin().lookup(false)},
		{"generated_type", generatedType(m.Module)},
		{"id", m.ID},
		{"module_name", m.ModuleName},
		{"sequence_number", sequence},
		{"visibility", 1},
	}
}

func (s *Server) moduleList() []*moduleMeta {
	s.modules.mu.RLock()
	defer s.modules.mu.RUnlock()
	out := make([]*moduleMeta, len(s.modules.list))
	for i, ms := range s.modules.list {
		out[i] = ms.meta.Load()
	}
	return out
}

func (s *Server) listModuleMeta(c *call) {
	metas := s.moduleList()
	out := make([]obj, len(metas))
	for i, m := range metas {
		out[i] = s.renderModuleSummary(m, i+1)
	}
	writeJSON(c.w, http.StatusOK, obj{{"modules", out}})
}

func (s *Server) getModuleMeta(c *call) {
	ms, ok := s.modules.get(c.param("api_name"))
	if !ok {
		failModule(c.w)
		return
	}
	m := ms.meta.Load()
	sequence := slices.IndexFunc(s.moduleList(), func(o *moduleMeta) bool { return o.ID == m.ID }) + 1
	props := []string{"$approved", "$editable"}
	if m.Convertible {
		props = append(props, "$converted", "$converted_detail")
	}
	var profiles []obj
	for _, p := range s.Profiles() {
		profiles = append(profiles, obj{{"name", p.Name}, {"id", p.ID}})
	}
	fields := m.listFields()
	summary := s.renderModuleSummary(m, sequence)
	detail := append(summary,
		kv{"global_search_supported", true},
		kv{"kanban_view", false},
		kv{"filter_status", true},
		kv{"presence_sub_menu", true},
		kv{"related_list_properties", obj{{"sort_by", nil}, {"fields", fields}, {"sort_order", nil}}},
		kv{"$properties", props},
		kv{"per_page", 10},
		kv{"emailTemplate_support", true},
		kv{"profiles", profiles},
		kv{"filter_supported", true},
		kv{"display_field", m.DisplayField},
		kv{"search_layout_fields", fields},
		kv{"kanban_view_supported", true},
		kv{"quick_create", true},
		kv{"feeds_required", false},
		kv{"scoring_supported", false},
		kv{"arguments", []any{}},
		kv{"business_card_field_limit", 5},
		kv{"custom_view", s.renderCustomViewFor(c, m, m.CustomViews[0], true)},
		kv{"parent_module", obj{}},
	)
	writeJSON(c.w, http.StatusOK, obj{{"modules", []obj{detail}}})
}
