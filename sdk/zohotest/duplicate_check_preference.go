package zohotest

import "net/http"

// The duplicate check preference of Leads (crm-oas group
// duplicate_check_preference, ?module=Leads, the one module Zoho takes):
// unset in a new org; set to look among converted leads, or among a
// mapped module's records by pairs of fields of Leads and of that module.

var _ = registerSingleton(&keyedSpec{
	path:     "settings/duplicate_check_preference",
	key:      "duplicate_check_preference",
	what:     "duplicate check preference",
	scope:    "ZohoCRM.settings.duplicate_check_preference",
	ops:      opGet | opCreate | opUpdate | opDeleteOne,
	byQuery:  "module",
	required: []string{"type"},
	parent: func(s *Server, c *call) bool {
		_, meta, ok := s.moduleParam(c)
		if ok && meta.APIName != "Leads" {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the module is not supported", obj{{"param_name", "module"}})
			return false
		}
		return ok
	},
	check: checkDuplicateCheckPreference,
})

func checkDuplicateCheckPreference(s *Server, c *call, e, old doc, index int) *recordResult {
	invalid := refuser(c, "duplicate_check_preference", 0)
	configs, _ := e["type_configurations"].([]any)
	switch text(e, "type") {
	case "converted_records":
		delete(e, "type_configurations")
		return nil
	case "mapped_module_records":
		if len(configs) == 0 {
			return invalid("DEPENDENT_FIELD_MISSING", "type_configurations", kv{"dependee", obj{{"api_name", "type"}}})
		}
	default:
		return invalid("INVALID_DATA", "type", kv{"supported_values", []string{"converted_records", "mapped_module_records"}})
	}
	_, leads, _ := s.moduleParam(c)
	for _, item := range configs {
		config, _ := item.(map[string]any)
		mapped, ok := s.moduleOfRef(config["mapped_module"])
		if !ok {
			return invalid("INVALID_DATA", "mapped_module")
		}
		config["mapped_module"] = obj{{"id", mapped.ID}, {"api_name", mapped.APIName}, {"name", mapped.ModuleName}}
		mappings, _ := config["field_mappings"].([]any)
		if len(mappings) == 0 {
			return invalid("MANDATORY_NOT_FOUND", "field_mappings")
		}
		for _, m := range mappings {
			pair, _ := m.(map[string]any)
			for key, meta := range map[string]*moduleMeta{"current_field": leads, "mapped_field": mapped} {
				ref, ok := fieldOfRef(meta, pair[key])
				if !ok {
					return invalid("INVALID_DATA", key)
				}
				pair[key] = ref
			}
		}
	}
	return nil
}

// fieldOfRef resolves a field named by {"api_name"} or {"id"} in a
// module, as {"id","api_name","name"}.
func fieldOfRef(meta *moduleMeta, v any) (obj, bool) {
	ref, _ := v.(map[string]any)
	for _, f := range meta.Fields {
		if f.APIName == textOf(ref["api_name"]) || (f.ID != "" && f.ID == textOf(ref["id"])) {
			return obj{{"id", f.ID}, {"api_name", f.APIName}, {"name", f.Label}}, true
		}
	}
	return nil, false
}
