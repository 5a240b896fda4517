package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// The user types of a client portal (crm-oas group portal_user_type,
// settings/portals/{portal}/user_type): each named uniquely in its
// portal, for the records of one personality module (Contacts...), with
// the modules its users see and, per module, their permissions (view,
// create, edit, delete, edit_shared_records, create_attachment,
// delete_attachment). An update replaces the permissions of the modules it
// names and keeps the others. The portal's default user type, and one
// that still has users (user_type_users.go), cannot be deleted. Lists and
// gets count the users of each (no_of_users).

func init() {
	const scope = "ZohoCRM.settings.clientportal."
	const types = "settings/portals/{portal}/user_type"
	handleCRM("GET", types, scope+"READ", (*Server).listPortalTypes)
	handleCRM("POST", types, scope+"CREATE", (*Server).createPortalTypes)
	handleCRM("GET", types+"/{user_type_id}", scope+"READ", (*Server).getPortalType)
	handleCRM("PUT", types+"/{user_type_id}", scope+"UPDATE", (*Server).updatePortalType)
	handleCRM("DELETE", types+"/{user_type_id}", scope+"DELETE", (*Server).deletePortalType)
}

// portalPermissions are the permissions a user type gives on a module.
var portalPermissions = []string{"view", "edit", "edit_shared_records", "create", "delete", "delete_attachment", "create_attachment"}

// newPortalType stamps a user type made now by the org's admin.
func (s *Server) newPortalType(portal, id string, d doc) portalType {
	by, now := s.Admin().lookup(false), s.formatTime(s.Now())
	d["created_by"], d["created_time"], d["modified_by"], d["modified_time"] = by, now, by, now
	return portalType{portal: portal, id: id, name: text(d, "name"), d: d}
}

// renderPortalType is a user type as Zoho answers it: its modules with
// their metadata, and its number of users.
func (s *Server) renderPortalType(d *actionData, t portalType) doc {
	out := cloneDoc(t.d)
	out["id"] = t.id
	users := 0
	for _, u := range d.portalUsers {
		if u.portal == t.portal && u.userType == t.id {
			users++
		}
	}
	out["no_of_users"] = users
	if pm, ok := out["personality_module"].(map[string]any); ok {
		if ms, found := s.modules.get(textOf(pm["api_name"])); found {
			m := ms.meta.Load()
			out["personality_module"] = obj{{"api_name", m.APIName}, {"id", m.ID}, {"plural_label", m.PluralLabel}}
		}
	}
	var modules []any
	for _, item := range asList(out["modules"]) {
		pm, _ := item.(map[string]any)
		ms, found := s.modules.get(textOf(pm["api_name"]))
		if !found {
			continue
		}
		m := ms.meta.Load()
		perms := obj{}
		given, _ := pm["permissions"].(map[string]any)
		for _, p := range portalPermissions {
			perms = append(perms, kv{p, given[p] == true})
		}
		var fields []obj
		for _, f := range m.Fields {
			fields = append(fields, obj{{"api_name", f.APIName}, {"id", s.settings.metaID("field|" + lowerKey(m.APIName) + "|" + lowerKey(f.APIName))}, {"read_only", f.ReadOnly}})
		}
		view := obj{}
		if len(m.CustomViews) > 0 {
			v := m.CustomViews[0]
			view = obj{{"display_label", v.Name}, {"name", v.Name}, {"id", v.ID}, {"type", "all"}}
		}
		modules = append(modules, obj{{"api_name", m.APIName}, {"id", m.ID}, {"plural_label", m.PluralLabel}, {"shared_type", "private"},
			{"filters", []obj{}}, {"fields", fields},
			{"layouts", []obj{{{"display_label", "Standard"}, {"name", "Standard"}, {"id", s.layoutID(m)}, {"_default_view", view}}}},
			{"views", view}, {"permissions", perms}})
	}
	out["modules"] = modules
	if modules == nil {
		out["modules"] = []any{}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// portalOfPath checks the portal the path names, answering INVALID_DATA
// itself.
func (s *Server) portalOfPath(c *call) (string, bool) {
	p, ok := s.portalParam(c, "portal")
	return p.name, ok
}

func (s *Server) listPortalTypes(c *call) {
	portal, ok := s.portalOfPath(c)
	if !ok {
		return
	}
	var out []doc
	s.actions.with(func(d *actionData) {
		for _, t := range d.portalTypes {
			if t.portal == portal {
				out = append(out, s.renderPortalType(d, t))
			}
		}
	})
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"user_type", out}})
}

// portalTypeOfPath finds the user type the path names, answering
// INVALID_DATA itself.
func (s *Server) portalTypeOfPath(c *call) (string, int, bool) {
	portal, ok := s.portalOfPath(c)
	if !ok {
		return "", 0, false
	}
	at := -1
	s.actions.with(func(d *actionData) { at = portalTypeAt(d, portal, c.param("user_type_id")) })
	if at < 0 {
		failPathID(c.w, 4)
		return "", 0, false
	}
	return portal, at, true
}

func portalTypeAt(d *actionData, portal, id string) int {
	return slices.IndexFunc(d.portalTypes, func(t portalType) bool { return t.portal == portal && t.id == id })
}

func (s *Server) getPortalType(c *call) {
	portal, _, ok := s.portalTypeOfPath(c)
	if !ok {
		return
	}
	var out doc
	s.actions.with(func(d *actionData) {
		if at := portalTypeAt(d, portal, c.param("user_type_id")); at >= 0 {
			out = s.renderPortalType(d, d.portalTypes[at])
		}
	})
	writeJSON(c.w, http.StatusOK, obj{{"user_type", []doc{out}}})
}

// readPortalTypes reads the body's user types as docs.
func readPortalTypes(c *call, max int) ([]doc, bool) {
	entries, ok := readKeyedBody(c, "user_type", max)
	if !ok {
		return nil, false
	}
	out := make([]doc, len(entries))
	for i, e := range entries {
		if e != nil {
			b, _ := json.Marshal(e)
			_ = decodeDoc(b, &out[i])
		}
	}
	return out, true
}

// checkPortalType validates a user type to store: its name unique in the
// portal, its personality module and the modules it names known, each
// module's permissions booleans.
func (s *Server) checkPortalType(c *call, d *actionData, portal string, t doc, self string, index int) *recordResult {
	refuse := refuser(c, "user_type", index)
	name := text(t, "name")
	if strings.TrimSpace(name) == "" {
		r := keyedError(c, "user_type", index, "MANDATORY_NOT_FOUND", "required field not found", "name")
		return &r
	}
	for _, other := range d.portalTypes {
		if other.portal == portal && other.id != self && strings.EqualFold(other.name, name) {
			return refuse("DUPLICATE_DATA", "name")
		}
	}
	pm, _ := t["personality_module"].(map[string]any)
	if pm == nil {
		r := keyedError(c, "user_type", index, "MANDATORY_NOT_FOUND", "required field not found", "personality_module")
		return &r
	}
	if _, found := s.modules.get(textOf(pm["api_name"])); !found {
		return refuse("INVALID_DATA", "personality_module")
	}
	for _, item := range asList(t["modules"]) {
		m, _ := item.(map[string]any)
		if _, found := s.modules.get(textOf(m["api_name"])); m == nil || !found {
			return refuse("INVALID_DATA", "modules")
		}
		perms, _ := m["permissions"].(map[string]any)
		for k, v := range perms {
			if _, isBool := v.(bool); !isBool || !slices.Contains(portalPermissions, k) {
				return refuse("INVALID_DATA", "permissions")
			}
		}
	}
	return nil
}

func (s *Server) createPortalTypes(c *call) {
	portal, ok := s.portalOfPath(c)
	if !ok {
		return
	}
	entries, ok := readPortalTypes(c, maxWriteRecords)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		for i, t := range entries {
			if t == nil {
				results[i] = notAnObject()
				continue
			}
			if r := s.checkPortalType(c, d, portal, t, "", i); r != nil {
				results[i] = *r
				continue
			}
			if _, given := t["active"]; !given {
				t["active"] = true
			}
			t["default"] = false
			if t["modules"] == nil {
				t["modules"] = []any{}
			}
			nt := s.newPortalType(portal, s.ids.next(), t)
			nt.d["created_by"], nt.d["modified_by"] = c.user.lookup(false), c.user.lookup(false)
			d.portalTypes = append(slices.Clip(d.portalTypes), nt)
			results[i] = successResult(nt.id, "user type created successfully")
		}
	})
	writeKeyed(c, "user_type", results, http.StatusOK)
}

// updatePortalType changes a user type: the keys given replace the
// stored ones, except modules, merged by api_name.
func (s *Server) updatePortalType(c *call) {
	portal, _, ok := s.portalTypeOfPath(c)
	if !ok {
		return
	}
	entries, ok := readPortalTypes(c, 1)
	if !ok {
		return
	}
	id := c.param("user_type_id")
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		at := portalTypeAt(d, portal, id)
		for i, e := range entries {
			if e == nil || at < 0 {
				results[i] = notAnObject()
				continue
			}
			t := cloneDoc(d.portalTypes[at].d)
			for k, v := range e {
				if k != "modules" && k != "id" && k != "default" {
					t[k] = v
				}
			}
			modules := asList(t["modules"])
			for _, item := range asList(e["modules"]) {
				m, _ := item.(map[string]any)
				name := textOf(m["api_name"])
				if j := slices.IndexFunc(modules, func(o any) bool { return strings.EqualFold(textOf(o.(map[string]any)["api_name"]), name) }); j >= 0 && m != nil {
					modules[j] = m
				} else {
					modules = append(modules, item)
				}
			}
			t["modules"] = modules
			if r := s.checkPortalType(c, d, portal, t, id, i); r != nil {
				results[i] = *r
				continue
			}
			t["modified_by"], t["modified_time"] = c.user.lookup(false), s.formatTime(s.Now())
			d.portalTypes = slices.Clone(d.portalTypes)
			d.portalTypes[at].d, d.portalTypes[at].name = t, text(t, "name")
			results[i] = successResult(id, "user type updated successfully")
		}
	})
	writeKeyed(c, "user_type", results, http.StatusOK)
}

func (s *Server) deletePortalType(c *call) {
	portal, _, ok := s.portalTypeOfPath(c)
	if !ok {
		return
	}
	id := c.param("user_type_id")
	var r recordResult
	s.actions.with(func(d *actionData) {
		at := portalTypeAt(d, portal, id)
		switch {
		case at < 0:
			r = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
		case d.portalTypes[at].d["default"] == true:
			r = recordError("INVALID_DATA", "the default user type of a portal cannot be deleted", obj{{"id", id}})
		case slices.ContainsFunc(d.portalUsers, func(u portalUser) bool { return u.portal == portal && u.userType == id }):
			r = recordError("INVALID_DATA", "the user type has users: transfer them first", obj{{"id", id}})
		default:
			d.portalTypes = slices.Delete(slices.Clone(d.portalTypes), at, at+1)
			r = successResult(id, "user type deleted successfully")
		}
	})
	writeKeyed(c, "user_type", []recordResult{r}, http.StatusOK)
}
