package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// UsersService reads and manages the org's users (crm-oas group users,
// /users; the transfer of a user's records before deleting them is in
// users_transfer_delete.go, a user's territories in users_territories.go).
// OAuth scope: ZohoCRM.users.ALL (or .READ, .CREATE, .UPDATE, .DELETE).
type UsersService service

// User is a CRM user. Fields without a Go field are kept in Extra.
type User struct {
	ID        string  `json:"id,omitempty"`
	ZUID      string  `json:"zuid,omitempty"`
	Email     string  `json:"email,omitempty"`
	FirstName string  `json:"first_name,omitempty"`
	LastName  string  `json:"last_name,omitempty"`
	FullName  string  `json:"full_name,omitempty"`
	Alias     string  `json:"alias,omitempty"`
	Status    string  `json:"status,omitempty"`
	Confirm   *bool   `json:"confirm,omitempty"` // false while an invited user has not accepted
	Role      *Lookup `json:"role,omitempty"`
	Profile   *Lookup `json:"profile,omitempty"`
	Phone     string  `json:"phone,omitempty"`
	Mobile    string  `json:"mobile,omitempty"`
	TimeZone  string  `json:"time_zone,omitempty"`
	Locale    string  `json:"locale,omitempty"`
	Country   string  `json:"country,omitempty"`
	Language  string  `json:"language,omitempty"`

	kept
}

func (u *User) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u User) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// UserType filters Users.List.
type UserType string

// The user types Zoho accepts.
const (
	AllUsers              UserType = "AllUsers"
	ActiveUsers           UserType = "ActiveUsers"
	DeactiveUsers         UserType = "DeactiveUsers"
	ConfirmedUsers        UserType = "ConfirmedUsers"
	NotConfirmedUsers     UserType = "NotConfirmedUsers"
	DeletedUsers          UserType = "DeletedUsers"
	ActiveConfirmedUsers  UserType = "ActiveConfirmedUsers"
	AdminUsers            UserType = "AdminUsers"
	ActiveConfirmedAdmins UserType = "ActiveConfirmedAdmins"
	CurrentUser           UserType = "CurrentUser"
)

// ListOptions pages through a list: Page from 1, PerPage up to 200.
type ListOptions struct {
	Page    int
	PerPage int
}

func (o ListOptions) encode(q url.Values) {
	if o.Page > 0 {
		q.Set("page", strconv.Itoa(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", strconv.Itoa(o.PerPage))
	}
}

// UserListOptions filters Users.List.
type UserListOptions struct {
	Type UserType // AllUsers when empty
	ListOptions
}

type usersPage struct {
	Users []*User   `json:"users"`
	Info  *PageInfo `json:"info"`
}

// List returns one page of users of a type. An empty page is an empty
// slice, not an error.
func (s *UsersService) List(ctx context.Context, opts *UserListOptions) ([]*User, *Response, error) {
	if opts == nil {
		opts = &UserListOptions{}
	}
	q := url.Values{}
	typ := opts.Type
	if typ == "" {
		typ = AllUsers
	}
	q.Set("type", string(typ))
	opts.ListOptions.encode(q)
	return s.page(ctx, &Request{Method: http.MethodGet, Path: "users", Query: q})
}

// page sends req for a page of users and returns them (an empty slice for
// none), the paging in Response.Info.
func (s *UsersService) page(ctx context.Context, req *Request) ([]*User, *Response, error) {
	var page usersPage
	resp, err := s.client.Do(ctx, req, &page)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = page.Info
	if page.Users == nil {
		page.Users = []*User{}
	}
	return page.Users, resp, nil
}

// All iterates over every user of a type, page by page.
func (s *UsersService) All(ctx context.Context, opts *UserListOptions) iter.Seq2[*User, error] {
	o := UserListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*User, *Response, error) {
		o.ListOptions = lo
		return s.List(ctx, &o)
	})
}

// Current returns the user the client calls for.
func (s *UsersService) Current(ctx context.Context) (*User, *Response, error) {
	users, resp, err := s.List(ctx, &UserListOptions{Type: CurrentUser})
	if err != nil {
		return nil, resp, err
	}
	if len(users) == 0 {
		return nil, resp, &APIError{StatusCode: resp.StatusCode, Code: "NO_CONTENT", Message: "Zoho returned no current user", Method: http.MethodGet, Path: "/users"}
	}
	return users[0], resp, nil
}

// Get returns the user with the given id.
func (s *UsersService) Get(ctx context.Context, id string) (*User, *Response, error) {
	return usersKeyed.get(ctx, s.client, id, nil)
}

type usersWrite struct {
	Users []*User `json:"users"`
}

// Create adds a user (POST users); Zoho takes one a call and invites them
// by email, so the new user is not confirmed until they accept. Email,
// LastName, Role and Profile (by ID, or by Name) are required and checked
// before sending. The result's ID is the new user's id; a user Zoho
// refuses is returned as a *RecordError (errors.Is with ErrDuplicateData
// for a taken email).
func (s *UsersService) Create(ctx context.Context, u *User) (*ActionResult, *Response, error) {
	if err := checkNewUser(u); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodPost, Path: "users", Body: usersWrite{Users: []*User{u}}}
	return single(s.client.keyedWrite(ctx, req, "users", 1))
}

func checkNewUser(u *User) error {
	switch {
	case u == nil:
		return &ValidationError{Field: "user", Problem: "is nil"}
	case u.ID != "":
		return &ValidationError{Field: "user", Problem: "has an id (" + u.ID + "); use Update for existing users"}
	case strings.TrimSpace(u.Email) == "":
		return &ValidationError{Field: "user.Email", Problem: "is empty; Zoho invites the new user at this address"}
	case strings.TrimSpace(u.LastName) == "":
		return &ValidationError{Field: "user.LastName", Problem: "is empty"}
	case u.Role == nil || (u.Role.ID == "" && u.Role.Name == ""):
		return &ValidationError{Field: "user.Role", Problem: "is not set; give a role's ID (Roles.List shows them)"}
	case u.Profile == nil || (u.Profile.ID == "" && u.Profile.Name == ""):
		return &ValidationError{Field: "user.Profile", Problem: "is not set; give a profile's ID (Profiles.List shows them)"}
	}
	return nil
}

// Update changes the user u.ID (PUT users/{id}). Every field set in u is
// sent, extra fields included, so build a User holding only what changes:
//
//	client.Users.Update(ctx, &sdk.User{ID: id, Phone: "555 0100"})
//
// Zoho refuses some fields (created_by, a confirmed user's email); a
// refused update is returned as a *RecordError.
func (s *UsersService) Update(ctx context.Context, u *User) (*ActionResult, *Response, error) {
	if u == nil {
		return nil, nil, &ValidationError{Field: "user", Problem: "is nil"}
	}
	if err := requireID("user.ID", u.ID); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodPut, Path: "users/" + url.PathEscape(u.ID), Body: usersWrite{Users: []*User{u}}}
	return single(s.client.keyedWrite(ctx, req, "users", 1))
}

// Delete deletes the user with this id (DELETE users/{id}). Zoho keeps the
// user, listed as DeletedUsers.
func (s *UsersService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodDelete, Path: "users/" + url.PathEscape(id)}
	return single(s.client.keyedWrite(ctx, req, "users", 1))
}

// UserSearchOptions narrows Users.Search to a type of users and pages it.
type UserSearchOptions struct {
	Type UserType // AllUsers when empty
	ListOptions
}

// Search returns one page of the users matching criteria, in the syntax of
// record search: (email:equals:p.boyle@zylker.com), conditions joined with
// and/or. No match is an empty slice.
func (s *UsersService) Search(ctx context.Context, criteria string, opts *UserSearchOptions) ([]*User, *Response, error) {
	if strings.TrimSpace(criteria) == "" {
		return nil, nil, &ValidationError{Field: "criteria", Problem: "is empty; give one such as (email:equals:someone@example.com)"}
	}
	if opts == nil {
		opts = &UserSearchOptions{}
	}
	q := url.Values{"criteria": {criteria}}
	if opts.Type != "" {
		q.Set("type", string(opts.Type))
	}
	opts.ListOptions.encode(q)
	return s.page(ctx, &Request{Method: http.MethodGet, Path: "users/search", Query: q})
}

// SearchAll iterates over every user matching criteria, page by page.
func (s *UsersService) SearchAll(ctx context.Context, criteria string, opts *UserSearchOptions) iter.Seq2[*User, error] {
	o := UserSearchOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*User, *Response, error) {
		o.ListOptions = lo
		return s.Search(ctx, criteria, &o)
	})
}

// UpdateMany changes users, each named by its ID, with one PUT users call
// per 100 (Zoho's v7 documents took one user a call; v8 takes a list), and
// returns one result per user in input order. As with Update, build each
// User with only what changes. OAuth scope: ZohoCRM.users.UPDATE.
func (s *UsersService) UpdateMany(ctx context.Context, users ...*User) ([]*ActionResult, *Response, error) {
	for i, u := range users {
		if u == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("users[%d]", i), Problem: "is nil"}
		}
		if err := requireID(fmt.Sprintf("users[%d].ID", i), u.ID); err != nil {
			return nil, nil, err
		}
	}
	return usersKeyed.write(ctx, s.client, http.MethodPut, "", nil, users)
}

// usersKeyed is /users as a keyed resource, for the calls that fit the
// shape.
var usersKeyed = keyed[User]{path: "users", key: "users", what: "user"}

// Count returns how many users of a type the org has (GET
// users/actions/count; every user but the deleted ones when typ is "").
// Zoho writes the count as a number or as digits. OAuth scope:
// ZohoCRM.users.READ.
func (s *UsersService) Count(ctx context.Context, typ UserType) (int, *Response, error) {
	var body struct {
		Count json.RawMessage `json:"count"`
	}
	req := &Request{Method: http.MethodGet, Path: "users/actions/count", Query: query("type", string(typ))}
	resp, err := s.client.Do(ctx, req, &body)
	if err != nil {
		return 0, resp, err
	}
	n, err := strconv.Atoi(jsonText(body.Count))
	if err != nil {
		return 0, resp, fmt.Errorf("zcrm: user count: Zoho's count %s is not a number", body.Count)
	}
	return n, resp, nil
}

// AssociatedGroupsOptions pages Users.AssociatedGroups.
type AssociatedGroupsOptions struct {
	// IncludeSourcesCount adds each group's count of members by kind.
	IncludeSourcesCount bool
	ListOptions
}

func (o *AssociatedGroupsOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("include", includeSourcesCount(o.IncludeSourcesCount))
}

// AssociatedGroups returns one page of the user groups the user with this
// id belongs to (GET users/{id}/actions/associated_groups; none is an
// empty slice). OAuth scopes: ZohoCRM.users.READ and
// ZohoCRM.settings.user_groups.READ.
func (s *UsersService) AssociatedGroups(ctx context.Context, userID string, opts *AssociatedGroupsOptions) ([]*UserGroup, *Response, error) {
	return associatedGroups.in(userID).list(ctx, s.client, opts.values())
}

// AllAssociatedGroups iterates over the groups of the user with this id,
// page by page.
func (s *UsersService) AllAssociatedGroups(ctx context.Context, userID string, opts *AssociatedGroupsOptions) iter.Seq2[*UserGroup, error] {
	return associatedGroups.in(userID).all(ctx, s.client, opts.values())
}

var associatedGroups = keyed[UserGroup]{path: "users/{}/actions/associated_groups", key: "user_groups", what: "user group"}
