package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The org's client portals (crm-oas group portals, settings/portals): each
// named (6 to 30 characters, unique), with its zaid, active or not. A
// portal created comes with its default user type, for Contacts
// (portal_user_type.go); renaming one moves its user types and users with
// it. A portal name the path gives that names none is INVALID_DATA.

func init() {
	const scope = "ZohoCRM.settings.clientportal."
	handleCRM("GET", "settings/portals", scope+"READ", (*Server).listPortals)
	handleCRM("POST", "settings/portals", scope+"CREATE", (*Server).createPortals)
	handleCRM("GET", "settings/portals/{portal_name}", scope+"READ", (*Server).getPortal)
	handleCRM("PUT", "settings/portals/{portal_name}", scope+"UPDATE", (*Server).updatePortal)
}

// portalEntry is one portal.
type portalEntry struct {
	name, zaid            string
	active                bool
	created, modified     time.Time
	createdBy, modifiedBy obj
}

func (s *Server) renderPortal(p portalEntry) obj {
	return obj{{"created_time", s.formatTime(p.created)}, {"modified_time", s.formatTime(p.modified)},
		{"modified_by", p.modifiedBy}, {"created_by", p.createdBy}, {"zaid", p.zaid}, {"name", p.name}, {"active", p.active}}
}

// ensurePortalLocked adds the portal of this name, made by the org's
// admin, if there is none (AddPortalUserType's portals).
func (s *Server) ensurePortalLocked(d *actionData, name string) {
	if _, found := portalAt(d, name); !found {
		by := s.Admin().lookup(false)
		d.portals = append(slices.Clip(d.portals), portalEntry{name: name, zaid: s.ids.next(), active: true,
			created: s.Now(), modified: s.Now(), createdBy: by, modifiedBy: by})
	}
}

func portalAt(d *actionData, name string) (int, bool) {
	at := slices.IndexFunc(d.portals, func(p portalEntry) bool { return strings.EqualFold(p.name, name) })
	return at, at >= 0
}

// Portals returns the names of the org's portals.
func (s *Server) Portals() []string {
	var out []string
	s.actions.with(func(d *actionData) {
		for _, p := range d.portals {
			out = append(out, p.name)
		}
	})
	return out
}

func (s *Server) listPortals(c *call) {
	var out []obj
	s.actions.with(func(d *actionData) {
		for _, p := range d.portals {
			out = append(out, s.renderPortal(p))
		}
	})
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"portals", out}})
}

// portalParam finds the portal the path names, answering INVALID_DATA
// itself.
func (s *Server) portalParam(c *call, param string) (portalEntry, bool) {
	var p portalEntry
	var found bool
	s.actions.with(func(d *actionData) {
		var at int
		if at, found = portalAt(d, c.param(param)); found {
			p = d.portals[at]
		}
	})
	if !found {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the portal name given seems to be invalid", obj{{"resource_path_index", 2}})
	}
	return p, found
}

func (s *Server) getPortal(c *call) {
	if p, ok := s.portalParam(c, "portal_name"); ok {
		writeJSON(c.w, http.StatusOK, obj{{"portals", []obj{s.renderPortal(p)}}})
	}
}

// portalNameProblem checks a portal's name: its length, then that no
// other portal has it (except the one at self).
func portalNameProblem(c *call, d *actionData, name string, index, self int) *recordResult {
	n := utf8.RuneCountInString(name)
	switch {
	case n < 6:
		r := keyedError(c, "portals", index, "INVALID_DATA", "the name is too short", "name", kv{"minimum_length", 6})
		return &r
	case n > 30:
		r := keyedError(c, "portals", index, "INVALID_DATA", "the name is too long", "name", kv{"maximum_length", 30})
		return &r
	}
	if at, found := portalAt(d, name); found && at != self {
		r := keyedError(c, "portals", index, "DUPLICATE_DATA", "a portal of this name exists", "name")
		return &r
	}
	return nil
}

func (s *Server) createPortals(c *call) {
	entries, ok := readKeyedBody(c, "portals", maxWriteRecords)
	if !ok {
		return
	}
	by := c.user.lookup(false)
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		name, _, isText := e.text("name")
		if !isText || strings.TrimSpace(name) == "" {
			return keyedError(c, "portals", i, "MANDATORY_NOT_FOUND", "required field not found", "name")
		}
		if r := portalNameProblem(c, d, name, i, -1); r != nil {
			return *r
		}
		now := s.Now()
		d.portals = append(slices.Clip(d.portals), portalEntry{name: name, zaid: s.ids.next(), active: true,
			created: now, modified: now, createdBy: by, modifiedBy: by})
		d.portalTypes = append(slices.Clip(d.portalTypes), s.newPortalType(name, s.ids.next(),
			doc{"name": name + " Users", "active": true, "default": true, "personality_module": doc{"api_name": "Contacts"},
				"modules": []any{doc{"api_name": "Contacts", "permissions": doc{"view": true, "edit": true}}}}))
		return success(obj{{"name", name}}, "portal created successfully")
	})
	writeKeyed(c, "portals", results, http.StatusOK)
}

// updatePortal renames a portal or turns it on or off; its user types
// and users follow a new name.
func (s *Server) updatePortal(c *call) {
	if _, ok := s.portalParam(c, "portal_name"); !ok {
		return
	}
	entries, ok := readKeyedBody(c, "portals", 1)
	if !ok {
		return
	}
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		at, found := portalAt(d, c.param("portal_name"))
		if !found {
			return keyedError(c, "portals", i, "INVALID_DATA", "the portal name given seems to be invalid", "name")
		}
		p := d.portals[at]
		old := p.name
		if name, given, isText := e.text("name"); !isText {
			return keyedError(c, "portals", i, "INVALID_DATA", "invalid data", "name")
		} else if given {
			p.name = name
		}
		if r := portalNameProblem(c, d, p.name, i, at); r != nil {
			return *r
		}
		if raw, given := e["active"]; given && json.Unmarshal(raw, &p.active) != nil {
			return keyedError(c, "portals", i, "INVALID_DATA", "invalid data", "active")
		}
		p.modified, p.modifiedBy = s.Now(), c.user.lookup(false)
		d.portals = slices.Clone(d.portals)
		d.portals[at] = p
		if p.name != old {
			d.portalTypes, d.portalUsers = slices.Clone(d.portalTypes), slices.Clone(d.portalUsers)
			for i := range d.portalTypes {
				if d.portalTypes[i].portal == old {
					d.portalTypes[i].portal = p.name
				}
			}
			for i := range d.portalUsers {
				if d.portalUsers[i].portal == old {
					d.portalUsers[i].portal = p.name
				}
			}
		}
		return success(obj{{"name", p.name}}, "portal updated successfully")
	})
	writeKeyed(c, "portals", results, http.StatusOK)
}
