package sdk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// ShiftHoursService manages the org's shifts (crm-oas group shift_hours,
// /settings/business_hours/shift_hours): working hours of groups of users
// that differ from the org's business hours, each with its breaks and
// holidays (Holidays keeps a shift's holidays). OAuth scope:
// ZohoCRM.settings.business_hours.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
type ShiftHoursService service

// ShiftHour is one shift. Fields without a Go field are kept in Extra.
type ShiftHour struct {
	ID       string   `json:"id,omitempty"`
	Name     string   `json:"name,omitempty"`
	TimeZone ZoneName `json:"timezone,omitempty"`
	// ShiftDays are the days the shift works (Monday...).
	ShiftDays []string `json:"shift_days,omitempty"`
	// SameAsEveryday: DailyTiming holds for every shift day; else each day
	// has its CustomTiming (ShiftTiming).
	SameAsEveryday *bool         `json:"same_as_everyday,omitempty"`
	DailyTiming    Timing        `json:"daily_timing,omitempty"`
	CustomTiming   []*DayTiming  `json:"custom_timing,omitempty"`
	BreakHours     []*BreakHours `json:"break_hours,omitempty"`
	// Users are those who work the shift, each from a date; UsersCount is
	// how many, which Zoho also gives to those who may not see them.
	Users      []*ShiftUser `json:"users,omitempty"`
	UsersCount int          `json:"users_count,omitempty"`
	Holidays   []*Holiday   `json:"holidays,omitempty"`

	kept
}

func (h *ShiftHour) UnmarshalJSON(b []byte) error { return decodeKept(b, h) }
func (h ShiftHour) MarshalJSON() ([]byte, error)  { return encodeKept(&h) }

// ZoneName is a time zone's IANA name ("Asia/Kolkata"). crm-oas's schema
// calls a shift's time zone an object, Zoho's answers a string: an object
// reads as no name.
type ZoneName string

func (z *ZoneName) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
	}
	*z = ZoneName(s)
	return nil
}

// BreakHours are the breaks of a shift.
type BreakHours struct {
	ID             string       `json:"id,omitempty"`
	BreakDays      []string     `json:"break_days,omitempty"`
	SameAsEveryday *bool        `json:"same_as_everyday,omitempty"`
	DailyTiming    Timing       `json:"daily_timing,omitempty"`
	CustomTiming   []*DayTiming `json:"custom_timing,omitempty"` // BreakTiming
	// Delete removes the break, on update.
	Delete bool `json:"_delete,omitempty"`

	kept
}

func (h *BreakHours) UnmarshalJSON(b []byte) error { return decodeKept(b, h) }
func (h BreakHours) MarshalJSON() ([]byte, error)  { return encodeKept(&h) }

// ShiftUser is a user who works a shift from EffectiveFrom (yyyy-mm-dd).
type ShiftUser struct {
	ID            string  `json:"id,omitempty"`
	Name          string  `json:"name,omitempty"`
	Email         string  `json:"email,omitempty"`
	ZUID          string  `json:"zuid,omitempty"`
	Role          *NameID `json:"role,omitempty"`
	EffectiveFrom string  `json:"effective_from,omitempty"`
	// Delete takes the user off the shift, on update.
	Delete bool `json:"_delete,omitempty"`

	kept
}

func (u *ShiftUser) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u ShiftUser) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// ShiftHours is an answer of ShiftHours.List or Get: shifts, and Zoho's
// counts of the org's shifts.
type ShiftHours struct {
	ShiftHours []*ShiftHour `json:"shift_hours"`
	ShiftCount *ShiftCount  `json:"shift_count,omitempty"`

	kept
}

func (h *ShiftHours) UnmarshalJSON(b []byte) error { return decodeKept(b, h) }
func (h ShiftHours) MarshalJSON() ([]byte, error)  { return encodeKept(&h) }

// ShiftCount counts the org's shifts, and those that have users.
type ShiftCount struct {
	TotalShift         int `json:"total_shift"`
	TotalShiftWithUser int `json:"total_shift_with_user"`

	kept
}

func (c *ShiftCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c ShiftCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

var shiftHours = keyed[ShiftHour]{path: "settings/business_hours/shift_hours", key: "shift_hours", what: "shift"}

// List returns the org's shifts (none: an empty ShiftHours) and their
// counts.
func (s *ShiftHoursService) List(ctx context.Context) (*ShiftHours, *Response, error) {
	return s.read(ctx, "")
}

// Get returns the shift with this id, as the one shift of a ShiftHours
// with the org's counts, the way Zoho answers it.
func (s *ShiftHoursService) Get(ctx context.Context, id string) (*ShiftHours, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	got, resp, err := s.read(ctx, url.PathEscape(id))
	if err == nil && len(got.ShiftHours) == 0 {
		err = noContent(shiftHours.what, id, shiftHours.path+"/"+id)
	}
	return got, resp, err
}

func (s *ShiftHoursService) read(ctx context.Context, sub string) (*ShiftHours, *Response, error) {
	var got ShiftHours
	resp, err := s.client.Do(ctx, shiftHours.request(http.MethodGet, sub, nil), &got)
	if err != nil {
		return nil, resp, err
	}
	if got.ShiftHours == nil {
		got.ShiftHours = []*ShiftHour{}
	}
	return &got, resp, nil
}

// Create adds shifts (each with a name, a time zone, its days and
// timing) and returns one result per shift in input order.
func (s *ShiftHoursService) Create(ctx context.Context, shifts ...*ShiftHour) ([]*ActionResult, *Response, error) {
	return shiftHours.write(ctx, s.client, http.MethodPost, "", nil, shifts)
}

// Update changes shifts, each named by its ID, and returns one result per
// shift in input order.
func (s *ShiftHoursService) Update(ctx context.Context, shifts ...*ShiftHour) ([]*ActionResult, *Response, error) {
	return shiftHours.write(ctx, s.client, http.MethodPut, "", nil, shifts)
}

// UpdateOne changes the shift with this id.
func (s *ShiftHoursService) UpdateOne(ctx context.Context, id string, h *ShiftHour) (*ActionResult, *Response, error) {
	return shiftHours.writeOne(ctx, s.client, http.MethodPut, id, nil, h)
}

// Delete deletes the shift with this id, and its holidays.
func (s *ShiftHoursService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return shiftHours.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}
