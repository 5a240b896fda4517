package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// BusinessHoursService manages the org's business hours (crm-oas group
// business_hours, /settings/business_hours): the days and hours it works,
// which Zoho's SLAs, escalations and reports count in. An org has one
// set, made with Create and changed with Update. OAuth scope:
// ZohoCRM.settings.business_hours.ALL (or .READ, .CREATE, .UPDATE);
// crm-oas names another scope here.
type BusinessHoursService service

// BusinessHours are the days and hours the org works. Fields without a Go
// field are kept in Extra.
type BusinessHours struct {
	ID string `json:"id,omitempty"`
	// Type is BusinessHours24x7, BusinessHours24x5 or CustomBusinessHours.
	Type         string   `json:"type,omitempty"`
	WeekStartsOn string   `json:"week_starts_on,omitempty"` // Monday...
	BusinessDays []string `json:"business_days,omitempty"`
	// SameAsEveryday: DailyTiming holds for every business day; else each
	// day has its CustomTiming.
	SameAsEveryday *bool        `json:"same_as_everyday,omitempty"`
	DailyTiming    Timing       `json:"daily_timing,omitempty"`
	CustomTiming   []*DayTiming `json:"custom_timing,omitempty"`

	kept
}

func (h *BusinessHours) UnmarshalJSON(b []byte) error { return decodeKept(b, h) }
func (h BusinessHours) MarshalJSON() ([]byte, error)  { return encodeKept(&h) }

// The types of business hours.
const (
	BusinessHours24x7   = "24_by_7"
	BusinessHours24x5   = "24_by_5"
	CustomBusinessHours = "custom"
)

// Timing is a span of a day as Zoho writes it: its start and its end,
// "HH:mm" ("09:00", "17:30").
type Timing []string

// UnmarshalJSON reads Zoho's list of times. Items that are not text, as
// crm-oas's schema for shifts has them (objects), carry no time and are
// left out.
func (t *Timing) UnmarshalJSON(b []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	out := make(Timing, 0, len(items))
	for _, item := range items {
		var s string
		if bytes.HasPrefix(bytes.TrimSpace(item), []byte(`"`)) && json.Unmarshal(item, &s) == nil {
			out = append(out, s)
		}
	}
	*t = out
	return nil
}

// DayTiming is the timing of one day: of the business, of a shift or of
// a break, as the key Zoho sends it under says.
type DayTiming struct {
	Days           string `json:"days,omitempty"` // Monday...
	BusinessTiming Timing `json:"business_timing,omitempty"`
	ShiftTiming    Timing `json:"shift_timing,omitempty"`
	BreakTiming    Timing `json:"break_timing,omitempty"`

	kept
}

func (d *DayTiming) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d DayTiming) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

var businessHours = keyed[BusinessHours]{path: "settings/business_hours", key: "business_hours", what: "business hours"}

// Get returns the org's business hours; an org without any is an error
// whose code is NO_CONTENT.
func (s *BusinessHoursService) Get(ctx context.Context) (*BusinessHours, *Response, error) {
	return businessHours.one(ctx, s.client, nil)
}

// Create sets the org's business hours; an org that has them is refused
// (NOT_ALLOWED).
func (s *BusinessHoursService) Create(ctx context.Context, h *BusinessHours) (*ActionResult, *Response, error) {
	return businessHours.writeObject(ctx, s.client, http.MethodPost, nil, h)
}

// Update changes the org's business hours.
func (s *BusinessHoursService) Update(ctx context.Context, h *BusinessHours) (*ActionResult, *Response, error) {
	return businessHours.writeObject(ctx, s.client, http.MethodPut, nil, h)
}
