package sdk

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// DataCenter names one of Zoho's data centres: where its users' tokens are
// minted, refreshed and revoked (AccountsURL) and where their CRM lives
// (APIBaseURL). Each Zoho user lives in one.
type DataCenter struct {
	Name        string // "EU"
	Location    string // "eu": the location Zoho's redirect names
	AccountsURL string // https://accounts.zoho.eu
	APIBaseURL  string // https://www.zohoapis.eu (production)
	// UploadURL is the file upload host (bulk write uploads); empty means
	// content.zohoapis.{domain} for a www.zohoapis.{domain} API, else the
	// API host itself.
	UploadURL string
}

// Zoho's data centres, from Zoho's multi-DC documentation and its SDKs.
// Canada's accounts host is not its API host with another domain.
var (
	US = DataCenter{Name: "US", Location: "us", AccountsURL: "https://accounts.zoho.com", APIBaseURL: "https://www.zohoapis.com"}
	EU = DataCenter{Name: "EU", Location: "eu", AccountsURL: "https://accounts.zoho.eu", APIBaseURL: "https://www.zohoapis.eu"}
	IN = DataCenter{Name: "IN", Location: "in", AccountsURL: "https://accounts.zoho.in", APIBaseURL: "https://www.zohoapis.in"}
	CN = DataCenter{Name: "CN", Location: "cn", AccountsURL: "https://accounts.zoho.com.cn", APIBaseURL: "https://www.zohoapis.com.cn"}
	AU = DataCenter{Name: "AU", Location: "au", AccountsURL: "https://accounts.zoho.com.au", APIBaseURL: "https://www.zohoapis.com.au"}
	JP = DataCenter{Name: "JP", Location: "jp", AccountsURL: "https://accounts.zoho.jp", APIBaseURL: "https://www.zohoapis.jp"}
	CA = DataCenter{Name: "CA", Location: "ca", AccountsURL: "https://accounts.zohocloud.ca", APIBaseURL: "https://www.zohoapis.ca", UploadURL: "https://upload.zohocloud.ca"}
	SA = DataCenter{Name: "SA", Location: "sa", AccountsURL: "https://accounts.zoho.sa", APIBaseURL: "https://www.zohoapis.sa", UploadURL: "https://files.zoho.sa"}
)

// ZohoDataCenters returns Zoho's data centres, the ones a Config accepts
// when its DataCenters field is nil.
func ZohoDataCenters() []DataCenter { return []DataCenter{US, EU, IN, CN, AU, JP, CA, SA} }

var zohoDataCenters = ZohoDataCenters()

// ErrUnknownAccountsServer means an accounts server, given by a login
// redirect or read from a token store, is none of the accepted data
// centres: nothing was sent to it.
var ErrUnknownAccountsServer = errors.New("zcrm: unknown accounts server")

// ErrLocationMismatch means a login redirect's location and accounts server
// name two different data centres: nothing was sent to either. It matches
// ErrUnknownAccountsServer too.
var ErrLocationMismatch = errors.New("zcrm: the location and the accounts server name different data centres")

type locationMismatch struct{ location, accountsServer string }

func (e *locationMismatch) Error() string {
	return fmt.Sprintf("zcrm: the location %q and the accounts server %q name different data centres", e.location, e.accountsServer)
}

func (e *locationMismatch) Unwrap() []error {
	return []error{ErrLocationMismatch, ErrUnknownAccountsServer}
}

// dataCenters lists the data centres users may live in: Config.DataCenters,
// or Zoho's, and in either case the configured accounts_url's.
func (c Config) dataCenters() []DataCenter {
	dcs := c.DataCenters
	if dcs == nil {
		dcs = zohoDataCenters
	}
	return dcs
}

// homeDataCenter is the data centre of the configured accounts_url: where
// grant codes without a location are exchanged, and where tokens stored
// without an accounts server are refreshed.
func (c Config) homeDataCenter() DataCenter {
	accounts := strings.TrimRight(c.AccountsURL, "/")
	if accounts == "" {
		accounts = DefaultAccountsURL
	}
	for _, dc := range c.dataCenters() {
		if sameOrigin(dc.AccountsURL, accounts) {
			if c.UploadURL != "" {
				dc.UploadURL = c.UploadURL
			}
			return dc
		}
	}
	api := strings.TrimRight(c.APIBaseURL, "/")
	if api == "" {
		api = DefaultAPIBaseURL
	}
	return DataCenter{Name: "configured", AccountsURL: accounts, APIBaseURL: api, UploadURL: c.UploadURL}
}

// CheckAccountsServer returns the data centre whose accounts server raw
// names: one of Config.DataCenters (Zoho's when nil) or the configured
// accounts_url. Anything else, or a URL with more than a scheme and a host,
// is refused with ErrUnknownAccountsServer, so that no client secret or
// token is ever sent to a host a query string or a store row chose.
func (c Config) CheckAccountsServer(raw string) (DataCenter, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return DataCenter{}, fmt.Errorf("%w: %q is not an accounts server URL such as https://accounts.zoho.eu", ErrUnknownAccountsServer, raw)
	}
	home := c.homeDataCenter()
	if sameOrigin(home.AccountsURL, raw) {
		return home, nil
	}
	for _, dc := range c.dataCenters() {
		if sameOrigin(dc.AccountsURL, raw) {
			return dc, nil
		}
	}
	return DataCenter{}, fmt.Errorf("%w: %q is none of the accepted data centres' accounts servers (%s); set Config.DataCenters to accept others",
		ErrUnknownAccountsServer, raw, c.acceptedAccounts())
}

// dataCenterOfAPIDomain returns the data centre whose CRM API host
// (production, sandbox or developer) apiDomain is, the configured one
// first; the configured one when none is.
func (c Config) dataCenterOfAPIDomain(apiDomain string) DataCenter {
	home := c.homeDataCenter()
	if apiDomain == "" || !plainOrigin(strings.TrimRight(apiDomain, "/")) {
		return home
	}
	for _, dc := range append([]DataCenter{home}, c.dataCenters()...) {
		if dc.servesAPIDomain(apiDomain) {
			return dc
		}
	}
	return home
}

// servesAPIDomain reports whether apiDomain is one of dc's CRM API hosts:
// production, sandbox or developer.
func (dc DataCenter) servesAPIDomain(apiDomain string) bool {
	if sameOrigin(dc.APIBaseURL, apiDomain) {
		return true
	}
	for _, env := range []string{"sandbox", "developer"} {
		if alt := strings.Replace(dc.APIBaseURL, "://www.", "://"+env+".", 1); alt != dc.APIBaseURL && sameOrigin(alt, apiDomain) {
			return true
		}
	}
	return false
}

// dataCenterOfLocation returns the data centre of a location code ("eu").
func (c Config) dataCenterOfLocation(location string) (DataCenter, bool) {
	for _, dc := range c.dataCenters() {
		if dc.Location != "" && strings.EqualFold(dc.Location, location) {
			return dc, true
		}
	}
	return DataCenter{}, false
}

func (c Config) locations() string {
	var locs []string
	for _, dc := range c.dataCenters() {
		if dc.Location != "" {
			locs = append(locs, dc.Location)
		}
	}
	return strings.Join(locs, ", ")
}

func (c Config) acceptedAccounts() string {
	seen := map[string]bool{}
	var hosts []string
	for _, dc := range append([]DataCenter{c.homeDataCenter()}, c.dataCenters()...) {
		if !seen[dc.AccountsURL] {
			seen[dc.AccountsURL] = true
			hosts = append(hosts, dc.AccountsURL)
		}
	}
	return strings.Join(hosts, ", ")
}

// clientSecretFor is the client secret of a data centre: the API console's
// Multi-DC setting may give each its own (Config.ClientSecrets).
func (c Config) clientSecretFor(dc DataCenter) string {
	if s, ok := c.ClientSecrets[strings.ToLower(dc.Location)]; ok && s != "" {
		return s
	}
	return c.ClientSecret
}

// apiDomainFor returns the CRM base for a user of dc, given the api_domain
// Zoho answered with: kept when it is a CRM API host of a data centre
// (production, sandbox or developer), else the data centre's own. A token is
// only ever sent where this returns. An accounts_url that is no listed data
// centre (an emulator, a proxy) was chosen by the operator, and so is the
// api_domain it answers with.
func (c Config) apiDomainFor(dc DataCenter, apiDomain string) string {
	apiDomain = strings.TrimRight(apiDomain, "/")
	if apiDomain != "" && (c.knownAPIDomain(apiDomain) || (!c.listed(dc) && plainOrigin(apiDomain))) {
		return apiDomain
	}
	return strings.TrimRight(dc.APIBaseURL, "/")
}

// listed reports whether dc is one of the accepted data centres rather
// than the configured accounts_url alone.
func (c Config) listed(dc DataCenter) bool {
	for _, l := range c.dataCenters() {
		if sameOrigin(l.AccountsURL, dc.AccountsURL) {
			return true
		}
	}
	return false
}

// plainOrigin reports whether s is an http(s) URL with a host and nothing
// else.
func plainOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil &&
		strings.Trim(u.Path, "/") == "" && u.RawQuery == "" && u.Fragment == ""
}

func (c Config) knownAPIDomain(apiDomain string) bool {
	if !plainOrigin(apiDomain) {
		return false
	}
	for _, dc := range append([]DataCenter{c.homeDataCenter()}, c.dataCenters()...) {
		if dc.servesAPIDomain(apiDomain) {
			return true
		}
	}
	return false
}

// sameOrigin compares two URLs by scheme and host (port included),
// ignoring case, a trailing slash and a default port.
func sameOrigin(a, b string) bool {
	ua, err := url.Parse(strings.TrimSpace(a))
	if err != nil {
		return false
	}
	ub, err := url.Parse(strings.TrimSpace(b))
	if err != nil {
		return false
	}
	return ua.Host != "" && strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(hostPort(ua), hostPort(ub))
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		return u.Hostname()
	}
	return u.Host
}
