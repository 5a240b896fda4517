package zohotest

import (
	"slices"
	"time"
)

// Users' unavailability (crm-oas group users_unavailability,
// settings/users_unavailability): a time a user is away, from and to
// (ISO 8601, from before to), with comments. The user must be one of the
// org's; the emulator fills their name and zuid. A list shows them all,
// or those of the users of some groups, roles or territories
// (group_ids, role_ids, territory_ids) and, by filters, of some times.

var _ = registerKeyed(&keyedSpec{
	path:     "settings/users_unavailability",
	key:      "users_unavailability",
	what:     "Unavailability Hours",
	scope:    "ZohoCRM.settings.users_unavailability",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"from", "to", "user"},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		invalid := func(field string, details ...kv) *recordResult {
			r := keyedError(c, "users_unavailability", index, "INVALID_DATA", "invalid data", field, details...)
			return &r
		}
		from, errFrom := time.Parse(time.RFC3339, text(e, "from"))
		to, errTo := time.Parse(time.RFC3339, text(e, "to"))
		switch {
		case errFrom != nil:
			return invalid("from", kv{"expected_data_type", "datetime"})
		case errTo != nil:
			return invalid("to", kv{"expected_data_type", "datetime"})
		case !from.Before(to):
			return invalid("to")
		case len([]rune(text(e, "comments"))) > 250:
			return invalid("comments", kv{"maximum_length", 250})
		}
		ref, _ := e["user"].(map[string]any)
		u, found := s.User(idOf(ref))
		if ref == nil || !found || u.Status == "deleted" {
			return invalid("user")
		}
		e["user"] = map[string]any{"name": u.FullName(), "id": u.ID, "zuid": u.ZUID}
		return nil
	},
	filter: func(s *Server, c *call, d doc) bool {
		ref, _ := d["user"].(map[string]any)
		u, _ := s.User(idOf(ref))
		if ids := splitList(c.query("role_ids")); len(ids) > 0 && !slices.Contains(ids, u.Role.ID) {
			return false
		}
		if ids := splitList(c.query("territory_ids")); len(ids) > 0 &&
			!slices.ContainsFunc(s.userTerritories(u.ID), func(t territory) bool { return slices.Contains(ids, t.id) }) {
			return false
		}
		if ids := splitList(c.query("group_ids")); len(ids) > 0 &&
			!slices.ContainsFunc(s.groupsOf(u.ID), func(g userGroup) bool { return slices.Contains(ids, g.id) }) {
			return false
		}
		m, _ := filtersParam(c) // checked by parent
		return s.matchValues(m, map[string]any{"from": text(d, "from"), "to": text(d, "to")})
	},
	// parent answers a filters parameter that is not criteria.
	parent: func(s *Server, c *call) bool {
		_, ok := filtersParam(c)
		return ok
	},
})
