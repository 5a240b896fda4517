package zohotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Writes: POST {module}, PUT {module}, PUT {module}/{id}, POST
// {module}/upsert. At most 100 records a call; one result per record, in
// input order (payloads 22-24). A record is checked in two steps: what
// needs no lock (shape, types, lookups, Owner), then under the module's
// lock what depends on the other records (uniqueness, upsert matches).

func init() {
	handleCRM("POST", "{module}", "ZohoCRM.modules.{module}.CREATE", (*Server).createRecords)
	handleCRM("PUT", "{module}", "ZohoCRM.modules.{module}.UPDATE", (*Server).updateRecords)
	handleCRM("PUT", "{module}/{id}", "ZohoCRM.modules.{module}.UPDATE", (*Server).updateRecord)
	handleCRM("POST", "{module}/upsert", "ZohoCRM.modules.{module}.CREATE ZohoCRM.modules.{module}.UPDATE", (*Server).upsertRecords)
	handleCRM("POST", "{module}/{id}/actions/clone", "ZohoCRM.modules.{module}.CREATE", (*Server).cloneRecord)
}

const maxWriteRecords = 100

// writeBody is the body of a write: {"data":[...], "trigger":[...],
// "lar_id":..., "duplicate_check_fields":[...]}. trigger and lar_id are
// accepted; the emulator runs no workflows or assignment rules.
type writeBody struct {
	data           []json.RawMessage
	duplicateCheck []string
}

func readWriteBody(c *call) (writeBody, bool) {
	var b writeBody
	var top map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 64<<20)).Decode(&top); err != nil {
		failBody(c.w)
		return b, false
	}
	raw, ok := top["data"]
	if !ok || string(raw) == "null" {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "data"}})
		return b, false
	}
	if err := json.Unmarshal(raw, &b.data); err != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", "data"}})
		return b, false
	}
	if len(b.data) == 0 {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "data"}})
		return b, false
	}
	limit := maxWriteRecords
	if c.composite {
		limit = compositeWriteLimit
	}
	if len(b.data) > limit {
		failData(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "count of records in your request exceeds the limit",
			obj{{"maximum_length", limit}, {"api_name", "data"}})
		return b, false
	}
	if t, ok := top["trigger"]; ok {
		var trigger []string
		if err := json.Unmarshal(t, &trigger); err != nil {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", "trigger"}})
			return b, false
		}
	}
	if d, ok := top["duplicate_check_fields"]; ok {
		if err := json.Unmarshal(d, &b.duplicateCheck); err != nil {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", "duplicate_check_fields"}})
			return b, false
		}
	}
	return b, true
}

// decodeObject reads a JSON object keeping its keys in order (a repeated
// key keeps its first place and its last value).
func decodeObject(raw []byte) ([]fieldValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var fields []fieldValue
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, v); err != nil {
			return nil, err
		}
		f := makeField(name, compact.Bytes())
		if i := indexOfField(fields, name); i >= 0 {
			fields[i] = f
		} else {
			fields = append(fields, f)
		}
	}
	return fields, nil
}

func indexOfField(fields []fieldValue, name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	return -1
}

func findField(fields []fieldValue, name string) (fieldValue, bool) {
	if i := indexOfField(fields, name); i >= 0 {
		return fields[i], true
	}
	return fieldValue{}, false
}

// prepared is an input record after the checks that need no lock.
type prepared struct {
	index int
	id    string       // "id" in the record, for updates and upserts
	own   []fieldValue // fields to write, input order
	owner []byte       // a new Owner, nil when not given
	err   *recordResult
}

// fieldError is a per-record error about one field: details carry extra,
// then api_name and (v4+) json_path.
func fieldError(c *call, code, message, field string, index int, extra ...kv) *recordResult {
	d := obj(extra)
	d = append(d, kv{"api_name", field})
	if c.version.atLeast(sinceJSONPath) {
		d = append(d, kv{"json_path", fmt.Sprintf("$.data[%d].%s", index, field)})
	}
	e := recordError(code, message, d)
	return &e
}

// prepare decodes and checks one input record: read-only, audit and
// $-fields are dropped as Zoho ignores them; known fields are checked
// against their data type; lookups and Owner are resolved.
func (s *Server) prepare(c *call, meta *moduleMeta, raw json.RawMessage, index int) prepared {
	p := prepared{index: index}
	fields, err := decodeObject(raw)
	if err != nil {
		e := recordError("INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}, {"api_name", "data"}})
		p.err = &e
		return p
	}
	for _, f := range fields {
		switch {
		case f.name == "id":
			p.id = idText(f)
		case strings.HasPrefix(f.name, "$"),
			f.name == "Created_Time", f.name == "Modified_Time", f.name == "Created_By", f.name == "Modified_By":
		case f.name == "Owner":
			owner, e := s.userLookup(c, f, index, true)
			if e != nil {
				p.err = e
				return p
			}
			p.owner = owner
		case f.name == "Layout" && f.kind != kindNull:
			if id, _ := lookupID(f); !s.layoutTakesRecords(meta, id) {
				p.err = fieldError(c, "INVALID_DATA", "the layout is inactive", f.name, index)
				return p
			}
			p.own = append(p.own, f)
		default:
			fd, known := meta.field(f.name)
			if !known && meta.fieldRemoved(f.name) {
				// A field deleted through settings/fields.
				p.err = fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
				return p
			}
			if known && fd.ReadOnly {
				continue
			}
			if known && f.kind != kindNull {
				checked, e := s.checkField(c, fd, f, index)
				if e != nil {
					p.err = e
					return p
				}
				f = checked
			}
			p.own = append(p.own, f)
		}
	}
	return p
}

// idText reads an id given as a string or a number.
func idText(f fieldValue) string {
	switch f.kind {
	case kindString:
		return f.str
	case kindNumber:
		return string(f.raw)
	}
	return ""
}

// lookupID reads the id of a lookup given as {"id": ...}, a string or a
// number; ok is false for other shapes, and id empty for an object
// without one.
func lookupID(f fieldValue) (id string, ok bool) {
	switch f.kind {
	case kindString, kindNumber:
		return idText(f), true
	case kindObject:
		var o map[string]json.RawMessage
		if json.Unmarshal(f.raw, &o) != nil {
			return "", false
		}
		raw, has := o["id"]
		if !has {
			return "", true
		}
		return idText(makeField("id", raw)), true
	}
	return "", false
}

// userLookup resolves an Owner (or another user lookup) to the user's
// {"name","id"[,"email"]}.
func (s *Server) userLookup(c *call, f fieldValue, index int, withEmail bool) ([]byte, *recordResult) {
	id, ok := lookupID(f)
	if !ok || id == "" {
		return nil, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", "ownerlookup"})
	}
	u, found := s.people.byIDCopy(id)
	if !found || u.Status == "deleted" {
		return nil, fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
	}
	return mustJSON(u.lookup(withEmail)), nil
}

// checkField checks a value against the field's data type and returns it
// normalised (numbers given as text become numbers, lookups gain their
// name, subform rows their ids).
func (s *Server) checkField(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	if fd.GlobalPicklist != "" {
		shared := *fd
		shared.PickList, _ = s.globalPickList(fd.GlobalPicklist)
		fd = &shared
	}
	wrongType := func() (fieldValue, *recordResult) {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
	}
	switch fd.DataType {
	case "text", "textarea", "email", "phone", "website", "picklist", "autonumber":
		if f.kind == kindNumber && fd.DataType != "email" {
			f = fieldOf(f.name, string(f.raw)) // Zoho keeps 98883434559 as text
		}
		if f.kind != kindString {
			return wrongType()
		}
		if fd.Length > 0 && utf8.RuneCountInString(f.str) > fd.Length {
			return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"maximum_length", fd.Length})
		}
		if fd.DataType == "email" && f.str != "" && !validEmail(f.str) {
			return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
		}
		if e := checkPicklist(c, fd, f, index); e != nil {
			return f, e
		}
	case "profileimage":
		if f.kind != kindString {
			return wrongType()
		}
	case "integer", "bigint":
		return exactInteger(c, fd, f, index)
	case "double", "currency", "percent", "decimal":
		return exactNumber(c, fd, f, index)
	case "boolean":
		if f.kind != kindBool {
			return wrongType()
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, f.str); f.kind != kindString || err != nil {
			return wrongType()
		}
	case "datetime":
		if _, ok := parseZohoTime(f.str); f.kind != kindString || !ok {
			return wrongType()
		}
	case "multiselectpicklist":
		var items []string
		if f.kind != kindArray || json.Unmarshal(f.raw, &items) != nil {
			return wrongType()
		}
		if e := checkPicklist(c, fd, f, index); e != nil {
			return f, e
		}
	case "multiselectlookup", "multiuserlookup":
		if fd.ConnectedLookup != "" {
			return s.linkRows(c, fd, f, index)
		}
		if f.kind != kindArray {
			return wrongType()
		}
	case "fileupload", "imageupload":
		return s.fileRows(c, fd, f, index)
	case "consent_lookup":
		if _, ok := lookupID(f); !ok {
			return wrongType()
		}
	case "userlookup":
		raw, e := s.userLookup(c, f, index, false)
		if e != nil {
			return f, e
		}
		return makeField(f.name, raw), nil
	case "ownerlookup":
		raw, e := s.userLookup(c, f, index, false)
		if e != nil {
			return f, e
		}
		return makeField(f.name, raw), nil
	case "lookup":
		return s.resolveLookup(c, fd, f, index)
	case "subform":
		return s.subformRows(c, fd, f, index)
	}
	return f, nil
}

func number(f fieldValue) (float64, bool) {
	switch f.kind {
	case kindNumber:
		return f.num, true
	case kindString:
		n, err := strconv.ParseFloat(strings.TrimSpace(f.str), 64)
		return n, err == nil
	}
	return 0, false
}

func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " ,;") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// resolveLookup checks that a lookup's id names a record of the target
// module and stores it as Zoho returns lookups: {"name","id"}. Lookups
// whose target varies (What_Id, Parent_Id) are stored as given.
func (s *Server) resolveLookup(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	f = s.externalLookup(c, fd, f)
	id, ok := lookupID(f)
	if !ok {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", "lookup"})
	}
	if id == "" { // by name only: kept as given
		return f, nil
	}
	if !isDigits(id) {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
	}
	target, ok := s.modules.get(fd.LookupModule)
	if fd.LookupModule == "" || !ok {
		if f.kind != kindObject {
			return fieldOf(f.name, obj{{"id", id}}), nil
		}
		return f, nil
	}
	target.mu.RLock()
	r := target.byID[id]
	target.mu.RUnlock()
	if r == nil {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
	}
	return fieldOf(f.name, obj{{"name", nullIfEmpty(r.displayName(target.meta.Load()))}, {"id", id}}), nil
}

// subformRows checks a subform (or line items): a list of rows whose
// cells are checked against the fields of the subform's module when it
// has one; rows keep their key order and get their ids when written
// (finishRows).
func (s *Server) subformRows(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	var rowMeta *moduleMeta
	if m, ok := s.modules.get(fd.SubformModule); ok && fd.SubformModule != "" {
		rowMeta = m.meta.Load()
	}
	return eachRow(c, fd, f, index, func(cells []fieldValue) ([]fieldValue, *recordResult) {
		for j, cell := range cells {
			if rowMeta == nil || cell.kind == kindNull {
				continue
			}
			if cd, ok := rowMeta.field(cell.name); ok && !cd.ReadOnly {
				checked, e := s.checkField(c, cd, cell, index)
				if e != nil {
					return nil, e
				}
				cells[j] = checked
			}
		}
		return cells, nil
	})
}

// mandatoryMissing finds a mandatory field a new record lacks.
func mandatoryMissing(c *call, meta *moduleMeta, own []fieldValue, index int) *recordResult {
	for _, fd := range meta.Fields {
		if !fd.Mandatory || fd.ReadOnly {
			continue
		}
		if f, ok := findField(own, fd.APIName); !ok || f.empty() {
			return fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", fd.APIName, index)
		}
	}
	return nil
}

// mandatoryCleared finds a mandatory field an update empties.
func mandatoryCleared(c *call, meta *moduleMeta, in []fieldValue, index int) *recordResult {
	for _, f := range in {
		if fd, ok := meta.field(f.name); ok && fd.Mandatory && f.empty() {
			return fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", f.name, index)
		}
	}
	return nil
}

func sameValue(a, b fieldValue) bool {
	switch {
	case a.kind == kindString && b.kind == kindString:
		return strings.EqualFold(strings.TrimSpace(a.str), strings.TrimSpace(b.str))
	case a.kind == kindNumber && b.kind == kindNumber:
		return a.num == b.num
	}
	return a.kind == b.kind && bytes.Equal(a.raw, b.raw)
}

// findLocked returns the first record (oldest) whose field equals f.
func (m *moduleStore) findLocked(f fieldValue, skipID string) *record {
	for _, r := range m.order {
		if r.id == skipID {
			continue
		}
		if g, ok := r.field(f.name); ok && !g.empty() && sameValue(f, g) {
			return r
		}
	}
	return nil
}

// duplicateLocked checks the module's unique fields.
func (s *Server) duplicateLocked(c *call, m *moduleStore, meta *moduleMeta, own []fieldValue, selfID string, index int) *recordResult {
	for _, fd := range meta.Fields {
		if !fd.Unique && !fd.External {
			continue
		}
		f, ok := findField(own, fd.APIName)
		if !ok || f.empty() {
			continue
		}
		if other := m.findLocked(f, selfID); other != nil {
			return s.duplicateError(c, fd.APIName, index, other)
		}
	}
	return nil
}

// duplicateError is DUPLICATE_DATA as the version writes it: v2 names the
// field and the existing record; v4+ adds json_path, the record's owner
// and more_records (payload 05).
func (s *Server) duplicateError(c *call, field string, index int, other *record) *recordResult {
	if !c.version.atLeast(sinceJSONPath) {
		e := recordError("DUPLICATE_DATA", "duplicate data", obj{{"api_name", field}, {"id", other.id}})
		return &e
	}
	var owner struct {
		Name string `json:"name"`
		ID   string `json:"id"`
	}
	_ = json.Unmarshal(other.owner, &owner)
	u, _ := s.people.byIDCopy(owner.ID)
	e := recordError("DUPLICATE_DATA", "duplicate data", obj{
		{"api_name", field},
		{"duplicate_record", obj{{"Owner", obj{{"name", owner.Name}, {"id", owner.ID}, {"zuid", u.ZUID}}}, {"id", other.id}}},
		{"json_path", fmt.Sprintf("$.data[%d].%s", index, field)},
		{"id", other.id},
		{"more_records", false},
	})
	return &e
}

// successDetails are the details of a successful write (payload 22).
// $approval_state shows in v8's insert and update samples, not in the
// upsert one (a 2020 sample Zoho reuses in v8), so upsert leaves it out.
func (s *Server) successDetails(c *call, r *record, approvalState bool) obj {
	d := obj{
		{"Modified_Time", s.formatTime(r.modified)},
		{"Modified_By", json.RawMessage(r.modifiedBy)},
		{"Created_Time", s.formatTime(r.created)},
		{"id", r.id},
		{"Created_By", json.RawMessage(r.createdBy)},
	}
	if approvalState && c.version.atLeast(sinceApprovalState) {
		d = append(d, kv{"$approval_state", "approved"})
	}
	return d
}

func success(details obj, message string) recordResult {
	return recordResult{Code: "SUCCESS", Details: details, Message: message, Status: "success"}
}

// writer carries what every record of one write shares.
type writer struct {
	s     *Server
	c     *call
	ms    *moduleStore
	meta  *moduleMeta
	now   time.Time
	by    []byte // {"name","id"} of the current user
	owner []byte // default Owner: the current user, with email
}

func (s *Server) newWriter(c *call, ms *moduleStore, meta *moduleMeta) *writer {
	return &writer{s: s, c: c, ms: ms, meta: meta, now: s.Now(),
		by: mustJSON(c.user.lookup(false)), owner: mustJSON(c.user.lookup(true))}
}

// insertLocked creates a record from a prepared input.
func (wr *writer) insertLocked(p prepared) (*record, *recordResult) {
	if e := mandatoryMissing(wr.c, wr.meta, p.own, p.index); e != nil {
		return nil, e
	}
	if e := wr.s.duplicateLocked(wr.c, wr.ms, wr.meta, p.own, "", p.index); e != nil {
		return nil, e
	}
	owner := p.owner
	if owner == nil {
		owner = wr.owner
	}
	own, e := wr.finishRows(p.own, nil, p.index)
	if e != nil {
		return nil, e
	}
	r := &record{
		id: wr.s.ids.next(), own: wr.autoNumbersLocked(own), props: defaultProps(wr.meta, nil),
		owner: owner, createdBy: wr.by, modifiedBy: wr.by, created: wr.now, modified: wr.now,
	}
	wr.s.assemble(wr.meta, r)
	wr.ms.insertLocked(r)
	return r, nil
}

// updateLocked applies a prepared input to the record with this id: given
// fields replace the stored ones, new ones are added.
func (wr *writer) updateLocked(p prepared, id string) (*record, *recordResult) {
	old := wr.ms.byID[id]
	if old == nil {
		return nil, fieldError(wr.c, "INVALID_DATA", "the id given seems to be invalid", "id", p.index)
	}
	if wr.s.isLocked(wr.meta, id) {
		e := lockedRecordError(id)
		return nil, &e
	}
	if e := mandatoryCleared(wr.c, wr.meta, p.own, p.index); e != nil {
		return nil, e
	}
	given, e := wr.finishRows(slices.Clone(p.own), old, p.index)
	if e != nil {
		return nil, e
	}
	own := append(make([]fieldValue, 0, len(old.own)+len(given)), old.own...)
	for _, f := range given {
		if i := indexOfField(own, f.name); i >= 0 {
			own[i] = f
		} else {
			own = append(own, f)
		}
	}
	if e := wr.s.duplicateLocked(wr.c, wr.ms, wr.meta, own, id, p.index); e != nil {
		return nil, e
	}
	owner := old.owner
	if p.owner != nil {
		owner = p.owner
	}
	r := &record{
		id: id, own: own, props: old.props,
		owner: owner, createdBy: old.createdBy, modifiedBy: wr.by, created: old.created, modified: wr.now,
	}
	wr.s.assemble(wr.meta, r)
	wr.ms.replaceLocked(r)
	return r, nil
}

func (s *Server) prepareAll(c *call, meta *moduleMeta, data []json.RawMessage) []prepared {
	preps := make([]prepared, len(data))
	for i, raw := range data {
		preps[i] = s.prepare(c, meta, raw, i)
	}
	return preps
}

func (s *Server) createRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	preps := s.prepareAll(c, meta, body.data)
	s.storeEach(c, ms, preps, http.StatusCreated, "record added", s.newWriter(c, ms, meta).insertLocked)
}

// storeEach runs write, under the module's lock, for each prepared
// record that passed its checks, and answers one result per record.
func (s *Server) storeEach(c *call, ms *moduleStore, preps []prepared, allOK int, message string, write func(prepared) (*record, *recordResult)) {
	results := make([]recordResult, len(preps))
	ms.mu.Lock()
	for i, p := range preps {
		if p.err != nil {
			results[i] = *p.err
			continue
		}
		r, e := write(p)
		if e != nil {
			results[i] = *e
			continue
		}
		results[i] = success(s.successDetails(c, r, true), message)
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, allOK)
}

func (s *Server) updateRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	s.update(c, ms, meta, s.prepareAll(c, meta, body.data), "")
}

func (s *Server) updateRecord(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	id, ok := c.pathID()
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	s.update(c, ms, meta, s.prepareAll(c, meta, body.data[:1]), id)
}

// update applies updates; pathID, when set, is the id from the URL.
func (s *Server) update(c *call, ms *moduleStore, meta *moduleMeta, preps []prepared, pathID string) {
	wr := s.newWriter(c, ms, meta)
	s.storeEach(c, ms, preps, http.StatusOK, "record updated", func(p prepared) (*record, *recordResult) {
		id := p.id
		if pathID != "" {
			id = pathID
		}
		if id == "" {
			return nil, fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "id", p.index)
		}
		return wr.updateLocked(p, id)
	})
}

// upsertRecords updates the record a duplicate check field matches, or
// inserts. duplicate_check_fields comes from the body or the query (the
// Ruby SDK's form); by default the module's system duplicate check fields,
// then its unique fields. A record with an id updates that record.
func (s *Server) upsertRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	checks := body.duplicateCheck
	if len(checks) == 0 {
		checks = splitList(c.query("duplicate_check_fields"))
	}
	if len(checks) == 0 {
		checks = append(checks, meta.DuplicateCheckFields...)
		for _, f := range meta.Fields {
			if (f.Unique || f.External) && indexOfString(checks, f.APIName) < 0 {
				checks = append(checks, f.APIName)
			}
		}
	}
	if field := c.external.field(meta.APIName); field != "" {
		// X-EXTERNAL names the field records are found by, first.
		checks = append([]string{field}, slices.DeleteFunc(checks, func(f string) bool { return f == field })...)
	}
	preps := s.prepareAll(c, meta, body.data)
	wr := s.newWriter(c, ms, meta)
	results := make([]any, len(preps))
	succeeded := 0
	ms.mu.Lock()
	for i, p := range preps {
		if p.err != nil {
			results[i] = *p.err
			continue
		}
		var (
			r        *record
			e        *recordResult
			dupField *string
		)
		// duplicate_field names the field that matched, or for an insert
		// the first check field the record had (as in Zoho's sample, where
		// an inserted record also reports "Email"); null without one.
		matchID := p.id
		if matchID == "" {
			for _, name := range checks {
				f, ok := findField(p.own, name)
				if !ok || f.empty() {
					continue
				}
				if dupField == nil {
					dupField = &name
				}
				if other := ms.findLocked(f, ""); other != nil {
					matchID, dupField = other.id, &name
					break
				}
			}
		}
		result := upsertResult{Code: "SUCCESS", DuplicateField: dupField, Status: "success"}
		if matchID != "" {
			r, e = wr.updateLocked(p, matchID)
			result.Action, result.Message = "update", "record updated"
		} else {
			r, e = wr.insertLocked(p)
			result.Action, result.Message = "insert", "record added"
		}
		if e != nil {
			results[i] = *e
			continue
		}
		result.Details = s.successDetails(c, r, false)
		results[i] = result
		succeeded++
	}
	ms.mu.Unlock()
	// Zoho's sample answers a mix of inserts and updates with 200.
	writeJSON(c.w, writeStatus(c, succeeded, len(preps)-succeeded, http.StatusOK), obj{{"data", results}})
}

func indexOfString(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// cloneRecord is POST {module}/{id}/actions/clone: a new record with the
// record's fields, but its external, read-only and file upload ones (and
// its $-properties), and new subform rows; the body, which may be left
// out, gives fields to set instead (Zoho's record-clone page).
func (s *Server) cloneRecord(c *call) {
	ms, meta, id, ok := s.moduleRecord(c)
	if !ok {
		return
	}
	var changes prepared
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, 64<<20))
	if err != nil {
		failBody(c.w)
		return
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		c.r.Body = io.NopCloser(bytes.NewReader(raw))
		body, ok := readWriteBody(c)
		if !ok {
			return
		}
		if changes = s.prepare(c, meta, body.data[0], 0); changes.err != nil {
			writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{*changes.err}}})
			return
		}
	}
	wr := s.newWriter(c, ms, meta)
	ms.mu.Lock()
	src := ms.byID[id]
	if src == nil {
		ms.mu.Unlock()
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", 1}})
		return
	}
	own := make([]fieldValue, 0, len(src.own)+len(changes.own))
	for _, f := range src.own {
		fd, known := meta.field(f.name)
		switch {
		case known && (fd.External || fd.ReadOnly || fd.DataType == "fileupload" || fd.DataType == "imageupload"):
			continue
		case known && fd.DataType == "subform":
			f = s.newRowIDs(f)
		}
		own = append(own, f)
	}
	for _, f := range changes.own {
		if i := indexOfField(own, f.name); i >= 0 {
			own[i] = f
		} else {
			own = append(own, f)
		}
	}
	owner := src.owner
	if changes.owner != nil {
		owner = changes.owner
	}
	r, e := wr.insertLocked(prepared{own: own, owner: owner})
	ms.mu.Unlock()
	if e != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{*e}}})
		return
	}
	writeJSON(c.w, http.StatusCreated, obj{{"data", []recordResult{success(s.successDetails(c, r, true), "record added")}}})
}

// newRowIDs gives a copy's subform rows ids of their own.
func (s *Server) newRowIDs(f fieldValue) fieldValue {
	var rows []json.RawMessage
	if json.Unmarshal(f.raw, &rows) != nil {
		return f
	}
	out := []byte{'['}
	for i, row := range rows {
		cells, err := decodeObject(row)
		if err != nil {
			return f
		}
		if j := indexOfField(cells, "id"); j >= 0 {
			cells = append(cells[:j:j], cells[j+1:]...)
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = appendRecord(out, append([]fieldValue{fieldOf("id", s.ids.next())}, cells...))
	}
	return makeField(f.name, append(out, ']'))
}
