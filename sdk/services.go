package sdk

import (
	"time"

	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// The Services module (crm-oas group services, Services__s): the
// services an org books appointments for. Client.Services reads and
// writes them as Service values (list, all, get, create, update, delete;
// see TypedRecords). OAuth scope: ZohoCRM.modules.services.ALL (or
// ZohoCRM.modules.ALL, or .READ, .CREATE, .UPDATE, .DELETE).

// ServicesModule is the API name of the Services module.
const ServicesModule = "Services__s"

// Service is a record of the Services module. Fields without a Go field
// (Members, Tax, $-properties...) are kept in Extra.
type Service struct {
	ID          string `json:"id,omitempty"`
	ServiceName string `json:"Service_Name,omitempty"`
	// Duration is how long the service takes, in minutes.
	Duration int `json:"Duration,omitempty"`
	// Price is exact, as Zoho writes it (crmtype.DecimalOf(25)).
	Price    crmtype.Decimal `json:"Price,omitzero"`
	Location string          `json:"Location,omitempty"`
	Status   string          `json:"Status,omitempty"`
	// AvailabilityType, AvailableDays and the dates say when the service
	// can be booked.
	AvailabilityType string    `json:"Availability_Type,omitempty"`
	AvailableDays    []string  `json:"Available_Days,omitempty"`
	AvailableFrom    time.Time `json:"Available_From,omitzero"`
	AvailableTill    time.Time `json:"Available_Till,omitzero"`
	UnavailableFrom  time.Time `json:"Unavailable_From,omitzero"`
	UnavailableTill  time.Time `json:"Unavailable_Till,omitzero"`
	Description      string    `json:"Description,omitempty"`
	Owner            *Lookup   `json:"Owner,omitempty"`
	CreatedBy        *Lookup   `json:"Created_By,omitempty" zcrm:"readonly"`
	ModifiedBy       *Lookup   `json:"Modified_By,omitempty" zcrm:"readonly"`
	CreatedTime      time.Time `json:"Created_Time,omitzero" zcrm:"readonly"`
	ModifiedTime     time.Time `json:"Modified_Time,omitzero" zcrm:"readonly"`

	kept
}

func (s *Service) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s Service) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }
