package sdk

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
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

	rawJSON
}

func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	if err := json.Unmarshal(b, (*plain)(u)); err != nil {
		return err
	}
	u.keep(b)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (u User) MarshalJSON() ([]byte, error) {
	type plain User
	return marshalWithExtra(plain(u), u.Extra())
}

// Extra returns the fields Zoho sent that User has no Go field for, as raw
// JSON.
func (u *User) Extra() map[string]json.RawMessage {
	return u.extra(reflect.TypeFor[User]())
}

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
	var page usersPage
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "users", Query: q}, &page)
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
