package sdk

import (
	"context"
	"io"
	"net/http"
)

// OrgService reads the organization and sets its photo (crm-oas group
// org, /org). OAuth scope: ZohoCRM.org.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
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

// Photo opens the org's photo (its logo), streamed as it is read; close
// the Download when done. An org without a photo is an error matching
// ErrNotFound.
func (s *OrgService) Photo(ctx context.Context) (*Download, *Response, error) {
	return s.client.download(ctx, "org/photo", "the org's photo")
}

// UploadPhoto sets the org's photo, read from r as it is sent (a PNG,
// JPEG, GIF or BMP image).
func (s *OrgService) UploadPhoto(ctx context.Context, fileName string, r io.Reader) (*ActionResult, *Response, error) {
	return s.client.uploadFile(ctx, "org/photo", fileName, r)
}

// DeletePhoto removes the org's photo.
func (s *OrgService) DeletePhoto(ctx context.Context) (*ActionResult, *Response, error) {
	return s.client.doSingle(ctx, &Request{Method: http.MethodDelete, Path: "org/photo"})
}
