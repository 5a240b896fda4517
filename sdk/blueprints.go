package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// BlueprintsService reads and performs blueprint transitions ({module}/{id}/actions/blueprint).
type BlueprintsService service

// Blueprint is the process a record is in and the transitions it can take
// now. Fields without a Go field are kept in Extra.
type Blueprint struct {
	ProcessInfo *ProcessInfo  `json:"process_info,omitempty"`
	Transitions []*Transition `json:"transitions"`

	rawJSON
}

func (b *Blueprint) UnmarshalJSON(data []byte) error {
	type plain Blueprint
	if err := json.Unmarshal(data, (*plain)(b)); err != nil {
		return err
	}
	b.keep(data)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (b Blueprint) MarshalJSON() ([]byte, error) {
	type plain Blueprint
	return marshalWithExtra(plain(b), b.Extra())
}

// Extra returns the fields Zoho sent that Blueprint has no Go field for.
func (b *Blueprint) Extra() map[string]json.RawMessage {
	return b.extra(reflect.TypeFor[Blueprint]())
}

// Transition returns the transition with this name (case-insensitive), or
// nil.
func (b *Blueprint) Transition(name string) *Transition {
	for _, t := range b.Transitions {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// ProcessInfo describes the process: the field whose value is the
// record's state, and that value.
type ProcessInfo struct {
	ID         string `json:"id"` // the process
	Name       string `json:"name,omitempty"`
	FieldID    string `json:"field_id,omitempty"`
	APIName    string `json:"api_name,omitempty"` // the state field, such as Lead_Status
	FieldLabel string `json:"field_label,omitempty"`
	FieldValue string `json:"field_value,omitempty"` // the record's state ("-None-" for none)
	Continuous bool   `json:"continuous,omitempty"`

	rawJSON
}

func (p *ProcessInfo) UnmarshalJSON(data []byte) error {
	type plain ProcessInfo
	// Ids are strings in Zoho's samples and integers in its OpenAPI
	// schema; both are read as text.
	var aux struct {
		*plain
		ID      json.RawMessage `json:"id"`
		FieldID json.RawMessage `json:"field_id"`
	}
	aux.plain = (*plain)(p)
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	p.ID, p.FieldID = jsonText(aux.ID), jsonText(aux.FieldID)
	p.keep(data)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (p ProcessInfo) MarshalJSON() ([]byte, error) {
	type plain ProcessInfo
	return marshalWithExtra(plain(p), p.Extra())
}

// Extra returns the fields Zoho sent that ProcessInfo has no Go field for.
func (p *ProcessInfo) Extra() map[string]json.RawMessage {
	return p.extra(reflect.TypeFor[ProcessInfo]())
}

// Transition is a move the record can make: to NextFieldValue, once the
// Fields it asks for are given.
type Transition struct {
	ID              string `json:"id"`
	Name            string `json:"name,omitempty"`
	NextFieldValue  string `json:"next_field_value,omitempty"`
	Type            string `json:"type,omitempty"` // manual or automatic
	CriteriaMatched bool   `json:"criteria_matched"`
	CriteriaMessage string `json:"criteria_message,omitempty"`
	// PercentPartialSave is how much of the transition was saved so far.
	PercentPartialSave float64 `json:"percent_partial_save,omitempty"`
	// Data holds the current values of the fields the transition asks for.
	Data            Record             `json:"data,omitempty"`
	Fields          []*TransitionField `json:"fields,omitempty"`
	NextTransitions []*NextTransition  `json:"next_transitions,omitempty"`

	rawJSON
}

func (t *Transition) UnmarshalJSON(data []byte) error {
	type plain Transition
	var aux struct {
		*plain
		ID json.RawMessage `json:"id"`
	}
	aux.plain = (*plain)(t)
	// Data is a record: its numbers keep their text.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	t.ID = jsonText(aux.ID)
	t.keep(data)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (t Transition) MarshalJSON() ([]byte, error) {
	type plain Transition
	return marshalWithExtra(plain(t), t.Extra())
}

// Extra returns the fields Zoho sent that Transition has no Go field for.
func (t *Transition) Extra() map[string]json.RawMessage {
	return t.extra(reflect.TypeFor[Transition]())
}

// TransitionField is a field a transition asks for (Zoho sends the
// field's whole metadata; the rest is in Extra).
type TransitionField struct {
	ID                 string `json:"id,omitempty"`
	APIName            string `json:"api_name,omitempty"`
	DisplayLabel       string `json:"display_label,omitempty"`
	DataType           string `json:"data_type,omitempty"`
	Type               string `json:"_type,omitempty"` // fields, related_lists, messages...
	Mandatory          bool   `json:"mandatory,omitempty"`
	TransitionSequence int    `json:"transition_sequence,omitempty"`

	rawJSON
}

func (f *TransitionField) UnmarshalJSON(data []byte) error {
	type plain TransitionField
	var aux struct {
		*plain
		ID json.RawMessage `json:"id"`
	}
	aux.plain = (*plain)(f)
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	f.ID = jsonText(aux.ID)
	f.keep(data)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (f TransitionField) MarshalJSON() ([]byte, error) {
	type plain TransitionField
	return marshalWithExtra(plain(f), f.Extra())
}

// Extra returns the fields Zoho sent that TransitionField has no Go field
// for, such as content (the current value) and the field's metadata.
func (f *TransitionField) Extra() map[string]json.RawMessage {
	return f.extra(reflect.TypeFor[TransitionField]())
}

// NextTransition is a transition that follows this one.
type NextTransition struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

func (n *NextTransition) UnmarshalJSON(data []byte) error {
	type plain NextTransition
	var aux struct {
		*plain
		ID json.RawMessage `json:"id"`
	}
	aux.plain = (*plain)(n)
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	n.ID = jsonText(aux.ID)
	return nil
}

func blueprintPath(module, recordID string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("record id", recordID); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(recordID) + "/actions/blueprint", nil
}

// Get returns the blueprint of a record: its process and the transitions
// it can take. A record in no process is an error matching
// ErrNotInProcess.
func (s *BlueprintsService) Get(ctx context.Context, module, recordID string) (*Blueprint, *Response, error) {
	path, err := blueprintPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	var body struct {
		Blueprint *Blueprint `json:"blueprint"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &body)
	if err != nil {
		return nil, resp, err
	}
	if body.Blueprint == nil {
		return nil, resp, &APIError{StatusCode: resp.StatusCode, Code: "NO_CONTENT", Message: "Zoho returned no blueprint",
			Method: http.MethodGet, Path: "/" + path}
	}
	return body.Blueprint, resp, nil
}

// TransitionResult is Zoho's answer to a transition.
type TransitionResult struct {
	ActionResult
}

// Partial reports whether Zoho saved the transition partially: some of
// the fields it asks for are still missing, and the record has not moved.
func (r *TransitionResult) Partial() bool {
	return strings.Contains(strings.ToLower(r.Message), "partial")
}

// Perform makes a record take a transition, giving the fields it asks for
// in data (which may also carry Notes, Attachments and related lists, as
// Zoho documents).
func (s *BlueprintsService) Perform(ctx context.Context, module, recordID, transitionID string, data Record) (*TransitionResult, *Response, error) {
	path, err := blueprintPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("transition id", transitionID); err != nil {
		return nil, nil, err
	}
	if data == nil {
		data = Record{}
	}
	body := map[string]any{"blueprint": []map[string]any{{"transition_id": transitionID, "data": data}}}
	r, resp, err := s.client.doSingle(ctx, &Request{Method: http.MethodPut, Path: path, Body: body})
	if err != nil {
		return nil, resp, err
	}
	return &TransitionResult{ActionResult: *r}, resp, nil
}
