package zohotest

import "net/http"

// Record locking configurations (crm-oas group
// record_locking_configuration), kept per module (?module=, required): a
// lock type (manual, automatic or both), the rules that lock records
// automatically (required unless manual; each named, with criteria on the
// module's fields), whom a lock binds (all profiles, or all but the
// excluded ones) and what stays editable. An update merges locking rules
// by id: new ones (no id) are added and those with _delete removed.

var recordLockingModules = []string{"Leads", "Contacts", "Accounts", "Deals", "Quotes", "Sales_Orders", "Purchase_Orders",
	"Invoices", "Vendors", "Price_Books", "Cases", "Solutions", "Tasks", "Products"}

var _ = registerKeyed(&keyedSpec{
	path:     "settings/record_locking_configurations",
	key:      "record_locking_configurations",
	what:     "record locking configuration",
	scope:    "ZohoCRM.settings.record_locking_configurations",
	ops:      opsCRUD,
	byQuery:  "module",
	required: []string{"lock_type"},
	parent: func(s *Server, c *call) bool {
		_, _, ok := s.moduleParam(c)
		if _, supported := s.moduleAmong(c.query("module"), recordLockingModules); ok && !supported {
			fail(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "record locking is not supported for the module", obj{{"param_name", "module"}})
			return false
		}
		return ok
	},
	filter: func(s *Server, c *call, d doc) bool {
		return c.query("feature_type") == "" || text(d, "feature_type") == c.query("feature_type")
	},
	check: checkRecordLockingConfiguration,
})

func checkRecordLockingConfiguration(s *Server, c *call, e, old doc, index int) *recordResult {
	invalid := refuser(c, "record_locking_configurations", index)
	_, meta, _ := s.moduleParam(c)
	switch text(e, "lock_type") {
	case "manual", "automatic", "both":
	default:
		return invalid("INVALID_DATA", "lock_type", kv{"supported_values", []string{"manual", "automatic", "both"}})
	}
	rules, problem := mergeByID(s, e["locking_rules"], old["locking_rules"])
	if problem {
		return invalid("INVALID_DATA", "locking_rules")
	}
	for _, r := range rules {
		if rule := r.(map[string]any); text(rule, "name") == "" || criteriaProblem(meta, rule["criteria"]) != "" {
			return invalid("INVALID_DATA", "locking_rules")
		}
	}
	e["locking_rules"] = rules
	if len(rules) == 0 && text(e, "lock_type") != "manual" {
		return invalid("DEPENDENT_FIELD_MISSING", "locking_rules", kv{"dependee", obj{{"api_name", "lock_type"}}})
	}
	switch text(e, "locked_for") {
	case "", "all_profiles":
		e["locked_for"] = "all_profiles"
	case "all_profiles_except_excluded_profile":
		profiles, _ := e["lock_excluded_profiles"].([]any)
		if len(profiles) == 0 {
			return invalid("DEPENDENT_FIELD_MISSING", "lock_excluded_profiles", kv{"dependee", obj{{"api_name", "locked_for"}}})
		}
		known := map[string]string{}
		for _, p := range s.Profiles() {
			known[p.ID] = p.Name
		}
		for _, item := range profiles {
			p, _ := item.(map[string]any)
			name, ok := known[textOf(p["id"])]
			if !ok {
				return invalid("INVALID_DATA", "lock_excluded_profiles")
			}
			p["name"] = name
		}
	default:
		return invalid("INVALID_DATA", "locked_for")
	}
	fields, _ := e["excluded_fields"].([]any)
	for _, item := range fields {
		f, _ := item.(map[string]any)
		known, ok := meta.field(textOf(f["api_name"]))
		if !ok {
			return invalid("INVALID_DATA", "excluded_fields")
		}
		f["id"] = known.ID
	}
	for key, value := range map[string]any{"feature_type": "record_locking", "lock_for_portal_users": false, "system_defined": false} {
		if _, given := e[key]; !given {
			e[key] = value
		}
	}
	stampAudit(s, c, e, old)
	return nil
}
