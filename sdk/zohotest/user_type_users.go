package zohotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The users of a client portal's user type (crm-oas group user_type_users,
// settings/portals/{portal}/user_type/{user_type_id}/users): listed by
// ?type= (AllUsers, ActiveUsers, NotConfirmedUsers...; required), deleted
// from the portal (?personality_ids=), moved to another user type of the
// portal (action/transfer?transfer_To=&personality_ids=) and activated or
// deactivated ({personality_id}/actions/change_status?active=). Each is
// named by its personality id. The portals and their user types are what
// a test adds with AddPortalUserType and AddPortalUser.

func init() {
	const scope = "ZohoCRM.settings.clientportal."
	const users = "settings/portals/{portal_name}/user_type/{user_type_id}/users"
	handleCRM("GET", users, scope+"READ", (*Server).listPortalUsers)
	handleCRM("DELETE", users, scope+"DELETE", (*Server).deletePortalUsers)
	handleCRM("POST", users+"/action/transfer", scope+"UPDATE", (*Server).transferPortalUsers)
	handleCRM("PUT", users+"/{user_id}/actions/change_status", scope+"UPDATE", (*Server).changePortalUserStatus)
}

// portalType is a user type of a portal; d is what Zoho answers of it
// (portal_user_type.go), without its id and user count.
type portalType struct {
	portal, id, name string
	d                doc
}

type portalUser struct {
	PortalUser
	portal, userType string
	record           string // the record invited (portal_invite.go), if known
}

// PortalUser is a person of a portal's user type.
type PortalUser struct {
	PersonalityID string // generated when empty
	Name, Email   string
	Module        string // default Contacts
	Active        bool
	Confirmed     bool
	Invited       time.Time // now when zero
	StatusReason  string
}

// AddPortalUserType adds a user type to a client portal (made if new) and
// returns its id.
func (s *Server) AddPortalUserType(portal, name string) string {
	id := s.ids.next()
	t := s.newPortalType(portal, id, doc{"name": name, "active": true, "default": false,
		"personality_module": doc{"api_name": "Contacts"}, "modules": []any{}})
	s.actions.with(func(d *actionData) {
		s.ensurePortalLocked(d, portal)
		d.portalTypes = append(slices.Clip(d.portalTypes), t)
	})
	return id
}

// AddPortalUser adds a user to a user type of a portal and returns it with
// its generated fields. It panics if the portal has no such user type.
func (s *Server) AddPortalUser(portal, userTypeID string, u PortalUser) PortalUser {
	if u.PersonalityID == "" {
		u.PersonalityID = s.ids.next()
	}
	if u.Module == "" {
		u.Module = "Contacts"
	}
	if u.Invited.IsZero() {
		u.Invited = s.Now()
	}
	s.actions.with(func(d *actionData) {
		if !hasPortalType(d, portal, userTypeID) {
			panic("zohotest: AddPortalUser: portal " + portal + " has no user type " + userTypeID)
		}
		d.portalUsers = append(slices.Clip(d.portalUsers), portalUser{PortalUser: u, portal: portal, userType: userTypeID})
	})
	return u
}

// PortalUsers returns the users of a portal's user type.
func (s *Server) PortalUsers(portal, userTypeID string) []PortalUser {
	var out []PortalUser
	s.actions.with(func(d *actionData) {
		for _, u := range d.portalUsers {
			if u.portal == portal && u.userType == userTypeID {
				out = append(out, u.PortalUser)
			}
		}
	})
	return out
}

func hasPortalType(d *actionData, portal, id string) bool {
	return slices.ContainsFunc(d.portalTypes, func(t portalType) bool { return t.portal == portal && t.id == id })
}

// portalTypeParam checks the portal and user type the path names,
// answering INVALID_DATA itself.
func (s *Server) portalTypeParam(c *call) (portal, userType string, ok bool) {
	portal, userType = c.param("portal_name"), c.param("user_type_id")
	s.actions.with(func(d *actionData) { ok = hasPortalType(d, portal, userType) })
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the user type given seems to be invalid", obj{{"resource_path_index", 4}})
	}
	return portal, userType, ok
}

// portalUserTypes are the values of ?type=, with whom each selects.
var portalUserTypes = map[string]func(u PortalUser) bool{
	"AllUsers":             func(PortalUser) bool { return true },
	"AllActiveUsers":       func(u PortalUser) bool { return u.Active },
	"ActiveUsers":          func(u PortalUser) bool { return u.Active },
	"DeactiveUsers":        func(u PortalUser) bool { return !u.Active },
	"NotConfirmedUsers":    func(u PortalUser) bool { return !u.Confirmed },
	"ConfirmedUsers":       func(u PortalUser) bool { return u.Confirmed },
	"ActiveConfirmedUsers": func(u PortalUser) bool { return u.Active && u.Confirmed },
}

func (s *Server) listPortalUsers(c *call) {
	portal, userType, ok := s.portalTypeParam(c)
	if !ok {
		return
	}
	typ := c.query("type")
	selects, known := portalUserTypes[typ]
	switch {
	case typ == "":
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "type"}})
		return
	case !known:
		fail(c.w, http.StatusBadRequest, "PATTERN_NOT_MATCHED", "Please check whether the input values are correct", obj{{"param_name", "type"}})
		return
	}
	page, perPage, m, ok := pagedFilters(c)
	if !ok {
		return
	}
	var out []obj
	for _, u := range s.PortalUsers(portal, userType) {
		if !selects(u) || !s.matchValues(m, map[string]any{"status_reason__s": u.StatusReason}) {
			continue
		}
		out = append(out, obj{{"personality_id", u.PersonalityID}, {"confirm", u.Confirmed}, {"status_reason__s", nullIfEmpty(u.StatusReason)},
			{"invited_time", s.formatTime(u.Invited)}, {"module", u.Module}, {"name", u.Name}, {"active", u.Active}, {"email", u.Email}})
	}
	writePage(c, "users", out, page, perPage, kv{"total_count", len(out)})
}

// personalityIDs reads ?personality_ids=, answering REQUIRED_PARAM_MISSING
// itself.
func personalityIDs(c *call) ([]string, bool) {
	ids := splitList(c.query("personality_ids"))
	if len(ids) == 0 {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "personality_ids"}})
	}
	return ids, len(ids) > 0
}

// changePortalUsers applies change to each user of the path's user type
// named by id, under key, and answers one result per id.
func (s *Server) changePortalUsers(c *call, key string, ids []string, userType string, change func(d *actionData, at int) recordResult) {
	portal := c.param("portal_name")
	results := make([]recordResult, len(ids))
	s.actions.with(func(d *actionData) {
		d.portalUsers = slices.Clone(d.portalUsers)
		for i, id := range ids {
			at := slices.IndexFunc(d.portalUsers, func(u portalUser) bool {
				return u.portal == portal && u.userType == userType && u.PersonalityID == id
			})
			if at < 0 {
				results[i] = recordError("INVALID_DATA", "the personality id given seems to be invalid", obj{{"personality_id", id}})
				continue
			}
			results[i] = change(d, at)
		}
	})
	writeKeyed(c, key, results, http.StatusOK)
}

func (s *Server) deletePortalUsers(c *call) {
	_, userType, ok := s.portalTypeParam(c)
	if !ok {
		return
	}
	ids, ok := personalityIDs(c)
	if !ok {
		return
	}
	s.changePortalUsers(c, "users", ids, userType, func(d *actionData, at int) recordResult {
		id := d.portalUsers[at].PersonalityID
		d.portalUsers = slices.Delete(d.portalUsers, at, at+1)
		return success(obj{{"personality_id", id}}, "Portal user deleted successfully.")
	})
}

func (s *Server) transferPortalUsers(c *call) {
	portal, userType, ok := s.portalTypeParam(c)
	if !ok {
		return
	}
	to := c.query("transfer_To")
	if to == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "transfer_To"}})
		return
	}
	ids, ok := personalityIDs(c)
	if !ok {
		return
	}
	var known bool
	s.actions.with(func(d *actionData) { known = hasPortalType(d, portal, to) })
	if !known || to == userType {
		failParam(c.w, "transfer_To")
		return
	}
	s.changePortalUsers(c, "users", ids, userType, func(d *actionData, at int) recordResult {
		d.portalUsers[at].userType = to
		return success(obj{{"personality_id", d.portalUsers[at].PersonalityID}}, "User has been transferred successfully")
	})
}

func (s *Server) changePortalUserStatus(c *call) {
	_, userType, ok := s.portalTypeParam(c)
	if !ok {
		return
	}
	active, err := strconv.ParseBool(c.query("active"))
	if c.query("active") == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "active"}})
		return
	}
	if err != nil {
		failParam(c.w, "active")
		return
	}
	s.changePortalUsers(c, "change_status", []string{c.param("user_id")}, userType, func(d *actionData, at int) recordResult {
		u := &d.portalUsers[at]
		if u.Active == active {
			state := "ALREADY_ACTIVATED"
			if !active {
				state = "ALREADY_DEACTIVATED"
			}
			return recordError(state, "the user is already "+strings.ToLower(strings.TrimPrefix(state, "ALREADY_")), obj{{"personality_id", u.PersonalityID}})
		}
		u.Active = active
		return success(obj{{"personality_id", u.PersonalityID}}, "Status of the user changed successfully.")
	})
}
