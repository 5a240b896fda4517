package zohotest

import (
	"net/http"
	"slices"
)

// The users of a territory (crm-oas group territory_users,
// settings/territories/{id}/users): listed as GET users lists users, added
// by PUT (a list of {id}, or one in the path), removed by DELETE (?ids= or
// one in the path). The membership is the territory's: a user's
// territories (users_territories.go) show the same. A territory's manager
// is one of its users and cannot be taken out.

func init() {
	const scope = "ZohoCRM.settings.territories."
	handleCRM("GET", "settings/territories/{territory_id}/users", "ZohoCRM.users.READ", (*Server).listTerritoryUsers)
	handleCRM("GET", "settings/territories/{territory_id}/users/{user_id}", "ZohoCRM.users.READ", (*Server).getTerritoryUser)
	handleCRM("PUT", "settings/territories/{territory_id}/users", scope+"UPDATE", (*Server).addTerritoryUsers)
	handleCRM("PUT", "settings/territories/{territory_id}/users/{user_id}", scope+"UPDATE", (*Server).addTerritoryUsers)
	handleCRM("DELETE", "settings/territories/{territory_id}/users", scope+"DELETE", (*Server).removeTerritoryUsers)
	handleCRM("DELETE", "settings/territories/{territory_id}/users/{user_id}", scope+"DELETE", (*Server).removeTerritoryUsers)
}

// membership is a change of who is in which territory, answered with a
// result per entry.
type membership struct {
	territoryID, userID string
	join                bool
}

// changeMembership applies changes in order, under one lock, and returns
// one result each: refusals name what is wrong by api_name under key.
// Results carry the id the caller's entry named (the other side's).
func (s *Server) changeMembership(c *call, key string, changes []membership, resultID func(membership) string) []recordResult {
	results := make([]recordResult, len(changes))
	s.actions.with(func(d *actionData) {
		list := slices.Clone(s.territoriesLocked(d))
		for i, m := range changes {
			bad := func(code, message, field string) {
				results[i] = keyedError(c, key, i, code, message, field)
			}
			t, at := territoryByID(list, m.territoryID)
			u, found := s.User(m.userID)
			member := at >= 0 && slices.Contains(t.users, m.userID)
			switch {
			case at < 0:
				bad("INVALID_DATA", "the territory id given seems to be invalid", "id")
			case !found || u.Status == "deleted":
				bad("INVALID_DATA", "the user id given seems to be invalid", "id")
			case m.join && u.Status != "active":
				bad("INVALID_DATA", "the user is inactive", "id")
			case m.join && member:
				bad("DUPLICATE_DATA", "the user is already associated with the territory", "id")
			case !m.join && !member:
				bad("INVALID_DATA", "the user is not associated with the territory", "id")
			case !m.join && t.parentID == "":
				bad("INVALID_DATA", "Organization Territory cannot be removed from the user", "id")
			case !m.join && t.managerID() == m.userID:
				bad("INVALID_DATA", "the territory cannot be removed from its manager", "id")
			default:
				if m.join {
					t.users = append(slices.Clip(t.users), m.userID)
				} else {
					t.users = slices.DeleteFunc(slices.Clone(t.users), func(id string) bool { return id == m.userID })
				}
				list[at] = t
				message := "Given User added to the mentioned territory Successfully"
				if !m.join {
					message = "Given User Removed from the mentioned territory Successfully"
				}
				results[i] = successResult(resultID(m), message)
			}
		}
		d.territories = list
	})
	return results
}

// userTerritories returns the territories the user is in, in the org's
// order.
func (s *Server) userTerritories(userID string) []territory {
	var out []territory
	for _, t := range s.allTerritories() {
		if slices.Contains(t.users, userID) {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) listTerritoryUsers(c *call) {
	t, _, ok := s.territoryParam(c)
	if !ok {
		return
	}
	var users []User
	for _, id := range t.users {
		if u, found := s.User(id); found {
			users = append(users, u)
		}
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	s.writeUserPage(c, users, page, perPage)
}

func (s *Server) getTerritoryUser(c *call) {
	t, _, ok := s.territoryParam(c)
	if !ok {
		return
	}
	u, found := s.User(c.param("user_id"))
	switch {
	case !found:
		failPathID(c.w, 4)
	case !slices.Contains(t.users, u.ID):
		writeEmpty(c.w, http.StatusNoContent)
	default:
		writeJSON(c.w, http.StatusOK, obj{{"users", []obj{s.renderUser(c, u)}}})
	}
}

func (s *Server) addTerritoryUsers(c *call) {
	t, _, ok := s.territoryParam(c)
	if !ok {
		return
	}
	var changes []membership
	if id := c.param("user_id"); id != "" {
		changes = []membership{{territoryID: t.id, userID: id, join: true}}
	} else {
		entries, ok := readKeyedBody(c, "users", maxWriteRecords)
		if !ok {
			return
		}
		for _, e := range entries {
			id, _, _ := e.text("id")
			changes = append(changes, membership{territoryID: t.id, userID: id, join: true})
		}
	}
	writeKeyed(c, "users", s.changeMembership(c, "users", changes, func(m membership) string { return m.userID }), http.StatusOK)
}

func (s *Server) removeTerritoryUsers(c *call) {
	t, _, ok := s.territoryParam(c)
	if !ok {
		return
	}
	ids, ok := pathOrIDs(c, "user_id")
	if !ok {
		return
	}
	changes := make([]membership, len(ids))
	for i, id := range ids {
		changes[i] = membership{territoryID: t.id, userID: id}
	}
	writeKeyed(c, "users", s.changeMembership(c, "users", changes, func(m membership) string { return m.userID }), http.StatusOK)
}
