package sdk

import (
	"context"
	"net/http"
)

// AppointmentPreferenceService reads and sets the org's appointment
// preferences (crm-oas group appointment_preference,
// /settings/appointment_preferences): bookings outside business hours or
// service availability, the job sheet, and whether a completed appointment
// creates a deal (and how). OAuth scope: ZohoCRM.modules.appointments.ALL
// (or .READ, .UPDATE).
type AppointmentPreferenceService service

// AppointmentPreferences are the org's appointment preferences. Fields
// without a Go field are kept in Extra.
type AppointmentPreferences struct {
	ShowJobSheet                           *bool  `json:"show_job_sheet,omitempty"`
	WhenDurationExceeds                    string `json:"when_duration_exceeds,omitempty"`
	AllowBookingOutsideServiceAvailability *bool  `json:"allow_booking_outside_service_availability,omitempty"`
	AllowBookingOutsideBusinessHours       *bool  `json:"allow_booking_outside_businesshours,omitempty"`
	// WhenAppointmentCompleted is AppointmentCreatesDeal (which needs a
	// DealRecordConfiguration) or AppointmentCreatesNoDeal.
	WhenAppointmentCompleted string                   `json:"when_appointment_completed,omitempty"`
	DealRecordConfiguration  *DealRecordConfiguration `json:"deal_record_configuration,omitempty"`

	kept
}

func (p *AppointmentPreferences) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p AppointmentPreferences) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// What a completed appointment does.
const (
	AppointmentCreatesDeal   = "create_deal"
	AppointmentCreatesNoDeal = "do_not_create_deal"
)

// DealRecordConfiguration is the deal a completed appointment creates:
// its layout of Deals and the values of its fields.
type DealRecordConfiguration struct {
	ID            string              `json:"id,omitempty"`
	Layout        *Ref                `json:"layout,omitempty"`
	FieldMappings []*DealFieldMapping `json:"field_mappings,omitempty"`

	kept
}

func (d *DealRecordConfiguration) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d DealRecordConfiguration) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// DealFieldMapping gives a field of the deal a value: Value itself
// (Type "static") or the merge field it names (Type "merge_field").
type DealFieldMapping struct {
	Field *Ref   `json:"field,omitempty"`
	Type  string `json:"type,omitempty"`
	Value string `json:"value,omitempty"`

	kept
}

func (m *DealFieldMapping) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m DealFieldMapping) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

var appointmentPreferences = keyed[AppointmentPreferences]{path: "settings/appointment_preferences",
	key: "appointment_preferences", what: "appointment preferences"}

// Get returns the org's appointment preferences.
func (s *AppointmentPreferenceService) Get(ctx context.Context) (*AppointmentPreferences, *Response, error) {
	return appointmentPreferences.one(ctx, s.client, nil)
}

// Update changes the org's appointment preferences: the fields set in p
// replace those of the org.
func (s *AppointmentPreferenceService) Update(ctx context.Context, p *AppointmentPreferences) (*ActionResult, *Response, error) {
	return appointmentPreferences.writeObject(ctx, s.client, http.MethodPut, nil, p)
}
