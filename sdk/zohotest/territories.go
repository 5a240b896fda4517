package zohotest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Territories (crm-oas group territories, payload 77): the org's territory
// (made on first use, managed by the admin) and those reporting to it, as
// a tree. settings/territories lists (paged, by ids or filters), reads,
// creates and updates them (ten a call), deletes those without children
// and, with transfer_and_delete, those with children after moving the
// children to another territory; the records of a territory deleted so
// move to that territory too, and a territory deleted while records or
// users were associated with it is listed by
// actions/deleted_associated_territories. Its users (territory_users.go)
// are the same membership a user's territories (users_territories.go) show.
// POST {module}[/{id}]/actions/assign_territories and remove_territories
// (crm-oas group record) change the territories of Leads, Accounts,
// Contacts and Deals records ({data:[{id, Territories:[{id}]}]}). Zoho
// schedules these (code SCHEDULED with a job_id); the emulator applies them
// at once, to the record's Territories field ([{"id","name"}]). A deal
// takes one territory, other records at most ten.

func init() {
	const scope = "ZohoCRM.settings.territories."
	handleCRM("GET", "settings/territories", scope+"READ", (*Server).listTerritories)
	handleCRM("GET", "settings/territories/{territory_id}", scope+"READ", (*Server).getTerritory)
	handleCRM("POST", "settings/territories", scope+"CREATE", (*Server).createTerritories)
	handleCRM("PUT", "settings/territories", scope+"UPDATE", (*Server).updateTerritories)
	handleCRM("PUT", "settings/territories/{territory_id}", scope+"UPDATE", (*Server).updateTerritories)
	handleCRM("DELETE", "settings/territories", scope+"DELETE", (*Server).deleteTerritories)
	handleCRM("DELETE", "settings/territories/{territory_id}", scope+"DELETE", (*Server).deleteTerritories)
	handleCRM("POST", "settings/territories/actions/transfer_and_delete", scope+"ALL", (*Server).transferTerritories)
	handleCRM("POST", "settings/territories/{territory_id}/actions/transfer_and_delete", scope+"ALL", (*Server).transferTerritories)
	handleCRM("GET", "settings/territories/{territory_id}/__child_territories", scope+"READ", (*Server).childTerritories)
	handleCRM("GET", "settings/territories/actions/associated_users_count", scope+"READ", (*Server).territoryUserCounts)
	handleCRM("GET", "settings/territories/actions/deleted_associated_territories", scope+"READ", (*Server).deletedTerritories)
	const write = "ZohoCRM.modules.{module}.UPDATE ZohoCRM.modules.{module}.CREATE"
	handleCRM("POST", "{module}/actions/assign_territories", write, (*Server).assignTerritories)
	handleCRM("POST", "{module}/{id}/actions/assign_territories", write, (*Server).assignTerritories)
	handleCRM("POST", "{module}/actions/remove_territories", write, (*Server).removeTerritories)
	handleCRM("POST", "{module}/{id}/actions/remove_territories", write, (*Server).removeTerritories)
}

const (
	maxTerritoriesPerRecord = 10
	maxTerritoryRecords     = 100
	maxTerritoriesPerWrite  = 10
)

// territoryModules are the modules whose records take territories.
var territoryModules = []string{"Leads", "Accounts", "Contacts", "Deals"}

// territoryCriteria are the keys of a territory's rules for records.
var territoryCriteria = []string{"account_rule_criteria", "lead_rule_criteria", "deal_rule_criteria"}

// territory is one territory; values are replaced, never changed in place.
type territory struct {
	id, name, apiName, description, permission string
	parentID                                   string
	manager                                    obj // nil for none
	createdBy, modifiedBy                      obj
	created, modified                          time.Time
	criteria                                   map[string]json.RawMessage
	users                                      []string // member user ids
}

// deletedTerritory is a territory deleted while records or users were
// associated with it.
type deletedTerritory struct {
	id, name  string
	deletedBy obj
	deleted   time.Time
}

// Territory is a territory of the emulator's org.
type Territory struct {
	ID, Name    string
	ParentID    string // "" for the org's parent territory
	Description string
	Users       []string // the ids of its users
}

// territoriesLocked returns the org's territories, the parent territory
// made on first use.
func (s *Server) territoriesLocked(d *actionData) []territory {
	if len(d.territories) == 0 {
		admin := s.Admin()
		d.territories = []territory{{id: s.ids.next(), name: s.orgName(), apiName: s.orgName(), description: "Organization Parent Territory",
			permission: "read_only", manager: admin.lookup(false), createdBy: admin.lookup(false), created: s.Now(), users: []string{admin.ID}}}
	}
	return d.territories
}

func (s *Server) orgName() string {
	name := s.Org().CompanyName
	if name == "" {
		name = "zoho"
	}
	return name
}

// AddTerritory adds a territory under parentID ("" for the org's parent
// territory) and returns it.
func (s *Server) AddTerritory(name, parentID, description string) Territory {
	var t territory
	s.actions.with(func(d *actionData) {
		list := s.territoriesLocked(d)
		if parentID == "" {
			parentID = list[0].id
		}
		admin := s.Admin()
		t = territory{id: s.ids.next(), name: name, apiName: strings.ReplaceAll(name, " ", "_"), description: description,
			permission: "read_write_delete", parentID: parentID, createdBy: admin.lookup(false), created: s.Now()}
		d.territories = append(slices.Clip(list), t)
	})
	return t.export()
}

func (t territory) export() Territory {
	return Territory{ID: t.id, Name: t.name, ParentID: t.parentID, Description: t.description, Users: slices.Clone(t.users)}
}

// Territories returns the org's territories, its own first.
func (s *Server) Territories() []Territory {
	list := s.allTerritories()
	out := make([]Territory, len(list))
	for i, t := range list {
		out[i] = t.export()
	}
	return out
}

func territoryByID(list []territory, id string) (territory, int) {
	for i, t := range list {
		if t.id == id {
			return t, i
		}
	}
	return territory{}, -1
}

// isUnder reports whether the territory id is ancestor or below it.
func isUnder(list []territory, id, ancestor string) bool {
	for seen := 0; id != "" && seen <= len(list); seen++ {
		if id == ancestor {
			return true
		}
		t, at := territoryByID(list, id)
		if at < 0 {
			return false
		}
		id = t.parentID
	}
	return false
}

func (s *Server) territoryJSON(list []territory, t territory) obj {
	var reporting any
	if p, at := territoryByID(list, t.parentID); at >= 0 {
		reporting = obj{{"name", p.name}, {"id", p.id}}
	}
	manager, modifiedBy, modified := any(nil), any(t.createdBy), t.created
	if t.manager != nil {
		manager = t.manager
	}
	if t.modifiedBy != nil {
		modifiedBy, modified = t.modifiedBy, t.modified
	}
	out := obj{
		{"created_time", s.formatTime(t.created)}, {"permission_type", t.permission}, {"modified_time", s.formatTime(modified)},
		{"manager", manager}, {"api_name", t.apiName}, {"name", t.name}, {"modified_by", modifiedBy},
		{"description", nullIfEmpty(t.description)}, {"id", t.id}, {"reporting_to", reporting}, {"created_by", t.createdBy},
	}
	for _, k := range territoryCriteria {
		var v any
		if raw, ok := t.criteria[k]; ok {
			v = raw
		}
		out = append(out, kv{k, v})
	}
	return out
}

// filterValues are the keys a territory's filters name.
func (t territory) filterValues() map[string]any {
	values := map[string]any{"id": t.id, "name": t.name, "permission_type": t.permission, "reporting_to.id": t.parentID,
		"created_by": t.createdBy, "modified_by": t.modifiedBy, "created_time": t.created.Format(time.RFC3339)}
	if t.manager != nil {
		values["manager.id"] = t.managerID()
	}
	return values
}

// managerID is the id of the territory's manager ("" for none).
func (t territory) managerID() string {
	for _, f := range t.manager {
		if f.k == "id" {
			id, _ := f.v.(string)
			return id
		}
	}
	return ""
}

func (s *Server) allTerritories() []territory {
	var list []territory
	s.actions.with(func(d *actionData) { list = s.territoriesLocked(d) })
	return list
}

// writeTerritories answers a page of territories that keep passes, 204
// for none.
func (s *Server) writeTerritories(c *call, list []territory, keep func(territory) bool) {
	page, perPage, m, ok := pagedFilters(c)
	if !ok {
		return
	}
	var out []obj
	for _, t := range list {
		if keep(t) && s.matchValues(m, t.filterValues()) {
			out = append(out, s.territoryJSON(list, t))
		}
	}
	writePage(c, "territories", out, page, perPage)
}

// writePage answers one page of items under key with its info (and the
// keys extra adds to it), 204 for none.
func writePage[T any](c *call, key string, items []T, page, perPage int, extra ...kv) {
	start, end := pageOf(len(items), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	info := append(pageInfo(perPage, end-start, page, end < len(items)), extra...)
	writeJSON(c.w, http.StatusOK, obj{{key, items[start:end]}, {"info", info}})
}

// applyEntries runs apply on each entry of a write under the actions'
// lock and returns one result each; an entry that is not an object is
// refused.
func (s *Server) applyEntries(entries []entry, apply func(d *actionData, e entry, i int) recordResult) []recordResult {
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		for i, e := range entries {
			if e == nil {
				results[i] = notAnObject()
				continue
			}
			results[i] = apply(d, e, i)
		}
	})
	return results
}

// pathOrIDs is the one id the path names under param, or else the ids of
// ?ids= (answered itself when missing or too many).
func pathOrIDs(c *call, param string) ([]string, bool) {
	if id := c.param(param); id != "" {
		return []string{id}, true
	}
	return idsParam(c)
}

// territoryEntries reads the entries of a write of territories: one when
// the path names the territory, ten at most otherwise. idOf is an entry's
// territory: the path's, or its id.
func territoryEntries(c *call) (entries []entry, idOf func(entry) string, ok bool) {
	pathID := c.param("territory_id")
	max := maxTerritoriesPerWrite
	if pathID != "" {
		max = 1
	}
	entries, ok = readKeyedBody(c, "territories", max)
	return entries, func(e entry) string {
		if pathID != "" {
			return pathID
		}
		id, _, _ := e.text("id")
		return id
	}, ok
}

func (s *Server) listTerritories(c *call) {
	ids := splitList(c.query("ids"))
	s.writeTerritories(c, s.allTerritories(), func(t territory) bool { return len(ids) == 0 || slices.Contains(ids, t.id) })
}

// territoryParam finds the territory the path names, answering
// INVALID_DATA itself.
func (s *Server) territoryParam(c *call) (territory, []territory, bool) {
	list := s.allTerritories()
	t, at := territoryByID(list, c.param("territory_id"))
	if at < 0 {
		failSettingsID(c.w)
		return territory{}, nil, false
	}
	return t, list, true
}

func (s *Server) getTerritory(c *call) {
	if t, list, ok := s.territoryParam(c); ok {
		writeJSON(c.w, http.StatusOK, obj{{"territories", []obj{s.territoryJSON(list, t)}}})
	}
}

func (s *Server) childTerritories(c *call) {
	if parent, list, ok := s.territoryParam(c); ok {
		s.writeTerritories(c, list, func(t territory) bool { return t.parentID == parent.id })
	}
}

// territoryName is what Zoho refuses in a territory's name.
const territoryNameRefused = "^~`#%&+=[]{}|\\;\"'<>,"

// applyTerritory sets on t what an entry of a create or update gives,
// checking it against the org's territories; it returns a per-entry
// error, or nil.
func (s *Server) applyTerritory(c *call, list []territory, t *territory, e entry, i int, create bool) *recordResult {
	bad := func(code, message, field string) *recordResult {
		r := keyedError(c, "territories", i, code, message, field)
		return &r
	}
	isOrg := !create && t.parentID == ""
	for _, k := range []struct {
		key  string
		into *string
	}{{"name", &t.name}, {"description", &t.description}, {"permission_type", &t.permission}} {
		v, present, ok := e.text(k.key)
		if !ok {
			return bad("INVALID_DATA", "invalid data", k.key)
		}
		if !present {
			continue
		}
		if isOrg && k.key != "name" {
			return bad("INVALID_DATA", "Can't update the Org Territory Properties Except its Name", k.key)
		}
		*k.into = v
	}
	if strings.TrimSpace(t.name) == "" {
		return bad("MANDATORY_NOT_FOUND", "required field not found", "name")
	}
	if strings.ContainsAny(t.name, territoryNameRefused) {
		return bad("INVALID_DATA", "the territory name is invalid", "name")
	}
	for _, o := range list {
		if strings.EqualFold(o.name, t.name) && o.id != t.id {
			return bad("DUPLICATE_DATA", "duplicate data", "name")
		}
	}
	if t.permission != "read_only" && t.permission != "read_write_delete" {
		if t.permission == "" {
			return bad("MANDATORY_NOT_FOUND", "required field not found", "permission_type")
		}
		return bad("INVALID_DATA", "invalid data", "permission_type")
	}
	if id, _, present, ok := e.ref("reporting_to"); present || create {
		if isOrg {
			return bad("INVALID_DATA", "Can't update the Org Territory Properties Except its Name", "reporting_to")
		}
		if !present {
			return bad("MANDATORY_NOT_FOUND", "required field not found", "reporting_to")
		}
		if _, at := territoryByID(list, id); !ok || at < 0 || (!create && isUnder(list, id, t.id)) {
			return bad("INVALID_DATA", "the reporting_to id is invalid", "reporting_to")
		}
		t.parentID = id
	}
	if raw, present := e["manager"]; present {
		if string(raw) == "null" {
			t.manager = nil
		} else {
			id, _, _, _ := e.ref("manager")
			u, found := s.User(id)
			if !found || u.Status != "active" {
				return bad("INVALID_DATA", "the manager id is invalid", "manager")
			}
			t.manager = u.lookup(false)
			if !slices.Contains(t.users, u.ID) {
				t.users = append(slices.Clip(t.users), u.ID)
			}
		}
	}
	for _, k := range territoryCriteria {
		raw, present := e[k]
		if !present {
			continue
		}
		if isOrg {
			return bad("INVALID_DATA", "Can't update the Org Territory Properties Except its Name", k)
		}
		criteria := maps.Clone(t.criteria)
		if criteria == nil {
			criteria = map[string]json.RawMessage{}
		}
		if string(raw) == "null" {
			delete(criteria, k)
		} else if _, err := parseBulkCriteria(raw, false, 0); err != nil {
			return bad("INVALID_DATA", "the given criteria is not valid", k)
		} else {
			criteria[k] = raw
		}
		t.criteria = criteria
	}
	return nil
}

func (s *Server) createTerritories(c *call) {
	entries, ok := readKeyedBody(c, "territories", maxTerritoriesPerWrite)
	if !ok {
		return
	}
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		list := s.territoriesLocked(d)
		t := territory{id: s.ids.next(), createdBy: c.user.lookup(false), created: s.Now()}
		if bad := s.applyTerritory(c, list, &t, e, i, true); bad != nil {
			return *bad
		}
		t.apiName = strings.ReplaceAll(t.name, " ", "_")
		d.territories = append(slices.Clip(list), t)
		return successResult(t.id, "Territory Created Successfully")
	})
	writeKeyed(c, "territories", results, http.StatusCreated)
}

func (s *Server) updateTerritories(c *call) {
	entries, idOf, ok := territoryEntries(c)
	if !ok {
		return
	}
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		list := slices.Clone(s.territoriesLocked(d))
		id := idOf(e)
		t, at := territoryByID(list, id)
		switch {
		case id == "":
			return keyedError(c, "territories", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
		case at < 0:
			return keyedError(c, "territories", i, "INVALID_DATA", "the id given seems to be invalid", "id")
		}
		if bad := s.applyTerritory(c, list, &t, e, i, false); bad != nil {
			return *bad
		}
		t.modifiedBy, t.modified = c.user.lookup(false), s.Now()
		if t.parentID == "" {
			t.apiName = t.name
		}
		list[at] = t
		d.territories = list
		return successResult(t.id, "Territory Updated Successfully")
	})
	if c.param("territory_id") != "" && results[0].Code == "INVALID_DATA" && keyedField(results[0]) == "id" {
		failSettingsID(c.w)
		return
	}
	writeKeyed(c, "territories", results, http.StatusOK)
}

// keyedField is the api_name a per-entry error blames.
func keyedField(r recordResult) string {
	for _, d := range r.Details {
		if d.k == "api_name" {
			f, _ := d.v.(string)
			return f
		}
	}
	return ""
}

// forecastsParam reads delete_previous_forecasts, which Zoho wants on
// every deletion of a territory; it answers the error itself.
func forecastsParam(c *call) bool {
	switch c.query("delete_previous_forecasts") {
	case "true", "false":
		return true
	case "":
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "delete_previous_forecasts"}})
	default:
		failParam(c.w, "delete_previous_forecasts")
	}
	return false
}

func (s *Server) deleteTerritories(c *call) {
	pathID := c.param("territory_id")
	ids, ok := pathOrIDs(c, "territory_id")
	if !ok {
		return
	}
	if len(ids) > maxTerritoriesPerWrite {
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxTerritoriesPerWrite}, {"param_name", "ids"}})
		return
	}
	if !forecastsParam(c) {
		return
	}
	results := make([]recordResult, len(ids))
	var gone []territory
	s.actions.with(func(d *actionData) {
		list := s.territoriesLocked(d)
		for i, id := range ids {
			t, at := territoryByID(list, id)
			switch {
			case at < 0:
				results[i] = recordError("INVALID_DATA", "The territory given is invalid", obj{{"id", id}})
			case t.parentID == "":
				results[i] = recordError("NOT_ALLOWED", "The territory you are trying to delete is the Org Territory", obj{{"id", id}})
			case slices.ContainsFunc(list, func(o territory) bool { return o.parentID == id }):
				results[i] = recordError("NOT_ALLOWED", "This territory has a child territory associated with it; transfer the child territories first", obj{{"id", id}})
			default:
				list = slices.Delete(slices.Clone(list), at, at+1)
				gone = append(gone, t)
				results[i] = successResult(id, "Territory Deleted Successfully")
			}
		}
		d.territories = list
	})
	if pathID != "" && results[0].Code == "INVALID_DATA" {
		failSettingsID(c.w)
		return
	}
	s.retireTerritories(c, gone, nil)
	writeKeyed(c, "territories", results, http.StatusOK)
}

func (s *Server) transferTerritories(c *call) {
	entries, idOf, ok := territoryEntries(c)
	if !ok {
		return
	}
	moves := map[string]string{}
	var gone []territory
	results := s.applyEntries(entries, func(d *actionData, e entry, i int) recordResult {
		bad := func(code, message, field string) recordResult {
			return keyedError(c, "territories", i, code, message, field)
		}
		list := s.territoriesLocked(d)
		id := idOf(e)
		to, _, _ := e.text("transfer_to_id")
		_, forecasts := e["delete_previous_forecasts"]
		t, at := territoryByID(list, id)
		_, toAt := territoryByID(list, to)
		switch {
		case id == "":
			return bad("MANDATORY_NOT_FOUND", "required field not found", "id")
		case to == "":
			return bad("MANDATORY_NOT_FOUND", "required field not found", "transfer_to_id")
		case !forecasts:
			return bad("MANDATORY_NOT_FOUND", "required field not found", "delete_previous_forecasts")
		case at < 0:
			return bad("INVALID_DATA", "the id given seems to be invalid", "id")
		case t.parentID == "":
			return bad("NOT_ALLOWED", "The territory you are trying to delete is the Org Territory", "id")
		case toAt < 0:
			return bad("INVALID_DATA", "Transfer_to_id is not a valid territory", "transfer_to_id")
		case isUnder(list, to, id):
			return bad("INVALID_DATA", "Transfer_to_id is not at a higher hierarchy than current parent territory", "transfer_to_id")
		}
		list = slices.Clone(list)
		for j := range list {
			if list[j].parentID == id {
				list[j].parentID = to
			}
		}
		d.territories = slices.Delete(list, at, at+1)
		moves[id] = to
		gone = append(gone, t)
		return successResult(id, "Given Territory Removed Successfully and its child Territories moved to the another territory")
	})
	s.retireTerritories(c, gone, moves)
	writeKeyed(c, "territories", results, http.StatusOK)
}

// retireTerritories takes deleted territories off records, which move to
// the territory moves names for them (if any): a record already in that
// territory keeps it once. A deleted territory that had records or users
// is listed as a deleted association.
func (s *Server) retireTerritories(c *call, retired []territory, moves map[string]string) {
	if len(retired) == 0 {
		return
	}
	names := map[string]string{}
	for _, t := range s.allTerritories() {
		names[t.id] = t.name
	}
	gone := make([]string, len(retired))
	for i, t := range retired {
		gone[i] = t.id
	}
	associated := map[string]bool{}
	for _, module := range territoryModules {
		ms, found := s.modules.get(module)
		if !found {
			continue
		}
		meta := ms.meta.Load()
		ms.mu.Lock()
		for _, r := range slices.Clone(ms.order) {
			current := territoryIDs(r)
			var next []string
			changed := false
			for _, tid := range current {
				if !slices.Contains(gone, tid) {
					if !slices.Contains(next, tid) {
						next = append(next, tid)
					}
					continue
				}
				changed, associated[tid] = true, true
				if to := moves[tid]; to != "" && !slices.Contains(next, to) && !slices.Contains(current, to) {
					next = append(next, to)
				}
			}
			if !changed {
				continue
			}
			s.rewriteLocked(c, ms, meta, r, func(nr *record) { setOwnField(nr, "Territories", territoryRefs(next, names)) })
		}
		ms.mu.Unlock()
	}
	s.actions.with(func(d *actionData) {
		for _, t := range retired {
			if len(t.users) > 0 || associated[t.id] {
				d.deletedTerritories = append(slices.Clip(d.deletedTerritories), deletedTerritory{id: t.id, name: t.name, deletedBy: c.user.lookup(true), deleted: s.Now()})
			}
		}
	})
}

// territoryRefs is a record's Territories field for these ids (nil for
// none: the field is removed).
func territoryRefs(ids []string, names map[string]string) any {
	if len(ids) == 0 {
		return nil
	}
	refs := make([]obj, len(ids))
	for j, tid := range ids {
		refs[j] = obj{{"name", names[tid]}, {"id", tid}}
	}
	return refs
}

func (s *Server) territoryUserCounts(c *call) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	var out []obj
	for _, t := range s.allTerritories() {
		out = append(out, obj{{"count", strconv.Itoa(len(t.users))}, {"territory", obj{{"name", t.name}, {"id", t.id}, {"subordinates", false}}}})
	}
	writePage(c, "associated_users_count", out, page, perPage)
}

func (s *Server) deletedTerritories(c *call) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	ids := splitList(c.query("ids"))
	var list []deletedTerritory
	s.actions.with(func(d *actionData) { list = d.deletedTerritories })
	var out []obj
	for _, t := range list {
		if len(ids) == 0 || slices.Contains(ids, t.id) {
			out = append(out, obj{{"deleted_time", s.formatTime(t.deleted)}, {"deleted_by", t.deletedBy}, {"name", t.name}, {"id", t.id}})
		}
	}
	writePage(c, "territories", out, page, perPage)
}

func (s *Server) assignTerritories(c *call) { s.changeTerritories(c, true) }

func (s *Server) removeTerritories(c *call) { s.changeTerritories(c, false) }

func (s *Server) changeTerritories(c *call, assign bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	switch meta.APIName {
	case "Leads", "Accounts", "Contacts", "Deals":
	default:
		fail(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "territories can be assigned to Leads, Accounts, Contacts and Deals only", obj{{"resource_path_index", 0}})
		return
	}
	pathID := c.param("id")
	if pathID != "" && !isDigits(pathID) {
		failPathID(c.w, 1)
		return
	}
	max := maxTerritoryRecords
	if pathID != "" {
		max = 1
	}
	entries, ok := readKeyedBody(c, "data", max)
	if !ok {
		return
	}
	known := map[string]string{}
	for _, t := range s.allTerritories() {
		known[t.id] = t.name
	}
	limit := maxTerritoriesPerRecord
	if meta.APIName == "Deals" {
		limit = 1
	}
	results := make([]recordResult, len(entries))
	ms.mu.Lock()
	for i, e := range entries {
		results[i] = s.changeRecordTerritories(c, ms, meta, e, i, pathID, known, limit, assign)
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) changeRecordTerritories(c *call, ms *moduleStore, meta *moduleMeta, e entry, i int, pathID string,
	known map[string]string, limit int, assign bool) recordResult {
	if e == nil {
		return notAnObject()
	}
	id := pathID
	if id == "" {
		id, _, _ = e.text("id")
	}
	r := ms.byID[id]
	if r == nil {
		return keyedError(c, "data", i, "INVALID_DATA", "the id given seems to be invalid", "id")
	}
	var given []struct {
		ID json.RawMessage `json:"id"`
	}
	if raw, has := e["Territories"]; !has || json.Unmarshal(raw, &given) != nil || len(given) == 0 {
		return keyedError(c, "data", i, "MANDATORY_NOT_FOUND", "required field not found", "Territories")
	}
	current := territoryIDs(r)
	for _, g := range given {
		tid := idText(makeField("id", g.ID))
		if _, ok := known[tid]; !ok {
			return keyedError(c, "data", i, "INVALID_DATA", "the territory id given seems to be invalid", "Territories")
		}
		if assign && !slices.Contains(current, tid) {
			current = append(current, tid)
		}
		if !assign {
			current = slices.DeleteFunc(current, func(x string) bool { return x == tid })
		}
	}
	if len(current) > limit {
		return keyedError(c, "data", i, "LIMIT_EXCEEDED", "the record has more territories than allowed", "Territories", kv{"limit", limit})
	}
	refs := make([]obj, len(current))
	for j, tid := range current {
		refs[j] = obj{{"name", known[tid]}, {"id", tid}}
	}
	s.rewriteLocked(c, ms, meta, r, func(nr *record) {
		if len(refs) == 0 {
			setOwnField(nr, "Territories", nil)
		} else {
			setOwnField(nr, "Territories", refs)
		}
	})
	message := "Territory assignment process scheduled successfully"
	if !assign {
		message = "Territory removal process scheduled successfully"
	}
	return recordResult{Code: "SCHEDULED", Details: obj{{"job_id", s.ids.next()}, {"id", id}}, Message: message, Status: "success"}
}

// territoryIDs reads the ids of a record's Territories field.
func territoryIDs(r *record) []string {
	f, ok := r.field("Territories")
	if !ok || f.kind != kindArray {
		return nil
	}
	var refs []struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(f.raw, &refs)
	out := make([]string, 0, len(refs))
	for _, ref := range refs {
		out = append(out, ref.ID)
	}
	return out
}
