package sdk

import (
	"context"
	"net/http"
)

// DuplicateCheckPreferenceService manages where Zoho looks for duplicates
// of a new lead beyond the leads themselves (crm-oas group
// duplicate_check_preference, /settings/duplicate_check_preference?module=
// Leads, the one module Zoho supports): among converted leads, or among
// the records of a mapped module (Contacts) by mapped unique fields. OAuth
// scope: ZohoCRM.settings.duplicate_check_preference.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE), or ZohoCRM.settings.ALL.
type DuplicateCheckPreferenceService service

// DuplicateCheckPreference is a module's duplicate check preference.
// Fields without a Go field are kept in Extra.
type DuplicateCheckPreference struct {
	// Type is DuplicatesInConvertedRecords or DuplicatesInMappedModule.
	Type               string                         `json:"type,omitempty"`
	TypeConfigurations []*DuplicateCheckConfiguration `json:"type_configurations,omitempty"`

	kept
}

func (p *DuplicateCheckPreference) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p DuplicateCheckPreference) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// The types of duplicate check preference.
const (
	DuplicatesInConvertedRecords = "converted_records"
	DuplicatesInMappedModule     = "mapped_module_records"
)

// DuplicateCheckConfiguration maps unique fields of the module to those of
// MappedModule, where Zoho looks for duplicates.
type DuplicateCheckConfiguration struct {
	MappedModule  *Ref            `json:"mapped_module,omitempty"`
	FieldMappings []*FieldMapping `json:"field_mappings,omitempty"`

	kept
}

func (c *DuplicateCheckConfiguration) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c DuplicateCheckConfiguration) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// FieldMapping pairs a field of the module with one of another module.
type FieldMapping struct {
	CurrentField *Ref `json:"current_field,omitempty"`
	MappedField  *Ref `json:"mapped_field,omitempty"`

	kept
}

func (m *FieldMapping) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m FieldMapping) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

var duplicateCheckPreference = keyed[DuplicateCheckPreference]{path: "settings/duplicate_check_preference",
	key: "duplicate_check_preference", what: "duplicate check preference"}

// Get returns a module's duplicate check preference (module: its API
// name); none set is an error whose code is NO_CONTENT.
func (s *DuplicateCheckPreferenceService) Get(ctx context.Context, module string) (*DuplicateCheckPreference, *Response, error) {
	return inModule(duplicateCheckPreference, module).one(ctx, s.client, nil)
}

// Create sets a module's duplicate check preference, where none is set.
func (s *DuplicateCheckPreferenceService) Create(ctx context.Context, module string, p *DuplicateCheckPreference) (*ActionResult, *Response, error) {
	return inModule(duplicateCheckPreference, module).writeObject(ctx, s.client, http.MethodPost, nil, p)
}

// Update changes a module's duplicate check preference.
func (s *DuplicateCheckPreferenceService) Update(ctx context.Context, module string, p *DuplicateCheckPreference) (*ActionResult, *Response, error) {
	return inModule(duplicateCheckPreference, module).writeObject(ctx, s.client, http.MethodPut, nil, p)
}

// Delete removes a module's duplicate check preference: Zoho then looks
// for duplicates among the module's records only.
func (s *DuplicateCheckPreferenceService) Delete(ctx context.Context, module string) (*ActionResult, *Response, error) {
	return inModule(duplicateCheckPreference, module).action(ctx, s.client, http.MethodDelete, "", nil, nil)
}
