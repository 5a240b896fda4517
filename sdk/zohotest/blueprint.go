package zohotest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Blueprints: GET {module}/{id}/actions/blueprint lists the transitions a
// record can take from its state (the value of the process's picklist
// field), PUT performs one, {"blueprint":[{"transition_id","data"}]}.
// A transition asks for fields; given only some, it is "saved partially"
// and the record stays where it is. Data may carry Notes (text), which
// becomes a note of the record, as in Zoho's samples. Shapes follow the v2
// and v7 docs (sdk/testdata/reference/47_blueprint.json). A test describes
// processes with AddBlueprint.

func init() {
	handleCRM("GET", "{module}/{id}/actions/blueprint", "ZohoCRM.modules.{module}.READ", (*Server).getBlueprint)
	handleCRM("PUT", "{module}/{id}/actions/blueprint", "ZohoCRM.modules.{module}.UPDATE", (*Server).updateBlueprint)
}

// Blueprint is a process the records of a module go through: their state
// is the value of a picklist Field, and Transitions move them between
// states.
type Blueprint struct {
	ID          string // generated when empty
	Name        string
	Module      string // API name
	Field       string // API name of the state field, such as Lead_Status
	Transitions []Transition
}

// Transition moves a record from one of the From states to To. Fields are
// the fields it asks for; all must be given for the record to move.
type Transition struct {
	ID     string // generated when empty
	Name   string
	From   []string // "" stands for no value (Zoho's "-None-")
	To     string
	Fields []string
}

type blueprint struct {
	Blueprint
	fieldID string
}

type bpTransition struct {
	bp *blueprint
	Transition
}

// partialSave is what a record was given so far for a transition.
type partialSave struct {
	transitionID string
	given        map[string]bool
}

const noneState = "-None-"

// AddBlueprint adds a process to a module and returns it with its ids. It
// panics if the module is unknown or Field is empty.
func (s *Server) AddBlueprint(b Blueprint) Blueprint {
	ms := s.mustModule("AddBlueprint", b.Module)
	if b.Field == "" {
		panic("zohotest: AddBlueprint: Field is required")
	}
	meta := ms.meta.Load()
	b.Module = meta.APIName
	if b.ID == "" {
		b.ID = s.ids.next()
	}
	b.Transitions = slices.Clone(b.Transitions)
	bp := &blueprint{Blueprint: b}
	if f, ok := meta.field(b.Field); ok {
		bp.fieldID = f.ID
	}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	if s.sub.transitions == nil {
		s.sub.transitions = map[string]*bpTransition{}
		s.sub.blueprints = map[string][]*blueprint{}
	}
	for i := range bp.Transitions {
		t := &bp.Transitions[i]
		if t.ID == "" {
			t.ID = s.ids.next()
		}
		t.From, t.Fields = slices.Clone(t.From), slices.Clone(t.Fields)
		s.sub.transitions[t.ID] = &bpTransition{bp: bp, Transition: *t}
	}
	key := strings.ToLower(meta.APIName)
	s.sub.blueprints[key] = append(s.sub.blueprints[key], bp)
	return bp.Blueprint
}

// stateOf is a record's value of the process field, "" for none.
func stateOf(r *record, field string) string {
	f, _ := r.field(field)
	if f.kind == kindString {
		return f.str
	}
	return ""
}

func sameState(a, b string) bool {
	norm := func(s string) string {
		if s == noneState {
			return ""
		}
		return s
	}
	return strings.EqualFold(norm(a), norm(b))
}

// processLocked finds the process a record is in: the first of its
// module's whose transitions start from or lead to the record's state.
func (s *Server) processLocked(meta *moduleMeta, r *record) *blueprint {
	for _, bp := range s.sub.blueprints[strings.ToLower(meta.APIName)] {
		state := stateOf(r, bp.Field)
		for _, t := range bp.Transitions {
			if sameState(t.To, state) || slices.ContainsFunc(t.From, func(f string) bool { return sameState(f, state) }) {
				return bp
			}
		}
	}
	return nil
}

// available lists the transitions out of a state.
func (bp *blueprint) available(state string) []Transition {
	var out []Transition
	for _, t := range bp.Transitions {
		if slices.ContainsFunc(t.From, func(f string) bool { return sameState(f, state) }) {
			out = append(out, t)
		}
	}
	return out
}

func failNotInProcess(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "RECORD_NOT_IN_PROCESS", "Record not in process", obj{})
}

func (s *Server) getBlueprint(c *call) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	bp := s.processLocked(meta, rec)
	if bp == nil {
		failNotInProcess(c.w)
		return
	}
	state := stateOf(rec, bp.Field)
	if state == "" {
		state = noneState
	}
	label := bp.Field
	if f, ok := meta.field(bp.Field); ok {
		label = f.Label
	}
	info := obj{
		{"field_id", bp.fieldID},
		{"escalation", nil},
		{"is_continuous", false},
		{"api_name", bp.Field},
		{"continuous", false},
		{"field_label", label},
		{"name", bp.Name},
		{"column_name", strings.ToUpper(bp.Field)},
		{"field_value", state},
		{"id", bp.ID},
		{"field_name", label},
	}
	transitions := []obj{}
	partial := s.sub.partial[recordKeyOf(meta, rec.id)]
	for _, t := range bp.available(state) {
		next := []obj{}
		for _, n := range bp.available(t.To) {
			next = append(next, obj{{"name", n.Name}, {"id", n.ID}, {"type", "manual"}})
		}
		data, fields := obj{}, []obj{}
		given := 0
		for i, name := range t.Fields {
			f, _ := rec.field(name)
			data = append(data, kv{name, json.RawMessage(f.raw)})
			if partial != nil && partial.transitionID == t.ID && partial.given[name] {
				given++
			}
			fields = append(fields, transitionField(meta, name, f, i+1))
		}
		percent := 0.0
		if len(t.Fields) > 0 {
			percent = 100 * float64(given) / float64(len(t.Fields))
		}
		transitions = append(transitions, obj{
			{"next_transitions", next},
			{"percent_partial_save", percent},
			{"data", data},
			{"next_field_value", t.To},
			{"name", t.Name},
			{"criteria_matched", true},
			{"id", t.ID},
			{"fields", fields},
			{"criteria_message", nil},
			{"type", "manual"},
		})
	}
	writeJSON(c.w, http.StatusOK, obj{{"blueprint", obj{{"process_info", info}, {"transitions", transitions}}}})
}

// transitionField describes a field a transition asks for, with a few of
// the keys of Zoho's field metadata.
func transitionField(meta *moduleMeta, name string, value fieldValue, seq int) obj {
	label, dataType, id := strings.ReplaceAll(name, "_", " "), "text", ""
	if f, ok := meta.field(name); ok {
		label, dataType, id = f.Label, f.DataType, f.ID
	}
	return obj{
		{"display_label", label},
		{"field_label", label},
		{"_type", "fields"},
		{"data_type", dataType},
		{"api_name", name},
		{"id", id},
		{"mandatory", true},
		{"transition_sequence", seq},
		{"content", json.RawMessage(value.raw)},
	}
}

func (s *Server) updateBlueprint(c *call) {
	ms, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	var body struct {
		Blueprint []struct {
			TransitionID string          `json:"transition_id"`
			Data         json.RawMessage `json:"data"`
		} `json:"blueprint"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil {
		failBody(c.w)
		return
	}
	if len(body.Blueprint) == 0 || body.Blueprint[0].TransitionID == "" {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "mandatory param missing", obj{{"api_name", "transition_id"}})
		return
	}
	in := body.Blueprint[0]
	data := in.Data
	if len(data) == 0 || string(data) == "null" {
		data = json.RawMessage(`{}`)
	}
	p := s.prepare(c, meta, data, 0)
	if p.err != nil {
		fail(c.w, http.StatusBadRequest, p.err.Code, p.err.Message, p.err.Details)
		return
	}

	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	bp := s.processLocked(meta, rec)
	if bp == nil {
		failNotInProcess(c.w)
		return
	}
	t := s.sub.transitions[in.TransitionID]
	if t == nil || t.bp != bp || !slices.ContainsFunc(bp.available(stateOf(rec, bp.Field)), func(a Transition) bool { return a.ID == t.ID }) {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "transition_id"}})
		return
	}

	// Notes in the data becomes a note of the record.
	var noteText string
	own := p.own[:0]
	for _, f := range p.own {
		if f.name == "Notes" && f.kind == kindString {
			noteText = f.str
			continue
		}
		own = append(own, f)
	}
	p.own = own

	key := recordKeyOf(meta, rec.id)
	ps := s.sub.partial[key]
	if ps == nil || ps.transitionID != t.ID {
		ps = &partialSave{transitionID: t.ID, given: map[string]bool{}}
	}
	for _, f := range p.own {
		if !f.empty() {
			ps.given[f.name] = true
		}
	}
	if noteText != "" {
		ps.given["Notes"] = true
	}
	complete := true
	for _, name := range t.Fields {
		if !ps.given[name] {
			complete = false
		}
	}
	message := "transition updated successfully"
	if complete {
		p.own = append(p.own, fieldOf(bp.Field, t.To))
		delete(s.sub.partial, key)
	} else {
		message = "transition saved partially"
		if s.sub.partial == nil {
			s.sub.partial = map[recordKey]*partialSave{}
		}
		s.sub.partial[key] = ps
	}
	ms.mu.Lock()
	_, e := s.newWriter(c, ms, meta).updateLocked(p, rec.id)
	ms.mu.Unlock()
	if e != nil {
		fail(c.w, http.StatusBadRequest, e.Code, e.Message, e.Details)
		return
	}
	if noteText != "" {
		nms, nmeta := s.notesStore()
		nms.mu.Lock()
		s.storeNoteLocked(s.newWriter(c, nms, nmeta), noteParent{meta: meta, rec: rec},
			[]fieldValue{fieldOf("Note_Content", noteText)}, nil)
		nms.mu.Unlock()
	}
	writeJSON(c.w, http.StatusOK, obj{{"code", "SUCCESS"}, {"details", obj{}}, {"message", message}, {"status", "success"}})
}
