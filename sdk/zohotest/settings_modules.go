package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Module metadata: GET settings/modules and settings/modules/{api_name},
// derived from the module registry, with the keys of Zoho's samples
// (testdata/reference/11 and 12). Every module the emulator has supports
// the API (api_supported, creatable, editable, deletable, viewable).

func init() {
	handleCRM("GET", "settings/modules", "ZohoCRM.settings.modules.READ", (*Server).listModuleMeta)
	handleCRM("GET", "settings/modules/{api_name}", "ZohoCRM.settings.modules.READ", (*Server).getModuleMeta)
	handleCRM("POST", "settings/modules", "ZohoCRM.settings.modules.CREATE", (*Server).writeModuleMeta)
	handleCRM("PUT", "settings/modules", "ZohoCRM.settings.modules.UPDATE", (*Server).writeModuleMeta)
	handleCRM("PUT", "settings/modules/{api_name}", "ZohoCRM.settings.modules.UPDATE", (*Server).writeModuleMeta)
}

// Module writes: POST settings/modules adds custom modules (plural_label,
// singular_label and profiles required; the API name is given or made
// from the plural label) with a mandatory Name field, its display field,
// and an Email; PUT settings/modules (ids in the entries) and
// settings/modules/{id or api_name} change labels and status (visible or
// user_hidden). One result per entry under "modules". A module created is
// listed and takes records at once. Zoho has no call that deletes one.

var moduleStatuses = map[string]bool{"visible": true, "user_hidden": true}

func (s *Server) writeModuleMeta(c *call) {
	create, pathKey := c.r.Method == http.MethodPost, c.param("api_name")
	var pathModule *moduleMeta
	if pathKey != "" {
		m, found := s.moduleByRef(pathKey, "")
		if !found {
			m, found = s.moduleByRef("", pathKey)
		}
		if !found {
			failModule(c.w)
			return
		}
		pathModule = m
	}
	entries, ok := readKeyedBody(c, "modules", maxWriteRecords)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		results[i] = s.writeModuleEntry(c, e, i, create, pathModule)
	}
	writeKeyed(c, "modules", results, http.StatusOK)
}

func (s *Server) writeModuleEntry(c *call, e entry, i int, create bool, target *moduleMeta) recordResult {
	bad := refuser(c, "modules", i)
	if e == nil {
		return notAnObject()
	}
	if !create && target == nil {
		id, present, ok := e.text("id")
		if !present || !ok {
			return *bad("MANDATORY_NOT_FOUND", "id")
		}
		m, found := s.moduleByRef(id, "")
		if !found {
			return *bad("INVALID_DATA", "id")
		}
		target = m
	}
	var labels [2]string
	for j, key := range []string{"plural_label", "singular_label"} {
		v, present, ok := e.text(key)
		switch {
		case !ok || (present && strings.TrimSpace(v) == ""):
			return *bad("INVALID_DATA", key)
		case !present && create:
			return *bad("MANDATORY_NOT_FOUND", key)
		}
		labels[j] = v
	}
	for _, m := range s.moduleList() {
		if labels[0] != "" && (target == nil || m.ID != target.ID) && strings.EqualFold(m.PluralLabel, labels[0]) {
			return *bad("DUPLICATE_DATA", "plural_label")
		}
	}
	status, statusGiven, ok := e.text("status")
	if !ok || (statusGiven && !moduleStatuses[status]) {
		return *bad("INVALID_DATA", "status")
	}
	if raw, present := e["profiles"]; present || create {
		var refs []entry
		if !present {
			return *bad("MANDATORY_NOT_FOUND", "profiles")
		}
		if jsonUnmarshalEntries(raw, &refs) != nil || len(refs) == 0 {
			return *bad("INVALID_DATA", "profiles")
		}
		for _, r := range refs {
			id, _, _ := r.text("id")
			if !slices.ContainsFunc(s.Profiles(), func(p Ref) bool { return p.ID == id }) {
				return *bad("INVALID_DATA", "profiles")
			}
		}
	}
	if create {
		apiName := apiNameFromLabel(labels[0])
		if given, present, ok := e.text("api_name"); present || !ok {
			if !ok || given == "" || given != apiNameFromLabel(given) {
				return *bad("INVALID_DATA", "api_name")
			}
			apiName = given
		}
		if _, taken := s.modules.get(apiName); taken || apiName == "" {
			return *bad("DUPLICATE_DATA", "api_name")
		}
		m := s.AddModule(Module{
			APIName: apiName, PluralLabel: labels[0], SingularLabel: labels[1], Custom: true,
			DisplayField: "Name", Status: status,
			Fields: fieldSpecs("Name text 120 mandatory", "Email email 100"),
		})
		return success(obj{{"id", m.ID}}, "module created")
	}
	ms, _ := s.modules.get(target.APIName)
	for {
		old := ms.meta.Load()
		mod := old.Module.clone()
		if labels[0] != "" {
			mod.PluralLabel = labels[0]
		}
		if labels[1] != "" {
			mod.SingularLabel = labels[1]
		}
		if statusGiven {
			mod.Status = status
		}
		if ms.meta.CompareAndSwap(old, newModuleMeta(mod)) {
			return success(obj{{"id", mod.ID}}, "module updated")
		}
	}
}

func jsonUnmarshalEntries(raw []byte, out *[]entry) error {
	if err := json.Unmarshal(raw, out); err != nil {
		return err
	}
	for _, e := range *out {
		if e == nil {
			return errNotObject
		}
	}
	return nil
}

// moduleStatus is a module's status, visible unless hidden.
func moduleStatus(m *moduleMeta) string {
	if m.Status == "" {
		return "visible"
	}
	return m.Status
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
	status := c.query("status")
	switch status {
	case "", "visible", "user_hidden", "system_hidden", "scheduled_for_deletion":
	default:
		failParam(c.w, "status")
		return
	}
	var out []obj
	for i, m := range s.moduleList() {
		if status == "" || moduleStatus(m) == status {
			o := s.renderModuleSummary(m, i+1)
			if c.version.atLeast(sinceSettingsV8Keys) {
				o = append(o, kv{"status", moduleStatus(m)})
			}
			out = append(out, o)
		}
	}
	if out == nil {
		out = []obj{}
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
