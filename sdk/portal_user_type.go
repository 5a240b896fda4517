package sdk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// PortalUserTypesService manages the user types of a client portal
// (crm-oas group portal_user_type, settings/portals/{portal}/user_type):
// the records of one personality module (Contacts...) a portal admits,
// and per module what they may do there. OAuth scope:
// ZohoCRM.settings.clientportal.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
type PortalUserTypesService service

// PortalType is a user type of a portal (Zoho's user_type). Fields without a Go field are
// kept in Extra.
type PortalType struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// PersonalityModule is the module whose records are its users.
	PersonalityModule *ModuleRef `json:"personality_module,omitempty"`
	Active            *bool      `json:"active,omitempty"`
	// Default is the type a portal comes with; it cannot be deleted.
	Default *bool `json:"default,omitempty"`
	// Modules are what its users see; on update, those named replace
	// theirs and the others stay.
	Modules      []*PortalModule `json:"modules,omitempty"`
	NoOfUsers    int             `json:"no_of_users,omitempty"`
	CreatedBy    *Lookup         `json:"created_by,omitempty"`
	CreatedTime  time.Time       `json:"created_time,omitzero"`
	ModifiedBy   *Lookup         `json:"modified_by,omitempty"`
	ModifiedTime time.Time       `json:"modified_time,omitzero"`

	kept
}

func (t *PortalType) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t PortalType) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// PortalModule is a module as a portal shows it: with a user type, the
// permissions its users have there.
type PortalModule struct {
	APIName     string             `json:"api_name,omitempty"`
	ID          string             `json:"id,omitempty"`
	PluralLabel string             `json:"plural_label,omitempty"`
	SharedType  string             `json:"shared_type,omitempty"`
	Permissions *PortalPermissions `json:"permissions,omitempty"`
	Fields      []*PortalField     `json:"fields,omitempty"`
	Filters     []*PortalMeta      `json:"filters,omitempty"`
	Layouts     []*PortalMeta      `json:"layouts,omitempty"`
	// Views is a user type's view of the module (one), or in
	// PortalsService.Meta the module's views (a list, in ViewList).
	Views    *PortalMeta   `json:"-"`
	ViewList []*PortalMeta `json:"-"`

	kept
}

func (m *PortalModule) UnmarshalJSON(b []byte) error {
	if err := decodeKept(b, m); err != nil {
		return err
	}
	raw, ok := m.extra["views"]
	if !ok {
		return nil
	}
	delete(m.extra, "views")
	if len(m.extra) == 0 {
		m.extra = nil
	}
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		return json.Unmarshal(raw, &m.ViewList)
	}
	return json.Unmarshal(raw, &m.Views)
}

func (m PortalModule) MarshalJSON() ([]byte, error) {
	if m.Views != nil || m.ViewList != nil {
		var views any = m.Views
		if m.Views == nil {
			views = m.ViewList
		}
		raw, err := json.Marshal(views)
		if err != nil {
			return nil, err
		}
		extra := map[string]json.RawMessage{"views": raw}
		for k, v := range m.extra {
			extra[k] = v
		}
		m.extra = extra
	}
	return encodeKept(&m)
}

// PortalPermissions are what a user type's users may do in a module.
type PortalPermissions struct {
	View              bool `json:"view"`
	Create            bool `json:"create"`
	Edit              bool `json:"edit"`
	EditSharedRecords bool `json:"edit_shared_records"`
	Delete            bool `json:"delete"`
	CreateAttachment  bool `json:"create_attachment"`
	DeleteAttachment  bool `json:"delete_attachment"`

	kept
}

func (p *PortalPermissions) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p PortalPermissions) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// PortalField is a field a portal shows, maybe read only.
type PortalField struct {
	APIName  string `json:"api_name,omitempty"`
	ID       string `json:"id,omitempty"`
	ReadOnly bool   `json:"read_only"`

	kept
}

func (f *PortalField) UnmarshalJSON(b []byte) error { return decodeKept(b, f) }
func (f PortalField) MarshalJSON() ([]byte, error)  { return encodeKept(&f) }

// PortalMeta names a layout, a view or a filter of a module a portal
// shows; a layout has its DefaultView.
type PortalMeta struct {
	ID           string      `json:"id,omitempty"`
	APIName      string      `json:"api_name,omitempty"`
	Name         string      `json:"name,omitempty"`
	DisplayLabel string      `json:"display_label,omitempty"`
	Type         string      `json:"type,omitempty"`
	DefaultView  *PortalMeta `json:"_default_view,omitempty"`

	kept
}

func (m *PortalMeta) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m PortalMeta) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

var portalUserTypes = keyed[PortalType]{path: "settings/portals/{}/user_type", key: "user_type", what: "portal user type"}

// List returns the user types of the portal of this name (none: an empty
// slice); include names what to add to them, as Zoho takes it.
func (s *PortalUserTypesService) List(ctx context.Context, portal string, include ...string) ([]*PortalType, *Response, error) {
	return portalUserTypes.in(portal).list(ctx, s.client, query("include", strings.Join(include, ",")))
}

// Get returns the portal's user type with this id.
func (s *PortalUserTypesService) Get(ctx context.Context, portal, id string) (*PortalType, *Response, error) {
	return portalUserTypes.in(portal).get(ctx, s.client, id, nil)
}

// Create adds user types to the portal, each with a Name, a
// PersonalityModule and its Modules, and returns one result per type in
// input order.
func (s *PortalUserTypesService) Create(ctx context.Context, portal string, types ...*PortalType) ([]*ActionResult, *Response, error) {
	return portalUserTypes.in(portal).write(ctx, s.client, http.MethodPost, "", nil, types)
}

// Update changes the portal's user type with this id.
func (s *PortalUserTypesService) Update(ctx context.Context, portal, id string, t *PortalType) (*ActionResult, *Response, error) {
	return portalUserTypes.in(portal).writeOne(ctx, s.client, http.MethodPut, id, nil, t)
}

// Delete deletes the portal's user type with this id; Zoho refuses the
// default one and one that has users (move them with
// UserTypeUsers.Transfer first).
func (s *PortalUserTypesService) Delete(ctx context.Context, portal, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return portalUserTypes.in(portal).deleteOne(ctx, s.client, url.PathEscape(id), nil)
}
