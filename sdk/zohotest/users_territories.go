package zohotest

import (
	"net/http"
	"slices"
)

// A user's territories (crm-oas group users_territories,
// users/{id}/territories): the territory membership territory_users.go
// keeps, seen from the user, as [{id, Name, Manager, Reporting_To}]. A
// user cannot change their own territories (NOT_ALLOWED); the org's
// territory, and one the user manages, cannot be taken from them.

func init() {
	handleCRM("GET", "users/{id}/territories", "ZohoCRM.users.READ", (*Server).listUserTerritories)
	handleCRM("GET", "users/{id}/territories/{territory_id}", "ZohoCRM.users.READ", (*Server).getUserTerritory)
	handleCRM("PUT", "users/{id}/territories", "ZohoCRM.users.UPDATE", (*Server).addUserTerritories)
	handleCRM("DELETE", "users/{id}/territories", "ZohoCRM.users.DELETE", (*Server).removeUserTerritories)
	handleCRM("DELETE", "users/{id}/territories/{territory_id}", "ZohoCRM.users.DELETE", (*Server).removeUserTerritories)
}

const maxUserTerritoriesPerCall = 100

// userParam finds the user the path names (not a deleted one), answering
// INVALID_DATA itself.
func (s *Server) userParam(c *call) (User, bool) {
	u, found := s.User(c.param("id"))
	if !found || u.Status == "deleted" {
		failPathID(c.w, 1)
		return User{}, false
	}
	return u, true
}

func (s *Server) userTerritoryJSON(list []territory, t territory) obj {
	var manager, reporting any
	if t.manager != nil {
		manager = t.manager
	}
	if p, at := territoryByID(list, t.parentID); at >= 0 {
		reporting = obj{{"id", p.id}, {"Name", p.name}}
	}
	return obj{{"id", t.id}, {"Manager", manager}, {"Name", t.name}, {"Reporting_To", reporting}}
}

func (s *Server) listUserTerritories(c *call) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	list := s.allTerritories()
	var out []obj
	for _, t := range s.userTerritories(u.ID) {
		out = append(out, s.userTerritoryJSON(list, t))
	}
	writePage(c, "territories", out, page, perPage)
}

func (s *Server) getUserTerritory(c *call) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	list := s.allTerritories()
	t, at := territoryByID(list, c.param("territory_id"))
	if at < 0 || !slices.Contains(t.users, u.ID) {
		failPathID(c.w, 3)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"territories", []obj{s.userTerritoryJSON(list, t)}}})
}

// notOwnTerritories refuses a user changing their own territories.
func notOwnTerritories(c *call, u User) bool {
	if u.ID == c.user.ID {
		fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "You cannot update the territories you belong to", obj{{"resource_path_index", 1}})
		return false
	}
	return true
}

func (s *Server) addUserTerritories(c *call) {
	u, ok := s.userParam(c)
	if !ok || !notOwnTerritories(c, u) {
		return
	}
	entries, ok := readKeyedBody(c, "territories", maxUserTerritoriesPerCall)
	if !ok {
		return
	}
	changes := make([]membership, len(entries))
	for i, e := range entries {
		id, _, _ := e.text("id")
		changes[i] = membership{territoryID: id, userID: u.ID, join: true}
	}
	results := s.changeMembership(c, "territories", changes, func(m membership) string { return m.territoryID })
	for i := range results {
		if results[i].Status == "success" {
			results[i].Message = "Territory associated to the user successfully"
		}
	}
	writeKeyed(c, "territories", results, http.StatusOK)
}

func (s *Server) removeUserTerritories(c *call) {
	u, ok := s.userParam(c)
	if !ok || !notOwnTerritories(c, u) {
		return
	}
	ids, ok := pathOrIDs(c, "territory_id")
	if !ok {
		return
	}
	changes := make([]membership, len(ids))
	for i, id := range ids {
		changes[i] = membership{territoryID: id, userID: u.ID}
	}
	results := s.changeMembership(c, "territories", changes, func(m membership) string { return m.territoryID })
	for i := range results {
		if results[i].Status == "success" {
			results[i].Message = "Territory removed from the user successfully"
		}
	}
	writeKeyed(c, "territories", results, http.StatusOK)
}
