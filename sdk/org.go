package sdk

import (
	"context"
	"net/http"
)

// OrgService reads the organization (/org) and its settings.
type OrgService service

// Org is the CRM organization. Fields without a Go field are kept in Extra.
type Org struct {
	ID             string `json:"id,omitempty"`
	CompanyName    string `json:"company_name,omitempty"`
	PrimaryEmail   string `json:"primary_email,omitempty"`
	PrimaryZUID    string `json:"primary_zuid,omitempty"`
	ZGID           string `json:"zgid,omitempty"`
	Country        string `json:"country,omitempty"`
	CountryCode    string `json:"country_code,omitempty"`
	Website        string `json:"website,omitempty"`
	Phone          string `json:"phone,omitempty"`
	TimeZone       string `json:"time_zone,omitempty"`
	ISOCode        string `json:"iso_code,omitempty"`
	CurrencySymbol string `json:"currency_symbol,omitempty"`
	CurrencyLocale string `json:"currency_locale,omitempty"`
	MCStatus       bool   `json:"mc_status,omitempty"`
	EmployeeCount  string `json:"employee_count,omitempty"`

	kept
}

func (o *Org) UnmarshalJSON(b []byte) error { return decodeKept(b, o) }
func (o Org) MarshalJSON() ([]byte, error)  { return encodeKept(&o) }

// Get returns the organization's details.
func (s *OrgService) Get(ctx context.Context) (*Org, *Response, error) {
	var body struct {
		Org []*Org `json:"org"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "org"}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Org) == 0 {
		return nil, resp, &APIError{StatusCode: resp.StatusCode, Code: "NO_CONTENT", Message: "Zoho returned no organization", Method: http.MethodGet, Path: "/org"}
	}
	return body.Org[0], resp, nil
}
