package zohotest

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Composite requests (reference zoho-api-v8-data.md section 4, payload
// 69): POST __composite_requests runs up to five CRM calls in one. The
// emulator runs the sub-requests one after the other through its own
// routes, with the caller's token and scopes, and without charging them:
// the composite call costs 1 credit (2 when rollback_on_fail is set and
// nothing rolled back) and takes 5 places of the concurrency limit.
//
// A sub-request may refer to an earlier one's answer with
// @{<sub_request_id>:<JSONPath>} in its uri, params or body; the emulator
// reads paths of keys and [n] indexes ($.data[0].details.id).
//
// Every sub-request gets a result of its own: one that Zoho would refuse
// (a bad id, method or uri, a reference that does not resolve) gets its
// error in its place, and the others run. Inside a composite request Zoho
// bounds what a sub-request may handle (its "Allowed APIs" table): reads
// (lists, searches, related records, COQL...) answer at most 25 records,
// 25 by default, and record writes take one record. A COQL limit above 25
// answers LIMIT_EXCEEDED with details {"by": "limit", "limit": 25}, as
// Zoho's rollback sample shows; a per_page above 25 answers the same with
// "by": "per_page" (by analogy, unconfirmed), and a write of more records
// the write's own LIMIT_EXCEEDED with maximum_length 1.
//
// With rollback_on_fail the sub-requests run in order and the first that
// fails (an answer of 400 or more) undoes every write made before it: the
// records of every module (notes included), their tags, attachments and
// photos, and the record actions' state (locks, shares, currencies,
// territories, user groups) are restored, since a composite request runs
// alone. Settings such as taxes, variables or users are not restored. The answer is 400 with ROLLBACK_PERFORMED for the sub-requests
// before the failure, the failure's own answer, and PROCESSING_STOPPED
// for those after it.

func init() {
	rt := handleCRM("POST", "__composite_requests", "ZohoCRM.composite_requests.CUSTOM", (*Server).composite)
	rt.units = compositeUnits
	rt.exclusive = true
}

const (
	sinceComposite       = 3
	maxCompositeRequests = 5
	compositeUnits       = 5
	// compositeReadLimit and compositeWriteLimit bound the records of a
	// sub-request's read and write.
	compositeReadLimit  = 25
	compositeWriteLimit = 1
)

var (
	subRequestIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_]*$`)
	// Zoho's pattern, with the leading slash optional: Zoho's own rollback
	// sample writes a uri as crm/v6/Leads.
	subRequestURI    = regexp.MustCompile(`^/?crm(/.*)?/v[0-9]+([.][0-9]+)?/.*`)
	referencePattern = regexp.MustCompile(`@\{([a-zA-Z0-9][a-zA-Z0-9_]*):(\$[^}]*)\}`)
)

type subRequest struct {
	ID      string            `json:"sub_request_id"`
	Method  string            `json:"method"`
	URI     string            `json:"uri"`
	Params  map[string]any    `json:"params"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// subResponse is what a sub-request answered.
type subResponse struct {
	status int
	header http.Header
	body   []byte
	parsed any // body decoded, for references
}

func compositeError(index int, code, message, field string, extra ...kv) obj {
	d := obj{{"api_name", field}, {"json_path", "$.__composite_requests[" + strconv.Itoa(index) + "]." + field}}
	return obj{{"code", code}, {"details", append(d, extra...)}, {"message", message}, {"status", "error"}}
}

func (s *Server) composite(c *call) {
	if !c.version.atLeast(sinceComposite) {
		fail(c.w, http.StatusBadRequest, "API_NOT_SUPPORTED", "You can only use Composite API from V3", obj{{"supported_version", "v3"}})
		return
	}
	var body struct {
		Rollback *bool        `json:"rollback_on_fail"`
		Parallel *bool        `json:"parallel_execution"`
		Requests []subRequest `json:"__composite_requests"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil {
		failBody(c.w)
		return
	}
	rollback := body.Rollback != nil && *body.Rollback
	if rollback && body.Parallel != nil && *body.Parallel {
		fail(c.w, http.StatusBadRequest, "AMBIGUITY_DURING_PROCESSING", "rollback_on_fail and parallel_execution cannot both be true",
			obj{{"ambiguity_due_to", []string{"rollback_on_fail", "parallel_execution"}}})
		return
	}
	switch n := len(body.Requests); {
	case n == 0:
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "__composite_requests"}, {"json_path", "$.__composite_requests"}})
		return
	case n > maxCompositeRequests:
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"maximum_length", maxCompositeRequests}, {"api_name", "__composite_requests"}, {"json_path", "$.__composite_requests"}})
		return
	}
	var snap *stateSnapshot
	if rollback {
		snap = s.snapshotState()
	}
	answers := make([]subResponse, len(body.Requests))
	entries := make([]obj, len(body.Requests))
	byID := map[string]int{}
	seen := map[string]bool{}
	ran := 0
	failedAt := -1
	for i, sr := range body.Requests {
		if failedAt >= 0 {
			entries[i] = obj{{"code", "PROCESSING_STOPPED"}, {"details", obj{{"rollbacked_by_sub_request_index", failedAt}}},
				{"message", rolledBackMessage}, {"status", "error"}}
			continue
		}
		refused := checkSubRequest(i, sr, seen, c.version)
		var resolved subRequest
		if refused == nil {
			var ok bool
			if resolved, ok = resolveReferences(sr, byID, answers); !ok {
				refused = compositeError(i, "INVALID_REFERENCE", "the reference given seems to be invalid", "uri")
			}
		}
		if refused != nil {
			entries[i] = refused
			if rollback {
				failedAt = i
			}
			continue
		}
		a := s.runSubRequest(c, resolved)
		answers[i] = a
		if sr.ID != "" {
			byID[sr.ID] = i
		}
		ran++
		headers := obj{}
		for _, k := range []string{"Content-Type", "X-ACCESSTOKEN-RESET"} {
			if v := a.header.Get(k); v != "" {
				headers = append(headers, kv{strings.ToLower(k), v})
			}
		}
		entries[i] = obj{{"code", "SUCCESS"}, {"details", obj{{"response", obj{
			{"headers", headers}, {"status_code", a.status}, {"body", rawOrNull(a.body)},
		}}}}, {"message", "composite sub request executed successfully"}, {"status", "success"}}
		if rollback && a.status >= 400 {
			failedAt = i
		}
	}
	status := http.StatusOK
	switch {
	case rollback && failedAt >= 0:
		s.restoreState(snap)
		for i := 0; i < failedAt; i++ {
			entries[i] = obj{{"code", "ROLLBACK_PERFORMED"}, {"details", obj{{"rollbacked_by_sub_request_index", failedAt}}},
				{"message", rolledBackMessage}, {"status", "error"}}
		}
		status = http.StatusBadRequest
	case rollback:
		s.keepState(snap)
		s.limiter.charge(1) // 2 credits for a rollback-able request that went through
	case ran == 0:
		status = http.StatusBadRequest
	case ran < len(body.Requests):
		status = http.StatusMultiStatus
	}
	writeJSON(c.w, status, obj{{"__composite_requests", entries}})
}

// rolledBackMessage is Zoho's message for a sub-request rolled back or
// not run because another failed.
const rolledBackMessage = "the transaction was rolled back since another sub request in the same transaction failed."

// checkSubRequest returns the error entry of a sub-request Zoho refuses to
// run, or nil. seen holds the ids of the sub-requests before it.
func checkSubRequest(i int, sr subRequest, seen map[string]bool, version apiVersion) obj {
	if sr.ID != "" {
		if !subRequestIDPattern.MatchString(sr.ID) {
			return compositeError(i, "INVALID_DATA", "invalid data", "sub_request_id", kv{"regex", subRequestIDPattern.String()})
		}
		if seen[sr.ID] {
			return compositeError(i, "DUPLICATE_DATA", "duplicate data", "sub_request_id")
		}
		seen[sr.ID] = true
	}
	switch strings.ToUpper(sr.Method) {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	case "":
		return compositeError(i, "MANDATORY_NOT_FOUND", "required field not found", "method")
	default:
		return compositeError(i, "INVALID_DATA", "invalid data", "method")
	}
	if sr.URI == "" {
		return compositeError(i, "MANDATORY_NOT_FOUND", "required field not found", "uri")
	}
	if !subRequestURI.MatchString(sr.URI) {
		return compositeError(i, "INVALID_DATA", "invalid data", "uri", kv{"expected_data_type", "text"}, kv{"regex", "/crm(/.*)?/v[0-9]+([.][0-9]+)?/.*"})
	}
	if v, ok := uriVersion(sr.URI); !ok || v.major > version.major || (v.major == version.major && v.minor > version.minor) {
		return compositeError(i, "NOT_ALLOWED", "the version of the uri is higher than the composite request's", "uri")
	}
	for k := range sr.Headers {
		if strings.EqualFold(k, "authorization") || strings.EqualFold(k, "x-crm-org") {
			return compositeError(i, "NOT_ALLOWED", "this header cannot be set in a sub-request", "headers")
		}
	}
	return nil
}

// uriVersion reads the version segment of a sub-request's uri.
func uriVersion(uri string) (apiVersion, bool) {
	for _, seg := range strings.Split(strings.Trim(uri, "/"), "/")[1:] {
		if v, ok := parseVersion(seg); ok {
			return v, true
		}
	}
	return apiVersion{}, false
}

// resolveReferences fills @{id:path} in the uri, params and body from the
// answers of earlier sub-requests.
func resolveReferences(sr subRequest, byID map[string]int, answers []subResponse) (subRequest, bool) {
	ok := true
	sub := func(text string, quoted bool) string {
		return referencePattern.ReplaceAllStringFunc(text, func(m string) string {
			parts := referencePattern.FindStringSubmatch(m)
			i, found := byID[parts[1]]
			if !found {
				ok = false
				return m
			}
			v, found := jsonPath(answers[i].parsed, parts[2])
			if !found {
				ok = false
				return m
			}
			s, isString := v.(string)
			if !isString {
				b, _ := json.Marshal(v)
				s = string(b)
			}
			if quoted {
				b, _ := json.Marshal(s)
				return string(b[1 : len(b)-1])
			}
			return s
		})
	}
	out := sr
	out.URI = sub(sr.URI, false)
	if len(sr.Params) > 0 {
		out.Params = map[string]any{}
		for k, v := range sr.Params {
			if text, isString := v.(string); isString {
				out.Params[k] = sub(text, false)
			} else {
				out.Params[k] = v
			}
		}
	}
	if len(sr.Body) > 0 {
		out.Body = json.RawMessage(sub(string(sr.Body), true))
	}
	return out, ok
}

// jsonPath reads $.key[n].key... out of a decoded JSON value.
func jsonPath(v any, path string) (any, bool) {
	rest, ok := strings.CutPrefix(path, "$")
	if !ok {
		return nil, false
	}
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			m, isObj := v.(map[string]any)
			if !isObj {
				return nil, false
			}
			if v, ok = m[rest[:end]]; !ok {
				return nil, false
			}
			rest = rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(rest[1:end])
			list, isList := v.([]any)
			if err != nil || !isList || n < 0 || n >= len(list) {
				return nil, false
			}
			v, rest = list[n], rest[end+1:]
		default:
			return nil, false
		}
	}
	return v, true
}

// runSubRequest serves one sub-request through the CRM routes as the
// composite's caller, without the credit budget or the concurrency limit
// (the composite call paid for it).
func (s *Server) runSubRequest(parent *call, sr subRequest) subResponse {
	q := url.Values{}
	for k, v := range sr.Params {
		if text, ok := v.(string); ok {
			q.Set(k, text)
		} else {
			q.Set(k, strings.Trim(string(mustJSON(v)), `"`))
		}
	}
	target := "/" + strings.TrimPrefix(sr.URI, "/")
	if len(q) > 0 {
		if strings.Contains(target, "?") {
			target += "&" + q.Encode()
		} else {
			target += "?" + q.Encode()
		}
	}
	var body io.Reader
	if len(sr.Body) > 0 && string(sr.Body) != "null" {
		body = bytes.NewReader(sr.Body)
	}
	r := httptest.NewRequestWithContext(parent.r.Context(), strings.ToUpper(sr.Method), target, body)
	for k, v := range sr.Headers {
		r.Header.Set(k, v)
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.routeSubRequest(rec, r, parent)
	out := subResponse{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if len(out.body) > 0 {
		_ = json.Unmarshal(out.body, &out.parsed)
	}
	return out
}

// routeSubRequest is serveCRM's routing and scope check for a request
// already authenticated.
func (s *Server) routeSubRequest(w http.ResponseWriter, r *http.Request, parent *call) {
	rest := strings.TrimPrefix(r.URL.Path, "/crm/")
	versionText, rest, _ := strings.Cut(rest, "/")
	version, ok := parseVersion(versionText)
	rest = strings.Trim(rest, "/")
	if !ok || rest == "" {
		failURL(w)
		return
	}
	rt, params, otherMethod := matchRoute(r.Method, strings.Split(rest, "/"))
	switch {
	case rt == nil && otherMethod:
		failMethod(w)
		return
	case rt == nil:
		failURL(w)
		return
	case rt.exclusive:
		fail(w, http.StatusBadRequest, "NOT_SUPPORTED", "this API is not supported in a composite request", nil)
		return
	}
	c := &call{w: w, r: r, version: version, params: params, user: parent.user, grant: parent.grant, q: r.URL.Query(), composite: true}
	if rt.scope != "" && !allowsAny(parent.grant.scopes, scopeFor(rt.scope, c)) {
		failScope(w)
		return
	}
	rt.handle(s, c)
}

// stateSnapshot is what a composite request's rollback restores.
type stateSnapshot struct {
	modules     []moduleSnapshot
	actions     actionData
	tags        map[string]*moduleTags
	attachments map[recordKey][]*attachment
	photos      map[recordKey]*photo
}

type moduleSnapshot struct {
	ms      *moduleStore
	order   []*record
	deleted []*deletedEntry
	// changed is the store's change listener (notifications), held back
	// while the composite runs: its changes are told only if they stand.
	changed func(event string, prev, cur *record)
	held    []heldChange
}

type heldChange struct {
	event     string
	prev, cur *record
}

// snapshotState copies the records of every module (records are never
// changed in place, so copying the slices is enough) and the actions'
// state. The caller runs alone (an exclusive route).
func (s *Server) snapshotState() *stateSnapshot {
	snap := &stateSnapshot{}
	s.modules.mu.RLock()
	stores := append([]*moduleStore(nil), s.modules.list...)
	s.modules.mu.RUnlock()
	snap.modules = make([]moduleSnapshot, len(stores))
	for i, ms := range stores {
		m := &snap.modules[i]
		ms.mu.Lock()
		*m = moduleSnapshot{ms: ms, order: append([]*record(nil), ms.order...),
			deleted: append([]*deletedEntry(nil), ms.deleted...), changed: ms.changed}
		ms.changed = func(event string, prev, cur *record) { m.held = append(m.held, heldChange{event, prev, cur}) }
		ms.mu.Unlock()
	}
	snap.actions = s.actions.clone()
	s.sub.mu.Lock()
	snap.tags = cloneTags(s.sub.tags)
	snap.attachments = maps.Clone(s.sub.attachments)
	for k, list := range snap.attachments {
		snap.attachments[k] = slices.Clone(list)
	}
	snap.photos = maps.Clone(s.sub.photos)
	s.sub.mu.Unlock()
	return snap
}

// cloneTags copies the tags of every module; tags change in place.
func cloneTags(all map[string]*moduleTags) map[string]*moduleTags {
	if all == nil {
		return nil
	}
	out := make(map[string]*moduleTags, len(all))
	for k, mt := range all {
		list := make([]*tag, len(mt.list))
		for i, t := range mt.list {
			c := *t
			list[i] = &c
		}
		out[k] = &moduleTags{meta: mt.meta, list: list}
	}
	return out
}

// keepState ends a snapshot whose changes stand: the changes held back
// are told.
func (s *Server) keepState(snap *stateSnapshot) {
	for _, m := range snap.modules {
		m.ms.mu.Lock()
		m.ms.changed = m.changed
		for _, h := range m.held {
			m.ms.tell(h.event, h.prev, h.cur)
		}
		m.ms.mu.Unlock()
	}
}

// restoreState undoes what happened since the snapshot; nothing of it is
// told.
func (s *Server) restoreState(snap *stateSnapshot) {
	for _, m := range snap.modules {
		m.ms.mu.Lock()
		m.ms.order, m.ms.deleted, m.ms.changed = m.order, m.deleted, m.changed
		m.ms.byID = make(map[string]*record, len(m.order))
		for _, r := range m.order {
			m.ms.byID[r.id] = r
		}
		m.ms.changedLocked()
		m.ms.mu.Unlock()
	}
	s.actions.restore(snap.actions)
	s.sub.mu.Lock()
	s.sub.tags, s.sub.attachments, s.sub.photos = snap.tags, snap.attachments, snap.photos
	s.sub.mu.Unlock()
}
