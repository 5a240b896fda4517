package zohotest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// The pipelines of Deals (crm-oas group pipeline): kept per layout of
// Deals (?layout_id=, which every call needs), each a unique
// display_value with its stages (maps), values of the Stage field named by
// id or display_value. A layout starts with its default pipeline,
// Standard, holding every stage. Updates merge stages by id (_delete takes
// one out). PATCH {id} with _delete deletes a pipeline, refused for the
// default one and for one that deals are in; actions/transfer moves a
// pipeline's deals to another, stage by stage, and deletes it.

var pipelines = registerKeyed(&keyedSpec{
	path:     "settings/pipeline",
	key:      "pipeline",
	what:     "pipeline",
	scope:    "ZohoCRM.settings.pipeline",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne,
	byQuery:  "layout_id",
	required: []string{"display_value", "maps"},
	unique:   []string{"display_value"},
	check:    checkPipeline,
})

func init() {
	pipelines.parent = (*Server).pipelineLayout // set here, out of the variables' initialization order
	const scope = "ZohoCRM.settings.pipeline"
	handleCRM(http.MethodPatch, pipelines.path+"/{id}", scope+".DELETE", (*Server).deletePipeline)
	handleCRM(http.MethodPost, pipelines.path+"/actions/transfer", scope+".UPDATE", (*Server).transferPipelines)
}

// standardStages are the values of Stage of Deals when the field lists
// none.
var standardStages = []string{"Qualification", "Needs Analysis", "Value Proposition", "Identify Decision Makers",
	"Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost", "Closed Lost to Competition"}

// dealStages returns the stages of Deals, in order, as pipelines show them.
func (s *Server) dealStages() []doc {
	ms, ok := s.modules.get("Deals")
	if !ok {
		return nil
	}
	f, ok := ms.meta.Load().field("Stage")
	if !ok {
		return nil
	}
	values := f.PickList
	if len(values) == 0 {
		values = standardStages
	}
	out := make([]doc, len(values))
	for i, v := range values {
		forecast, category := "Open", "Pipeline"
		switch v {
		case "Closed Won":
			forecast, category = "Closed Won", "Closed"
		case "Closed Lost", "Closed Lost to Competition":
			forecast, category = "Closed Lost", "Omitted"
		}
		out[i] = doc{
			"id": s.settings.metaID("picklist|" + f.ID + "|" + v), "display_value": v, "actual_value": v,
			"sequence_number": json.Number(strconv.Itoa(i + 1)), "forecast_type": forecast, "colour_code": nil,
			"forecast_category": map[string]any{"id": s.settings.metaID("forecast|" + category), "name": category},
		}
	}
	return out
}

// pipelineLayout checks ?layout_id= (a layout of Deals) and gives the
// layout its default pipeline the first time.
func (s *Server) pipelineLayout(c *call) bool {
	layout := c.query("layout_id")
	if layout == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "layout_id"}})
		return false
	}
	ms, ok := s.modules.get("Deals")
	if !ok || s.layoutID(ms.meta.Load()) != layout {
		failParam(c.w, "layout_id")
		return false
	}
	st := s.keyedStore(pipelines)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.items[layout] == nil {
		stages := s.dealStages()
		maps := make([]any, len(stages))
		for i, d := range stages {
			maps[i] = map[string]any(d)
		}
		st.items[layout] = []doc{{"id": s.ids.next(), "display_value": "Standard", "actual_value": "Standard",
			"default": true, "child_available": false, "maps": maps}}
	}
	return true
}

func checkPipeline(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "pipeline", index)
	stages := s.dealStages()
	current, _ := old["maps"].([]any)
	maps := make([]any, 0, len(current))
	for _, m := range current {
		if mm, ok := m.(map[string]any); ok {
			maps = append(maps, map[string]any(cloneDoc(mm)))
		}
	}
	given, ok := e["maps"].([]any)
	if !ok {
		return refuse("INVALID_DATA", "maps")
	}
	for _, item := range given {
		m, ok := item.(map[string]any)
		if !ok {
			return refuse("INVALID_DATA", "maps")
		}
		var stage doc
		for _, st := range stages {
			if id, shown := textOf(m["id"]), text(m, "display_value"); (id != "" && idOf(st) == id) || (id == "" && shown == text(st, "display_value")) {
				stage = st
			}
		}
		if stage == nil {
			return refuse("INVALID_DATA", "maps")
		}
		at := -1
		for i, have := range maps {
			if idOf(have.(map[string]any)) == idOf(stage) {
				at = i
			}
		}
		switch {
		case m["_delete"] == true && at >= 0:
			maps = append(maps[:at], maps[at+1:]...)
		case m["_delete"] == true:
		case at >= 0:
			for k, v := range m {
				if k != "id" && k != "display_value" && k != "actual_value" {
					maps[at].(map[string]any)[k] = v
				}
			}
		default:
			for k, v := range m {
				if k == "forecast_type" || k == "forecast_category" || k == "colour_code" {
					stage[k] = v
				}
			}
			maps = append(maps, map[string]any(stage))
		}
	}
	if len(maps) == 0 {
		return refuse("INVALID_DATA", "maps")
	}
	for i, m := range maps {
		m.(map[string]any)["sequence_number"] = json.Number(strconv.Itoa(i + 1))
	}
	e["maps"] = maps
	if text(e, "actual_value") == "" {
		e["actual_value"] = e["display_value"] // kept when the pipeline is renamed: deals hold it
	}
	if old == nil {
		e["default"], e["child_available"] = false, false
	} else {
		e["default"] = old["default"] // moved only by a transfer away from the default
	}
	return nil
}

// pipelineDeals counts the deals in a pipeline (by its actual value).
func (s *Server) pipelineDeals(value string) int {
	n := 0
	for _, d := range s.Records("Deals").List() {
		if d["Pipeline"] == value {
			n++
		}
	}
	return n
}

func (s *Server) deletePipeline(c *call) {
	if !s.pipelineLayout(c) {
		return
	}
	entries, ok := readKeyedBody(c, "pipeline", 1)
	if !ok {
		return
	}
	var del struct {
		Permanent bool `json:"permanent"`
	}
	if raw, ok := entries[0]["_delete"]; !ok || json.Unmarshal(raw, &del) != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"pipeline", []recordResult{keyedError(c, "pipeline", 0, "MANDATORY_NOT_FOUND", "required field not found", "_delete")}}})
		return
	}
	st := s.keyedStore(pipelines)
	layout := c.query("layout_id")
	st.mu.Lock()
	at := st.indexLocked(layout, c.param("id"))
	if at < 0 {
		st.mu.Unlock()
		failPathID(c.w, 2)
		return
	}
	p := st.items[layout][at]
	st.mu.Unlock()
	if p["default"] == true || s.pipelineDeals(text(p, "actual_value")) > 0 {
		writeKeyed(c, "pipeline", []recordResult{recordError("NOT_ALLOWED", "the pipeline is the default one or has deals; transfer them first", obj{{"id", idOf(p)}})}, http.StatusOK)
		return
	}
	st.mu.Lock()
	if at = st.indexLocked(layout, idOf(p)); at >= 0 {
		st.items[layout] = append(st.items[layout][:at:at], st.items[layout][at+1:]...)
	}
	st.mu.Unlock()
	writeKeyed(c, "pipeline", []recordResult{successResult(idOf(p), "pipeline deleted successfully")}, http.StatusOK)
}

func (s *Server) transferPipelines(c *call) {
	if !s.pipelineLayout(c) {
		return
	}
	const key = "transfer_pipeline"
	entries, ok := readKeyedBody(c, key, maxWriteRecords)
	if !ok {
		return
	}
	layout := c.query("layout_id")
	st := s.keyedStore(pipelines)
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		var t struct {
			Pipeline *struct{ From, To string }  `json:"pipeline"`
			Stages   []struct{ From, To string } `json:"stages"`
		}
		if e == nil || json.Unmarshal(mustJSON(e), &t) != nil || t.Pipeline == nil {
			results[i] = keyedError(c, key, i, "MANDATORY_NOT_FOUND", "required field not found", "pipeline")
			continue
		}
		st.mu.Lock()
		from, to := st.indexLocked(layout, t.Pipeline.From), st.indexLocked(layout, t.Pipeline.To)
		if from < 0 || to < 0 || from == to {
			st.mu.Unlock()
			results[i] = keyedError(c, key, i, "INVALID_DATA", "invalid data", "pipeline")
			continue
		}
		fromP, toP := st.items[layout][from], st.items[layout][to]
		stageNames := map[string]string{} // the stage left, by its value, to the one taking its place
		bad := false
		for _, sg := range t.Stages {
			f, okF := pipelineStage(fromP, sg.From)
			g, okG := pipelineStage(toP, sg.To)
			if !okF || !okG {
				bad = true
				break
			}
			stageNames[f] = g
		}
		if bad {
			st.mu.Unlock()
			results[i] = keyedError(c, key, i, "INVALID_DATA", "invalid data", "stages")
			continue
		}
		if fromP["default"] == true {
			toP["default"] = true
		}
		st.items[layout] = append(st.items[layout][:from:from], st.items[layout][from+1:]...)
		st.mu.Unlock()
		s.moveDeals(c, text(fromP, "actual_value"), text(toP, "actual_value"), stageNames)
		results[i] = success(obj{{"job_id", s.ids.next()}}, "transfer scheduled successfully")
	}
	writeKeyed(c, key, results, http.StatusOK)
}

// pipelineStage finds a stage of a pipeline by id and returns its value.
func pipelineStage(p doc, id string) (string, bool) {
	maps, _ := p["maps"].([]any)
	for _, m := range maps {
		if mm, ok := m.(map[string]any); ok && idOf(mm) == id {
			return text(mm, "actual_value"), true
		}
	}
	return "", false
}

// moveDeals puts the deals of one pipeline in another, their stages
// mapped by stages.
func (s *Server) moveDeals(c *call, from, to string, stages map[string]string) {
	ms, ok := s.modules.get("Deals")
	if !ok {
		return
	}
	meta := ms.meta.Load()
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for _, r := range append([]*record(nil), ms.order...) {
		if f, ok := r.field("Pipeline"); !ok || f.kind != kindString || f.str != from {
			continue
		}
		s.rewriteLocked(c, ms, meta, r, func(nr *record) {
			setOwnField(nr, "Pipeline", to)
			if f, ok := r.field("Stage"); ok && f.kind == kindString && stages[f.str] != "" {
				setOwnField(nr, "Stage", stages[f.str])
			}
		})
	}
}
