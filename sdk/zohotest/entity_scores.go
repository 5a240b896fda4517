package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// The scores records earned (crm-oas group entity_scores): GET
// Entity_Scores__s lists them as a module's records are listed (fields
// required: REQUIRED_PARAM_MISSING; ids narrows; 204 for none; pages),
// GET Entity_Scores__s/{id} reads one (204 for an id that names none).
// AddEntityScore stands for the scoring rules' work: an entry per record
// and rule, with the record and rule named.

var entityScores = registerKeyed(&keyedSpec{
	path: "Entity_Scores__s", key: "data", what: "entity score", scope: "ZohoCRM.settings.modules", ops: opList,
	parent: requireFieldsParam,
	filter: func(s *Server, c *call, d doc) bool {
		ids := c.query("ids")
		if ids != "" && !slices.Contains(strings.Split(ids, ","), idOf(d)) {
			return false
		}
		keepFields(c, d)
		return true
	},
})

func init() {
	handleCRM(http.MethodGet, "Entity_Scores__s/{id}", "ZohoCRM.settings.modules.READ", func(s *Server, c *call) {
		if !requireFieldsParam(s, c) {
			return
		}
		for _, d := range s.keyedStore(entityScores).entries("") {
			if idOf(d) == c.param("id") {
				keepFields(c, d)
				writeJSON(c.w, http.StatusOK, obj{{"data", []doc{d}}})
				return
			}
		}
		writeEmpty(c.w, http.StatusNoContent)
	})
}

// requireFieldsParam answers REQUIRED_PARAM_MISSING for a call without
// ?fields=.
func requireFieldsParam(_ *Server, c *call) bool {
	if strings.TrimSpace(c.query("fields")) == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "fields"}})
		return false
	}
	return true
}

// keepFields leaves in d its id and the fields ?fields= names.
func keepFields(c *call, d doc) {
	want := strings.Split(c.query("fields"), ",")
	for k := range d {
		if k != "id" && !slices.Contains(want, k) {
			delete(d, k)
		}
	}
}

// EntityScore is what a record earned under a scoring rule, for
// AddEntityScore. Negative points are given as negative numbers; Score and
// Touch_Point_Score are the sums.
type EntityScore struct {
	Module, RecordID, RuleID               string
	Positive, Negative                     int
	TouchPointPositive, TouchPointNegative int
}

// AddEntityScore records what a record earned under a scoring rule (of
// settings/automation/scoring_rules, whose name it takes) and returns the
// entity score's id.
func (s *Server) AddEntityScore(e EntityScore) string {
	ms := s.mustModule("AddEntityScore", e.Module)
	meta := ms.meta.Load()
	ms.mu.RLock()
	r := ms.byID[e.RecordID]
	ms.mu.RUnlock()
	if r == nil {
		panic("zohotest: AddEntityScore: no " + e.Module + " record " + e.RecordID)
	}
	rule := doc{"id": e.RuleID, "name": nil}
	for _, d := range s.SettingsEntries("settings/automation/scoring_rules", "") {
		if idOf(d) == e.RuleID {
			rule["name"] = d["name"]
		}
	}
	id := s.ids.next()
	st := s.keyedStore(entityScores)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.items[""] = append(st.items[""], doc{
		"id":           id,
		"Entity":       doc{"id": r.id, "name": nullIfEmpty(r.displayName(meta)), "module": doc{"api_name": meta.APIName, "id": meta.ID}},
		"Scoring_Rule": rule, "Score": e.Positive + e.Negative, "Positive_Score": e.Positive, "Negative_Score": e.Negative,
		"Touch_Point_Score": e.TouchPointPositive + e.TouchPointNegative, "Touch_Point_Positive_Score": e.TouchPointPositive,
		"Touch_Point_Negative_Score": e.TouchPointNegative, "$field_states": nil, "$zia_visions": nil,
	})
	return id
}
