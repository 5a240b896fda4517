package sdk

import (
	"context"
)

// WizardsService reads the org's wizards (crm-oas group wizards,
// /settings/wizards): forms that take a user through the fields of a
// layout screen by screen. OAuth scope: ZohoCRM.settings.wizards.READ (or
// ZohoCRM.settings.wizards.ALL).
type WizardsService service

// Wizard is one wizard: in a module, for profiles, with a container per
// layout holding its screens and the buttons between them (in Extra with
// the rest of what Zoho sends).
type Wizard struct {
	ID           string             `json:"id,omitempty"`
	Name         string             `json:"name,omitempty"`
	Active       *bool              `json:"active,omitempty"`
	Module       *ModuleRef         `json:"module,omitempty"`
	Containers   []*WizardContainer `json:"containers,omitempty"`
	CreatedBy    *Lookup            `json:"created_by,omitempty"`
	CreatedTime  string             `json:"created_time,omitempty"`
	ModifiedBy   *Lookup            `json:"modified_by,omitempty"`
	ModifiedTime string             `json:"modified_time,omitempty"`

	kept
}

func (w *Wizard) UnmarshalJSON(b []byte) error { return decodeKept(b, w) }
func (w Wizard) MarshalJSON() ([]byte, error)  { return encodeKept(&w) }

// WizardContainer is a wizard's part for one layout: its screens and
// chart (in Extra).
type WizardContainer struct {
	ID     string  `json:"id,omitempty"`
	Layout *Layout `json:"layout,omitempty"`

	kept
}

func (c *WizardContainer) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c WizardContainer) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

var wizards = keyed[Wizard]{path: "settings/wizards", key: "wizards", what: "wizard"}

// List returns the org's wizards (none: an empty slice).
func (s *WizardsService) List(ctx context.Context) ([]*Wizard, *Response, error) {
	return wizards.list(ctx, s.client, nil)
}

// Get returns the wizard with this id, with its container for the layout
// with layoutID (which Zoho requires).
func (s *WizardsService) Get(ctx context.Context, id, layoutID string) (*Wizard, *Response, error) {
	if err := requireID("layoutID", layoutID); err != nil {
		return nil, nil, err
	}
	return wizards.get(ctx, s.client, id, query("layout_id", layoutID))
}
