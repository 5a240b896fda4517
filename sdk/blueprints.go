package sdk

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// BlueprintsService reads and performs blueprint transitions ({module}/{id}/actions/blueprint).
type BlueprintsService service

// Blueprint is the process a record is in and the transitions it can take
// now. Fields without a Go field are kept in Extra.
type Blueprint struct {
	ProcessInfo *ProcessInfo  `json:"process_info,omitempty"`
	Transitions []*Transition `json:"transitions"`

	kept
}

func (b *Blueprint) UnmarshalJSON(data []byte) error { return decodeKept(data, b) }
func (b Blueprint) MarshalJSON() ([]byte, error)     { return encodeKept(&b) }

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

	kept
}

func (p *ProcessInfo) UnmarshalJSON(data []byte) error { return decodeKept(data, p) }
func (p ProcessInfo) MarshalJSON() ([]byte, error)     { return encodeKept(&p) }

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

	kept
}

func (t *Transition) UnmarshalJSON(data []byte) error { return decodeKept(data, t) }
func (t Transition) MarshalJSON() ([]byte, error)     { return encodeKept(&t) }

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

	kept
}

func (f *TransitionField) UnmarshalJSON(data []byte) error { return decodeKept(data, f) }
func (f TransitionField) MarshalJSON() ([]byte, error)     { return encodeKept(&f) }

// NextTransition is a transition that follows this one.
type NextTransition struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`

	kept
}

func (n *NextTransition) UnmarshalJSON(data []byte) error { return decodeKept(data, n) }
func (n NextTransition) MarshalJSON() ([]byte, error)     { return encodeKept(&n) }

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
