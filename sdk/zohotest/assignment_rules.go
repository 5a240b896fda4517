package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// The org's assignment rules (crm-oas group assignment_rules), read-only
// through the API: a new org has one rule for web leads and one for
// deals, each handing what no entry matches to the admin. A list takes
// ?module=; a get requires it (REQUIRED_PARAM_MISSING), and an unknown
// module is INVALID_MODULE.

var _ = registerKeyed(&keyedSpec{
	path:  "settings/automation/assignment_rules",
	key:   "assignment_rules",
	what:  "assignment rule",
	scope: "ZohoCRM.settings.assignment_rules",
	ops:   opList | opGet,
	seed: func(s *Server) []doc {
		admin := s.Admin()
		now := s.formatTime(s.Now())
		rule := func(name, apiName, module string) doc {
			return doc{"name": name, "api_name": apiName, "description": nil, "module": moduleRefDoc(s, module),
				"default_assignee": obj{{"name", admin.FullName()}, {"id", admin.ID}},
				"created_by":       adminRef(admin), "modified_by": adminRef(admin), "created_time": now, "modified_time": now}
		}
		return []doc{rule("Web leads", "Web_leads", "Leads"), rule("New deals", "New_deals", "Deals")}
	},
	parent: func(s *Server, c *call) bool {
		module := c.query("module")
		if module == "" && c.param("id") != "" {
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param", "module"}})
			return false
		}
		if _, ok := s.modules.get(module); module != "" && !ok {
			fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{})
			return false
		}
		return true
	},
	filter: func(s *Server, c *call, d doc) bool {
		return inModule(d, c.query("module"))
	},
})

// moduleRefDoc names a module as settings answers do: {"api_name","id"}.
func moduleRefDoc(s *Server, module string) obj {
	ms, ok := s.modules.get(module)
	if !ok {
		return obj{{"api_name", module}}
	}
	meta := ms.meta.Load()
	return obj{{"api_name", meta.APIName}, {"id", meta.ID}}
}

// moduleOfRef resolves a module named in a settings body by its
// {"api_name"} or {"id"} (or its API name as a string).
func (s *Server) moduleOfRef(v any) (*moduleMeta, bool) {
	ref, _ := v.(map[string]any)
	name := textOf(v)
	if ref != nil {
		name = textOf(ref["api_name"])
	}
	if ms, ok := s.modules.get(name); ok && name != "" {
		return ms.meta.Load(), true
	}
	for _, m := range s.moduleList() {
		if ref != nil && m.ID == textOf(ref["id"]) {
			return m, true
		}
	}
	return nil, false
}

// moduleAmong resolves a module of the org that is one of supported, or
// a custom module: the modules a feature of Zoho's takes.
func (s *Server) moduleAmong(name string, supported []string) (*moduleMeta, bool) {
	ms, ok := s.modules.get(name)
	if !ok {
		return nil, false
	}
	meta := ms.meta.Load()
	return meta, meta.Custom || slices.Contains(supported, meta.APIName)
}

// adminRef is a user as rules name their author: with email and zuid.
func adminRef(u User) obj {
	return obj{{"name", u.FullName()}, {"id", u.ID}, {"email", u.Email}, {"zuid", json.Number(u.ZUID)}}
}

// inModule reports whether an entry's module is module ("" matches any).
func inModule(d doc, module string) bool {
	if module == "" {
		return true
	}
	m, _ := d["module"].(map[string]any)
	name, _ := m["api_name"].(string)
	return strings.EqualFold(name, module)
}
