package sdk

import (
	"context"
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
}

func (f *Field) UnmarshalJSON(b []byte) error { return decodeKept(b, f) }
func (f Field) MarshalJSON() ([]byte, error)  { return encodeKept(&f) }

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
