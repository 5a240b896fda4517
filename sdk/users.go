package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// UsersService reads and manages the org's users (/users).
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
	Confirm   bool    `json:"confirm,omitempty"`
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
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	var page usersPage
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "users/" + url.PathEscape(id)}, &page)
	if err != nil {
		return nil, resp, err
	}
	if len(page.Users) == 0 {
		return nil, resp, &APIError{StatusCode: http.StatusNotFound, Code: "NO_CONTENT", Message: "no user with id " + id, Method: http.MethodGet, Path: "/users/" + id}
	}
	return page.Users[0], resp, nil
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
