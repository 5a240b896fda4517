package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// VariablesService manages org variables (/settings/variables) and reads
// their groups (/settings/variable_groups).
type VariablesService service

// Variable is an org variable. Fields without a Go field are kept in
// Extra.
type Variable struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	APIName     string `json:"api_name,omitempty"`
	Description string `json:"description,omitempty"`
	// Type is text, integer, boolean, date or float (Zoho's v8 list).
	Type string `json:"type,omitempty"`
	// Value is what Zoho sends (text, in its answers); set a string,
	// number or bool to write one. Numbers read are json.Number.
	Value         any               `json:"value,omitempty"`
	VariableGroup *VariableGroupRef `json:"variable_group,omitempty"`
	ReadOnly      bool              `json:"read_only,omitempty"`
	Source        string            `json:"source,omitempty"`

	kept
}

// VariableGroupRef names a variable group by id or API name.
type VariableGroupRef struct {
	ID      string `json:"id,omitempty"`
	APIName string `json:"api_name,omitempty"`
	Name    string `json:"name,omitempty"`
}

func (v *Variable) UnmarshalJSON(b []byte) error { return decodeKept(b, v) }
func (v Variable) MarshalJSON() ([]byte, error)  { return encodeKept(&v) }

// ValueString returns the value as text: strings as they are, numbers and
// booleans in their JSON form, "" for none.
func (v *Variable) ValueString() string {
	switch x := v.Value.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return fmt.Sprint(v.Value)
}

// VariableGroup is a group of org variables.
type VariableGroup struct {
	ID           string `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	APIName      string `json:"api_name,omitempty"`
	DisplayLabel string `json:"display_label,omitempty"`
	Description  string `json:"description,omitempty"`
	Source       string `json:"source,omitempty"`

	kept
}

func (g *VariableGroup) UnmarshalJSON(b []byte) error { return decodeKept(b, g) }
func (g VariableGroup) MarshalJSON() ([]byte, error)  { return encodeKept(&g) }

// VariableListOptions filters Variables.List and Variables.Get.
type VariableListOptions struct {
	// Group is a group's id or API name; empty for every group.
	Group string
}

func (o *VariableListOptions) query() url.Values {
	if o == nil || o.Group == "" {
		return nil
	}
	return url.Values{"group": {o.Group}}
}

type variablesAnswer struct {
	Variables []*Variable `json:"variables"`
}

// List returns the org variables, of one group if opts says so; none gives
// an empty slice.
func (s *VariablesService) List(ctx context.Context, opts *VariableListOptions) ([]*Variable, *Response, error) {
	var answer variablesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/variables", Query: opts.query()}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Variables == nil {
		answer.Variables = []*Variable{}
	}
	return answer.Variables, resp, nil
}

// Get returns the variable with this id.
func (s *VariablesService) Get(ctx context.Context, id string, opts *VariableListOptions) (*Variable, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/variables/" + url.PathEscape(id)
	var answer variablesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: opts.query()}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Variables) == 0 {
		return nil, resp, noContent("variable", id, path)
	}
	return answer.Variables[0], resp, nil
}

// Create adds variables, one result per variable in input order. Zoho
// requires name, api_name, type and variable_group; a variable with an id,
// or without a name or group, is refused before anything is sent.
func (s *VariablesService) Create(ctx context.Context, vars ...*Variable) ([]*ActionResult, *Response, error) {
	for i, v := range vars {
		field := fmt.Sprintf("variables[%d]", i)
		switch {
		case v == nil:
			return nil, nil, &ValidationError{Field: field, Problem: "is nil"}
		case v.ID != "":
			return nil, nil, &ValidationError{Field: field, Problem: "has an id (" + v.ID + "); use Update for existing variables"}
		case strings.TrimSpace(v.Name) == "":
			return nil, nil, &ValidationError{Field: field, Problem: "has no name"}
		case v.VariableGroup == nil || (v.VariableGroup.ID == "" && v.VariableGroup.APIName == ""):
			return nil, nil, &ValidationError{Field: field, Problem: "has no variable group; set VariableGroup to a group's id or API name (ListGroups shows them)"}
		}
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPost, Path: "settings/variables"}, "variables", MaxRecordsPerWrite, vars)
}

// Update changes variables, each identified by its ID (PUT
// settings/variables), one result per variable in input order. Only the
// fields set are sent, so a Variable{ID: id, Value: 40} changes the value.
func (s *VariablesService) Update(ctx context.Context, vars ...*Variable) ([]*ActionResult, *Response, error) {
	for i, v := range vars {
		if v == nil || v.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("variables[%d]", i), Problem: "has no id; Update needs the id of each variable"}
		}
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPut, Path: "settings/variables"}, "variables", MaxRecordsPerWrite, vars)
}

// UpdateOne changes the variable with this id, or with this API name in
// the group opts names (PUT settings/variables/{id}).
func (s *VariablesService) UpdateOne(ctx context.Context, idOrAPIName string, v *Variable, opts *VariableListOptions) (*ActionResult, *Response, error) {
	if err := requireID("id", idOrAPIName); err != nil {
		return nil, nil, err
	}
	if v == nil {
		return nil, nil, &ValidationError{Field: "variable", Problem: "is nil"}
	}
	req := Request{Method: http.MethodPut, Path: "settings/variables/" + url.PathEscape(idOrAPIName), Query: opts.query()}
	return single(writeKeyedBatches(ctx, s.client, req, "variables", 1, []*Variable{v}))
}

// Delete deletes variables by id, one result per id in input order (one id
// with DELETE settings/variables/{id}, several with ?ids=).
func (s *VariablesService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return deleteByIDs(ctx, s.client, "settings/variables", "variables", ids)
}

type variableGroupsAnswer struct {
	VariableGroups []*VariableGroup `json:"variable_groups"`
}

// ListGroups returns the variable groups.
func (s *VariablesService) ListGroups(ctx context.Context) ([]*VariableGroup, *Response, error) {
	var answer variableGroupsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/variable_groups"}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.VariableGroups == nil {
		answer.VariableGroups = []*VariableGroup{}
	}
	return answer.VariableGroups, resp, nil
}

// GetGroup returns a variable group by id (or API name).
func (s *VariablesService) GetGroup(ctx context.Context, id string) (*VariableGroup, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/variable_groups/" + url.PathEscape(id)
	var answer variableGroupsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.VariableGroups) == 0 {
		return nil, resp, noContent("variable group", id, path)
	}
	return answer.VariableGroups[0], resp, nil
}
