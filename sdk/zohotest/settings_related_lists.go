package zohotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Related lists: GET settings/related_lists?module= and
// settings/related_lists/{id}?module=, derived from the module metadata:
//
//   - Notes (the Notes records whose Parent_Id is the record) and
//     Attachments, on every module;
//   - the many-to-many relations Zoho's related records API links
//     (Campaigns with Leads and Contacts; Products with Leads, Accounts,
//     Contacts, Deals and Price_Books), on both sides;
//   - for every module with a lookup field to this one, a list named after
//     that module holding its records that point here (Contacts and Deals
//     on Accounts...).
//
// Keys as in Zoho's v2 sample and the crm-oas v8 example
// (testdata/reference/21_settings_related_lists.json).

func init() {
	const read = "ZohoCRM.settings.related_lists.READ"
	handleCRM("GET", "settings/related_lists", read, (*Server).listRelatedLists)
	handleCRM("GET", "settings/related_lists/{id}", read, (*Server).getRelatedList)
}

type relationKind int

const (
	relatedNone     relationKind = iota // listed, but the emulator keeps no records for it
	relatedLookup                       // records of Module whose Field points at the parent
	relatedJunction                     // records linked to the parent through the related records API
)

// relatedList is one related list of a module.
type relatedList struct {
	APIName string
	Label   string
	Module  string // API name of the related records' module; "" when none
	Field   string // relatedLookup: the lookup field in Module
	Kind    relationKind
	Link    *manyToMany
}

// manyToMany is a relation the related records API links and delinks,
// with the fields a relation carries and the one it must be given.
type manyToMany struct {
	a, b      string
	mandatory string
	// check returns the relation field given that is not valid ("" when
	// all are), before a link is stored; it may rewrite fields' values.
	check func(s *Server, fields []fieldValue) string
}

// junctions are Zoho's documented supported relations.
var junctions = []*manyToMany{
	{a: "Campaigns", b: "Leads"},
	{a: "Campaigns", b: "Contacts"},
	{a: "Products", b: "Leads"},
	{a: "Products", b: "Accounts"},
	{a: "Products", b: "Contacts"},
	{a: "Products", b: "Deals"},
	{a: "Products", b: "Price_Books", mandatory: "list_price"},
}

func lowerKey(s string) string { return strings.ToLower(s) }

// junctionBetween returns the many-to-many relation of two modules, if any.
func junctionBetween(x, y string) *manyToMany {
	for _, j := range junctions {
		if (strings.EqualFold(j.a, x) && strings.EqualFold(j.b, y)) || (strings.EqualFold(j.a, y) && strings.EqualFold(j.b, x)) {
			return j
		}
	}
	return nil
}

// relatedListsOf derives a module's related lists, in the order the list
// answer gives them.
func (s *Server) relatedListsOf(m *moduleMeta) []relatedList {
	var out []relatedList
	has := func(name string) bool {
		return slices.ContainsFunc(out, func(rl relatedList) bool { return strings.EqualFold(rl.APIName, name) })
	}
	if !strings.EqualFold(m.APIName, "Notes") {
		if _, ok := s.modules.get("Notes"); ok {
			out = append(out, relatedList{APIName: "Notes", Label: "Notes", Module: "Notes", Field: "Parent_Id", Kind: relatedLookup})
		}
		out = append(out, relatedList{APIName: "Attachments", Label: "Attachments", Kind: relatedNone})
	}
	for _, other := range s.moduleList() {
		if has(other.APIName) || strings.EqualFold(other.APIName, "Notes") {
			continue
		}
		if j := junctionBetween(m.APIName, other.APIName); j != nil && !strings.EqualFold(other.APIName, m.APIName) {
			out = append(out, relatedList{APIName: other.APIName, Label: other.PluralLabel, Module: other.APIName, Kind: relatedJunction, Link: j})
			continue
		}
		for _, f := range other.Fields {
			if f.DataType == "lookup" && strings.EqualFold(f.LookupModule, m.APIName) {
				out = append(out, relatedList{APIName: other.APIName, Label: other.PluralLabel, Module: other.APIName, Field: f.APIName, Kind: relatedLookup})
				break
			}
		}
	}
	if strings.EqualFold(m.APIName, "Deals") {
		out = append(out, dealContactRoles) // contact_roles.go
	}
	return out
}

// relatedListNamed finds a related list by API name, ignoring case.
func (s *Server) relatedListNamed(m *moduleMeta, name string) (relatedList, bool) {
	for _, rl := range s.relatedListsOf(m) {
		if strings.EqualFold(rl.APIName, name) {
			return rl, true
		}
	}
	return relatedList{}, false
}

func (s *Server) relatedListID(m *moduleMeta, rl relatedList) string {
	return s.settings.metaID("related_list|" + lowerKey(m.APIName) + "|" + lowerKey(rl.APIName))
}

func (s *Server) renderRelatedList(c *call, m *moduleMeta, rl relatedList, sequence int) obj {
	var module, href any
	name := rl.Module
	if name == "" && rl.APIName == "Attachments" {
		name = "Attachments"
	}
	if name != "" {
		// v8 names every list's module by {api_name, id}, Attachments too,
		// though the emulator keeps no module of that name.
		module = name
		if c.version.atLeast(sinceObjectRefs) {
			id := s.settings.metaID("module|" + lowerKey(name))
			if target, ok := s.modules.get(name); ok {
				id = target.meta.Load().ID
			}
			module = obj{{"api_name", name}, {"id", id}}
		}
	}
	if rl.Kind != relatedNone || rl.APIName == "Attachments" {
		href = m.APIName + "/{ENTITYID}/" + rl.APIName
	}
	typ := "default"
	if rl.Kind == relatedLookup && rl.APIName != "Notes" {
		if f, ok := s.lookupField(rl); ok && f.Custom {
			typ = "custom_lookup"
		}
	}
	return obj{
		{"sequence_number", strconv.Itoa(sequence)},
		{"display_label", rl.Label},
		{"api_name", rl.APIName},
		{"module", module},
		{"name", rl.APIName},
		{"action", nil},
		{"id", s.relatedListID(m, rl)},
		{"href", href},
		{"type", typ},
	}
}

func (s *Server) lookupField(rl relatedList) (*Field, bool) {
	ms, ok := s.modules.get(rl.Module)
	if !ok {
		return nil, false
	}
	return ms.meta.Load().field(rl.Field)
}

func (s *Server) listRelatedLists(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	lists := s.relatedListsOf(m)
	out := make([]obj, len(lists))
	for i, rl := range lists {
		out[i] = s.renderRelatedList(c, m, rl, i+1)
	}
	writeJSON(c.w, http.StatusOK, obj{{"related_lists", out}})
}

func (s *Server) getRelatedList(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	for i, rl := range s.relatedListsOf(m) {
		if s.relatedListID(m, rl) == c.param("id") {
			writeJSON(c.w, http.StatusOK, obj{{"related_lists", []obj{s.renderRelatedList(c, m, rl, i+1)}}})
			return
		}
	}
	failSettingsID(c.w)
}
