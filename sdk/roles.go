package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// RolesService reads and changes the org's role hierarchy (crm-oas group
// roles, /settings/roles). OAuth scope: ZohoCRM.settings.roles.ALL (or
// .READ, .CREATE, .UPDATE, .DELETE).
type RolesService service

// Role is a role in the org's hierarchy. Fields without a Go field are
// kept in Extra.
type Role struct {
	ID           string `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	DisplayLabel string `json:"display_label,omitempty"`
	APIName      string `json:"api_name,omitempty"`
	Description  string `json:"description,omitempty"`
	// ReportingTo is the role above this one; nil for the top role.
	ReportingTo     *Lookup `json:"reporting_to,omitempty"`
	AdminUser       bool    `json:"admin_user,omitempty"`
	ShareWithPeers  *bool   `json:"share_with_peers,omitempty"`
	ForecastManager *Lookup `json:"forecast_manager,omitempty"`

	kept
}

func (r *Role) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r Role) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

type rolesAnswer struct {
	Roles []*Role `json:"roles"`
}

// List returns the org's roles.
func (s *RolesService) List(ctx context.Context) ([]*Role, *Response, error) {
	var answer rolesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/roles"}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Roles == nil {
		answer.Roles = []*Role{}
	}
	return answer.Roles, resp, nil
}

// Get returns the role with this id.
func (s *RolesService) Get(ctx context.Context, id string) (*Role, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/roles/" + url.PathEscape(id)
	var answer rolesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Roles) == 0 {
		return nil, resp, noContent("role", id, path)
	}
	return answer.Roles[0], resp, nil
}

var rolesKeyed = keyed[Role]{path: "settings/roles", key: "roles", what: "role"}

// Create adds roles, each with a name and the role it reports to
// (ReportingTo, by id), and returns one result per role in input order; a
// result's ID is the new role's.
func (s *RolesService) Create(ctx context.Context, roles ...*Role) ([]*ActionResult, *Response, error) {
	return rolesKeyed.write(ctx, s.client, http.MethodPost, "", nil, roles)
}

// Update changes roles, each named by its ID, and returns one result per
// role in input order.
func (s *RolesService) Update(ctx context.Context, roles ...*Role) ([]*ActionResult, *Response, error) {
	return rolesKeyed.write(ctx, s.client, http.MethodPut, "", nil, roles)
}

// UpdateOne changes the role with this id.
func (s *RolesService) UpdateOne(ctx context.Context, id string, r *Role) (*ActionResult, *Response, error) {
	return rolesKeyed.writeOne(ctx, s.client, http.MethodPut, id, nil, r)
}

// Delete deletes the role with this id; its users, and the roles that
// report to it, move to the role transferToID.
func (s *RolesService) Delete(ctx context.Context, id, transferToID string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("transferToID", transferToID); err != nil {
		return nil, nil, err
	}
	return rolesKeyed.deleteOne(ctx, s.client, url.PathEscape(id), url.Values{"transfer_to_id": {transferToID}})
}
