package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// User groups (crm-oas group user_groups, payload 78): settings/user_groups
// lists (204 for none), creates, updates (one by path, many with ids) and
// deletes groups of users, roles, territories and other groups;
// settings/user_groups/{id}/sources lists a group's members. A name is
// unique (DUPLICATE_DATA); a user source must be a user of the org, a
// group source another group. On update, a source with "_delete":true
// leaves the group. A group with members is deleted by a job (SCHEDULED
// with a job_id, its state read at actions/deletion_jobs; jobs.go), an
// empty one at once. The users of a group are its users, the users of its roles and
// territories, and those of its groups: they make the counts
// (actions/associated_users_count, grouped_counts by status) and the
// groups of a user (users/{id}/actions/associated_groups, and
// actions/get_assigned and get_unassigned for feature user_groups).
// Where a group is used (actions/associations) is what a test declares
// with AddGroupAssociation.

func init() {
	handleCRM("GET", "settings/user_groups", "ZohoCRM.settings.user_groups.READ", (*Server).listUserGroups)
	handleCRM("GET", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.READ", (*Server).getUserGroup)
	handleCRM("POST", "settings/user_groups", "ZohoCRM.settings.user_groups.CREATE", (*Server).createUserGroups)
	handleCRM("PUT", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.UPDATE", (*Server).updateUserGroup)
	handleCRM("DELETE", "settings/user_groups/{group_id}", "ZohoCRM.settings.user_groups.DELETE", (*Server).deleteUserGroup)
	handleCRM("GET", "settings/user_groups/{group_id}/sources", "ZohoCRM.settings.user_groups.READ", (*Server).listGroupSources)
	const read = "ZohoCRM.settings.user_groups.READ"
	handleCRM("PUT", "settings/user_groups", "ZohoCRM.settings.user_groups.UPDATE", (*Server).updateUserGroups)
	handleCRM("GET", "settings/user_groups/actions/deletion_jobs", read, (*Server).groupDeletionJob)
	handleCRM("GET", "settings/user_groups/{group_id}/actions/sources_count", read, (*Server).groupSourcesCount)
	handleCRM("GET", "settings/user_groups/{group_id}/actions/associations", read, (*Server).groupAssociations)
	handleCRM("GET", "settings/user_groups/actions/associated_users_count", read, (*Server).groupUserCounts)
	handleCRM("GET", "settings/user_groups/{group_id}/associated_users/actions/grouped_counts", read, (*Server).groupedCounts)
	handleCRM("POST", "settings/user_groups/actions/get_assigned", read, (*Server).assignedGroups)
	handleCRM("POST", "settings/user_groups/actions/get_unassigned", read, (*Server).assignedGroups)
	handleCRM("GET", "users/{id}/actions/associated_groups", "ZohoCRM.users.READ", (*Server).associatedGroups)
}

const maxUserGroupsPerWrite = 100

type userGroup struct {
	id, name, description string
	sources               []groupSource
	createdBy, modifiedBy obj
	created, modified     time.Time
	associations          []obj // where the group is used
}

type groupSource struct {
	typ, id, name  string
	subordinates   bool
	subTerritories bool
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
		Type           string          `json:"type"`
		Source         entry           `json:"source"`
		Subordinates   bool            `json:"subordinates"`
		SubTerritories bool            `json:"sub_territories"`
		Delete         json.RawMessage `json:"_delete"`
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
			sources = append(sources, groupSource{typ: src.Type, id: id, name: name, subordinates: src.Subordinates, subTerritories: src.SubTerritories})
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
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		g := userGroup{id: s.ids.next(), createdBy: c.user.lookup(false), created: s.Now()}
		if bad := s.applyGroup(c, &g, e, i, d.groups); bad != nil {
			return *bad
		}
		if strings.TrimSpace(g.name) == "" {
			return keyedError(c, "user_groups", i, "MANDATORY_NOT_FOUND", "required field not found", "name")
		}
		if groupNamed(d.groups, g.name, "") {
			return keyedError(c, "user_groups", i, "DUPLICATE_DATA", "duplicate data", "name")
		}
		d.groups = append(slices.Clip(d.groups), g)
		return successResult(g.id, "User Group Created successfully")
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
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult { return s.updateGroupLocked(c, d, g.id, e, i) })
	writeKeyed(c, "user_groups", results, http.StatusOK)
}

// updateUserGroups serves PUT settings/user_groups: each entry names its
// group by id.
func (s *Server) updateUserGroups(c *call) {
	entries, ok := readKeyedBody(c, "user_groups", maxUserGroupsPerWrite)
	if !ok {
		return
	}
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		id, _, _ := e.text("id")
		if id == "" {
			return keyedError(c, "user_groups", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
		}
		return s.updateGroupLocked(c, d, id, e, i)
	})
	writeKeyed(c, "user_groups", results, http.StatusOK)
}

// updateGroupLocked applies an entry to the group with this id.
func (s *Server) updateGroupLocked(c *call, d *actionData, id string, e entry, i int) recordResult {
	at := slices.IndexFunc(d.groups, func(g userGroup) bool { return g.id == id })
	if at < 0 {
		return keyedError(c, "user_groups", i, "INVALID_DATA", "the id given seems to be invalid", "id")
	}
	g := d.groups[at]
	if bad := s.applyGroup(c, &g, e, i, d.groups); bad != nil {
		return *bad
	}
	if strings.TrimSpace(g.name) == "" || groupNamed(d.groups, g.name, g.id) {
		return keyedError(c, "user_groups", i, "DUPLICATE_DATA", "duplicate data", "name")
	}
	g.modified, g.modifiedBy = s.Now(), c.user.lookup(false)
	groups := slices.Clone(d.groups)
	groups[at] = g
	d.groups = groups
	return successResult(g.id, "User Group Updated successfully")
}

func (s *Server) deleteUserGroup(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	remove := func() (done, failed int) {
		s.actions.with(func(d *actionData) {
			d.groups = slices.DeleteFunc(slices.Clone(d.groups), func(o userGroup) bool { return o.id == g.id })
		})
		return 1, 0
	}
	if len(g.sources) == 0 {
		remove()
		writeKeyed(c, "user_groups", []recordResult{successResult(g.id, "User Group Deleted successfully")}, http.StatusOK)
		return
	}
	j := s.scheduleJob(groupDeletionJobs, "", 1, remove)
	writeKeyed(c, "user_groups", []recordResult{{Code: "SCHEDULED", Details: obj{{"job_id", j.id}},
		Message: "User Group deletion scheduled successfully", Status: "success"}}, http.StatusOK)
}

// groupDeletionJobs is the kind of the jobs deleting groups with members.
const groupDeletionJobs = "user_group_deletion"

func (s *Server) groupDeletionJob(c *call) {
	if st, ok := s.findJob(c, groupDeletionJobs, ""); ok {
		status := strings.ToUpper(strings.ReplaceAll(st.phase.String(), " ", "_"))
		writeJSON(c.w, http.StatusOK, obj{{"deletion_jobs", []obj{{{"Status", status}}}}})
	}
}

func (s *Server) listGroupSources(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	userType := c.query("user_type")
	var out []obj
	for _, src := range g.sources {
		if typ := c.query("type"); typ != "" && typ != src.typ {
			continue
		}
		if userType != "" && (src.typ != "users" || s.userState(src.id) != userType) {
			continue
		}
		o := obj{{"type", src.typ}, {"source", obj{{"name", src.name}, {"id", src.id}}}}
		switch src.typ {
		case "roles":
			o = append(o, kv{"subordinates", src.subordinates})
		case "territories":
			o = append(o, kv{"subordinates", src.subordinates}, kv{"sub_territories", src.subTerritories})
		}
		out = append(out, o)
	}
	writePage(c, "sources", out, page, perPage)
}

// userState is a user as a group's counts see them: active, inactive or
// deleted.
func (s *Server) userState(id string) string {
	u, _ := s.User(id)
	switch u.Status {
	case "active":
		return "active"
	case "deleted":
		return "deleted"
	}
	return "inactive"
}

func (s *Server) groupSourcesCount(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	counts := map[string]int{}
	users := map[string]int{"active": 0, "inactive": 0, "deleted": 0}
	for _, src := range g.sources {
		counts[src.typ]++
		if src.typ == "users" {
			users[s.userState(src.id)]++
		}
	}
	writeJSON(c.w, http.StatusOK, obj{{"sources_count", []obj{{
		{"territories", counts["territories"]}, {"roles", counts["roles"]}, {"groups", counts["groups"]},
		{"users", obj{{"inactive", users["inactive"]}, {"deleted", users["deleted"]}, {"active", users["active"]}}},
	}}}})
}

// AddGroupAssociation declares that the user group with this id is used
// by a resource (a sharing rule, workflow, assignment rule...: typ is
// data_sharing, workflow_rules, assignment_rules, approval_process,
// review_process, email_notification or calendar_bookings) of a module,
// as GET settings/user_groups/{id}/actions/associations answers. It
// panics if there is no such group.
func (s *Server) AddGroupAssociation(groupID, typ, resourceID, resourceName, module string) {
	s.actions.with(func(d *actionData) {
		at := slices.IndexFunc(d.groups, func(g userGroup) bool { return g.id == groupID })
		if at < 0 {
			panic("zohotest: AddGroupAssociation: no user group " + groupID)
		}
		meta := obj{{"api_name", module}, {"id", nil}}
		if ms, ok := s.modules.get(module); ok {
			meta = obj{{"api_name", ms.meta.Load().APIName}, {"id", ms.meta.Load().ID}}
		}
		groups := slices.Clone(d.groups)
		groups[at].associations = append(slices.Clip(groups[at].associations),
			obj{{"resource", obj{{"name", resourceName}, {"id", resourceID}}}, {"detail", obj{{"module", meta}}}, {"type", typ}})
		d.groups = groups
	})
}

func (s *Server) groupAssociations(c *call) {
	if g, ok := s.groupParam(c); ok {
		writePage(c, "associations", g.associations, 1, maxPerPage)
	}
}

// groupUsers returns the ids of a group's users: its users, the users of
// its roles and territories (and of their children when it says so), and
// those of its groups.
func (s *Server) groupUsers(g userGroup, groups []userGroup, territories []territory, seen map[string]bool) []string {
	if seen[g.id] {
		return nil
	}
	seen[g.id] = true
	var out []string
	add := func(id string) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	users := s.Users()
	for _, src := range g.sources {
		switch src.typ {
		case "users":
			add(src.id)
		case "roles":
			for _, u := range users {
				if u.Role.ID == src.id {
					add(u.ID)
				}
			}
		case "territories":
			for _, t := range territories {
				if t.id == src.id || ((src.subordinates || src.subTerritories) && isUnder(territories, t.id, src.id)) {
					for _, id := range t.users {
						add(id)
					}
				}
			}
		case "groups":
			if at := slices.IndexFunc(groups, func(o userGroup) bool { return o.id == src.id }); at >= 0 {
				for _, id := range s.groupUsers(groups[at], groups, territories, seen) {
					add(id)
				}
			}
		}
	}
	return out
}

// groupsOf returns the groups with this user among their users.
func (s *Server) groupsOf(userID string) []userGroup {
	groups, territories := s.userGroups(), s.allTerritories()
	var out []userGroup
	for _, g := range groups {
		if slices.Contains(s.groupUsers(g, groups, territories, map[string]bool{}), userID) {
			out = append(out, g)
		}
	}
	return out
}

func (s *Server) groupUserCounts(c *call) {
	page, perPage, m, ok := pagedFilters(c)
	if !ok {
		return
	}
	groups, territories := s.userGroups(), s.allTerritories()
	var out []obj
	for _, g := range groups {
		if !s.matchValues(m, map[string]any{"name": g.name, "description": g.description}) {
			continue
		}
		n := len(s.groupUsers(g, groups, territories, map[string]bool{}))
		out = append(out, obj{{"user_group", obj{{"name", g.name}, {"id", g.id}}}, {"count", n}})
	}
	writePage(c, "associated_users_count", out, page, perPage)
}

func (s *Server) groupedCounts(c *call) {
	g, ok := s.groupParam(c)
	if !ok {
		return
	}
	switch c.query("group_by") {
	case "status":
	case "":
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "group_by"}})
		return
	default:
		failParam(c.w, "group_by")
		return
	}
	counts := map[string]int{}
	for _, id := range s.groupUsers(g, s.userGroups(), s.allTerritories(), map[string]bool{}) {
		counts[s.userState(id)]++
	}
	var out []obj
	for _, state := range []string{"active", "inactive", "deleted"} {
		if counts[state] > 0 {
			out = append(out, obj{{"status", state}, {"count", counts[state]}})
		}
	}
	writePage(c, "grouped_counts", out, 1, maxPerPage)
}

// writeGroups answers a page of groups, 204 for none.
func (s *Server) writeGroups(c *call, groups []userGroup, page, perPage int) {
	out := make([]obj, len(groups))
	for i, g := range groups {
		out[i] = s.userGroupJSON(g)
	}
	writePage(c, "user_groups", out, page, perPage)
}

func (s *Server) associatedGroups(c *call) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	s.writeGroups(c, s.groupsOf(u.ID), page, perPage)
}

// assignedGroups serves get_assigned and get_unassigned for feature
// user_groups: the groups a user (related_entity_id) is in, or the others.
func (s *Server) assignedGroups(c *call) {
	key := "get_assigned"
	if strings.HasSuffix(c.r.URL.Path, "get_unassigned") {
		key = "get_unassigned"
	}
	var body map[string]struct {
		Feature         string          `json:"feature"`
		RelatedEntityID json.RawMessage `json:"related_entity_id"`
		Page            int             `json:"page"`
		PerPage         int             `json:"per_page"`
	}
	if !readJSON(c, &body) {
		return
	}
	q, given := body[key]
	entity := idText(makeField("related_entity_id", q.RelatedEntityID))
	switch {
	case !given:
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", key}, {"json_path", "$." + key}})
		return
	case entity == "":
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "related_entity_id"}, {"json_path", "$." + key + ".related_entity_id"}})
		return
	case q.Feature != "user_groups":
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "feature"}, {"json_path", "$." + key + ".feature"}})
		return
	}
	if _, found := s.User(entity); !found {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "related_entity_id"}, {"json_path", "$." + key + ".related_entity_id"}})
		return
	}
	page, perPage := max(q.Page, 1), q.PerPage
	if perPage < 1 || perPage > maxPerPage {
		perPage = maxPerPage
	}
	assigned := s.groupsOf(entity)
	groups := assigned
	if key == "get_unassigned" {
		groups = slices.DeleteFunc(slices.Clone(s.userGroups()), func(g userGroup) bool {
			return slices.ContainsFunc(assigned, func(a userGroup) bool { return a.id == g.id })
		})
	}
	s.writeGroups(c, groups, page, perPage)
}
