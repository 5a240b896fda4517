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
