package sdk

import (
	"context"
	"net/http"
)

// FiscalYearService reads and sets the org's fiscal year (crm-oas group
// fiscal_year, /settings/fiscal_year), which forecasts and reports count
// by. OAuth scope: ZohoCRM.settings.fiscal_year.READ and .UPDATE (or
// .ALL).
type FiscalYearService service

// FiscalYear is when the org's fiscal year starts, and whether a year is
// named by its first month's year or its last's. Fields without a Go
// field are kept in Extra.
type FiscalYear struct {
	ID         string `json:"id,omitempty"`
	StartMonth string `json:"start_month,omitempty"` // January...
	// DisplayBasedOn is FiscalYearByStartMonth or FiscalYearByEndMonth.
	DisplayBasedOn string `json:"display_based_on,omitempty"`

	kept
}

func (y *FiscalYear) UnmarshalJSON(b []byte) error { return decodeKept(b, y) }
func (y FiscalYear) MarshalJSON() ([]byte, error)  { return encodeKept(&y) }

// How a fiscal year is named.
const (
	FiscalYearByStartMonth = "start_month"
	FiscalYearByEndMonth   = "end_month"
)

var fiscalYear = keyed[FiscalYear]{path: "settings/fiscal_year", key: "fiscal_year", what: "fiscal year"}

// Get returns the org's fiscal year.
func (s *FiscalYearService) Get(ctx context.Context) (*FiscalYear, *Response, error) {
	return fiscalYear.one(ctx, s.client, nil)
}

// Update sets the org's fiscal year (both StartMonth and DisplayBasedOn).
func (s *FiscalYearService) Update(ctx context.Context, y *FiscalYear) (*ActionResult, *Response, error) {
	return fiscalYear.writeObject(ctx, s.client, http.MethodPut, nil, y)
}
