package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// FieldsService reads a module's fields and creates, changes and deletes
// its custom fields (crm-oas group fields, /settings/fields?module=).
// OAuth scope: ZohoCRM.settings.fields.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
type FieldsService service

// Field is a module field's metadata (also the fields of a layout's
// sections). Fields without a Go field are kept in Extra.
type Field struct {
	ID           string `json:"id,omitempty"`
	APIName      string `json:"api_name,omitempty"`
	FieldLabel   string `json:"field_label,omitempty"`
	DisplayLabel string `json:"display_label,omitempty"`
	// DataType is Zoho's data type: text, email, picklist, lookup,
	// ownerlookup, integer, currency, datetime, subform...
	DataType string `json:"data_type,omitempty"`
	// JSONType is the type of the field's values: string, integer,
	// double, boolean, jsonobject or jsonarray.
	JSONType      string `json:"json_type,omitempty"`
	Length        int    `json:"length,omitempty"`
	ReadOnly      bool   `json:"read_only,omitempty"`
	FieldReadOnly bool   `json:"field_read_only,omitempty"`
	CustomField   bool   `json:"custom_field,omitempty"`
	Visible       bool   `json:"visible,omitempty"`
	// SystemMandatory (later versions) and Required (in layouts) say the
	// field must be given on create.
	SystemMandatory bool             `json:"system_mandatory,omitempty"`
	Required        bool             `json:"required,omitempty"`
	Lookup          *FieldLookup     `json:"lookup,omitempty"`
	PickListValues  []*PickListValue `json:"pick_list_values,omitempty"`

	kept
	falses sentFalse
}

// fieldFlags are the boolean keys of a Field.
var fieldFlags = []string{"read_only", "field_read_only", "custom_field", "visible", "system_mandatory", "required"}

func (f *Field) UnmarshalJSON(b []byte) error {
	f.falses = noteFalse(b, fieldFlags...)
	return decodeKept(b, f)
}

func (f Field) MarshalJSON() ([]byte, error) {
	b, err := encodeKept(&f)
	return f.falses.add(b, err, map[string]bool{"read_only": f.ReadOnly, "field_read_only": f.FieldReadOnly,
		"custom_field": f.CustomField, "visible": f.Visible, "system_mandatory": f.SystemMandatory, "required": f.Required})
}

// sentFalse are the boolean keys Zoho sent as false that a type's Go
// fields leave out when false (omitempty): noted when an answer is
// decoded and written back, so that what was read encodes as Zoho sent it
// while a value built in Go sends none of them.
type sentFalse []string

// noteFalse returns the keys of the object b, among keys, that are false.
func noteFalse(b []byte, keys ...string) sentFalse {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	var out sentFalse
	for _, k := range keys {
		if string(bytes.TrimSpace(m[k])) == "false" {
			out = append(out, k)
		}
	}
	return out
}

// add writes "key":false into the encoded object b for each noted key
// whose Go field (in set) is still false.
func (s sentFalse) add(b []byte, err error, set map[string]bool) ([]byte, error) {
	if err != nil || len(s) == 0 {
		return b, err
	}
	out := bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}"))
	for _, k := range s {
		if set[k] {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		name, _ := json.Marshal(k)
		out = append(append(out, name...), ":false"...)
	}
	return append(out, '}'), nil
}

// Mandatory reports whether the field must be given on create.
func (f *Field) Mandatory() bool { return f.SystemMandatory || f.Required }

// FieldLookup is what a lookup field points to: the module, and the related
// list of that module its records appear in. Zoho sends {} for fields that
// are not lookups.
type FieldLookup struct {
	ID           string     `json:"id,omitempty"`
	APIName      string     `json:"api_name,omitempty"`
	DisplayLabel string     `json:"display_label,omitempty"`
	Module       *ModuleRef `json:"module,omitempty"`

	kept
}

func (l *FieldLookup) UnmarshalJSON(b []byte) error { return decodeKept(b, l) }
func (l FieldLookup) MarshalJSON() ([]byte, error)  { return encodeKept(&l) }

// PickListValue is one choice of a picklist field.
type PickListValue struct {
	DisplayValue string `json:"display_value,omitempty"`
	ActualValue  string `json:"actual_value,omitempty"`
	// ID, SequenceNumber and Type ("used", "unused") are set by Zoho's
	// answers; an ID names the value in writes.
	ID             string `json:"id,omitempty"`
	SequenceNumber int    `json:"sequence_number,omitempty"`
	Type           string `json:"type,omitempty"`

	kept
}

func (p *PickListValue) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p PickListValue) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// FieldListOptions filters Fields.List.
type FieldListOptions struct {
	// Type is "all" or "unused" (later versions); empty for Zoho's default.
	Type string
}

type fieldsAnswer struct {
	Fields []*Field `json:"fields"`
}

// List returns the fields of a module.
func (s *FieldsService) List(ctx context.Context, module string, opts *FieldListOptions) ([]*Field, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	q := url.Values{"module": {module}}
	if opts != nil && opts.Type != "" {
		q.Set("type", opts.Type)
	}
	var answer fieldsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/fields", Query: q}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Fields == nil {
		answer.Fields = []*Field{}
	}
	return answer.Fields, resp, nil
}

// Get returns one field of a module by id.
func (s *FieldsService) Get(ctx context.Context, module, id string) (*Field, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/fields/" + url.PathEscape(id)
	var answer fieldsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Fields) == 0 {
		return nil, resp, noContent("field", id, path)
	}
	return answer.Fields[0], resp, nil
}

var fieldsKeyed = keyed[Field]{path: "settings/fields", key: "fields", what: "field"}

// Create adds custom fields to a module, each with its label
// (FieldLabel or DisplayLabel) and DataType (and Length, or the
// PickListValues of a picklist), and returns one result per field in
// input order; a result's ID is the new field's.
func (s *FieldsService) Create(ctx context.Context, module string, fields ...*Field) ([]*ActionResult, *Response, error) {
	return inModule(fieldsKeyed, module).write(ctx, s.client, http.MethodPost, "", nil, fields)
}

// Update changes fields of a module, each named by its ID, and returns
// one result per field in input order.
func (s *FieldsService) Update(ctx context.Context, module string, fields ...*Field) ([]*ActionResult, *Response, error) {
	return inModule(fieldsKeyed, module).write(ctx, s.client, http.MethodPatch, "", nil, fields)
}

// UpdateOne changes the field of a module with this id.
func (s *FieldsService) UpdateOne(ctx context.Context, module, id string, f *Field) (*ActionResult, *Response, error) {
	return inModule(fieldsKeyed, module).writeOne(ctx, s.client, http.MethodPatch, id, nil, f)
}

// Delete deletes the custom field of a module with this id; records
// then refuse it.
func (s *FieldsService) Delete(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return inModule(fieldsKeyed, module).deleteOne(ctx, s.client, url.PathEscape(id), nil)
}
