package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// UsersUnavailabilityService manages when users are away (crm-oas group
// users_unavailability, settings/users_unavailability): an admin sees
// everyone's unavailability, other users their own. OAuth scope:
// ZohoCRM.settings.users_unavailability.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
type UsersUnavailabilityService service

// Unavailability is a time a user is away. Fields without a Go field are
// kept in Extra.
type Unavailability struct {
	ID       string    `json:"id,omitempty"`
	From     time.Time `json:"from,omitzero"`
	To       time.Time `json:"to,omitzero"` // after From
	AllDay   *bool     `json:"all_day,omitempty"`
	Title    string    `json:"title,omitempty"`
	Comments string    `json:"comments,omitempty"` // shown to other users, 250 characters at most
	// User is who is away: give their ID.
	User *UserRef `json:"user,omitempty"`
	// Service, TPCalendarID and TPEventID name the calendar an
	// unavailability was synced from.
	Service      string `json:"service,omitempty"`
	TPCalendarID string `json:"tp_calendar_id,omitempty"`
	TPEventID    string `json:"tp_event_id,omitempty"`

	kept
}

func (u *Unavailability) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u Unavailability) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// UserRef names a user by id and name, with the ZUID (their Zoho account)
// where Zoho gives it.
type UserRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	ZUID string `json:"zuid,omitempty"`
	kept
}

func (u *UserRef) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u UserRef) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// UnavailabilityListOptions filters UsersUnavailability.List and Get.
type UnavailabilityListOptions struct {
	// The users of these groups, roles and territories only.
	GroupIDs, RoleIDs, TerritoryIDs []string
	// IncludeZUID adds each user's ZUID.
	IncludeZUID bool
	// Filters selects by the time away: a condition on from or to
	// (equal, not_equal, between, greater_than, greater_equal, less_than,
	// less_equal), or a group of them.
	Filters *Criteria
	ListOptions
}

func (o *UnavailabilityListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	include := ""
	if o.IncludeZUID {
		include = "user.zuid"
	}
	return o.with("group_ids", strings.Join(o.GroupIDs, ","), "role_ids", strings.Join(o.RoleIDs, ","),
		"territory_ids", strings.Join(o.TerritoryIDs, ","), "include_inner_details", include, "filters", filtersParam(o.Filters))
}

var unavailabilities = keyed[Unavailability]{path: "settings/users_unavailability", key: "users_unavailability", what: "unavailability"}

// List returns one page of unavailabilities (none is an empty slice).
func (s *UsersUnavailabilityService) List(ctx context.Context, opts *UnavailabilityListOptions) ([]*Unavailability, *Response, error) {
	return unavailabilities.list(ctx, s.client, opts.values())
}

// All iterates over the unavailabilities of every page.
func (s *UsersUnavailabilityService) All(ctx context.Context, opts *UnavailabilityListOptions) iter.Seq2[*Unavailability, error] {
	return unavailabilities.all(ctx, s.client, opts.values())
}

// Get returns the unavailability with this id (opts: IncludeZUID and
// Filters apply).
func (s *UsersUnavailabilityService) Get(ctx context.Context, id string, opts *UnavailabilityListOptions) (*Unavailability, *Response, error) {
	return unavailabilities.get(ctx, s.client, id, opts.values())
}

// Create marks users away, each entry with From, To and User, and returns
// one result per entry in input order.
func (s *UsersUnavailabilityService) Create(ctx context.Context, us ...*Unavailability) ([]*ActionResult, *Response, error) {
	for i, u := range us {
		if u == nil || u.User == nil || u.User.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("unavailabilities[%d].User", i), Problem: "names no user; set User.ID"}
		}
		if u.From.IsZero() || u.To.IsZero() {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("unavailabilities[%d]", i), Problem: "needs From and To"}
		}
	}
	return unavailabilities.write(ctx, s.client, http.MethodPost, "", nil, us)
}

// Update changes unavailabilities, each named by its ID (the fields set
// are sent), and returns one result per entry in input order.
func (s *UsersUnavailabilityService) Update(ctx context.Context, us ...*Unavailability) ([]*ActionResult, *Response, error) {
	for i, u := range us {
		if u == nil {
			continue // refused by write
		}
		if err := requireID(fmt.Sprintf("unavailabilities[%d].ID", i), u.ID); err != nil {
			return nil, nil, err
		}
	}
	return unavailabilities.write(ctx, s.client, http.MethodPut, "", nil, us)
}

// UpdateOne changes the unavailability with this id.
func (s *UsersUnavailabilityService) UpdateOne(ctx context.Context, id string, u *Unavailability) (*ActionResult, *Response, error) {
	return unavailabilities.writeOne(ctx, s.client, http.MethodPut, id, nil, u)
}

// Delete deletes the unavailability with this id.
func (s *UsersUnavailabilityService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return unavailabilities.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}
