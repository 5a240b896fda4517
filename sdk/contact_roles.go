package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// ContactRolesService manages the roles a contact can play in a deal
// (crm-oas group contact_roles, /Contacts/roles): Purchasing, Evaluator...
// A deal's contacts each carry one of them (Deals' Contact_Roles related
// list). OAuth scope: ZohoCRM.settings.contact_roles.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE).
type ContactRolesService service

// ContactRole is a role a contact plays in a deal. Fields without a Go
// field are kept in Extra.
type ContactRole struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"` // unique, at most 50 characters
	// SequenceNumber is the role's place in Zoho's list (from 1).
	SequenceNumber int `json:"sequence_number,omitempty"`

	kept
}

func (r *ContactRole) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r ContactRole) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

var contactRoles = keyed[ContactRole]{path: "Contacts/roles", key: "contact_roles", what: "contact role"}

// List returns the org's contact roles (none is an empty slice).
func (s *ContactRolesService) List(ctx context.Context) ([]*ContactRole, *Response, error) {
	return contactRoles.list(ctx, s.client, nil)
}

// All iterates over the contact roles of every page.
func (s *ContactRolesService) All(ctx context.Context) iter.Seq2[*ContactRole, error] {
	return contactRoles.all(ctx, s.client, url.Values{})
}

// Get returns the contact role with this id.
func (s *ContactRolesService) Get(ctx context.Context, id string) (*ContactRole, *Response, error) {
	return contactRoles.get(ctx, s.client, id, nil)
}

// Create adds contact roles (each with a name) and returns one result per
// role in input order.
func (s *ContactRolesService) Create(ctx context.Context, roles ...*ContactRole) ([]*ActionResult, *Response, error) {
	return contactRoles.write(ctx, s.client, http.MethodPost, "", nil, roles)
}

// Update changes contact roles, each named by its ID, and returns one
// result per role in input order.
func (s *ContactRolesService) Update(ctx context.Context, roles ...*ContactRole) ([]*ActionResult, *Response, error) {
	return contactRoles.write(ctx, s.client, http.MethodPut, "", nil, roles)
}

// UpdateOne changes the contact role with this id.
func (s *ContactRolesService) UpdateOne(ctx context.Context, id string, r *ContactRole) (*ActionResult, *Response, error) {
	return contactRoles.writeOne(ctx, s.client, http.MethodPut, id, nil, r)
}

// Delete deletes contact roles by id (?ids=, in batches of 100) and
// returns one result per id in input order.
func (s *ContactRolesService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return contactRoles.idsCall(ctx, s.client, http.MethodDelete, "", "ids", nil, MaxRecordsPerWrite, ids)
}

// DeleteOne deletes the contact role with this id; a role a deal's
// contact plays is refused.
func (s *ContactRolesService) DeleteOne(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return contactRoles.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}

// A deal's contact roles are its Contact_Roles related list: contacts,
// each with the role (Contact_Role, a lookup of ContactRole) they play in
// the deal. OAuth scope: ZohoCRM.modules.deals.ALL (or .READ, .UPDATE).

// OfDeal returns one page of the contacts of the deal with this id that
// have a role in it, with the fields opts names (from v8 Zoho requires
// some; Contact_Role gives the role). None is an empty slice.
func (s *ContactRolesService) OfDeal(ctx context.Context, dealID string, opts *RelatedRecordsOptions) ([]Record, *Response, error) {
	return s.client.RelatedRecords.List(ctx, "Deals", dealID, "Contact_Roles", opts)
}

// SetForDeal gives the contact with this id the role roleID in the deal
// (PUT Deals/{id}/Contact_Roles/{contact_id}), adding the contact to the
// deal's contact roles if it is not there. A refusal is also the error.
func (s *ContactRolesService) SetForDeal(ctx context.Context, dealID, contactID, roleID string) (*ActionResult, *Response, error) {
	if err := requireID("roleID", roleID); err != nil {
		return nil, nil, err
	}
	return s.client.RelatedRecords.Update(ctx, "Deals", dealID, "Contact_Roles", contactID, Record{"Contact_Role": map[string]any{"id": roleID}})
}

// RemoveFromDeal takes the contact with this id off the deal's contact
// roles; both records stay.
func (s *ContactRolesService) RemoveFromDeal(ctx context.Context, dealID, contactID string) (*ActionResult, *Response, error) {
	return s.client.RelatedRecords.Delete(ctx, "Deals", dealID, "Contact_Roles", contactID)
}
