package sdk

import "time"

// The reschedule history of appointments (crm-oas group
// reschedule_history, Appointments_Rescheduled_History__s): one record
// per appointment moved. Client.RescheduleHistory reads and writes them as
// RescheduledAppointment values (list, all, get, create, update, update
// one, delete; see TypedRecords). OAuth scope:
// ZohoCRM.modules.Appointments_Rescheduled_History__s.ALL (or
// ZohoCRM.modules.ALL, or .READ, .CREATE, .UPDATE, .DELETE).

// RescheduleHistoryModule is the API name of the module.
const RescheduleHistoryModule = "Appointments_Rescheduled_History__s"

// RescheduledAppointment is an appointment moved from one time to
// another. Fields without a Go field ($-properties...) are kept in Extra.
type RescheduledAppointment struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"Name,omitempty"`
	// Appointment is the appointment moved (Appointment_Name).
	Appointment     *Lookup   `json:"Appointment_Name,omitempty"`
	RescheduledFrom time.Time `json:"Rescheduled_From,omitzero"`
	RescheduledTo   time.Time `json:"Rescheduled_To,omitzero"`
	// RescheduledTime is when it was moved, and RescheduledBy who did.
	RescheduledTime time.Time `json:"Rescheduled_Time,omitzero"`
	RescheduledBy   *Lookup   `json:"Rescheduled_By,omitempty"`
	Reason          string    `json:"Reschedule_Reason,omitempty"`
	Note            string    `json:"Reschedule_Note,omitempty"`
	CreatedBy       *Lookup   `json:"Created_By,omitempty" zcrm:"readonly"`
	ModifiedBy      *Lookup   `json:"Modified_By,omitempty" zcrm:"readonly"`
	CreatedTime     time.Time `json:"Created_Time,omitzero" zcrm:"readonly"`
	ModifiedTime    time.Time `json:"Modified_Time,omitzero" zcrm:"readonly"`

	kept
}

func (r *RescheduledAppointment) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r RescheduledAppointment) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }
