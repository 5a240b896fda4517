package zohotest

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// The records API: list, get, delete, the recycle bin; writes are in
// records_write.go and search in search.go.

func init() {
	const read = "ZohoCRM.modules.{module}.READ"
	handleCRM("GET", "{module}", read, (*Server).listRecords)
	handleCRM("GET", "{module}/{id}", read, (*Server).getRecord)
	handleCRM("GET", "{module}/deleted", read, (*Server).listDeleted)
	handleCRM("DELETE", "{module}", "ZohoCRM.modules.{module}.DELETE", (*Server).deleteRecords)
	handleCRM("DELETE", "{module}/{id}", "ZohoCRM.modules.{module}.DELETE", (*Server).deleteRecord)
}

// Zoho's page-based listing stops at 2000 records; past that only a
// page_token (v5+) goes on.
const discretePageLimit = 2000

// module resolves {module}, answering INVALID_MODULE if there is none.
// Writes answer it inside data[], as Zoho's samples show.
// pathID reads the record id in the path ({module}/{id}/...), answering
// Zoho's error for one that is not an id.
func (c *call) pathID() (string, bool) {
	id := c.param("id")
	if !isDigits(id) {
		failPathID(c.w, 1)
		return "", false
	}
	return id, true
}

// moduleRecord resolves {module}/{id}, the id's record not looked up; it
// answers the error itself.
func (s *Server) moduleRecord(c *call) (*moduleStore, *moduleMeta, string, bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return nil, nil, "", false
	}
	id, ok := c.pathID()
	return ms, meta, id, ok
}

func (s *Server) module(c *call) (*moduleStore, *moduleMeta, bool) {
	ms, ok := s.modules.get(c.param("module"))
	if !ok {
		if c.r.Method == http.MethodPost || c.r.Method == http.MethodPut {
			failData(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{{"resource_path_index", 0}})
		} else {
			failModule(c.w)
		}
		return nil, nil, false
	}
	return ms, ms.meta.Load(), true
}

// listParams are the parameters of GET {module} (and search) that shape
// which records come back and how.
type listParams struct {
	fields    []string // nil: every field
	sortBy    string
	sortDesc  bool
	converted string // true, false or both
	approved  string
	ids       map[string]bool
	since     time.Time
	hasSince  bool
}

// bound is the part of the parameters a page_token is tied to.
func (p listParams) bound(module string) string {
	ids := make([]string, 0, len(p.ids))
	for id := range p.ids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	order := "asc"
	if p.sortDesc {
		order = "desc"
	}
	return strings.Join([]string{strings.ToLower(module), strings.Join(p.fields, ","), p.sortBy, order,
		p.converted, p.approved, strings.Join(ids, ",")}, "|")
}

// defaultListParams are what a list shows without parameters: records
// not converted (of a module whose records convert) and approved, newest
// first.
func defaultListParams(meta *moduleMeta) listParams {
	p := listParams{sortBy: "id", sortDesc: true, converted: "false", approved: "true"}
	if !meta.Convertible {
		p.converted = "both"
	}
	return p
}

// readListParams reads fields, sort_by, sort_order, converted, approved,
// ids and If-Modified-Since; it answers the error itself when one is bad.
func (s *Server) readListParams(c *call, meta *moduleMeta) (listParams, bool) {
	p := defaultListParams(meta)
	if v := c.query("fields"); v != "" {
		p.fields = splitList(v)
		if len(p.fields) > 50 {
			fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", 50}, {"param_name", "fields"}})
			return p, false
		}
	}
	if v := c.query("sort_by"); v != "" {
		p.sortBy = v
	}
	switch c.query("sort_order") {
	case "", "desc":
	case "asc":
		p.sortDesc = false
	default:
		failParam(c.w, "sort_order")
		return p, false
	}
	for _, b := range []struct {
		name string
		dst  *string
	}{{"converted", &p.converted}, {"approved", &p.approved}} {
		switch v := c.query(b.name); v {
		case "":
		case "true", "false", "both":
			*b.dst = v
		default:
			failParam(c.w, b.name)
			return p, false
		}
	}
	if !meta.Convertible {
		p.converted = "both"
	}
	if v := c.query("ids"); v != "" {
		list := splitList(v)
		if len(list) > 100 {
			fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", 100}, {"param_name", "ids"}})
			return p, false
		}
		p.ids = map[string]bool{}
		for _, id := range list {
			p.ids[id] = true
		}
	}
	p.since, p.hasSince = c.ifModifiedSince()
	return p, true
}

// filter is the record filter the parameters describe.
func (p listParams) filter(extra func(*record) bool) func(*record) bool {
	return func(r *record) bool {
		if p.converted != "both" && r.converted != (p.converted == "true") {
			return false
		}
		if p.approved != "both" && r.approved != (p.approved == "true") {
			return false
		}
		if p.ids != nil && !p.ids[r.id] {
			return false
		}
		if p.hasSince && !r.modified.Truncate(time.Second).After(p.since) {
			return false
		}
		return extra == nil || extra(r)
	}
}

func (s *Server) listRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	if c.version.atLeast(sinceFieldsRequired) && c.query("fields") == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param is missing", obj{{"param_name", "fields"}})
		return
	}
	p, ok := s.readListParams(c, meta)
	if !ok {
		return
	}
	if cvid := c.query("cvid"); cvid != "" && !hasView(meta, cvid) {
		failParam(c.w, "cvid")
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}

	q := recordQuery{filter: p.filter(nil), sortBy: p.sortBy, desc: p.sortDesc, limit: perPage}
	tokenText := ""
	if c.version.atLeast(sincePageToken) {
		tokenText = c.query("page_token")
	}
	if tokenText != "" {
		cur, status := s.pages.take(tokenText, p.bound(meta.APIName), s.Now())
		switch status {
		case tokenExpired:
			fail(c.w, http.StatusBadRequest, "EXPIRED_VALUE", "Page token expired", obj{{"api_name", "page_token"}, {"json_path", "$.query.page_token"}})
			return
		case tokenMismatch:
			fail(c.w, http.StatusBadRequest, "TOKEN_BOUND_DATA_MISMATCH", "The page_token given seems to be invalid or input param is added or altered or deleted", obj{{"param_name", "page_token"}})
			return
		}
		q.after, page = cur.last, cur.page
	} else {
		if page*perPage > discretePageLimit {
			fail(c.w, http.StatusBadRequest, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get the first 2000 records without using page_token param", obj{{"limit", discretePageLimit}})
			return
		}
		q.offset = (page - 1) * perPage
	}

	recs, more := ms.query(q)
	if len(recs) == 0 {
		if p.hasSince {
			writeEmpty(c.w, http.StatusNotModified)
		} else {
			writeEmpty(c.w, http.StatusNoContent)
		}
		return
	}
	next, expiry := "", time.Time{}
	if more && c.version.atLeast(sincePageToken) {
		now := s.Now()
		expiry = now.Add(pageTokenLifetime)
		next = s.pages.issue(&pageCursor{bound: p.bound(meta.APIName), last: recs[len(recs)-1], page: page + 1, expires: expiry}, now)
	}
	info := s.listInfo(c, perPage, len(recs), page, more, p, next, expiry)
	s.writeRecords(c, recs, p.fields, info)
}

// listInfo builds info the way the version writes it (payload 20).
func (s *Server) listInfo(c *call, perPage, count, page int, more bool, p listParams, next string, expiry time.Time) obj {
	tokens := c.version.atLeast(sincePageToken)
	sortInfo := c.version.atLeast(sinceSortInfo)
	order := "asc"
	if p.sortDesc {
		order = "desc"
	}
	info := obj{{"per_page", perPage}}
	if tokens {
		info = append(info, kv{"next_page_token", nullIfEmpty(next)})
	}
	info = append(info, kv{"count", count})
	if sortInfo {
		info = append(info, kv{"sort_by", p.sortBy})
	}
	info = append(info, kv{"page", page})
	if tokens {
		var e any
		if !expiry.IsZero() {
			e = s.formatTime(expiry)
		}
		info = append(info, kv{"page_token_expiry", e})
	}
	if sortInfo {
		info = append(info, kv{"sort_order", order})
	}
	info = append(info, kv{"more_records", more})
	if tokens {
		info = append(info, kv{"previous_page_token", nil})
	}
	return info
}

// writeRecords answers {"data":[...],"info":{...}} (info may be nil),
// copying each record's cached encoding when no fields were chosen.
func (s *Server) writeRecords(c *call, recs []*record, fields []string, info obj) {
	var infoJSON []byte
	if info != nil {
		var err error
		if infoJSON, err = info.MarshalJSON(); err != nil {
			failInternal(c.w)
			return
		}
	}
	proj := newProjection(fields)
	buf := getBuffer()
	defer putBuffer(buf)
	b := buf.AvailableBuffer()
	b = append(b, `{"data":[`...)
	for i, r := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = proj.appendRecord(b, r)
	}
	b = append(b, ']')
	if infoJSON != nil {
		b = append(b, `,"info":`...)
		b = append(b, infoJSON...)
	}
	b = append(b, '}')
	buf.Write(b)
	writeRaw(c.w, http.StatusOK, buf.Bytes())
}

func (s *Server) getRecord(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	id, ok := c.pathID()
	if !ok {
		return
	}
	ms.mu.RLock()
	r := ms.byID[id]
	ms.mu.RUnlock()
	// A well-formed id with no record (never there, or in the recycle bin)
	// answers 204 No Content, as an empty list does. (Zoho's exact answer
	// for this case is unconfirmed; see payloads/21.) So does a converted
	// lead, as reported of Zoho (convert.go).
	if r == nil || (meta.Convertible && r.converted) {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	if since, conditional := c.ifModifiedSince(); conditional && !r.modified.Truncate(time.Second).After(since) {
		writeEmpty(c.w, http.StatusNotModified)
		return
	}
	var fields []string
	if v := c.query("fields"); v != "" {
		fields = splitList(v)
	}
	s.writeRecords(c, []*record{r}, fields, nil)
}

// Page tokens (v5+): each names where the next page starts and which
// parameters it was issued for; it lives a day of the emulator's clock.

type pageCursor struct {
	bound   string
	last    *record
	page    int
	expires time.Time
}

type pageTokens struct {
	mu    sync.Mutex
	m     map[string]*pageCursor
	queue []string // issue order, which is expiry order while the clock runs forward
}

// maxPageTokens bounds memory for long runs; the oldest go first.
const maxPageTokens = 100_000

type tokenStatus int

const (
	tokenOK tokenStatus = iota
	tokenExpired
	tokenMismatch
)

func (pt *pageTokens) init() { pt.m = map[string]*pageCursor{} }

func (pt *pageTokens) issue(cur *pageCursor, now time.Time) string {
	token := randomHex(24)
	pt.mu.Lock()
	defer pt.mu.Unlock()
	for len(pt.queue) > 0 {
		oldest, ok := pt.m[pt.queue[0]]
		if ok && now.Before(oldest.expires) && len(pt.queue) < maxPageTokens {
			break
		}
		delete(pt.m, pt.queue[0])
		pt.queue = pt.queue[1:]
	}
	pt.m[token] = cur
	pt.queue = append(pt.queue, token)
	return token
}

func (pt *pageTokens) take(token, bound string, now time.Time) (*pageCursor, tokenStatus) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	cur, ok := pt.m[token]
	switch {
	case !ok || cur.bound != bound:
		return nil, tokenMismatch
	case !now.Before(cur.expires):
		return nil, tokenExpired
	}
	return cur, tokenOK
}

// Deletion and the recycle bin.

func (s *Server) deleteRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	ids, ok := idsParam(c)
	if !ok {
		return
	}
	by := mustJSON(c.user.lookup(false))
	now := s.Now()
	results := make([]recordResult, len(ids))
	ms.mu.Lock()
	for i, id := range ids {
		if s.isLocked(meta, id) {
			results[i] = lockedRecordError(id)
			continue
		}
		r := ms.removeLocked(id)
		if r == nil {
			results[i] = recordError("INVALID_DATA", "record not deleted", obj{{"id", id}})
			continue
		}
		ms.deleted = append(ms.deleted, recycled(meta, r, by, now))
		results[i] = successResult(id, "record deleted")
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) deleteRecord(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	id := c.param("id")
	if s.isLocked(meta, id) {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{lockedRecordError(id)}}})
		return
	}
	ms.mu.Lock()
	r := ms.removeLocked(id)
	if r != nil {
		ms.deleted = append(ms.deleted, recycled(meta, r, mustJSON(c.user.lookup(false)), s.Now()))
	}
	ms.mu.Unlock()
	if r == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "record not deleted", obj{{"resource_path_index", 1}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(id, "record deleted")}}})
}

// writeKeyed answers the results of a write of several records or entries
// under key ("data", "taxes"), with writeStatus's status.
func writeKeyed(c *call, key string, results []recordResult, allOK int) {
	ok := 0
	for _, r := range results {
		if r.Status == "success" {
			ok++
		}
	}
	writeJSON(c.w, writeStatus(c, ok, len(results)-ok, allOK), obj{{key, results}})
}

// writeStatus is the HTTP status of a write of several records: allOK when
// every one succeeded, 400 when none did, and for a mix 207 (v4+) or 202.
func writeStatus(c *call, succeeded, failed, allOK int) int {
	switch {
	case failed == 0:
		return allOK
	case succeeded == 0:
		return http.StatusBadRequest
	case c.version.atLeast(sinceMultiStatus):
		return http.StatusMultiStatus
	}
	return http.StatusAccepted
}

// listDeleted answers GET {module}/deleted?type=all|recycle|permanent, most
// recent first (keys as in Zoho's v8 sample and the Ruby SDK's parser).
func (s *Server) listDeleted(c *call) {
	ms, _, ok := s.module(c)
	if !ok {
		return
	}
	typ := c.query("type")
	if typ == "" {
		typ = "all"
	}
	if typ != "all" && typ != "recycle" && typ != "permanent" {
		failData(c.w, http.StatusBadRequest, "PATTERN_NOT_MATCHED", "Please check whether the input values are correct", obj{{"param_name", "type"}})
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	since, conditional := c.ifModifiedSince()
	ms.mu.RLock()
	var matched []deletedEntry
	for i := len(ms.deleted) - 1; i >= 0; i-- {
		d := ms.deleted[i]
		if (typ == "recycle" && d.permanent) || (typ == "permanent" && !d.permanent) {
			continue
		}
		if conditional && !d.deletedTime.Truncate(time.Second).After(since) {
			continue
		}
		matched = append(matched, *d)
	}
	ms.mu.RUnlock()
	start := min((page-1)*perPage, len(matched))
	end := min(start+perPage, len(matched))
	if start == end {
		if conditional {
			writeEmpty(c.w, http.StatusNotModified)
		} else {
			writeEmpty(c.w, http.StatusNoContent)
		}
		return
	}
	data := make([]obj, 0, end-start)
	for _, d := range matched[start:end] {
		entry := obj{{"deleted_by", rawOrNull(d.deletedBy)}, {"id", d.id}}
		typ := "recycle"
		if d.permanent {
			typ = "permanent"
		}
		entry = append(entry,
			kv{"display_name", nullIfEmpty(d.displayName)},
			kv{"type", typ},
			kv{"created_by", rawOrNull(d.createdBy)},
			kv{"deleted_time", s.formatTime(d.deletedTime)},
		)
		data = append(data, entry)
	}
	writeJSON(c.w, http.StatusOK, obj{
		{"data", data},
		{"info", obj{{"per_page", perPage}, {"count", len(data)}, {"page", page}, {"more_records", end < len(matched)}}},
	})
}
