package sdk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// ModulesService reads module metadata and creates and changes custom
// modules (crm-oas group modules, /settings/modules). OAuth scope:
// ZohoCRM.settings.modules.ALL (or .READ, .CREATE, .UPDATE). Zoho has no
// call that deletes a module: a module no longer wanted is hidden
// (Status "user_hidden").
type ModulesService service

// Module is a CRM module's metadata. Fields without a Go field are kept in
// Extra.
type Module struct {
	ID            string `json:"id,omitempty"`
	APIName       string `json:"api_name,omitempty"`
	ModuleName    string `json:"module_name,omitempty"`
	SingularLabel string `json:"singular_label,omitempty"`
	PluralLabel   string `json:"plural_label,omitempty"`
	// APISupported is false for modules the records API cannot use (Home,
	// Feeds...).
	APISupported bool `json:"api_supported,omitempty"`
	// Creatable is read from "creatable" or from the early v2 spelling
	// "createable".
	Creatable     bool             `json:"creatable,omitempty"`
	Editable      bool             `json:"editable,omitempty"`
	Deletable     bool             `json:"deletable,omitempty"`
	Viewable      bool             `json:"viewable,omitempty"`
	Convertable   bool             `json:"convertable,omitempty"`
	GeneratedType string           `json:"generated_type,omitempty"` // default or custom
	DisplayField  *FieldRef        `json:"display_field,omitempty"`  // a name (v2) or {api_name, id} (v8)
	Profiles      []*ModuleProfile `json:"profiles,omitempty"`
	ModifiedBy    *Lookup          `json:"modified_by,omitempty"`
	ModifiedTime  string           `json:"modified_time,omitempty"`
	CustomView    *CustomView      `json:"custom_view,omitempty"`
	// Status is visible, user_hidden, system_hidden or
	// scheduled_for_deletion.
	Status string `json:"status,omitempty"`

	kept
	falses sentFalse
}

// ModuleProfile is a profile that may use a module.
type ModuleProfile struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Delete takes the module from the profile, on update.
	Delete bool `json:"_delete,omitempty"`

	kept
}

func (p *ModuleProfile) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p ModuleProfile) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// moduleFlags are the boolean keys of a Module.
var moduleFlags = []string{"api_supported", "creatable", "editable", "deletable", "viewable", "convertable"}

func (m *Module) UnmarshalJSON(b []byte) error {
	m.falses = noteFalse(b, moduleFlags...)
	if err := decodeKept(b, m); err != nil {
		return err
	}
	if old, ok := m.extra["createable"]; ok && !m.Creatable {
		_ = json.Unmarshal(old, &m.Creatable) // and kept in Extra as sent
	}
	return nil
}

func (m Module) MarshalJSON() ([]byte, error) {
	b, err := encodeKept(&m)
	return m.falses.add(b, err, map[string]bool{"api_supported": m.APISupported, "creatable": m.Creatable,
		"editable": m.Editable, "deletable": m.Deletable, "viewable": m.Viewable, "convertable": m.Convertable})
}

type modulesAnswer struct {
	Modules []*Module `json:"modules"`
}

// List returns every module of the org.
func (s *ModulesService) List(ctx context.Context) ([]*Module, *Response, error) {
	var answer modulesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/modules"}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Modules == nil {
		answer.Modules = []*Module{}
	}
	return answer.Modules, resp, nil
}

// Get returns a module's full metadata by API name (Leads, Sales_Orders).
func (s *ModulesService) Get(ctx context.Context, apiName string) (*Module, *Response, error) {
	if err := requireID("apiName", apiName); err != nil {
		return nil, nil, err
	}
	path := "settings/modules/" + url.PathEscape(apiName)
	var answer modulesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Modules) == 0 {
		return nil, resp, noContent("module", apiName, path)
	}
	return answer.Modules[0], resp, nil
}

var modulesKeyed = keyed[Module]{path: "settings/modules", key: "modules", what: "module"}

// ListByStatus returns the modules of one status: visible, user_hidden,
// system_hidden or scheduled_for_deletion.
func (s *ModulesService) ListByStatus(ctx context.Context, status string) ([]*Module, *Response, error) {
	if err := requireID("status", status); err != nil {
		return nil, nil, err
	}
	return modulesKeyed.list(ctx, s.client, url.Values{"status": {status}})
}

// Create adds custom modules, each with its plural and singular labels
// and the profiles that may use it (Profiles, by id), and returns one
// result per module in input order; a result's ID is the new module's.
func (s *ModulesService) Create(ctx context.Context, modules ...*Module) ([]*ActionResult, *Response, error) {
	return modulesKeyed.write(ctx, s.client, http.MethodPost, "", nil, modules)
}

// Update changes custom modules, each named by its ID, and returns one
// result per module in input order.
func (s *ModulesService) Update(ctx context.Context, modules ...*Module) ([]*ActionResult, *Response, error) {
	return modulesKeyed.write(ctx, s.client, http.MethodPut, "", nil, modules)
}

// UpdateOne changes the module with this id or API name: its labels, its
// profiles, or its Status (user_hidden hides it, visible shows it again).
func (s *ModulesService) UpdateOne(ctx context.Context, idOrAPIName string, m *Module) (*ActionResult, *Response, error) {
	return modulesKeyed.writeOne(ctx, s.client, http.MethodPut, idOrAPIName, nil, m)
}
