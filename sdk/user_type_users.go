package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// UserTypeUsersService manages the people of a portal's user type (crm-oas
// group user_type_users,
// settings/portals/{portal}/user_type/{user_type_id}/users): contacts
// (or records of another module) invited to a client portal, each named
// by a personality id. Results name the user in Details["personality_id"].
// OAuth scope: ZohoCRM.settings.clientportal.ALL (or .READ, .UPDATE,
// .DELETE).
type UserTypeUsersService service

// PortalUser is a person of a portal's user type. Fields without a Go
// field are kept in Extra.
type PortalUser struct {
	PersonalityID string    `json:"personality_id,omitempty"`
	Name          string    `json:"name,omitempty"`
	Email         string    `json:"email,omitempty"`
	Module        string    `json:"module,omitempty"` // the module of the user's record, such as Contacts
	Active        bool      `json:"active"`
	Confirm       bool      `json:"confirm"` // whether they accepted the invitation
	InvitedTime   time.Time `json:"invited_time,omitzero"`
	// StatusReason says why a user was disabled.
	StatusReason string `json:"status_reason__s,omitempty"`

	kept
}

func (u *PortalUser) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u PortalUser) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// PortalUserType selects portal users by state.
type PortalUserType string

// The portal user types Zoho takes.
const (
	PortalAllUsers             PortalUserType = "AllUsers"
	PortalAllActiveUsers       PortalUserType = "AllActiveUsers"
	PortalActiveUsers          PortalUserType = "ActiveUsers"
	PortalDeactiveUsers        PortalUserType = "DeactiveUsers"
	PortalNotConfirmedUsers    PortalUserType = "NotConfirmedUsers"
	PortalConfirmedUsers       PortalUserType = "ConfirmedUsers"
	PortalActiveConfirmedUsers PortalUserType = "ActiveConfirmedUsers"
)

// PortalUserListOptions filters and pages UserTypeUsers.List.
type PortalUserListOptions struct {
	Type PortalUserType // PortalAllUsers when empty (Zoho requires one)
	// Filters selects by status_reason__s (equal, not_equal).
	Filters *Criteria
	ListOptions
}

func (o *PortalUserListOptions) values() url.Values {
	typ := PortalAllUsers
	var lo ListOptions
	var filters string
	if o != nil {
		if o.Type != "" {
			typ = o.Type
		}
		lo, filters = o.ListOptions, filtersParam(o.Filters)
	}
	return lo.with("type", string(typ), "filters", filters)
}

var portalUsers = keyed[PortalUser]{path: "settings/portals/{}/user_type/{}/users", key: "users", what: "portal user"}

// List returns one page of the user type's users (none is an empty
// slice).
func (s *UserTypeUsersService) List(ctx context.Context, portal, userTypeID string, opts *PortalUserListOptions) ([]*PortalUser, *Response, error) {
	return portalUsers.in(portal, userTypeID).list(ctx, s.client, opts.values())
}

// All iterates over the user type's users, page by page.
func (s *UserTypeUsersService) All(ctx context.Context, portal, userTypeID string, opts *PortalUserListOptions) iter.Seq2[*PortalUser, error] {
	return portalUsers.in(portal, userTypeID).all(ctx, s.client, opts.values())
}

// Delete deletes users from the portal (DELETE ...users?personality_ids=,
// 100 a call), one result per user in input order.
func (s *UserTypeUsersService) Delete(ctx context.Context, portal, userTypeID string, personalityIDs ...string) ([]*ActionResult, *Response, error) {
	return portalUsers.in(portal, userTypeID).idsCall(ctx, s.client, http.MethodDelete, "", "personality_ids", nil, MaxRecordsPerWrite, personalityIDs)
}

// Transfer moves users to another user type of the portal (POST
// ...users/action/transfer?transfer_To=&personality_ids=), one result per
// user in input order.
func (s *UserTypeUsersService) Transfer(ctx context.Context, portal, userTypeID, toUserTypeID string, personalityIDs ...string) ([]*ActionResult, *Response, error) {
	if err := requireID("toUserTypeID", toUserTypeID); err != nil {
		return nil, nil, err
	}
	return portalUsers.in(portal, userTypeID).idsCall(ctx, s.client, http.MethodPost, "action/transfer", "personality_ids", url.Values{"transfer_To": {toUserTypeID}}, MaxRecordsPerWrite, personalityIDs)
}

// ChangeStatus activates (active true) or deactivates a user of the
// portal (PUT ...users/{personality_id}/actions/change_status?active=).
func (s *UserTypeUsersService) ChangeStatus(ctx context.Context, portal, userTypeID, personalityID string, active bool) (*ActionResult, *Response, error) {
	if err := requireID("personalityID", personalityID); err != nil {
		return nil, nil, err
	}
	k := keyed[PortalUser]{path: portalUsers.path + "/{}/actions/change_status", key: "change_status", what: portalUsers.what}.in(portal, userTypeID, personalityID)
	return k.action(ctx, s.client, http.MethodPut, "", url.Values{"active": {strconv.FormatBool(active)}}, nil)
}
