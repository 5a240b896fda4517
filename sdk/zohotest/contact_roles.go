package zohotest

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The roles a contact plays in a deal (crm-oas group contact_roles,
// /Contacts/roles): a new org has Zoho's defaults; each role has a unique
// name of at most 50 characters and a sequence number (the next one
// unless given). Zoho answers a duplicate name, and a name too long, with
// INVALID_DATA, as crm-oas documents it.

var contactRoles = registerKeyed(&keyedSpec{
	path:     "Contacts/roles",
	key:      "contact_roles",
	what:     "contact role",
	scope:    "ZohoCRM.settings.contact_roles",
	ops:      opsCRUD,
	required: []string{"name"},
	seed: func(s *Server) []doc {
		var out []doc
		for i, name := range []string{"Purchasing", "Evaluator", "Technical Buyer", "Economic Decision Maker",
			"Executive Sponsor", "Influencer", "Product Management", "Developer/Evaluator", "Other"} {
			out = append(out, doc{"name": name, "sequence_number": json.Number(strconv.Itoa(i + 1))})
		}
		return out
	},
})

func init() { contactRoles.check = checkContactRole }

// checkContactRole runs under the store's lock.
func checkContactRole(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "contact_roles", index)
	name := strings.TrimSpace(text(e, "name"))
	if name == "" || utf8.RuneCountInString(name) > 50 {
		return refuse("INVALID_DATA", "name")
	}
	st := s.keyedStore(contactRoles) // its lock is held: read items only
	for _, other := range st.items[""] {
		if strings.EqualFold(text(other, "name"), name) && idOf(other) != idOf(e) {
			return refuse("INVALID_DATA", "name", kv{"reason", "duplicate data"})
		}
	}
	if _, ok := e["sequence_number"]; !ok {
		e["sequence_number"] = json.Number(strconv.Itoa(len(st.items[""]) + 1))
	}
	return nil
}

// dealContactRoles is the related list of a deal's contacts, each with
// the role they play in it: Deals/{id}/Contact_Roles[/{contact_id}] lists
// them (fields= naming Contact_Role too), links a contact with its role
// ({"data":[{"Contact_Role":{"id"}}]}, a role of Contacts/roles) and
// delinks one; both records stay.
var dealContactRoles = relatedList{APIName: "Contact_Roles", Label: "Contact Roles", Module: "Contacts", Kind: relatedJunction,
	Link: &manyToMany{a: "Deals", b: "Contacts", mandatory: "Contact_Role", check: func(s *Server, fields []fieldValue) string {
		at := indexOfField(fields, "Contact_Role")
		id, _ := lookupID(fields[at])
		for _, d := range s.keyedStore(contactRoles).entries("") {
			if idOf(d) == id && id != "" {
				fields[at] = fieldOf("Contact_Role", obj{{"name", text(d, "name")}, {"id", id}}) // as Zoho answers it
				return ""
			}
		}
		return "Contact_Role"
	}}}
