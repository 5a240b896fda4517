package sdk

import (
	"context"
)

// ConversionOptionsService tells, before a lead is converted, which
// existing contacts, accounts and deals it matches (crm-oas group
// conversion_option, /Leads/{id}/__conversion_options), so that
// Records.ConvertLead can link them rather than make duplicates. OAuth
// scope: ZohoCRM.modules.Leads.READ (or ZohoCRM.modules.ALL).
type ConversionOptionsService service

// ConversionOptions are the records a lead matches in the modules a
// conversion writes, by the fields that matched. Fields without a Go
// field are kept in Extra.
type ConversionOptions struct {
	// ModulePreference is the module whose records match the lead best.
	ModulePreference *ModuleRef `json:"module_preference,omitempty"`
	Contacts         []Record   `json:"Contacts,omitempty"`
	Accounts         []Record   `json:"Accounts,omitempty"`
	Deals            []Record   `json:"Deals,omitempty"`
	// PreferenceFieldMatchedValue is, by module API name, the fields that
	// matched and the lead's values for them.
	PreferenceFieldMatchedValue map[string][]*MatchedField `json:"preference_field_matched_value,omitempty"`
	// ModulesWithMultipleLayouts are the modules among them with more
	// than one layout, for which a conversion must name the layout.
	ModulesWithMultipleLayouts []*ModuleRef `json:"modules_with_multiple_layouts,omitempty"`

	kept
}

func (o *ConversionOptions) UnmarshalJSON(b []byte) error { return decodeKept(b, o) }
func (o ConversionOptions) MarshalJSON() ([]byte, error)  { return encodeKept(&o) }

// MatchedField is a field of another module whose value is the lead's.
type MatchedField struct {
	Field            *FieldRef `json:"field,omitempty"`
	MatchedLeadValue string    `json:"matched_lead_value,omitempty"`

	kept
}

func (f *MatchedField) UnmarshalJSON(b []byte) error { return decodeKept(b, f) }
func (f MatchedField) MarshalJSON() ([]byte, error)  { return encodeKept(&f) }

var conversionOptions = keyed[ConversionOptions]{path: "Leads/{}/__conversion_options", key: "__conversion_options", what: "lead"}

// Get returns what the lead with this id matches; a lead matching nothing
// is an error whose code is NO_CONTENT (Zoho's 204).
func (s *ConversionOptionsService) Get(ctx context.Context, leadID string) (*ConversionOptions, *Response, error) {
	if err := requireID("lead id", leadID); err != nil {
		return nil, nil, err
	}
	return conversionOptions.in(leadID).one(ctx, s.client, nil)
}
