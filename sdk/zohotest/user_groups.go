package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// User groups (payload 78): settings/user_groups lists (204 for none),
// creates, updates and deletes groups of users, roles, territories and
// other groups; settings/user_groups/{id}/sources lists a group's members.
// A name is unique (DUPLICATE_DATA); a user source must be a user of the
// org, a group source another group. On update, a source with
// "_delete":true leaves the group.

func init() {
	handleCRM("GET", "settings/user_groups", "ZohoCRM.settings.user_groups.READ", (*Server).listUserGroups)
	handleCRM("GET", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.READ", (*Server).getUserGroup)
	handleCRM("POST", "settings/user_groups", "ZohoCRM.settings.user_groups.CREATE", (*Server).createUserGroups)
	handleCRM("PUT", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.UPDATE", (*Server).updateUserGroup)
	handleCRM("DELETE", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.DELETE", (*Server).deleteUserGroup)
	handleCRM("GET", "settings/user_groups/{group_id}/sources", "ZohoCRM.settings.user_groups.READ", (*Server).listGroupSources)
}

const maxUserGroupsPerWrite = 100

type userGroup struct {
	id, name, description string
	sources               []groupSource
	createdBy, modifiedBy obj
	created, modified     time.Time
}

type groupSource struct {
	typ, id, name string
	subordinates  bool
}

func (s *Server) userGroupJSON(g userGroup) obj {
	counts := obj{}
	for _, typ := range []string{"territories", "roles", "groups", "users"} {
		n := 0
		for _, src := range g.sources {
			if src.typ == typ {
				n++
			}
		}
		if n > 0 {
			counts = append(counts, kv{typ, n})
		}
	}
	modified, modifiedBy := any(nil), any(nil)
	if g.modifiedBy != nil {
		modified, modifiedBy = s.formatTime(g.modified), g.modifiedBy
	}
	return obj{
		{"created_time", s.formatTime(g.created)}, {"sources_count", counts}, {"modified_time", modified},
		{"name", g.name}, {"modified_by", modifiedBy}, {"description", nullIfEmpty(g.description)},
		{"id", g.id}, {"created_by", g.createdBy},
	}
}

func (s *Server) userGroups() []userGroup {
	var out []userGroup
	s.actions.with(func(d *actionData) { out = d.groups })
	return out
}

func (s *Server) listUserGroups(c *call) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	groups := s.userGroups()
	if name := c.query("name"); name != "" {
		groups = slices.DeleteFunc(slices.Clone(groups), func(g userGroup) bool { return !strings.EqualFold(g.name, name) })
	}
	start, end := pageOf(len(groups), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, 0, end-start)
	for _, g := range groups[start:end] {
		out = append(out, s.userGroupJSON(g))
	}
	writeJSON(c.w, http.StatusOK, obj{{"user_groups", out}, {"info", pageInfo(perPage, len(out), page, end < len(groups))}})
}

func (s *Server) groupParam(c *call) (userGroup, bool) {
	for _, g := range s.userGroups() {
		if g.id == c.param("group_id") {
			return g, true
		}
	}
	failSettingsID(c.w)
	return userGroup{}, false
}

func (s *Server) getUserGroup(c *call) {
	if g, ok := s.groupParam(c); ok {
		writeJSON(c.w, http.StatusOK, obj{{"user_groups", []obj{s.userGroupJSON(g)}}})
	}
}

// applyGroup sets what an entry gives, checking its sources against the
// org; it returns an error result, or nil.
func (s *Server) applyGroup(c *call, g *userGroup, e entry, i int, groups []userGroup) *recordResult {
	bad := func(code, message, field string) *recordResult {
		r := keyedError(c, "user_groups", i, code, message, field)
		return &r
	}
	for _, k := range []struct {
		key  string
		into *string
	}{{"name", &g.name}, {"description", &g.description}} {
		v, present, ok := e.text(k.key)
		if !ok {
			return bad("INVALID_DATA", "invalid data", k.key)
		}
		if present {
			*k.into = v
		}
	}
	raw, has := e["sources"]
	if !has {
		return nil
	}
	var given []struct {
		Type         string          `json:"type"`
		Source       entry           `json:"source"`
		Subordinates bool            `json:"subordinates"`
		Delete       json.RawMessage `json:"_delete"`
	}
	if json.Unmarshal(raw, &given) != nil {
		return bad("INVALID_DATA", "invalid data", "sources")
	}
	sources := slices.Clone(g.sources)
	for _, src := range given {
		id, _, _ := src.Source.text("id")
		name, _, _ := src.Source.text("name")
		if id == "" {
			return bad("MANDATORY_NOT_FOUND", "required field not found", "sources")
		}
		switch src.Type {
		case "users":
			u, found := s.User(id)
			if !found {
				return bad("INVALID_DATA", "the user id given seems to be invalid", "sources")
			}
			name = u.FullName()
		case "groups":
			if !slices.ContainsFunc(groups, func(o userGroup) bool { return o.id == id }) || id == g.id {
				return bad("INVALID_DATA", "the group id given seems to be invalid", "sources")
			}
		case "roles", "territories":
			if !isDigits(id) {
				return bad("INVALID_DATA", "the id given seems to be invalid", "sources")
			}
		default:
			return bad("INVALID_DATA", "invalid data", "type")
		}
		sources = slices.DeleteFunc(sources, func(o groupSource) bool { return o.typ == src.Type && o.id == id })
		if string(src.Delete) != "true" {
			sources = append(sources, groupSource{typ: src.Type, id: id, name: name, subordinates: src.Subordinates})
		}
	}
	g.sources = sources
	return nil
}

func (s *Server) createUserGroups(c *call) {
	entries, ok := readKeyedBody(c, "user_groups", maxUserGroupsPerWrite)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		groups := d.groups
		for i, e := range entries {
			if e == nil {
				results[i] = notAnObject()
				continue
			}
			now := s.Now()
			g := userGroup{id: s.ids.next(), createdBy: c.user.lookup(false), created: now}
			if bad := s.applyGroup(c, &g, e, i, groups); bad != nil {
				results[i] = *bad
				continue
			}
			if strings.TrimSpace(g.name) == "" {
				results[i] = keyedError(c, "user_groups", i, "MANDATORY_NOT_FOUND", "required field not found", "name")
				continue
			}
			if groupNamed(groups, g.name, "") {
				results[i] = keyedError(c, "user_groups", i, "DUPLICATE_DATA", "duplicate data", "name")
				continue
			}
			groups = append(slices.Clip(groups), g)
			results[i] = successResult(g.id, "User Group Created successfully")
		}
		d.groups = groups
	})
	writeKeyed(c, "user_groups", results, http.StatusCreated)
}

func groupNamed(groups []userGroup, name, except string) bool {
	return slices.ContainsFunc(groups, func(g userGroup) bool { return strings.EqualFold(g.name, name) && g.id != except })
}

func (s *Server) updateUserGroup(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	entries, ok := readKeyedBody(c, "user_groups", 1)
	if !ok {
		return
	}
	var result recordResult
	s.actions.with(func(d *actionData) {
		if entries[0] == nil {
			result = notAnObject()
			return
		}
		if bad := s.applyGroup(c, &g, entries[0], 0, d.groups); bad != nil {
			result = *bad
			return
		}
		if strings.TrimSpace(g.name) == "" || groupNamed(d.groups, g.name, g.id) {
			result = keyedError(c, "user_groups", 0, "DUPLICATE_DATA", "duplicate data", "name")
			return
		}
		g.modified, g.modifiedBy = s.Now(), c.user.lookup(false)
		groups := slices.Clone(d.groups)
		for i := range groups {
			if groups[i].id == g.id {
				groups[i] = g
			}
		}
		d.groups = groups
		result = successResult(g.id, "User Group Updated successfully")
	})
	writeKeyed(c, "user_groups", []recordResult{result}, http.StatusOK)
}

func (s *Server) deleteUserGroup(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	s.actions.with(func(d *actionData) {
		d.groups = slices.DeleteFunc(slices.Clone(d.groups), func(o userGroup) bool { return o.id == g.id })
	})
	writeKeyed(c, "user_groups", []recordResult{successResult(g.id, "User Group Deleted successfully")}, http.StatusOK)
}

func (s *Server) listGroupSources(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	var out []obj
	for _, src := range g.sources {
		if typ := c.query("type"); typ != "" && typ != src.typ {
			continue
		}
		o := obj{{"type", src.typ}, {"source", obj{{"name", src.name}, {"id", src.id}}}}
		if src.typ != "users" && src.typ != "groups" {
			o = append(o, kv{"subordinates", src.subordinates})
		}
		out = append(out, o)
	}
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"sources", out}, {"info", pageInfo(maxPerPage, len(out), 1, false)}})
}
