package sdk

import (
	"context"
	"net/http"
	"time"
)

// PortalsService manages the org's client portals (crm-oas group portals,
// settings/portals), each named by its name (6 to 30 characters), and
// what a portal's user type may show (Meta, crm-oas group portals_meta).
// A portal's user types are PortalUserTypes', its users UserTypeUsers',
// and records are invited to it by PortalInvites. OAuth scope:
// ZohoCRM.settings.clientportal.ALL (or .READ, .CREATE, .UPDATE).
type PortalsService service

// Portal is a client portal. Fields without a Go field are kept in Extra.
type Portal struct {
	Name string `json:"name,omitempty"`
	// Active: whether the portal is on; nil leaves it as it is on update.
	Active       *bool     `json:"active,omitempty"`
	ZAID         string    `json:"zaid,omitempty"`
	CreatedBy    *Lookup   `json:"created_by,omitempty"`
	CreatedTime  time.Time `json:"created_time,omitzero"`
	ModifiedBy   *Lookup   `json:"modified_by,omitempty"`
	ModifiedTime time.Time `json:"modified_time,omitzero"`

	kept
}

func (p *Portal) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p Portal) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

var portals = keyed[Portal]{path: "settings/portals", key: "portals", what: "portal"}

// List returns the org's portals (none: an empty slice).
func (s *PortalsService) List(ctx context.Context) ([]*Portal, *Response, error) {
	return portals.list(ctx, s.client, nil)
}

// Get returns the portal of this name.
func (s *PortalsService) Get(ctx context.Context, name string) (*Portal, *Response, error) {
	return portals.get(ctx, s.client, name, nil)
}

// Create adds portals, each with its Name, and returns one result per
// portal in input order (Details["name"] names it). Each comes with a
// default user type.
func (s *PortalsService) Create(ctx context.Context, ps ...*Portal) ([]*ActionResult, *Response, error) {
	return portals.write(ctx, s.client, http.MethodPost, "", nil, ps)
}

// Update renames the portal of this name (p.Name) or turns it on or off
// (p.Active); its user types and users follow a new name.
func (s *PortalsService) Update(ctx context.Context, name string, p *Portal) (*ActionResult, *Response, error) {
	return portals.writeOne(ctx, s.client, http.MethodPut, name, nil, p)
}
