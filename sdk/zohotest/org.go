package zohotest

import (
	"net/http"
	"strings"
	"sync"
)

// Org is the CRM organization GET org describes.
type Org struct {
	ID                    string // generated when empty
	CompanyName           string
	Alias                 string
	PrimaryEmail          string // default: the admin's email
	PrimaryZUID           string // default: the admin's ZUID
	ZGID                  string
	Country               string
	CountryCode           string
	Website               string
	EmployeeCount         string
	Phone                 string
	TimeZone              string
	ISOCode               string // base currency, e.g. USD
	CurrencySymbol        string
	CurrencyLocale        string
	MultiCurrency         bool
	Paid                  bool
	PaidType              string
	UsersLicensePurchased int
}

type orgStore struct {
	mu  sync.RWMutex
	org Org
}

func (st *orgStore) init(s *Server) {
	st.org = Org{
		ID:                    s.ids.next(),
		CompanyName:           companyName(s),
		ZGID:                  s.ids.zuid(),
		Country:               "US",
		CountryCode:           "US",
		Website:               "www.zylker.com",
		EmployeeCount:         "154",
		TimeZone:              "Asia/Kolkata",
		ISOCode:               "USD",
		CurrencySymbol:        "$",
		CurrencyLocale:        "en_US",
		PaidType:              "enterprise",
		Paid:                  true,
		UsersLicensePurchased: 10,
	}
}

// companyName: each DC of a MultiDC is an org of its own, and says so.
func companyName(s *Server) string {
	if s.group == nil {
		return "Zylker"
	}
	return "Zylker " + strings.ToUpper(s.Location)
}

// Org returns the organization.
func (s *Server) Org() Org {
	s.org.mu.RLock()
	defer s.org.mu.RUnlock()
	o := s.org.org
	admin := s.Admin()
	if o.PrimaryEmail == "" {
		o.PrimaryEmail = admin.Email
	}
	if o.PrimaryZUID == "" {
		o.PrimaryZUID = admin.ZUID
	}
	return o
}

// SetOrg replaces the organization; an empty ID keeps the current one.
func (s *Server) SetOrg(o Org) {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	if o.ID == "" {
		o.ID = s.org.org.ID
	}
	s.org.org = o
}

func init() {
	handleCRM("GET", "org", "ZohoCRM.org.READ", (*Server).getOrg)
	handleCRM("GET", "org/photo", "ZohoCRM.org.READ", (*Server).orgPhoto)
	handleCRM("POST", "org/photo", "ZohoCRM.org.CREATE ZohoCRM.org.UPDATE", (*Server).orgPhoto)
	handleCRM("DELETE", "org/photo", "ZohoCRM.org.DELETE", (*Server).orgPhoto)
}

// The org's photo: POST org/photo (multipart "file", an image as a
// record's photo takes), GET org/photo (the image; 204 without one),
// DELETE org/photo. It is kept beside records' photos, under the org.
func (s *Server) orgPhoto(c *call) {
	key := recordKey{"org", s.Org().ID}
	s.sub.mu.Lock()
	p := s.sub.photos[key]
	s.sub.mu.Unlock()
	switch c.r.Method {
	case http.MethodGet:
		if p == nil {
			writeEmpty(c.w, http.StatusNoContent)
			return
		}
		servePhoto(c, p)
	case http.MethodDelete:
		if p == nil {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the org has no photo", obj{})
			return
		}
		s.sub.mu.Lock()
		delete(s.sub.photos, key)
		s.sub.mu.Unlock()
		writeJSON(c.w, http.StatusOK, obj{{"code", "SUCCESS"}, {"details", obj{}}, {"message", "photo deleted successfully"}, {"status", "success"}})
	default:
		s.storePhoto(c, key)
	}
}

// getOrg answers with the keys of Zoho's v2 sample (payload 10) and a few
// later versions add.
func (s *Server) getOrg(c *call) {
	o := s.Org()
	writeJSON(c.w, http.StatusOK, obj{{"org", []obj{{
		{"country", nullIfEmpty(o.Country)},
		{"photo_id", nil},
		{"city", nil},
		{"description", nil},
		{"mc_status", o.MultiCurrency},
		{"gapps_enabled", false},
		{"domain_name", nil},
		{"translation_enabled", false},
		{"street", nil},
		{"alias", nullIfEmpty(o.Alias)},
		{"currency", nil},
		{"id", o.ID},
		{"state", nil},
		{"fax", nil},
		{"employee_count", nullIfEmpty(o.EmployeeCount)},
		{"zip", nil},
		{"website", nullIfEmpty(o.Website)},
		{"currency_symbol", o.CurrencySymbol},
		{"mobile", nil},
		{"currency_locale", o.CurrencyLocale},
		{"primary_zuid", o.PrimaryZUID},
		{"zia_portal_id", nil},
		{"time_zone", o.TimeZone},
		{"zgid", o.ZGID},
		{"country_code", nullIfEmpty(o.CountryCode)},
		{"license_details", obj{
			{"paid_expiry", nil},
			{"users_license_purchased", o.UsersLicensePurchased},
			{"trial_type", nil},
			{"trial_expiry", nil},
			{"paid", o.Paid},
			{"paid_type", o.PaidType},
		}},
		{"phone", nullIfEmpty(o.Phone)},
		{"company_name", nullIfEmpty(o.CompanyName)},
		{"privacy_settings", false},
		{"primary_email", o.PrimaryEmail},
		{"iso_code", o.ISOCode},
	}}}})
}
