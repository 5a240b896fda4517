package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// HolidaysService manages the org's holidays (crm-oas group holidays,
// /settings/holidays): the business holidays of the org's business hours
// and the holidays of its shifts. OAuth scope: ZohoCRM.settings.holidays.ALL
// (or .READ, .CREATE, .UPDATE, .DELETE).
type HolidaysService service

// Holiday is a day the org, or one of its shifts, does not work. Fields
// without a Go field are kept in Extra.
type Holiday struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Date is yyyy-mm-dd.
	Date string `json:"date,omitempty"`
	// Type is BusinessHoliday or ShiftHoliday.
	Type string `json:"type,omitempty"`
	Year int    `json:"year,omitempty"`
	// ShiftHour is the shift of a shift holiday.
	ShiftHour *NameID `json:"shift_hour,omitempty"`

	kept
}

func (h *Holiday) UnmarshalJSON(b []byte) error { return decodeKept(b, h) }
func (h Holiday) MarshalJSON() ([]byte, error)  { return encodeKept(&h) }

// The types of holidays.
const (
	BusinessHoliday = "business_holiday"
	ShiftHoliday    = "shift_holiday"
)

// NameID names something by id, with its name as Zoho shows it.
type NameID struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// HolidayListOptions filters Holidays.List and All.
type HolidayListOptions struct {
	Year    int    // the year's holidays; this year's when 0
	Type    string // BusinessHoliday or ShiftHoliday; both when empty
	ShiftID string // one shift's holidays
	ListOptions
}

func (o *HolidayListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("year", itoa(o.Year), "type", o.Type, "shift_id", o.ShiftID)
}

var holidays = keyed[Holiday]{path: "settings/holidays", key: "holidays", what: "holiday"}

// List returns one page of holidays (none is an empty slice).
func (s *HolidaysService) List(ctx context.Context, opts *HolidayListOptions) ([]*Holiday, *Response, error) {
	return holidays.list(ctx, s.client, opts.values())
}

// All iterates over the holidays of every page.
func (s *HolidaysService) All(ctx context.Context, opts *HolidayListOptions) iter.Seq2[*Holiday, error] {
	return holidays.all(ctx, s.client, opts.values())
}

// Get returns the holiday with this id.
func (s *HolidaysService) Get(ctx context.Context, id string) (*Holiday, *Response, error) {
	return holidays.get(ctx, s.client, id, nil)
}

// Create adds holidays (each with a name, a date and a type; a shift
// holiday with its shift) and returns one result per holiday in input
// order.
func (s *HolidaysService) Create(ctx context.Context, hs ...*Holiday) ([]*ActionResult, *Response, error) {
	return holidays.write(ctx, s.client, http.MethodPost, "", nil, hs)
}

// Update changes holidays, each named by its ID, and returns one result
// per holiday in input order.
func (s *HolidaysService) Update(ctx context.Context, hs ...*Holiday) ([]*ActionResult, *Response, error) {
	return holidays.write(ctx, s.client, http.MethodPut, "", nil, hs)
}

// UpdateOne changes the holiday with this id.
func (s *HolidaysService) UpdateOne(ctx context.Context, id string, h *Holiday) (*ActionResult, *Response, error) {
	return holidays.writeOne(ctx, s.client, http.MethodPut, id, nil, h)
}

// Delete deletes the holiday with this id.
func (s *HolidaysService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return holidays.deleteOne(ctx, s.client, id, nil)
}
