package zohotest

import (
	"net/http"
	"strings"
	"time"
)

// Data sharing rules (crm-oas group sharing_rules): a rule of a module
// shares the records owned by a role or group (Record_Owner_Based,
// shared_from) or those matching criteria (Criteria_Based) with a role, a
// group or all users (shared_to), to read or to read, write and delete.
// Writes and actions take ?module=; a rule is created active, its status
// is changed only by activate and deactivate (ID_ALREADY_ACTIVE,
// ID_ALREADY_DEACTIVATED on no change), and a rerun of a module's rules
// runs for a minute of the emulator's clock: the summary says so, and a
// second rerun meanwhile is CANNOT_PROCESS. Searches and the filtered
// summary take Zoho's filters on name (like), status, permission_type,
// superiors_allowed, shared_from.type, shared_to.type (equal) and
// shared_to.resource.id (in).

const sharingRerunDuration = time.Minute

// sharingModules are the modules that take sharing rules (and custom
// ones).
var sharingModules = []string{"Leads", "Accounts", "Contacts", "Deals", "Tasks", "Events", "Calls", "Products",
	"Vendors", "Price_Books", "Quotes", "Sales_Orders", "Purchase_Orders", "Invoices", "Campaigns", "Cases", "Solutions"}

var sharingRules = registerKeyed(&keyedSpec{
	path:     "settings/data_sharing/rules",
	key:      "sharing_rules",
	what:     "sharing rule",
	scope:    "ZohoCRM.settings.data_sharing",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"name", "type", "shared_to", "permission_type"},
	unique:   []string{"name"},
	parent:   (*Server).sharingModuleParam,
	check:    checkSharingRule,
	filter: func(s *Server, c *call, d doc) bool {
		return inModule(d, c.query("module"))
	},
})

func init() {
	const read, update = "ZohoCRM.settings.data_sharing.READ", "ZohoCRM.settings.data_sharing.UPDATE"
	status := func(to, code, done string) func(*Server, *call, doc) (recordResult, doc) {
		return func(s *Server, c *call, d doc) (recordResult, doc) {
			if text(d, "status") == to {
				return recordError(code, "data sharing rule is already "+done+".", obj{{"resource_path_index", 3}}), nil
			}
			d["status"] = to
			stampAudit(s, c, d, d)
			return successResult(idOf(d), "sharing rule is "+done+" successfully"), nil
		}
	}
	handleKeyedAction(sharingRules, http.MethodPut, "activate", update, status("active", "ID_ALREADY_ACTIVE", "activated"))
	handleKeyedAction(sharingRules, http.MethodDelete, "activate", update, status("inactive", "ID_ALREADY_DEACTIVATED", "deactivated"))
	handleCRM(http.MethodPost, "settings/data_sharing/rules/actions/run", update, (*Server).rerunSharingRules)
	handleCRM(http.MethodPost, "settings/data_sharing/rules/search", read, (*Server).searchSharingRules)
	handleCRM(http.MethodGet, "settings/data_sharing/rules/actions/summary", read, (*Server).sharingRulesSummary)
	handleCRM(http.MethodPost, "settings/data_sharing/rules/actions/summary", read, (*Server).sharingRulesSummary)
}

// sharingModuleParam checks ?module=, which writes and actions require:
// REQUIRED_PARAM_MISSING without it, INVALID_DATA (param_name module) for
// a module that takes no sharing rules.
func (s *Server) sharingModuleParam(c *call) bool {
	name := c.query("module")
	if name == "" {
		if c.r.Method == http.MethodGet || strings.HasSuffix(c.r.URL.Path, "/search") {
			return true
		}
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "module"}})
		return false
	}
	if _, ok := s.sharingModule(name); !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the module name given seems to be invalid", obj{{"param_name", "module"}})
		return false
	}
	return true
}

func (s *Server) sharingModule(name string) (*moduleMeta, bool) {
	return s.moduleAmong(name, sharingModules)
}

func checkSharingRule(s *Server, c *call, e, old doc, index int) *recordResult {
	invalid := refuser(c, "sharing_rules", index)
	if old == nil || text(e, "status") != text(old, "status") {
		if _, given := e["status"]; given {
			r := keyedError(c, "sharing_rules", index, "NOT_ALLOWED", "status is not allowed in this api", "status")
			return &r
		}
	}
	meta, _ := s.sharingModule(c.query("module"))
	if old != nil && !inModule(e, meta.APIName) {
		return invalid("INVALID_DATA", "id")
	}
	switch text(e, "permission_type") {
	case "read", "read_write_delete":
	default:
		return invalid("INVALID_DATA", "permission_type", kv{"supported_values", []string{"read", "read_write_delete"}})
	}
	switch text(e, "type") {
	case "Record_Owner_Based":
		if e["shared_from"] == nil {
			return invalid("DEPENDENT_FIELD_MISSING", "shared_from", kv{"dependee", obj{{"api_name", "type"}}})
		}
		e["criteria"] = nil // as Zoho answers it
	case "Criteria_Based":
		if criteriaProblem(meta, e["criteria"]) != "" {
			return invalid("INVALID_DATA", "criteria")
		}
		e["shared_from"] = nil
	default:
		return invalid("INVALID_DATA", "type", kv{"supported_values", []string{"Record_Owner_Based", "Criteria_Based"}})
	}
	for _, key := range []string{"shared_from", "shared_to"} {
		if e[key] == nil {
			continue
		}
		target, ok := s.sharingTarget(e[key])
		if !ok {
			return invalid("INVALID_DATA", key)
		}
		e[key] = target
	}
	if _, given := e["superiors_allowed"]; !given {
		e["superiors_allowed"] = false
	}
	e["module"] = obj{{"api_name", meta.APIName}, {"name", meta.ModuleName}, {"id", meta.ID}}
	e["match_limit_exceeded"] = false
	if old == nil {
		e["status"] = "active"
	}
	return nil
}

// sharingTarget checks whom a rule shares from or to: a role or group of
// the org by id (its name filled in), or all users.
func (s *Server) sharingTarget(v any) (obj, bool) {
	t, _ := v.(map[string]any)
	resource, _ := t["resource"].(map[string]any)
	id := textOf(resource["id"])
	subordinates := t["subordinates"] == true
	name := ""
	switch text(t, "type") {
	case "all_users":
		return obj{{"type", "all_users"}, {"subordinates", false}}, true
	case "roles":
		for _, r := range s.Roles() {
			if r.ID == id {
				name = r.Name
			}
		}
	case "groups":
		for _, g := range s.userGroups() {
			if g.id == id {
				name, subordinates = g.name, false
			}
		}
	}
	if name == "" {
		return nil, false
	}
	return obj{{"resource", obj{{"id", id}, {"name", name}}}, {"type", text(t, "type")}, {"subordinates", subordinates}}, true
}

// rerunSharingRules schedules a module's rules to be applied again.
func (s *Server) rerunSharingRules(c *call) {
	if !s.sharingModuleParam(c) {
		return
	}
	meta, _ := s.sharingModule(c.query("module"))
	if !s.schedule("sharing_rules|"+lowerKey(meta.APIName), sharingRerunDuration) {
		writeJSON(c.w, http.StatusBadRequest, obj{{"sharing_rules", []recordResult{recordError("CANNOT_PROCESS",
			"The scheduler is currently running", obj{})}}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"sharing_rules", []recordResult{{Code: "SCHEDULED", Details: obj{},
		Message: "Rerun successfully scheduled", Status: "success"}}}})
}

// sharingFilters reads the body of a search: {"filters":[criteria...]},
// all of which must hold.
func sharingFilters(c *call) ([]any, bool) {
	var body struct {
		Filters []any `json:"filters"`
	}
	if !readJSON(c, &body) {
		return nil, false
	}
	return body.Filters, true
}

func matchesAll(d doc, filters []any) bool {
	for _, f := range filters {
		if !criteriaMatch(d, f) {
			return false
		}
	}
	return true
}

func (s *Server) searchSharingRules(c *call) {
	if !s.sharingModuleParam(c) {
		return
	}
	filters, ok := sharingFilters(c)
	if !ok {
		return
	}
	s.keyedStore(sharingRules).listWith(s, c, func(d doc) bool { return matchesAll(d, filters) })
}

// sharingRulesSummary answers, per module that takes sharing rules, how
// many it has (of those the filters of a POST match) and whether a rerun
// is running; 204 when the org has no rules.
func (s *Server) sharingRulesSummary(c *call) {
	var filters []any
	if c.r.Method == http.MethodPost {
		var ok bool
		if filters, ok = sharingFilters(c); !ok {
			return
		}
	}
	rules := s.keyedStore(sharingRules).entries("")
	if len(rules) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	var out []obj
	for _, meta := range s.moduleList() {
		if _, ok := s.sharingModule(meta.APIName); !ok || (c.query("module") != "" && !strings.EqualFold(c.query("module"), meta.APIName)) {
			continue
		}
		count := 0
		for _, d := range rules {
			if inModule(d, meta.APIName) && matchesAll(d, filters) {
				count++
			}
		}
		if count == 0 && filters != nil {
			continue
		}
		out = append(out, obj{{"module", obj{{"api_name", meta.APIName}, {"id", meta.ID}}},
			{"rule_computation_status", s.running("sharing_rules|" + lowerKey(meta.APIName))}, {"rule_count", count}})
	}
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"sharing_rules_summary", out}})
}
