package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// Roles: GET settings/roles and settings/roles/{id}, with the keys of
// Zoho's v2 sample (display_label, name, id, reporting_to, admin_user)
// and the v8 ones (api_name, share_with_peers, description); see
// testdata/reference/18_settings_roles.json. The org starts with CEO and
// Manager (reporting to CEO); a user's role that does not exist yet is
// added reporting to CEO.

// Role is a role in the org's hierarchy.
type Role struct {
	ID          string // generated when empty
	Name        string // required, unique
	ReportingTo string // name of the role above it; "" for the top role
}

// addRoleLocked adds a role if it is new and returns its id.
func (us *userStore) addRoleLocked(name, parent string, givenID ...string) string {
	id := ""
	if len(givenID) > 0 {
		id = givenID[0]
	}
	if !slices.Contains(us.roles, name) {
		us.roles = append(us.roles, name)
		us.parents[name] = parent
	}
	return us.refIDLocked("role "+name, id)
}

// AddRole adds a role below ReportingTo (CEO when empty, unless it is the
// first role) and returns it. It panics if Name is empty or taken, or
// ReportingTo names no role.
func (s *Server) AddRole(r Role) Role {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	if strings.TrimSpace(r.Name) == "" {
		panic("zohotest: AddRole: Name is required")
	}
	if slices.Contains(us.roles, r.Name) {
		panic("zohotest: AddRole: a role " + r.Name + " exists already")
	}
	if r.ReportingTo == "" {
		r.ReportingTo = "CEO"
	}
	if !slices.Contains(us.roles, r.ReportingTo) {
		panic("zohotest: AddRole: no role " + r.ReportingTo + " to report to")
	}
	r.ID = us.addRoleLocked(r.Name, r.ReportingTo, r.ID)
	return r
}

// Roles returns the org's roles, in creation order.
func (s *Server) Roles() []Role {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	out := make([]Role, len(us.roles))
	for i, name := range us.roles {
		out[i] = Role{ID: us.refIDLocked("role "+name, ""), Name: name, ReportingTo: us.parents[name]}
	}
	return out
}

func init() {
	handleCRM("GET", "settings/roles", "ZohoCRM.settings.roles.READ", (*Server).listRoles)
	handleCRM("GET", "settings/roles/{id}", "ZohoCRM.settings.roles.READ", (*Server).getRole)
	handleCRM("POST", "settings/roles", "ZohoCRM.settings.roles.CREATE", (*Server).writeRoles)
	handleCRM("PUT", "settings/roles", "ZohoCRM.settings.roles.UPDATE", (*Server).writeRoles)
	handleCRM("PUT", "settings/roles/{id}", "ZohoCRM.settings.roles.UPDATE", (*Server).writeRoles)
	handleCRM("DELETE", "settings/roles/{id}", "ZohoCRM.settings.roles.DELETE", (*Server).deleteRole)
}

// Role writes: POST settings/roles (name and reporting_to required, names
// unique), PUT settings/roles (ids in the entries) and settings/roles/{id}
// (name, reporting_to), one result per entry under "roles"; DELETE
// settings/roles/{id}?transfer_to_id= moves the role's users, and the roles
// reporting to it, to the role named. The top role is not deleted.

func (s *Server) writeRoles(c *call) {
	entries, ok := readKeyedBody(c, "roles", maxWriteRecords)
	if !ok {
		return
	}
	create, pathID := c.r.Method == http.MethodPost, c.param("id")
	us := &s.people
	us.mu.Lock()
	if pathID != "" {
		if _, found := us.userRefLocked("role", us.roles, pathID, ""); !found {
			us.mu.Unlock()
			failSettingsID(c.w)
			return
		}
	}
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		results[i] = s.writeRoleLocked(c, e, i, create, pathID)
	}
	us.mu.Unlock()
	allOK := http.StatusOK
	if create {
		allOK = http.StatusCreated
	}
	writeKeyed(c, "roles", results, allOK)
}

// writeRoleLocked creates a role or changes one, under people.mu.
func (s *Server) writeRoleLocked(c *call, e entry, i int, create bool, pathID string) recordResult {
	us := &s.people
	bad := refuser(c, "roles", i)
	if e == nil {
		return notAnObject()
	}
	current := ""
	if !create {
		id := pathID
		if id == "" {
			given, present, ok := e.text("id")
			if !present || !ok {
				return *bad("MANDATORY_NOT_FOUND", "id")
			}
			id = given
		}
		r, found := us.userRefLocked("role", us.roles, id, "")
		if !found {
			return *bad("INVALID_DATA", "id")
		}
		current = r.Name
	}
	name, present, ok := e.text("name")
	switch {
	case !ok || (present && strings.TrimSpace(name) == ""):
		return *bad("INVALID_DATA", "name")
	case !present && create:
		return *bad("MANDATORY_NOT_FOUND", "name")
	case present && !strings.EqualFold(name, current) && slices.ContainsFunc(us.roles, func(n string) bool { return strings.EqualFold(n, name) }):
		return *bad("DUPLICATE_DATA", "name")
	}
	parent := ""
	if create {
		parent = "CEO"
	} else {
		parent = us.parents[current]
	}
	if id, pname, present, ok := e.ref("reporting_to"); present || !ok {
		r, found := us.userRefLocked("role", us.roles, id, pname)
		top := !create && us.parents[current] == ""
		if !ok || !found || top || r.Name == current || us.reportsToLocked(r.Name, current) {
			return *bad("INVALID_DATA", "reporting_to")
		}
		parent = r.Name
	} else if create {
		return *bad("MANDATORY_NOT_FOUND", "reporting_to")
	}
	if create {
		return successResult(us.addRoleLocked(name, parent), "role added")
	}
	if present && name != current {
		us.renameRoleLocked(current, name)
		current = name
	}
	if us.parents[current] != "" { // the top role reports to none
		us.parents[current] = parent
	}
	return successResult(us.refIDLocked("role "+current, ""), "role updated")
}

// reportsToLocked reports whether role sits below above in the hierarchy.
func (us *userStore) reportsToLocked(role, above string) bool {
	for r := us.parents[role]; r != ""; r = us.parents[r] {
		if r == above {
			return true
		}
	}
	return false
}

// renameRoleLocked renames a role, keeping its id, its place and its users.
func (us *userStore) renameRoleLocked(old, name string) {
	us.roles[slices.Index(us.roles, old)] = name
	us.refIDs["role "+name] = us.refIDs["role "+old]
	delete(us.refIDs, "role "+old)
	us.parents[name] = us.parents[old]
	delete(us.parents, old)
	for r, p := range us.parents {
		if p == old {
			us.parents[r] = name
		}
	}
	for _, u := range us.list {
		if u.Role.Name == old {
			u.Role.Name = name
		}
	}
}

func (s *Server) deleteRole(c *call) {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	gone, found := us.userRefLocked("role", us.roles, c.param("id"), "")
	if !found {
		failSettingsID(c.w)
		return
	}
	to := c.query("transfer_to_id")
	if to == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param_name", "transfer_to_id"}})
		return
	}
	heir, found := us.userRefLocked("role", us.roles, to, "")
	if !found || heir.ID == gone.ID || us.reportsToLocked(heir.Name, gone.Name) {
		failParam(c.w, "transfer_to_id")
		return
	}
	if us.parents[gone.Name] == "" {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the top role cannot be deleted", obj{{"resource_path_index", 2}})
		return
	}
	for _, u := range us.list {
		if u.Role.ID == gone.ID {
			u.Role = heir
		}
	}
	for r, p := range us.parents {
		if p == gone.Name {
			us.parents[r] = heir.Name
		}
	}
	us.roles = slices.DeleteFunc(us.roles, func(n string) bool { return n == gone.Name })
	delete(us.parents, gone.Name)
	delete(us.refIDs, "role "+gone.Name)
	writeKeyed(c, "roles", []recordResult{successResult(gone.ID, "role deleted")}, http.StatusOK)
}

// renderRoles writes the roles match keeps in the keys of the version:
// v2's sample has admin_user, v8's the description, sharing, forecast
// manager and __s audit keys (reference 18).
func (s *Server) renderRoles(c *call, match func(Role) bool) []obj {
	roles := s.Roles()
	ids := map[string]string{}
	for _, r := range roles {
		ids[r.Name] = r.ID
	}
	admin, started := s.Admin().lookup(false), s.formatTime(s.settings.started)
	var out []obj
	for _, r := range roles {
		if !match(r) {
			continue
		}
		var reporting any
		if r.ReportingTo != "" {
			reporting = obj{{"name", r.ReportingTo}, {"id", ids[r.ReportingTo]}}
		}
		if !c.version.atLeast(sinceSettingsV8Keys) {
			out = append(out, obj{
				{"display_label", r.Name},
				{"name", r.Name},
				{"id", r.ID},
				{"reporting_to", reporting},
				{"admin_user", r.ReportingTo == ""},
			})
			continue
		}
		out = append(out, obj{
			{"id", r.ID},
			{"name", r.Name},
			{"display_label", r.Name},
			{"api_name", apiNameOf(r.Name)},
			{"description", nil},
			{"share_with_peers", true},
			{"forecast_manager", nil},
			{"reporting_to", reporting},
			{"created_by__s", admin},
			{"modified_by__s", admin},
			{"modified_time__s", started},
			{"created_time__s", started},
		})
	}
	return out
}

func (s *Server) listRoles(c *call) {
	writeJSON(c.w, http.StatusOK, obj{{"roles", s.renderRoles(c, func(Role) bool { return true })}})
}

func (s *Server) getRole(c *call) {
	id := c.param("id")
	out := s.renderRoles(c, func(r Role) bool { return r.ID == id })
	if len(out) == 0 {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"roles", out}})
}
