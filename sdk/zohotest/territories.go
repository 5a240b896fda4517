package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Territories (payload 77): GET settings/territories[/{id}] lists the
// org's territories (the org's parent territory, and those a test adds
// with AddTerritory); POST {module}[/{id}]/actions/assign_territories and
// remove_territories change the territories of Leads, Accounts, Contacts
// and Deals records ({data:[{id, Territories:[{id}]}]}). Zoho schedules
// these (code SCHEDULED with a job_id); the emulator applies them at once,
// to the record's Territories field ([{"id","name"}]). A deal takes one
// territory, other records at most ten.

func init() {
	handleCRM("GET", "settings/territories", "ZohoCRM.settings.territories.READ", (*Server).listTerritories)
	handleCRM("GET", "settings/territories/{territory_id}", "ZohoCRM.settings.territories.READ", (*Server).getTerritory)
	const write = "ZohoCRM.modules.{module}.UPDATE ZohoCRM.modules.{module}.CREATE"
	handleCRM("POST", "{module}/actions/assign_territories", write, (*Server).assignTerritories)
	handleCRM("POST", "{module}/{id}/actions/assign_territories", write, (*Server).assignTerritories)
	handleCRM("POST", "{module}/actions/remove_territories", write, (*Server).removeTerritories)
	handleCRM("POST", "{module}/{id}/actions/remove_territories", write, (*Server).removeTerritories)
}

const (
	maxTerritoriesPerRecord = 10
	maxTerritoryRecords     = 100
)

type territory struct {
	id, name, apiName, description, permission string
	parentID                                   string
	manager                                    obj
	createdBy                                  obj
	created                                    time.Time
}

// Territory is a territory of the emulator's org.
type Territory struct {
	ID, Name    string
	ParentID    string // "" for the org's parent territory
	Description string
}

// territoriesLocked returns the org's territories, the parent territory
// made on first use.
func (s *Server) territoriesLocked(d *actionData) []territory {
	if len(d.territories) == 0 {
		admin := s.Admin()
		d.territories = []territory{{id: s.ids.next(), name: s.orgName(), apiName: s.orgName(), description: "Organization Parent Territory",
			permission: "read_only", manager: admin.lookup(false), createdBy: admin.lookup(false), created: s.Now()}}
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
	return Territory{ID: t.id, Name: t.name, ParentID: t.parentID, Description: t.description}
}

func (s *Server) territoryJSON(list []territory, t territory) obj {
	var reporting any
	for _, p := range list {
		if p.id == t.parentID {
			reporting = obj{{"name", p.name}, {"id", p.id}}
		}
	}
	manager := any(nil)
	if t.manager != nil {
		manager = t.manager
	}
	return obj{
		{"created_time", s.formatTime(t.created)}, {"permission_type", t.permission}, {"modified_time", s.formatTime(t.created)},
		{"manager", manager}, {"api_name", t.apiName}, {"name", t.name}, {"modified_by", t.createdBy},
		{"description", t.description}, {"id", t.id}, {"reporting_to", reporting}, {"created_by", t.createdBy},
	}
}

func (s *Server) allTerritories() []territory {
	var list []territory
	s.actions.with(func(d *actionData) { list = s.territoriesLocked(d) })
	return list
}

func (s *Server) listTerritories(c *call) {
	list := s.allTerritories()
	out := make([]obj, len(list))
	for i, t := range list {
		out[i] = s.territoryJSON(list, t)
	}
	writeJSON(c.w, http.StatusOK, obj{{"territories", out}, {"info", pageInfo(maxPerPage, len(out), 1, false)}})
}

func (s *Server) getTerritory(c *call) {
	list := s.allTerritories()
	for _, t := range list {
		if t.id == c.param("territory_id") {
			writeJSON(c.w, http.StatusOK, obj{{"territories", []obj{s.territoryJSON(list, t)}}})
			return
		}
	}
	failSettingsID(c.w)
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
