package zohotest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bulk read and bulk write (reference/zoho-api-v8-data.md 1 and 2, payloads
// 60-65): jobs that progress on the emulator's clock, real ZIP/CSV results,
// the upload host of the DC, and Zoho's credits for them (50 a bulk read
// job, 500 a bulk write job, charged on top of the call's own credit).

const (
	bulkReadPageSize     = 200_000
	bulkWriteFileRecords = 25_000
	bulkWriteFileBytes   = 25 << 20
	bulkReadCredits      = 50
	bulkWriteCredits     = 500
	bulkDownloadsPerMin  = 10
	bulkPageTokenLife    = 24 * time.Hour
	defaultBulkJobTime   = time.Second
)

func init() {
	handleCRM("POST", "bulk/read", "ZohoCRM.bulk.READ ZohoCRM.bulk.ALL", (*Server).createBulkRead)
	handleCRM("GET", "bulk/read/{id}", "ZohoCRM.bulk.READ ZohoCRM.bulk.ALL", (*Server).getBulkRead)
	handleCRM("GET", "bulk/read/{id}/result", "ZohoCRM.bulk.READ ZohoCRM.bulk.ALL", (*Server).downloadBulkRead)
	handleCRM("POST", "bulk/write", "ZohoCRM.bulk.CREATE ZohoCRM.bulk.ALL", (*Server).createBulkWrite)
	handleCRM("GET", "bulk/write/{id}", "ZohoCRM.bulk.READ ZohoCRM.bulk.ALL", (*Server).getBulkWrite)
}

type bulkStore struct {
	mu         sync.Mutex
	jobTime    time.Duration
	pageSize   int // records a bulk read job exports; 0: Zoho's 200,000
	reads      map[string]*readJob
	writes     map[string]*writeJob
	files      map[string]*uploadedFile
	pageTokens map[string]*readPageToken
	downloads  []time.Time
}

func (b *bulkStore) initLocked() {
	if b.reads == nil {
		b.reads, b.writes = map[string]*readJob{}, map[string]*writeJob{}
		b.files, b.pageTokens = map[string]*uploadedFile{}, map[string]*readPageToken{}
	}
}

// FailBulkJob makes a bulk read or write job end badly when it would have
// completed: FAILURE with INTERNAL_SERVER_ERROR (read), FAILED (write). It
// reports whether there is such a job.
func (s *Server) FailBulkJob(id string) bool {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	if j := s.bulk.reads[id]; j != nil {
		j.failed.Store(true)
		return true
	}
	if j := s.bulk.writes[id]; j != nil {
		j.failed.Store(true)
		return true
	}
	return false
}

// SetBulkJobTime sets how long a bulk job takes on the emulator's clock
// from creation to COMPLETED (default one second); it applies to jobs
// created afterwards. A job is ADDED for its first quarter, QUEUED (bulk
// read) until half-way, then in progress.
func (s *Server) SetBulkJobTime(d time.Duration) {
	if d < 0 {
		panic("zohotest: SetBulkJobTime: negative duration")
	}
	s.bulk.mu.Lock()
	s.bulk.jobTime = d
	s.bulk.mu.Unlock()
}

// SetBulkReadPageSize sets how many records a bulk read job exports (Zoho:
// 200,000), so that a test crosses pages without seeding that many; it
// applies to jobs created afterwards. Zero restores Zoho's size.
func (s *Server) SetBulkReadPageSize(n int) {
	if n < 0 {
		panic("zohotest: SetBulkReadPageSize: negative size")
	}
	s.bulk.mu.Lock()
	s.bulk.pageSize = n
	s.bulk.mu.Unlock()
}

func (s *Server) bulkReadPageSize() int {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	if s.bulk.pageSize == 0 {
		return bulkReadPageSize
	}
	return s.bulk.pageSize
}

func (s *Server) bulkJobTime() time.Duration {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	if s.bulk.jobTime == 0 {
		return defaultBulkJobTime
	}
	return s.bulk.jobTime
}

// chargeCredits charges credits beyond the one the call itself cost.
func (l *rateLimiter) chargeCredits(n int) {
	l.mu.Lock()
	l.used += n
	l.mu.Unlock()
}

// bulkTimes is a job's schedule.
type bulkTimes struct {
	created time.Time
	took    time.Duration
}

func (t bulkTimes) done(now time.Time) bool { return !now.Before(t.created.Add(t.took)) }

func (t bulkTimes) phase(now time.Time) int {
	switch elapsed := now.Sub(t.created); {
	case t.done(now):
		return 3
	case elapsed < t.took/4:
		return 0
	case elapsed < t.took/2:
		return 1
	}
	return 2
}

type bulkCallback struct {
	URL    string `json:"url"`
	Method string `json:"method"`
}

// checkCallback answers Zoho's errors for a bad callback.
func checkCallback(c *call, cb *bulkCallback) bool {
	if cb == nil {
		return true
	}
	if !strings.EqualFold(cb.Method, "post") {
		fail(c.w, http.StatusBadRequest, "INVALID_CALLBACK_METHOD", "Invalid callback method provided", obj{{"supported_callback_methods", []string{"post"}}})
		return false
	}
	if !strings.HasPrefix(cb.URL, "http://") && !strings.HasPrefix(cb.URL, "https://") {
		fail(c.w, http.StatusBadRequest, "INVALID_CALLBACK_URL", "Invalid callback URL provided", obj{})
		return false
	}
	return true
}

// notifyWhenDone POSTs body() to the callback once the job is done on the
// emulator's clock, as Zoho does on completion or failure.
func (s *Server) notifyWhenDone(cb *bulkCallback, t bulkTimes, body func() []byte) {
	if cb == nil {
		return
	}
	go func() {
		deadline := time.Now().Add(time.Hour)
		for !t.done(s.Now()) {
			if time.Now().After(deadline) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, cb.URL, bytes.NewReader(body()))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", jsonContentType)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
}

// --- bulk read ---

type readJob struct {
	id        string
	version   apiVersion
	times     bulkTimes
	module    *moduleStore
	meta      *moduleMeta
	query     json.RawMessage // echoed, with page
	fields    []string
	page      int
	pageSize  int
	createdBy obj
	callback  *bulkCallback
	records   []*record
	more      bool
	nextToken string
	failed    atomic.Bool // FailBulkJob
}

type readPageToken struct {
	userID  string
	expires time.Time
	next    readParams
}

// readParams is what a page of a bulk read exports.
type readParams struct {
	module   *moduleStore
	meta     *moduleMeta
	fields   []string
	cvid     string
	criteria json.RawMessage
	match    func(*record) bool
	page     int
}

type bulkReadBody struct {
	Callback *bulkCallback `json:"callback"`
	Query    *struct {
		Module    json.RawMessage `json:"module"`
		Fields    []string        `json:"fields"`
		CVID      string          `json:"cvid"`
		Criteria  json.RawMessage `json:"criteria"`
		Page      *int            `json:"page"`
		PageToken string          `json:"page_token"`
	} `json:"query"`
	FileType string `json:"file_type"`
}

func failBulkData(c *call, code, message, path string) {
	fail(c.w, http.StatusBadRequest, code, message, obj{{"api_name", path[strings.LastIndexByte(path, '.')+1:]}, {"json_path", path}})
}

// moduleOfBody reads module as the version writes it: v2 a plain string,
// later {"api_name": ...}.
func (s *Server) moduleOfBody(c *call, raw json.RawMessage, path string) (*moduleStore, bool) {
	var name string
	if c.version.major <= 2 {
		if json.Unmarshal(raw, &name) != nil {
			failBulkData(c, "INVALID_DATA", "invalid data", path)
			return nil, false
		}
	} else {
		var m struct {
			APIName string `json:"api_name"`
		}
		if json.Unmarshal(raw, &m) != nil || m.APIName == "" {
			failBulkData(c, "INVALID_DATA", "invalid data", path)
			return nil, false
		}
		name = m.APIName
	}
	ms, ok := s.modules.get(name)
	if !ok {
		failBulkData(c, "MODULE_NOT_SUPPORTED", "the module is not supported", path)
		return nil, false
	}
	return ms, true
}

func (s *Server) createBulkRead(c *call) {
	var body bulkReadBody
	dec := json.NewDecoder(c.r.Body)
	if err := dec.Decode(&body); err != nil || body.Query == nil {
		fail(c.w, http.StatusBadRequest, "REQUEST_BODY_NOT_SUPPORTED", "request body contains invalid format", obj{})
		return
	}
	if !checkCallback(c, body.Callback) {
		return
	}
	if body.FileType != "" && body.FileType != "csv" {
		// ICS (Events only) is not emulated.
		failBulkData(c, "INVALID_DATA", "invalid data", "$.file_type")
		return
	}
	now := s.Now()
	q := body.Query
	var p readParams
	if q.PageToken != "" {
		if !c.version.atLeast(7) {
			failBulkData(c, "INVALID_DATA", "invalid data", "$.query.page_token")
			return
		}
		s.bulk.mu.Lock()
		tok := s.bulk.pageTokens[q.PageToken]
		s.bulk.mu.Unlock()
		if tok == nil || tok.userID != c.user.ID || now.After(tok.expires) {
			failBulkData(c, "INVALID_DATA", "invalid data", "$.query.page_token")
			return
		}
		p = tok.next
	} else {
		ms, ok := s.moduleOfBody(c, q.Module, "$.query.module")
		if !ok {
			return
		}
		p = readParams{module: ms, meta: ms.meta.Load(), fields: q.Fields, cvid: q.CVID, criteria: q.Criteria, page: 1}
		if q.Page != nil {
			if *q.Page < 1 {
				failBulkData(c, "INVALID_DATA", "invalid data", "$.query.page")
				return
			}
			p.page = *q.Page
		}
		for _, f := range p.fields {
			base, _, _ := strings.Cut(f, ".")
			if _, known := p.meta.field(base); !known && base != "id" && !strings.HasPrefix(base, "$") {
				failBulkData(c, "INVALID_DATA", "invalid data", "$.query.fields")
				return
			}
		}
		if p.cvid != "" && !hasView(p.meta, p.cvid) {
			failBulkData(c, "CVID_NOT_SUPPORTED", "the custom view is not supported", "$.query.cvid")
			return
		}
		p.match = func(*record) bool { return true }
		if len(q.Criteria) > 0 && string(q.Criteria) != "null" {
			m, err := parseBulkCriteria(q.Criteria, c.version.major <= 2, 0)
			if err != nil {
				failBulkData(c, "INVALID_CRITERIA", err.Error(), "$.query.criteria")
				return
			}
			p.match = m.match
		}
	}

	pageSize := s.bulkReadPageSize()
	job := &readJob{
		id: s.ids.next(), version: c.version, times: bulkTimes{created: now, took: s.bulkJobTime()}, pageSize: pageSize,
		module: p.module, meta: p.meta, fields: p.fields, page: p.page, callback: body.Callback,
		createdBy: obj{{"id", c.user.ID}, {"name", c.user.FullName()}},
	}
	job.records, job.more = p.module.query(recordQuery{
		filter: p.match, sortBy: "id", offset: (p.page - 1) * pageSize, limit: pageSize,
	})
	job.query = s.echoReadQuery(c, p)
	s.bulk.mu.Lock()
	s.bulk.initLocked()
	if job.more && c.version.atLeast(7) {
		job.nextToken = randomHex(48)
		next := p
		next.page++
		s.bulk.pageTokens[job.nextToken] = &readPageToken{userID: c.user.ID, expires: now.Add(bulkPageTokenLife), next: next}
	}
	s.bulk.reads[job.id] = job
	s.bulk.mu.Unlock()
	s.limiter.chargeCredits(bulkReadCredits - 1)
	s.notifyWhenDone(job.callback, job.times, func() []byte {
		b, _ := json.Marshal(obj{{"data", []obj{s.renderReadJob(job)}}})
		return b
	})
	writeJSON(c.w, http.StatusCreated, obj{
		{"data", []obj{{
			{"status", "success"}, {"code", "ADDED_SUCCESSFULLY"}, {"message", "Added successfully."},
			{"details", obj{{"id", job.id}, {"operation", "read"}, {"state", "ADDED"},
				{"created_by", job.createdBy}, {"created_time", s.formatTime(now)}}},
		}}},
		{"info", obj{}},
	})
}

// echoReadQuery is the query as job details show it.
func (s *Server) echoReadQuery(c *call, p readParams) json.RawMessage {
	var q obj
	if len(p.fields) > 0 {
		q = append(q, kv{"fields", p.fields})
	}
	if c.version.major <= 2 {
		q = append(q, kv{"module", p.meta.APIName})
	} else {
		q = append(q, kv{"module", obj{{"id", p.meta.ID}, {"api_name", p.meta.APIName}}})
	}
	if p.cvid != "" {
		q = append(q, kv{"cvid", p.cvid})
	}
	if len(p.criteria) > 0 && string(p.criteria) != "null" {
		q = append(q, kv{"criteria", p.criteria})
	}
	q = append(q, kv{"page", p.page})
	return mustJSON(q)
}

func (j *readJob) state(now time.Time) string {
	if j.failed.Load() && j.times.done(now) {
		return "FAILURE"
	}
	return [...]string{"ADDED", "QUEUED", "IN PROGRESS", "COMPLETED"}[j.times.phase(now)]
}

func (s *Server) renderReadJob(j *readJob) obj {
	now := s.Now()
	state := j.state(now)
	o := obj{{"id", j.id}, {"operation", "read"}, {"state", state}}
	if state == "FAILURE" {
		o = append(o, kv{"result", obj{{"error_message", apiError{Code: "INTERNAL_SERVER_ERROR", Details: obj{}, Message: "Internal server error occurred.", Status: "error"}}}})
	}
	if state == "COMPLETED" {
		r := obj{{"page", j.page}, {"per_page", j.pageSize}, {"count", len(j.records)},
			{"download_url", "/crm/bulk/" + j.version.String() + "/read/" + j.id + "/result"}, {"more_records", j.more}}
		if j.nextToken != "" {
			r = append(r, kv{"next_page_token", j.nextToken})
		}
		o = append(o, kv{"result", r})
	}
	o = append(o, kv{"query", j.query}, kv{"created_by", j.createdBy},
		kv{"created_time", s.formatTime(j.times.created)}, kv{"file_type", "csv"})
	if j.callback != nil {
		o = append(o, kv{"callback", j.callback})
	}
	return o
}

func (s *Server) readJobOf(c *call) (*readJob, bool) {
	s.bulk.mu.Lock()
	j := s.bulk.reads[c.param("id")]
	s.bulk.mu.Unlock()
	if j == nil || j.createdBy[0].v != c.user.ID {
		fail(c.w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "the requested resource was not found", obj{{"resource", c.param("id")}})
		return nil, false
	}
	return j, true
}

func (s *Server) getBulkRead(c *call) {
	if j, ok := s.readJobOf(c); ok {
		writeJSON(c.w, http.StatusOK, obj{{"data", []obj{s.renderReadJob(j)}}})
	}
}

func (s *Server) downloadBulkRead(c *call) {
	j, ok := s.readJobOf(c)
	if !ok {
		return
	}
	now := s.Now()
	if j.state(now) != "COMPLETED" {
		fail(c.w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "the requested resource was not found", obj{{"resource", c.param("id")}})
		return
	}
	s.bulk.mu.Lock()
	recent := s.bulk.downloads[:0]
	for _, t := range s.bulk.downloads {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	s.bulk.downloads = recent
	if len(recent) >= bulkDownloadsPerMin {
		wait := time.Minute - now.Sub(recent[0])
		s.bulk.mu.Unlock()
		c.w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		fail(c.w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "too many download requests", obj{})
		return
	}
	s.bulk.downloads = append(s.bulk.downloads, now)
	s.bulk.mu.Unlock()
	// Built per download, not kept: a 1,000,000-record export would
	// otherwise hold every page's ZIP.
	zipped := j.buildZip()
	h := c.w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+j.id+`.zip"`)
	h.Set("Content-Length", strconv.Itoa(len(zipped)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(zipped)
}

// buildZip writes the page as {id}.csv in {id}.zip: an id column first,
// then the fields asked for (every field of the module when none were).
func (j *readJob) buildZip() []byte {
	columns := []string{"id"}
	if len(j.fields) == 0 {
		for _, f := range j.meta.Fields {
			columns = append(columns, f.APIName)
		}
	} else {
		for _, f := range j.fields {
			if f != "id" {
				columns = append(columns, f)
			}
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	fw, err := zw.Create(j.id + ".csv")
	if err != nil {
		panic(err)
	}
	cw := csv.NewWriter(fw)
	_ = cw.Write(columns)
	row := make([]string, len(columns))
	for _, r := range j.records {
		row[0] = r.id
		for i, col := range columns[1:] {
			row[i+1] = csvValue(r, col)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// csvValue is how bulk read writes a field: text as is, numbers and
// booleans in their JSON form, lookups and users by id (Owner.last_name
// style columns read a key of the lookup), lists joined with ";".
func csvValue(r *record, column string) string {
	name, key, dotted := strings.Cut(column, ".")
	f, ok := r.field(name)
	if !ok {
		return ""
	}
	switch f.kind {
	case kindString:
		return f.str
	case kindNull:
		return ""
	case kindNumber, kindBool:
		return string(f.raw)
	case kindObject:
		var o map[string]any
		_ = json.Unmarshal(f.raw, &o)
		if !dotted {
			key = "id"
		}
		if v, ok := o[key]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	var items []any
	_ = json.Unmarshal(f.raw, &items)
	texts := make([]string, len(items))
	for i, it := range items {
		if s, ok := it.(string); ok {
			texts[i] = s
		} else {
			texts[i] = string(mustJSON(it))
		}
	}
	return strings.Join(texts, ";")
}

// Bulk read criteria: a condition {field:{api_name}, comparator, value}
// (v2: {api_name, comparator, value}) or a group {group_operator, group}.

type bulkMatcher interface{ match(*record) bool }

type bulkGroup struct {
	and   bool
	parts []bulkMatcher
}

func (g bulkGroup) match(r *record) bool {
	for _, p := range g.parts {
		if p.match(r) != g.and {
			return !g.and
		}
	}
	return g.and
}

// bulkText covers the text comparators record search has not.
type bulkText struct {
	field, op string
	value     string
}

func (t bulkText) match(r *record) bool {
	f, ok := r.field(t.field)
	v := ""
	if ok {
		cands, _ := comparable(f)
		if len(cands) > 0 {
			v = cands[0]
		}
	}
	v, q := strings.ToLower(v), strings.ToLower(t.value)
	switch t.op {
	case "contains":
		return strings.Contains(v, q)
	case "not_contains":
		return !strings.Contains(v, q)
	}
	return strings.HasSuffix(v, q) // ends_with
}

var bulkComparators = map[string]string{
	"equal": "equals", "not_equal": "not_equal", "in": "in", "not_in": "not_in",
	"less_than": "less_than", "less_equal": "less_equal", "greater_than": "greater_than",
	"greater_equal": "greater_equal", "between": "between", "starts_with": "starts_with",
	"contains": "", "not_contains": "", "ends_with": "",
}

func parseBulkCriteria(raw json.RawMessage, v2 bool, depth int) (bulkMatcher, error) {
	if depth > 10 {
		return nil, fmt.Errorf("criteria nested too deep")
	}
	var n struct {
		GroupOperator string            `json:"group_operator"`
		Group         []json.RawMessage `json:"group"`
		Field         *struct {
			APIName string `json:"api_name"`
		} `json:"field"`
		APIName    string          `json:"api_name"`
		Comparator string          `json:"comparator"`
		Value      json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, fmt.Errorf("criteria is not an object")
	}
	if n.Group != nil {
		op := strings.ToLower(n.GroupOperator)
		if (op != "and" && op != "or") || len(n.Group) == 0 {
			return nil, fmt.Errorf("group needs group_operator and or or and at least one entry")
		}
		g := bulkGroup{and: op == "and"}
		for _, part := range n.Group {
			m, err := parseBulkCriteria(part, v2, depth+1)
			if err != nil {
				return nil, err
			}
			g.parts = append(g.parts, m)
		}
		return g, nil
	}
	field := n.APIName
	if !v2 {
		if n.Field == nil || n.APIName != "" {
			return nil, fmt.Errorf("a condition names its field as field.api_name")
		}
		field = n.Field.APIName
	} else if n.Field != nil {
		return nil, fmt.Errorf("a v2 condition names its field as api_name")
	}
	op, known := bulkComparators[n.Comparator]
	if field == "" || !known {
		return nil, fmt.Errorf("condition needs a field and a known comparator")
	}
	var values []string
	var list []any
	var one any
	if json.Unmarshal(n.Value, &list) == nil {
		for _, v := range list {
			values = append(values, fmt.Sprint(v))
		}
	} else if json.Unmarshal(n.Value, &one) == nil && one != nil {
		values = []string{fmt.Sprint(one)}
	}
	if len(values) == 0 || (op == "between" && len(values) != 2) {
		return nil, fmt.Errorf("condition on %s has no usable value", field)
	}
	if op == "" {
		return bulkText{field: field, op: n.Comparator, value: values[0]}, nil
	}
	return condition{field: field, op: op, values: values}, nil
}

// --- upload host ---

type uploadedFile struct {
	id     string
	userID string
	data   []byte
}

// startUploadHost listens for the DC's file upload host on a free port.
func (s *Server) startUploadHost() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("zohotest: listen for the upload host: %v", err))
	}
	s.serveUploadHost(l)
}

// serveUploadHost serves the DC's file upload host on l, from now on the
// host of UploadURL.
func (s *Server) serveUploadHost(l net.Listener) {
	s.UploadURL = "http://" + l.Addr().String()
	s.uploadSrv = newHTTPServer(s.UploadHandler())
	go func() { _ = s.uploadSrv.Serve(l) }()
}

// UploadHandler serves the upload host alone, for a server started on
// listeners of one's own.
func (s *Server) UploadHandler() http.Handler { return http.HandlerFunc(s.serveUpload) }

// uploadUser authenticates a request on the upload host.
func (s *Server) uploadUser(w http.ResponseWriter, r *http.Request) (User, accessGrant, bool) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		failAuthentication(w)
		return User{}, accessGrant{}, false
	}
	grant, ok := s.tokens.lookupAccess(token, s.Now())
	if !ok {
		failInvalidToken(w)
		return User{}, accessGrant{}, false
	}
	user, ok := s.people.byIDCopy(grant.userID)
	if !ok || user.Status != "active" {
		failInvalidToken(w)
		return User{}, accessGrant{}, false
	}
	return user, grant, true
}

func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	noteServed(r)
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && len(segs) == 3 && segs[0] == "crm" && segs[2] == "upload":
		if _, ok := parseVersion(segs[1]); ok {
			s.upload(w, r)
			return
		}
	case r.Method == http.MethodGet && len(segs) == 6 && segs[1] == "crm" && segs[3] == "bulk-write" && segs[5] == segs[4]+".zip":
		s.downloadBulkWrite(w, r, segs[4])
		return
	case r.Method == http.MethodGet && len(segs) == 6 && segs[0] == "v2" && segs[1] == "crm" && exportScopes[segs[3]] != "":
		s.serveExportFile(w, r, segs[2], segs[3], segs[4], segs[5])
		return
	}
	failURL(w)
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	user, grant, ok := s.uploadUser(w, r)
	if !ok {
		return
	}
	if !grant.scopes.allows("ZohoFiles.files.ALL") {
		failScope(w)
		return
	}
	now := s.Now()
	if r.Header.Get("feature") != "bulk-write" {
		fail(w, http.StatusBadRequest, "NOT_SUPPORTED_FEATURE", "Feature is not supported", obj{{"created_time", s.formatTime(now)}})
		return
	}
	if r.Header.Get("X-CRM-ORG") != s.Org().ZGID {
		fail(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "X-CRM-ORG"}})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, bulkWriteFileBytes+1<<20)
	part, _, err := r.FormFile("file")
	if err != nil {
		if _, tooBig := err.(*http.MaxBytesError); tooBig {
			fail(w, http.StatusRequestEntityTooLarge, "FILE_TOO_LARGE", "file size exceeds the limit", obj{})
			return
		}
		fail(w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "file"}})
		return
	}
	data, err := io.ReadAll(part)
	part.Close()
	if err != nil || len(data) > bulkWriteFileBytes {
		fail(w, http.StatusRequestEntityTooLarge, "FILE_TOO_LARGE", "file size exceeds the limit", obj{})
		return
	}
	if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
		fail(w, http.StatusBadRequest, "INVALID_FILE_FORMAT", "invalid file format. only zip format is supported", obj{{"created_time", s.formatTime(now)}})
		return
	}
	f := &uploadedFile{id: s.ids.next(), userID: user.ID, data: data}
	s.bulk.mu.Lock()
	s.bulk.initLocked()
	s.bulk.files[f.id] = f
	s.bulk.mu.Unlock()
	writeJSON(w, http.StatusOK, obj{{"status", "success"}, {"code", "FILE_UPLOAD_SUCCESS"}, {"message", "file uploaded."},
		{"details", obj{{"file_id", f.id}, {"created_time", s.formatTime(now)}}}})
}

// --- bulk write ---

type fieldMapping struct {
	APIName      string          `json:"api_name"`
	Index        *int            `json:"index,omitempty"`
	FindBy       string          `json:"find_by,omitempty"`
	Format       string          `json:"format,omitempty"`
	DefaultValue json.RawMessage `json:"default_value,omitempty"`
}

type writeResource struct {
	Type          string          `json:"type"`
	Module        json.RawMessage `json:"module"`
	FileID        string          `json:"file_id"`
	FileNames     []string        `json:"file_names"`
	FindBy        string          `json:"find_by"`
	FieldMappings []fieldMapping  `json:"field_mappings"`
}

type bulkWriteBody struct {
	Operation         string          `json:"operation"`
	Callback          *bulkCallback   `json:"callback"`
	CharacterEncoding string          `json:"character_encoding"`
	IgnoreEmpty       bool            `json:"ignore_empty"`
	Resource          []writeResource `json:"resource"`
}

type writeJob struct {
	id        string
	version   apiVersion
	times     bulkTimes
	body      bulkWriteBody
	user      User
	createdBy obj
	module    *moduleStore
	meta      *moduleMeta
	fileName  string
	header    []string
	rows      [][]string
	mappings  []fieldMapping
	resultURL string
	failed    atomic.Bool // FailBulkJob

	runOnce sync.Once
	added   int
	updated int
	skipped int
	zip     []byte
}

func (s *Server) createBulkWrite(c *call) {
	var body bulkWriteBody
	if err := json.NewDecoder(c.r.Body).Decode(&body); err != nil {
		fail(c.w, http.StatusBadRequest, "REQUEST_BODY_NOT_SUPPORTED", "request body contains invalid format", obj{})
		return
	}
	if !checkCallback(c, body.Callback) {
		return
	}
	switch body.Operation {
	case "insert", "update", "upsert":
	case "":
		fail(c.w, http.StatusBadRequest, "MISSING_REQUIRED_KEY", "required key not found", obj{{"json_path", "$.operation"}})
		return
	default:
		failBulkData(c, "INVALID_DATA", "invalid data", "$.operation")
		return
	}
	if len(body.Resource) != 1 {
		// Parent and child resources in one job are not emulated.
		fail(c.w, http.StatusBadRequest, "MISSING_REQUIRED_KEY", "exactly one resource is emulated", obj{{"json_path", "$.resource"}})
		return
	}
	res := body.Resource[0]
	ms, ok := s.moduleOfBody(c, res.Module, "$.resource[0].module")
	if !ok {
		return
	}
	if body.Operation != "insert" && res.FindBy == "" {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "Required key find_by is not available", obj{{"json_path", "$.resource[0].find_by"}})
		return
	}
	s.bulk.mu.Lock()
	s.bulk.initLocked()
	file := s.bulk.files[res.FileID]
	s.bulk.mu.Unlock()
	if file == nil || file.userID != c.user.ID {
		failBulkData(c, "INVALID_FILE_ID", "the file id is invalid", "$.resource[0].file_id")
		return
	}
	name, header, rows, err := readUploadedCSV(file.data, res.FileNames)
	if err != nil {
		failBulkData(c, "FILE_NOT_SUPPORTED", err.Error(), "$.resource[0].file_id")
		return
	}
	if len(rows) > bulkWriteFileRecords {
		// Zoho's limit is 25,000 records a file; the error it gives is not
		// documented.
		failBulkData(c, "LIMIT_EXCEEDED", fmt.Sprintf("a file may hold at most %d records", bulkWriteFileRecords), "$.resource[0].file_id")
		return
	}
	meta := ms.meta.Load()
	mappings := res.FieldMappings
	if len(mappings) == 0 {
		for i, h := range header {
			mappings = append(mappings, fieldMapping{APIName: h, Index: &i})
		}
	}
	if len(mappings) > 200 {
		failBulkData(c, "HEADER_LIMIT_EXCEEDED", "more than 200 fields are mapped", "$.resource[0].field_mappings")
		return
	}
	for i, m := range mappings {
		path := fmt.Sprintf("$.resource[0].field_mappings[%d]", i)
		if _, known := meta.field(m.APIName); !known && m.APIName != "id" {
			failBulkData(c, "INVALID_FIELD", "the field is invalid", path+".api_name")
			return
		}
		if m.Index != nil && (*m.Index < 0 || *m.Index >= len(header)) {
			failBulkData(c, "COLUMN_INDEX_NOT_FOUND", "the column index is not found", path+".index")
			return
		}
	}
	now := s.Now()
	job := &writeJob{
		id: s.ids.next(), version: c.version, times: bulkTimes{created: now, took: s.bulkJobTime()},
		body: body, user: c.user, createdBy: obj{{"id", c.user.ID}, {"name", c.user.FullName()}},
		module: ms, meta: meta, fileName: name, header: header, rows: rows, mappings: mappings,
	}
	base := s.UploadURL
	if base == "" {
		base = "http://" + c.r.Host
	}
	job.resultURL = base + "/v2/crm/" + s.Org().ZGID + "/bulk-write/" + job.id + "/" + job.id + ".zip"
	s.bulk.mu.Lock()
	s.bulk.writes[job.id] = job
	s.bulk.mu.Unlock()
	s.limiter.chargeCredits(bulkWriteCredits - 1)
	s.notifyWhenDone(body.Callback, job.times, func() []byte {
		job.run(s)
		b, _ := json.Marshal(s.renderWriteJob(job))
		return b
	})
	writeJSON(c.w, http.StatusCreated, obj{{"status", "success"}, {"code", "SUCCESS"}, {"message", "success"},
		{"details", obj{{"id", job.id}, {"created_by", job.createdBy}}}})
}

// readUploadedCSV reads the CSV a resource names in an uploaded ZIP.
func readUploadedCSV(data []byte, names []string) (string, []string, [][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", nil, nil, err
	}
	var f *zip.File
	for _, zf := range zr.File {
		if (len(names) == 0 && strings.HasSuffix(strings.ToLower(zf.Name), ".csv")) || (len(names) > 0 && zf.Name == names[0]) {
			f = zf
			break
		}
	}
	if f == nil {
		return "", nil, nil, fmt.Errorf("the ZIP holds no such CSV file")
	}
	rc, err := f.Open()
	if err != nil {
		return "", nil, nil, err
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.FieldsPerRecord = -1
	all, err := cr.ReadAll()
	if err != nil || len(all) == 0 {
		return "", nil, nil, fmt.Errorf("the CSV file does not parse")
	}
	return f.Name, all[0], all[1:], nil
}

func (j *writeJob) state(now time.Time) string {
	if j.failed.Load() && j.times.done(now) {
		return "FAILED"
	}
	return [...]string{"ADDED", "ADDED", "INPROGRESS", "COMPLETED"}[j.times.phase(now)]
}

// run writes the rows once, when the job is first seen done.
func (j *writeJob) run(s *Server) {
	j.runOnce.Do(func() {
		c := &call{version: j.version, user: j.user}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		fw, _ := zw.Create(j.meta.APIName + "-" + j.fileName)
		cw := csv.NewWriter(fw)
		shown := j.mappings[:min(3, len(j.mappings))]
		head := make([]string, 0, len(shown)+3)
		for _, m := range shown {
			head = append(head, m.APIName)
		}
		_ = cw.Write(append(head, "STATUS", "RECORD_ID", "ERRORS"))
		findBy := j.body.Resource[0].FindBy
		j.module.mu.Lock()
		bw := s.newBulkWriter(c, j)
		for i, row := range j.rows {
			status, id, errText := j.writeRow(s, c, bw, findBy, row, i)
			out := make([]string, 0, len(shown)+3)
			for _, m := range shown {
				out = append(out, cell(row, m))
			}
			_ = cw.Write(append(out, status, id, errText))
		}
		j.module.mu.Unlock()
		cw.Flush()
		_ = zw.Close()
		j.zip = buf.Bytes()
	})
}

func cell(row []string, m fieldMapping) string {
	if m.Index == nil || *m.Index >= len(row) {
		return ""
	}
	return row[*m.Index]
}

// valueIndex finds records by field value in constant time, for the
// unique fields and find_by of a bulk write: the API's linear duplicate
// scan would make a 100,000-row import quadratic.
type valueIndex map[string]map[string]*record

func valueKey(f fieldValue) string {
	if f.kind == kindString {
		return "s" + strings.ToLower(strings.TrimSpace(f.str))
	}
	return "r" + string(f.raw)
}

func newValueIndex(m *moduleStore, fields []string) valueIndex {
	ix := valueIndex{}
	for _, name := range fields {
		ix[name] = map[string]*record{}
	}
	for _, r := range m.order {
		ix.add(r)
	}
	return ix
}

func (ix valueIndex) add(r *record) {
	for name, vals := range ix {
		if f, ok := r.field(name); ok && !f.empty() {
			if _, taken := vals[valueKey(f)]; !taken { // the oldest wins, as findLocked's
				vals[valueKey(f)] = r
			}
		}
	}
}

func (ix valueIndex) remove(r *record) {
	for name, vals := range ix {
		if f, ok := r.field(name); ok && vals[valueKey(f)] == r {
			delete(vals, valueKey(f))
		}
	}
}

func (ix valueIndex) find(name string, f fieldValue) *record {
	if f.empty() {
		return nil
	}
	return ix[name][valueKey(f)]
}

// bulkWriter writes a job's rows with the API's writer, its duplicate
// checks done through a valueIndex.
type bulkWriter struct {
	*writer
	unique []string
	index  valueIndex
}

func (s *Server) newBulkWriter(c *call, j *writeJob) *bulkWriter {
	meta := *j.meta
	meta.Fields = append([]Field(nil), j.meta.Fields...)
	var unique []string
	for i := range meta.Fields {
		if meta.Fields[i].Unique {
			unique = append(unique, meta.Fields[i].APIName)
			meta.Fields[i].Unique = false // checked by the index instead
		}
	}
	indexed := unique
	if fb := j.body.Resource[0].FindBy; fb != "" && fb != "id" && !slices.Contains(unique, fb) {
		indexed = append(slices.Clone(unique), fb)
	}
	return &bulkWriter{writer: s.newWriter(c, j.module, &meta), unique: unique, index: newValueIndex(j.module, indexed)}
}

// duplicate finds a record other than selfID holding a unique value of own.
func (bw *bulkWriter) duplicate(own []fieldValue, selfID string) (string, *record) {
	for _, name := range bw.unique {
		if f, ok := findField(own, name); ok {
			if other := bw.index.find(name, f); other != nil && other.id != selfID {
				return name, other
			}
		}
	}
	return "", nil
}

// writeRow applies one CSV row under the module's lock and returns its
// STATUS, RECORD_ID and ERRORS.
func (j *writeJob) writeRow(s *Server, c *call, bw *bulkWriter, findBy string, row []string, index int) (string, string, string) {
	var fields obj
	id := ""
	for _, m := range j.mappings {
		v := cell(row, m)
		if v == "" && len(m.DefaultValue) > 0 {
			var d struct {
				Value any `json:"value"`
			}
			if json.Unmarshal(m.DefaultValue, &d) == nil && d.Value != nil {
				v = fmt.Sprint(d.Value)
			}
		}
		if m.APIName == "id" {
			id = v
			continue
		}
		if v == "" {
			if !j.body.IgnoreEmpty {
				fields = append(fields, kv{m.APIName, nil})
			}
			continue
		}
		fields = append(fields, kv{m.APIName, csvInput(j.meta, m, v)})
	}
	p := s.prepare(c, j.meta, mustJSON(fields), index)
	if p.err != nil {
		j.skipped++
		return "skipped", "", rowError(p.err)
	}
	var match *record
	switch {
	case findBy == "id":
		match = j.module.byID[id]
	case findBy != "":
		if f, ok := findField(p.own, findBy); ok {
			match = bw.index.find(findBy, f)
		}
	}
	switch {
	case j.body.Operation == "insert" && match != nil:
		j.skipped++
		return "skipped", match.id, "DUPLICATE_DATA-" + findBy
	case j.body.Operation == "update" && match == nil:
		j.skipped++
		return "skipped", "", "INVALID_DATA-" + findBy
	}
	selfID := ""
	if match != nil {
		selfID = match.id
	}
	if name, _ := bw.duplicate(p.own, selfID); name != "" {
		j.skipped++
		return "skipped", "", "DUPLICATE_DATA-" + name
	}
	if match != nil {
		r, e := bw.updateLocked(p, match.id)
		if e != nil {
			j.skipped++
			return "skipped", "", rowError(e)
		}
		bw.index.remove(match)
		bw.index.add(r)
		j.updated++
		return "updated", r.id, ""
	}
	r, e := bw.insertLocked(p)
	if e != nil {
		j.skipped++
		return "skipped", "", rowError(e)
	}
	bw.index.add(r)
	j.added++
	return "added", r.id, ""
}

// rowError writes a per-record error as the result CSV does: CODE-column.
func rowError(e *recordResult) string {
	for _, d := range e.Details {
		if d.k == "api_name" {
			return e.Code + "-" + fmt.Sprint(d.v)
		}
	}
	return e.Code
}

// csvInput turns a cell into the value the field's type wants: booleans,
// and dates in Zoho's default MM/dd/yyyy (or ISO) form.
func csvInput(meta *moduleMeta, m fieldMapping, v string) any {
	fd, ok := meta.field(m.APIName)
	if !ok {
		return v
	}
	switch fd.DataType {
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	case "date":
		if t, err := time.Parse("01/02/2006", v); err == nil {
			return t.Format(time.DateOnly)
		}
	case "datetime":
		if t, err := time.Parse("01/02/2006 15:04:05", v); err == nil {
			return t.Format(zohoTimeLayout)
		}
	case "multiselectpicklist":
		return strings.Split(v, ";")
	}
	return v
}

func (s *Server) renderWriteJob(j *writeJob) obj {
	state := j.state(s.Now())
	var module any = obj{{"api_name", j.meta.APIName}, {"id", j.meta.ID}}
	if j.version.major <= 2 {
		module = j.meta.APIName
	}
	res := obj{{"status", state}, {"type", "data"}}
	if state == "FAILED" {
		// The code a failed resource carries is not in Zoho's samples.
		res = append(res, kv{"code", "INTERNAL_SERVER_ERROR"})
	}
	res = append(res, kv{"module", module}, kv{"field_mappings", j.mappings})
	file := obj{{"status", state}, {"name", j.fileName}}
	if state == "COMPLETED" {
		file = append(file, kv{"added_count", j.added}, kv{"skipped_count", j.skipped},
			kv{"updated_count", j.updated}, kv{"total_count", len(j.rows)})
	}
	res = append(res, kv{"file", file})
	o := obj{{"status", state}, {"character_encoding", "UTF-8"}, {"resource", []obj{res}}, {"id", j.id}}
	if state == "COMPLETED" {
		o = append(o, kv{"result", obj{{"download_url", j.resultURL}}})
	}
	o = append(o, kv{"created_by", j.createdBy}, kv{"operation", j.body.Operation}, kv{"created_time", s.formatTime(j.times.created)})
	if j.body.Callback != nil {
		o = append(o, kv{"callback", j.body.Callback})
	}
	return append(o, kv{"ignore_empty", j.body.IgnoreEmpty})
}

func (s *Server) writeJobOf(id, userID string) *writeJob {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	j := s.bulk.writes[id]
	if j == nil || j.user.ID != userID {
		return nil
	}
	return j
}

func (s *Server) getBulkWrite(c *call) {
	j := s.writeJobOf(c.param("id"), c.user.ID)
	if j == nil {
		fail(c.w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "the requested resource was not found", obj{{"resource", c.param("id")}})
		return
	}
	if j.state(s.Now()) == "COMPLETED" {
		j.run(s)
	}
	writeJSON(c.w, http.StatusOK, s.renderWriteJob(j))
}

func (s *Server) downloadBulkWrite(w http.ResponseWriter, r *http.Request, id string) {
	user, _, ok := s.uploadUser(w, r)
	if !ok {
		return
	}
	j := s.writeJobOf(id, user.ID)
	if j == nil || j.state(s.Now()) != "COMPLETED" {
		fail(w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "the requested resource was not found", obj{{"resource", id}})
		return
	}
	j.run(s)
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Length", strconv.Itoa(len(j.zip)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(j.zip)
}
