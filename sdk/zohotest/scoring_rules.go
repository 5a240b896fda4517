package zohotest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Scoring rules (crm-oas group scoring_rules), as Zoho's v8 docs describe
// them for an Enterprise org: a rule of Leads, Contacts, Accounts, Deals
// or a custom module, optionally of one of its layouts, named uniquely in
// at most 25 characters, active unless created otherwise, whose field
// rules (criteria on the module's fields) and signal rules (people
// modules only) score from -10 to 10. Activate and deactivate change
// active; a clone is a new inactive rule. A run of a module's rules is
// scheduled for a minute of the emulator's clock, during which another
// run is ALREADY_SCHEDULED.

const (
	maxScoringRuleName  = 25
	maxScoringRulesRun  = 5
	scoringRunsDuration = time.Minute
)

var scoringRules = registerKeyed(&keyedSpec{
	path:     "settings/automation/scoring_rules",
	key:      "scoring_rules",
	what:     "scoring rule",
	scope:    "ZohoCRM.settings.scoring_rules",
	ops:      opsCRUD,
	required: []string{"name", "module"},
	unique:   []string{"name"},
	check:    checkScoringRule,
	filter: func(s *Server, c *call, d doc) bool {
		if !inModule(d, c.query("module")) {
			return false
		}
		layout, _ := d["layout"].(map[string]any)
		if id := c.query("layout_id"); id != "" && textOf(layout["id"]) != id {
			return false
		}
		if active := c.query("active"); active != "" && textOf(d["active"]) != active {
			return false
		}
		return strings.Contains(strings.ToLower(text(d, "name")), strings.ToLower(c.query("name")))
	},
})

func init() {
	const update = "ZohoCRM.settings.scoring_rules.UPDATE"
	handleKeyedAction(scoringRules, http.MethodPut, "activate", update, func(s *Server, c *call, d doc) (recordResult, doc) {
		d["active"] = true
		return successResult(idOf(d), "scoring rule activated successfully"), nil
	})
	handleKeyedAction(scoringRules, http.MethodDelete, "activate", update, func(s *Server, c *call, d doc) (recordResult, doc) {
		d["active"] = false
		return successResult(idOf(d), "scoring rule deactivated successfully"), nil
	})
	handleKeyedAction(scoringRules, http.MethodPost, "clone", "ZohoCRM.settings.scoring_rules.CREATE", func(s *Server, c *call, d doc) (recordResult, doc) {
		clone := cloneDoc(d)
		name := "Copy of " + text(d, "name")
		clone["name"], clone["active"] = name[:min(len(name), maxScoringRuleName)], false
		stampAudit(s, c, clone, nil)
		return success(nil, "scoring rule cloned successfully"), clone
	})
	handleCRM(http.MethodPut, "{module}/actions/run_scoring_rules", update, (*Server).runScoringRules)
}

// scoringModule resolves a module that takes scoring rules.
func (s *Server) scoringModule(name string) (*moduleMeta, bool) {
	return s.moduleAmong(name, []string{"Leads", "Contacts", "Accounts", "Deals"})
}

func checkScoringRule(s *Server, c *call, e, old doc, index int) *recordResult {
	invalid := refuser(c, "scoring_rules", index)
	if len(text(e, "name")) > maxScoringRuleName {
		return invalid("INVALID_DATA", "name", kv{"maximum_length", maxScoringRuleName})
	}
	meta, ok := s.moduleOfRef(e["module"])
	if ok {
		meta, ok = s.scoringModule(meta.APIName)
	}
	if !ok {
		return invalid("INVALID_DATA", "module")
	}
	e["module"] = moduleRefDoc(s, meta.APIName)
	if layout, given := e["layout"].(map[string]any); given {
		if textOf(layout["id"]) != s.layoutID(meta) {
			return invalid("INVALID_DATA", "layout")
		}
		e["layout"] = obj{{"id", s.layoutID(meta)}, {"api_name", "Standard"}}
	}
	if _, given := e["active"]; !given && old == nil {
		e["active"] = true
	}
	for _, key := range []string{"field_rules", "signal_rules"} {
		rules, _ := e[key].([]any)
		if len(rules) > 0 && key == "signal_rules" && meta.APIName != "Leads" && meta.APIName != "Contacts" {
			return invalid("INVALID_DATA", key) // signals score people only
		}
		for _, item := range rules {
			rule, _ := item.(map[string]any)
			if rule == nil {
				return invalid("INVALID_DATA", key)
			}
			score, err := strconv.Atoi(textOf(rule["score"]))
			if err != nil || score < -10 || score > 10 {
				return invalid("INVALID_DATA", key)
			}
			if key == "field_rules" && criteriaProblem(meta, rule["criteria"]) != "" {
				return invalid("INVALID_DATA", key)
			}
			if key == "signal_rules" && textOf(rule["signal"]) == "" {
				return invalid("MANDATORY_NOT_FOUND", key)
			}
			if rule["id"] == nil {
				rule["id"] = s.ids.next()
			}
		}
	}
	stampAudit(s, c, e, old)
	return nil
}

// runScoringRules schedules a run of a module's active scoring rules:
// those named ({"scoring_rules":[ids]}, at most five), a layout's
// ({"layout":{"id"}}) or, with no body, all of them.
func (s *Server) runScoringRules(c *call) {
	meta, ok := s.scoringModule(c.param("module"))
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "Module not supported for Scoring Rules", obj{{"resource_path_index", 0}})
		return
	}
	var body struct {
		ScoringRules []json.Number `json:"scoring_rules"`
		Layout       *struct {
			ID json.Number `json:"id"`
		} `json:"layout"`
	}
	if c.r.ContentLength != 0 && !readJSON(c, &body) {
		return
	}
	refuse := func(field string) {
		writeJSON(c.w, http.StatusBadRequest, obj{{"scoring_rules", []recordResult{recordError("INVALID_DATA", "invalid data",
			obj{{"api_name", field}, {"json_path", "$." + field}})}}})
	}
	if len(body.ScoringRules) > maxScoringRulesRun {
		refuse("scoring_rules")
		return
	}
	if body.Layout != nil && body.Layout.ID.String() != s.layoutID(meta) {
		refuse("layout")
		return
	}
	active := map[string]bool{}
	for _, d := range s.keyedStore(scoringRules).entries("") {
		if inModule(d, meta.APIName) && d["active"] == true {
			active[idOf(d)] = true
		}
	}
	for _, id := range body.ScoringRules {
		if !active[id.String()] {
			refuse("scoring_rules")
			return
		}
	}
	if len(active) == 0 {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "no active scoring rule to run", nil)
		return
	}
	if !s.schedule("scoring_rules|"+lowerKey(meta.APIName), scoringRunsDuration) {
		writeJSON(c.w, http.StatusBadRequest, obj{{"scoring_rules", []recordResult{recordError("ALREADY_SCHEDULED",
			"scoring rules of the module are already scheduled to run", obj{})}}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"scoring_rules", []recordResult{success(obj{{"job_id", s.ids.next()}}, "scoring rules scheduled for execution")}}})
}
