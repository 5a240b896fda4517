package zohotest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The CRM side: /crm/{version}/... . Each resource file registers its
// routes from an init function with handleCRM; serveCRM authenticates,
// routes, checks scopes and API credits, then calls the handler with a
// *call that knows the version, the path parameters and the current user.

// route is one CRM operation. Patterns are relative to /crm/{version}/ and
// made of literal segments and {name} parameters: "users/{id}",
// "{module}/{id}". A literal segment beats a parameter, so "users" wins
// over "{module}" and "{module}/search" over "{module}/{id}".
type route struct {
	method  string
	pattern []string
	scope   string // required scopes, space-separated alternatives; "" for any token
	handle  func(*Server, *call)
	// credits is what a call costs of the API credit budget (Zoho's
	// table, reference zoho-oauth-web-and-limits.md 4.2), units how many
	// of the concurrency limit's places it takes; 1 each unless set.
	credits, units int
	// exclusive routes run alone: no other CRM call runs meanwhile, so a
	// composite request can roll back what it wrote (composite.go).
	exclusive bool
}

var crmRoutes []*route

// apiFamilies are the APIs beside /crm/{version}/ that live at
// /crm/{family}/{version}/.
var apiFamilies = []string{"bulk", "email"}

// handleCRM registers a CRM operation. scope is Zoho's scope name for it,
// such as "ZohoCRM.users.READ" or "ZohoCRM.modules.{module}.CREATE".
// Two registrations of one method and pattern shape panic: a second
// resource file must not take over a route silently.
func handleCRM(method, pattern, scope string, h func(*Server, *call)) *route {
	rt := &route{method: method, pattern: strings.Split(pattern, "/"), scope: scope, handle: h, credits: 1, units: 1}
	for _, other := range crmRoutes {
		if other.method == method && sameShape(other.pattern, rt.pattern) {
			panic("zohotest: CRM route " + method + " " + pattern + " is registered twice")
		}
	}
	crmRoutes = append(crmRoutes, rt)
	return rt
}

// sameShape: same length, same literals, parameters in the same places.
func sameShape(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if isParam(a[i]) != isParam(b[i]) || (!isParam(a[i]) && a[i] != b[i]) {
			return false
		}
	}
	return true
}

// call is one CRM request on its way through a handler.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	version apiVersion
	params  []kv // path parameters
	user    User // whose token it is
	grant   accessGrant
	q       url.Values
	// composite: a sub-request of a composite request, with its limits
	// (composite.go).
	composite bool
	// external is what the X-EXTERNAL header names (records_external.go).
	external externalRefs
}

// query returns a query parameter's first value.
func (c *call) query(name string) string { return c.q.Get(name) }

func (c *call) param(name string) string {
	for _, p := range c.params {
		if p.k == name {
			return p.v.(string)
		}
	}
	return ""
}

// matchRoute finds the most specific route for the path segments. It also
// reports whether some route matched the path with another method.
func matchRoute(method string, segs []string) (best *route, params []kv, otherMethod bool) {
	for _, rt := range crmRoutes {
		if len(rt.pattern) != len(segs) || !patternMatches(rt.pattern, segs) {
			continue
		}
		if rt.method != method {
			otherMethod = true
			continue
		}
		if best == nil || moreSpecific(rt.pattern, best.pattern) {
			best = rt
		}
	}
	if best == nil {
		return nil, nil, otherMethod
	}
	for i, p := range best.pattern {
		if isParam(p) {
			params = append(params, kv{p[1 : len(p)-1], segs[i]})
		}
	}
	return best, params, false
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

func patternMatches(pattern, segs []string) bool {
	for i, p := range pattern {
		if segs[i] == "" || (!isParam(p) && p != segs[i]) {
			return false
		}
	}
	return true
}

// moreSpecific: the first segment where a and b differ in kind decides.
func moreSpecific(a, b []string) bool {
	for i := range a {
		if pa, pb := isParam(a[i]), isParam(b[i]); pa != pb {
			return pb
		}
	}
	return false
}

func (s *Server) serveCRM(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/crm/")
	versionText, rest, _ := strings.Cut(rest, "/")
	// The bulk APIs live at /crm/bulk/{version}/read|write and the email
	// settings at /crm/email/{version}/settings/...: their routes are
	// registered as "bulk/..." and "email/...".
	family := ""
	if slices.Contains(apiFamilies, versionText) {
		family = versionText
		versionText, rest, _ = strings.Cut(rest, "/")
		rest = family + "/" + rest
	}
	version, ok := parseVersion(versionText)
	rest = strings.Trim(rest, "/")
	if !ok || rest == "" {
		failURL(w)
		return
	}

	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		failAuthentication(w)
		return
	}
	now := s.Now()
	grant, ok := s.tokens.lookupAccess(token, now)
	if !ok {
		failInvalidToken(w)
		return
	}
	user, ok := s.people.byIDCopy(grant.userID)
	if !ok || user.Status != "active" {
		failInvalidToken(w)
		return
	}

	rt, params, otherMethod := matchRoute(r.Method, strings.Split(rest, "/"))
	if rt != nil && slices.Contains(apiFamilies, rt.pattern[0]) != (family != "") {
		rt, otherMethod = nil, false
	}
	if rt == nil {
		if otherMethod {
			failMethod(w)
		} else {
			failURL(w)
		}
		return
	}
	c := &call{w: w, r: r, version: version, params: params, user: user, grant: grant, q: r.URL.Query()}

	if rt.scope != "" && !allowsAny(grant.scopes, scopeFor(rt.scope, c)) {
		failScope(w)
		return
	}

	release, ok := s.limiter.admit(w, now, grant.expires, s, rt.credits, rt.units)
	if !ok {
		s.counters.count(func(c *Counters) { c.APIRateLimited++ })
		return
	}
	defer release()
	if d := s.cfg.callLatency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	s.settleJobs() // jobs.go: what the clock says is done, is
	if rt.exclusive {
		s.txn.Lock()
		defer s.txn.Unlock()
	} else {
		s.txn.RLock()
		defer s.txn.RUnlock()
	}
	if !s.resolveExternal(c) {
		return
	}
	rt.handle(s, c)
}

// allowsAny reports whether the token has one of the space-separated
// scopes a route accepts.
func allowsAny(ss scopeSet, required string) bool {
	for _, r := range strings.Fields(required) {
		if ss.allows(r) {
			return true
		}
	}
	return false
}

// scopeFor fills {module} in a route's scope with Zoho's scope name for the
// module: lower case without underscores (salesorders, pricebooks).
func scopeFor(scope string, c *call) string {
	if !strings.Contains(scope, "{module}") {
		return scope
	}
	m := strings.ToLower(strings.ReplaceAll(c.param("module"), "_", ""))
	return strings.ReplaceAll(scope, "{module}", m)
}

// Helpers handlers share.

const maxPerPage = 200

// paging reads page and per_page (default 1 and 200, per_page at most
// 200); it answers the error itself and returns false on bad values.
func (c *call) paging() (page, perPage int, ok bool) {
	page, perPage = 1, maxPerPage
	if c.composite {
		perPage = compositeReadLimit
	}
	if v := c.query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			failParam(c.w, "page")
			return 0, 0, false
		}
		page = n
	}
	if v := c.query("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPerPage {
			failParam(c.w, "per_page")
			return 0, 0, false
		}
		if c.composite && n > compositeReadLimit {
			fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"by", "per_page"}, {"limit", compositeReadLimit}})
			return 0, 0, false
		}
		perPage = n
	}
	return page, perPage, true
}

// ifModifiedSince reads the If-Modified-Since header, which Zoho wants in
// ISO 8601 with an offset (2019-07-25T15:26:49+05:30); the HTTP date
// format is accepted too. Unreadable values are ignored.
func (c *call) ifModifiedSince() (time.Time, bool) {
	v := c.r.Header.Get("If-Modified-Since")
	if v == "" {
		return time.Time{}, false
	}
	t, ok := parseZohoTime(v)
	return t, ok
}

// splitList splits a comma-separated parameter, dropping empty items (the
// Ruby SDK leaves a trailing comma after ids).
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
