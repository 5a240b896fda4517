package sdk

import (
	"fmt"
	"net/url"
	"strings"
)

// Base says what a Request's Path is relative to. Most of the CRM API lives
// under {api domain}/crm/{api_version}/; the bulk APIs live under
// /crm/bulk/{version}/, bulk write uploads go to a file host of the user's
// data centre, and bulk write results are fetched from an absolute URL.
type Base int

const (
	// BaseAPI: Path is relative to {api domain}/crm/{api_version}/.
	BaseAPI Base = iota
	// BaseAPIRoot: Path is relative to the user's API domain, such as
	// "/crm/bulk/v8/read".
	BaseAPIRoot
	// BaseUpload: Path is relative to the file upload host of the user's
	// data centre (DataCenter.UploadURL), such as "/crm/v8/upload".
	BaseUpload
	// BaseAbsolute: Path is a whole URL. It must be on the user's API
	// domain, their upload host or a Zoho domain, as the access token goes
	// with it.
	BaseAbsolute
)

// APIVersion is the configured API version, such as "v8".
func (c *Client) APIVersion() string { return c.core.cfg.APIVersion }

// endpoint is the URL a request goes to, for a user whose tokens name
// apiDomain.
func (c Config) endpoint(req *Request, apiDomain string) (string, error) {
	api := c.apiBaseFor(apiDomain)
	path := "/" + strings.TrimLeft(req.Path, "/")
	switch req.Base {
	case BaseAPIRoot:
		return api + path, nil
	case BaseUpload:
		return c.uploadBaseFor(api) + path, nil
	case BaseAbsolute:
		if !c.trustedURL(req.Path, api) {
			return "", fmt.Errorf("zcrm: %s: refusing to send the access token to %q: not the user's API or upload host, nor a Zoho domain", req.Method, redactURL(req.Path))
		}
		return req.Path, nil
	}
	return api + "/crm/" + c.APIVersion + path, nil
}

// uploadBaseFor is the file upload host of the data centre whose API host
// is api: its UploadURL, else content.zohoapis.{domain} for Zoho's
// www.zohoapis.{domain} hosts (sandbox and developer included), else api.
func (c Config) uploadBaseFor(api string) string {
	for _, dc := range append([]DataCenter{c.homeDataCenter()}, c.dataCenters()...) {
		if dc.UploadURL == "" {
			continue
		}
		for _, env := range []string{"www", "sandbox", "developer"} {
			if sameOrigin(strings.Replace(dc.APIBaseURL, "://www.", "://"+env+".", 1), api) {
				return strings.TrimRight(dc.UploadURL, "/")
			}
		}
	}
	u, err := url.Parse(api)
	if err == nil && u.Scheme == "https" {
		for _, env := range []string{"www.", "sandbox.", "developer."} {
			if rest, ok := strings.CutPrefix(u.Host, env); ok && strings.HasPrefix(rest, "zohoapis.") {
				return "https://content." + rest
			}
		}
	}
	return api
}

// zohoDomains are the registrable domains Zoho serves its hosts from.
var zohoDomains = []string{
	"zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp", "zoho.com.cn", "zoho.sa", "zohocloud.ca",
	"zohoapis.com", "zohoapis.eu", "zohoapis.in", "zohoapis.com.au", "zohoapis.jp", "zohoapis.com.cn",
	"zohoapis.sa", "zohoapis.ca", "zohocrm.com",
}

// trustedURL: raw is on the API host or the upload host of this user, or an
// https URL on a Zoho domain (bulk write results come from download-accl.zoho.com).
func (c Config) trustedURL(raw, api string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	if sameOrigin(raw, api) || sameOrigin(raw, c.uploadBaseFor(api)) {
		return true
	}
	if u.Scheme != "https" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range zohoDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// redactURL keeps scheme, host and path: a query may carry anything.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}
