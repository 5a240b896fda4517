package zohotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The record store. A record keeps its fields as compact JSON in the order
// they came, with scalars decoded once for filtering and sorting, and its
// whole encoding cached: a page of 200 records is written by copying bytes.
// Records are never changed in place; a write replaces the *record, so a
// reader can encode what it found after letting go of the lock.

type valueKind uint8

const (
	kindNull valueKind = iota
	kindString
	kindNumber
	kindBool
	kindObject
	kindArray
)

// fieldValue is one field of a record.
type fieldValue struct {
	name string
	key  string // name as a JSON string
	raw  []byte // compact JSON
	kind valueKind
	str  string
	num  float64
	b    bool
}

// makeField builds a field from compact JSON.
func makeField(name string, raw []byte) fieldValue {
	f := fieldValue{name: name, key: string(appendJSONString(nil, name)), raw: raw}
	if len(raw) == 0 {
		f.raw, f.kind = []byte("null"), kindNull
		return f
	}
	switch raw[0] {
	case '"':
		f.kind = kindString
		if bytes.IndexByte(raw, '\\') < 0 {
			f.str = string(raw[1 : len(raw)-1])
		} else {
			_ = json.Unmarshal(raw, &f.str)
		}
	case 't', 'f':
		f.kind, f.b = kindBool, raw[0] == 't'
	case 'n':
		f.kind = kindNull
	case '{':
		f.kind = kindObject
	case '[':
		f.kind = kindArray
	default:
		f.kind = kindNumber
		f.num, _ = strconv.ParseFloat(string(raw), 64)
	}
	return f
}

// fieldOf builds a field from a Go value.
func fieldOf(name string, v any) fieldValue {
	switch t := v.(type) {
	case string:
		return makeField(name, appendJSONString(nil, t))
	case bool:
		return makeField(name, strconv.AppendBool(nil, t))
	case nil:
		return makeField(name, nil)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("zohotest: field %s: value does not encode as JSON: %v", name, err))
	}
	return makeField(name, raw)
}

// empty reports whether a value counts as not given: null, "", [] or {}.
func (f fieldValue) empty() bool {
	switch f.kind {
	case kindNull:
		return true
	case kindString:
		return strings.TrimSpace(f.str) == ""
	case kindArray, kindObject:
		return len(bytes.TrimSpace(f.raw[1:len(f.raw)-1])) == 0
	}
	return false
}

// decoded returns the value as encoding/json decodes it (objects and arrays
// are decoded on demand).
func (f fieldValue) decoded() any {
	switch f.kind {
	case kindString:
		return f.str
	case kindNumber:
		return f.num
	case kindBool:
		return f.b
	case kindNull:
		return nil
	}
	var v any
	_ = json.Unmarshal(f.raw, &v)
	return v
}

// record is one stored record.
type record struct {
	id         string
	own        []fieldValue // the record's own fields, in the order written
	props      []fieldValue // $-properties
	owner      []byte       // {"name","id","email"}
	createdBy  []byte       // {"name","id"}
	modifiedBy []byte
	created    time.Time
	modified   time.Time
	approved   bool
	converted  bool
	fields     []fieldValue // everything, in answer order
	layout     *layout      // where each of fields is
	encoded    []byte
}

func (r *record) field(name string) (fieldValue, bool) {
	if i, ok := r.layout.index[name]; ok {
		return r.fields[i], true
	}
	return fieldValue{}, false
}

// assemble lays out the record's fields the way Zoho's answers read: id,
// Owner, its own fields, computed ones, $-properties, then the audit
// fields; and caches the encoding.
func (s *Server) assemble(meta *moduleMeta, r *record) *record {
	fields := make([]fieldValue, 0, len(r.own)+len(r.props)+8)
	fields = append(fields, fieldOf("id", r.id), makeField("Owner", r.owner))
	fields = append(fields, r.own...)
	fields = append(fields, computed(meta, r.own)...)
	if full, ok := meta.field("Full_Name"); ok && full.ReadOnly {
		fields = append(fields, fieldOf("Full_Name", fullName(r.own)))
	}
	fields = append(fields, r.props...)
	fields = append(fields,
		makeField("Created_By", r.createdBy),
		fieldOf("Created_Time", s.formatTime(r.created)),
		makeField("Modified_By", r.modifiedBy),
		fieldOf("Modified_Time", s.formatTime(r.modified)),
	)
	r.fields = fields
	r.layout = s.layoutOf(fields)
	r.encoded = appendRecord(make([]byte, 0, 64*len(fields)), fields)
	for _, p := range r.props {
		switch p.name {
		case "$approved":
			r.approved = p.kind != kindBool || p.b
		case "$converted":
			r.converted = p.kind == kindBool && p.b
		}
	}
	return r
}

// fullName is Zoho's computed Full_Name: salutation, first and last name.
func fullName(own []fieldValue) string {
	var parts []string
	for _, name := range []string{"Salutation", "First_Name", "Last_Name"} {
		for _, f := range own {
			if f.name == name && f.kind == kindString && strings.TrimSpace(f.str) != "" {
				parts = append(parts, strings.TrimSpace(f.str))
			}
		}
	}
	return strings.Join(parts, " ")
}

// appendRecord encodes fields as a JSON object.
func appendRecord(b []byte, fields []fieldValue) []byte {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		b = append(b, ':')
		b = append(b, f.raw...)
	}
	return append(b, '}')
}

// layout indexes the field names of records that have the same ones in the
// same order; records share it, so a field is found without a scan.
type layout struct {
	index map[string]int
}

func (s *Server) layoutOf(fields []fieldValue) *layout {
	var key strings.Builder
	for _, f := range fields {
		key.WriteString(f.name)
		key.WriteByte(0)
	}
	if l, ok := s.layouts.Load(key.String()); ok {
		return l.(*layout)
	}
	l := &layout{index: make(map[string]int, len(fields))}
	for i, f := range fields {
		l.index[f.name] = i
	}
	actual, _ := s.layouts.LoadOrStore(key.String(), l)
	return actual.(*layout)
}

// projection is the fields= parameter: those fields in that order, null
// where a record lacks one, and id, which Zoho always returns.
type projection struct {
	names  []string
	keys   []string // names as JSON strings
	withID bool
}

func newProjection(names []string) *projection {
	if names == nil {
		return nil
	}
	p := &projection{names: names, withID: !slices.Contains(names, "id")}
	for _, n := range names {
		p.keys = append(p.keys, string(appendJSONString(nil, n)))
	}
	return p
}

// appendRecord encodes r, all of it without a projection.
func (p *projection) appendRecord(b []byte, r *record) []byte {
	if p == nil {
		return append(b, r.encoded...)
	}
	b = append(b, '{')
	for i, name := range p.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.keys[i]...)
		b = append(b, ':')
		if f, ok := r.field(name); ok {
			b = append(b, f.raw...)
		} else {
			b = append(b, "null"...)
		}
	}
	if p.withID {
		b = append(b, `,"id":`...)
		b = appendJSONString(b, r.id)
	}
	return append(b, '}')
}

// displayName names the record in lookups and the recycle bin.
func (r *record) displayName(meta *moduleMeta) string {
	if f, ok := r.field(meta.DisplayField); ok && f.kind == kindString {
		return f.str
	}
	return ""
}

// compareIDs orders ids numerically (ids are digit strings).
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" || len(s) > 25 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// indexLocked returns where a record with this id is or would go in order.
func (m *moduleStore) indexLocked(id string) (int, bool) {
	return sort.Find(len(m.order), func(i int) int { return compareIDs(id, m.order[i].id) })
}

// changedLocked marks the records changed, retiring sorted views.
func (m *moduleStore) changedLocked() { m.gen++ }

func (m *moduleStore) insertLocked(r *record) {
	m.putLocked(r)
	m.tell("create", nil, r)
}

// putLocked adds a record, telling no one.
func (m *moduleStore) putLocked(r *record) {
	m.changedLocked()
	if n := len(m.order); n == 0 || compareIDs(m.order[n-1].id, r.id) < 0 {
		m.order = append(m.order, r) // the usual case: a fresh, larger id
	} else {
		i, _ := m.indexLocked(r.id)
		m.order = slices.Insert(m.order, i, r)
	}
	m.byID[r.id] = r
}

func (m *moduleStore) replaceLocked(r *record) {
	m.changedLocked()
	prev := m.byID[r.id]
	if i, ok := m.indexLocked(r.id); ok {
		m.order[i] = r
	}
	m.byID[r.id] = r
	m.tell("edit", prev, r)
}

func (m *moduleStore) tell(event string, prev, cur *record) {
	if m.changed != nil {
		m.changed(event, prev, cur)
	}
}

func (m *moduleStore) removeLocked(id string) *record {
	r, ok := m.byID[id]
	if !ok {
		return nil
	}
	m.changedLocked()
	if i, ok := m.indexLocked(id); ok {
		m.order = slices.Delete(m.order, i, i+1)
	}
	delete(m.byID, id)
	m.tell("delete", r, nil)
	return r
}

// deletedEntry is a record in the recycle bin (or purged from it).
type deletedEntry struct {
	id          string
	displayName string
	createdBy   []byte
	deletedBy   []byte
	deletedTime time.Time
	permanent   bool
	// module and rec are the record's module and the record as it was,
	// which a restore from the recycle bin puts back (recycle_bin.go).
	module string
	rec    *record
}

// DeletedRecord is a deleted record as GET {module}/deleted lists it.
type DeletedRecord struct {
	ID          string
	DisplayName string
	Type        string // "recycle" or "permanent"
	DeletedTime time.Time
}

// RecordStore gives tests direct access to a module's records: seed them
// without HTTP (thousands at a time for benchmarks) and read back what the
// API stored.
type RecordStore struct {
	s *Server
	m *moduleStore
}

// Records returns the record store of a module. It panics if there is no
// such module.
func (s *Server) Records(module string) *RecordStore {
	return &RecordStore{s: s, m: s.mustModule("Records", module)}
}

// Insert stores records as given, without the API's checks, and returns
// their ids. The server fills what a record lacks: id (which may also be
// given, as a digit string), Owner, Created_By and Modified_By (the admin),
// Created_Time and Modified_Time (now; either may be given as a time.Time
// or a Zoho time string), $approved and $editable (true) and, for Leads,
// $converted (false). Keys come out in sorted order. It panics if an id is
// taken or malformed, or a value does not encode as JSON.
func (rs *RecordStore) Insert(records ...map[string]any) []string {
	s := rs.s
	meta := rs.m.meta.Load()
	admin := s.Admin()
	ownerRaw := mustJSON(admin.lookup(true))
	byRaw := mustJSON(admin.lookup(false))
	now := s.Now()
	built := make([]*record, 0, len(records))
	for _, in := range records {
		r := &record{owner: ownerRaw, createdBy: byRaw, modifiedBy: byRaw, created: now, own: make([]fieldValue, 0, len(in))}
		var modified time.Time
		var props map[string]fieldValue
		for _, name := range slices.Sorted(maps.Keys(in)) {
			v := in[name]
			switch name {
			case "id":
				r.id = fmt.Sprint(v)
				if !isDigits(r.id) {
					panic(fmt.Sprintf("zohotest: Insert: id %q is not a digit string", r.id))
				}
			case "Owner":
				r.owner = mustJSON(v)
			case "Created_By":
				r.createdBy = mustJSON(v)
			case "Modified_By":
				r.modifiedBy = mustJSON(v)
			case "Created_Time":
				r.created = mustTime(name, v)
			case "Modified_Time":
				modified = mustTime(name, v)
			case "Full_Name":
				if f, ok := meta.field(name); ok && f.ReadOnly {
					continue // computed
				}
				r.own = append(r.own, fieldOf(name, v))
			default:
				if strings.HasPrefix(name, "$") {
					if props == nil {
						props = map[string]fieldValue{}
					}
					props[name] = fieldOf(name, v)
					continue
				}
				r.own = append(r.own, fieldOf(name, v))
			}
		}
		if modified.IsZero() {
			modified = r.created
		}
		r.modified = modified
		r.props = defaultProps(meta, props)
		if r.id == "" {
			r.id = s.ids.next()
		}
		built = append(built, s.assemble(meta, r))
	}
	ids := make([]string, len(built))
	rs.m.mu.Lock()
	defer rs.m.mu.Unlock()
	for i, r := range built {
		if _, dup := rs.m.byID[r.id]; dup {
			panic(fmt.Sprintf("zohotest: Insert: %s has a record %s already", meta.APIName, r.id))
		}
		rs.m.insertLocked(r)
		ids[i] = r.id
	}
	return ids
}

var standardProps = []fieldValue{fieldOf("$approved", true), fieldOf("$editable", true), fieldOf("$converted", false)}

// defaultProps returns the $-properties a record carries, given ones
// first, in a stable order.
func defaultProps(meta *moduleMeta, given map[string]fieldValue) []fieldValue {
	defaults := standardProps[:2]
	if meta.Convertible {
		defaults = standardProps
	}
	if len(given) == 0 {
		return defaults // shared: fields are never changed in place
	}
	var out []fieldValue
	for _, d := range defaults {
		if g, ok := given[d.name]; ok {
			out = append(out, g)
			delete(given, d.name)
		} else {
			out = append(out, d)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(given)) {
		out = append(out, given[name])
	}
	return out
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("zohotest: value does not encode as JSON: %v", err))
	}
	return b
}

func mustTime(name string, v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		if tt, ok := parseZohoTime(t); ok {
			return tt
		}
	}
	panic(fmt.Sprintf("zohotest: Insert: %s must be a time.Time or a time like 2019-01-02T14:44:13+05:30, not %v", name, v))
}

// Module returns the module's metadata.
func (rs *RecordStore) Module() Module { return rs.m.meta.Load().Module.clone() }

// Get returns a record as the API would answer it, decoded.
func (rs *RecordStore) Get(id string) (map[string]any, bool) {
	rs.m.mu.RLock()
	r, ok := rs.m.byID[id]
	rs.m.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return decodeRecord(r), true
}

// List returns every record, oldest first.
func (rs *RecordStore) List() []map[string]any {
	rs.m.mu.RLock()
	recs := slices.Clone(rs.m.order)
	rs.m.mu.RUnlock()
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = decodeRecord(r)
	}
	return out
}

// IDs returns the ids of every record, oldest first.
func (rs *RecordStore) IDs() []string {
	rs.m.mu.RLock()
	defer rs.m.mu.RUnlock()
	ids := make([]string, len(rs.m.order))
	for i, r := range rs.m.order {
		ids[i] = r.id
	}
	return ids
}

// Len returns how many records the module has (the recycle bin aside).
func (rs *RecordStore) Len() int {
	rs.m.mu.RLock()
	defer rs.m.mu.RUnlock()
	return len(rs.m.order)
}

// Delete moves records to the recycle bin, as DELETE does (deleted by the
// admin), and returns how many it found.
func (rs *RecordStore) Delete(ids ...string) int {
	s := rs.s
	meta := rs.m.meta.Load()
	by := mustJSON(s.Admin().lookup(false))
	now := s.Now()
	rs.m.mu.Lock()
	defer rs.m.mu.Unlock()
	n := 0
	for _, id := range ids {
		if r := rs.m.removeLocked(id); r != nil {
			rs.m.deleted = append(rs.m.deleted, recycled(meta, r, by, now))
			n++
		}
	}
	return n
}

// Purge empties the recycle bin of these records (all, with none given):
// they turn into permanent deletions, as Zoho lists them.
func (rs *RecordStore) Purge(ids ...string) {
	rs.m.mu.Lock()
	defer rs.m.mu.Unlock()
	for _, d := range rs.m.deleted {
		if len(ids) == 0 || slices.Contains(ids, d.id) {
			d.permanent = true
			d.displayName, d.createdBy, d.deletedBy, d.rec = "", nil, nil, nil
		}
	}
}

// Deleted lists the module's deleted records, most recent first.
func (rs *RecordStore) Deleted() []DeletedRecord {
	rs.m.mu.RLock()
	defer rs.m.mu.RUnlock()
	out := make([]DeletedRecord, 0, len(rs.m.deleted))
	for i := len(rs.m.deleted) - 1; i >= 0; i-- {
		d := rs.m.deleted[i]
		typ := "recycle"
		if d.permanent {
			typ = "permanent"
		}
		out = append(out, DeletedRecord{ID: d.id, DisplayName: d.displayName, Type: typ, DeletedTime: d.deletedTime})
	}
	return out
}

func recycled(meta *moduleMeta, r *record, deletedBy []byte, now time.Time) *deletedEntry {
	return &deletedEntry{
		id:          r.id,
		displayName: r.displayName(meta),
		createdBy:   r.createdBy,
		deletedBy:   deletedBy,
		deletedTime: now,
		module:      meta.APIName,
		rec:         r,
	}
}

func decodeRecord(r *record) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(r.encoded, &m); err != nil {
		panic("zohotest: a stored record does not decode: " + err.Error())
	}
	return m
}

// Queries. The default order (id) walks the store's sorted slice under the
// read lock and stops at the page. Other orders use a sorted view of the
// module, built once per sort field and reused until the next write, so
// paging through 10,000 records by name does not sort 10,000 records a page.

// recordQuery is a walk over a module's records in some order.
type recordQuery struct {
	filter func(*record) bool
	sortBy string // "id", Created_Time, Modified_Time or any field
	desc   bool
	offset int     // records to skip (page-based)
	after  *record // start after this one (page_token)
	limit  int
}

// sortKey is a record with what it sorts by, computed once.
type sortKey struct {
	rec  *record
	kind valueKind
	text string // lower-cased, for strings
	num  float64
	raw  string // objects and arrays compare by their JSON
	at   time.Time
}

type sortedView struct {
	gen  uint64
	keys []sortKey // ascending
}

func keyOf(r *record, sortBy string) sortKey {
	k := sortKey{rec: r}
	switch sortBy {
	case "Created_Time":
		k.at = r.created
	case "Modified_Time":
		k.at = r.modified
	default:
		f, _ := r.field(sortBy)
		k.kind = f.kind
		switch f.kind {
		case kindString:
			k.text = strings.ToLower(f.str)
		case kindNumber:
			k.num = f.num
		case kindBool:
			if f.b {
				k.num = 1
			}
		case kindObject, kindArray:
			k.raw = string(f.raw)
		}
	}
	return k
}

// compareKeys orders empty values first, then numbers, booleans and text
// (case-insensitive), objects and arrays by their JSON; ties by id.
func compareKeys(a, b sortKey) int {
	c := a.at.Compare(b.at)
	if c == 0 && a.kind != b.kind {
		c = int(a.kind) - int(b.kind)
	}
	if c == 0 {
		switch a.kind {
		case kindString:
			c = strings.Compare(a.text, b.text)
		case kindNumber, kindBool:
			c = cmpFloat(a.num, b.num)
		case kindObject, kindArray:
			c = strings.Compare(a.raw, b.raw)
		}
	}
	if c != 0 {
		return c
	}
	return compareIDs(a.rec.id, b.rec.id)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// view returns the module sorted by a field, ascending.
func (m *moduleStore) view(sortBy string) []sortKey {
	m.mu.RLock()
	gen := m.gen
	m.viewMu.Lock()
	v := m.views[sortBy]
	m.viewMu.Unlock()
	if v != nil && v.gen == gen {
		m.mu.RUnlock()
		return v.keys
	}
	keys := make([]sortKey, len(m.order))
	for i, r := range m.order {
		keys[i] = keyOf(r, sortBy)
	}
	m.mu.RUnlock()
	slices.SortFunc(keys, compareKeys)
	m.viewMu.Lock()
	if m.views == nil {
		m.views = map[string]*sortedView{}
	}
	if cur := m.views[sortBy]; cur == nil || cur.gen <= gen {
		m.views[sortBy] = &sortedView{gen: gen, keys: keys}
	}
	m.viewMu.Unlock()
	return keys
}

// query returns up to limit matching records and whether more follow.
func (m *moduleStore) query(q recordQuery) ([]*record, bool) {
	if q.sortBy == "id" {
		m.mu.RLock()
		defer m.mu.RUnlock()
		start := 0
		if q.desc {
			start = len(m.order) - 1
		}
		if q.after != nil {
			at, found := m.indexLocked(q.after.id)
			switch {
			case q.desc:
				start = at - 1
			case found:
				start = at + 1
			default:
				start = at
			}
		}
		return walk(len(m.order), func(i int) *record { return m.order[i] }, start, q)
	}
	keys := m.view(q.sortBy)
	start := 0
	if q.desc {
		start = len(keys) - 1
	}
	if q.after != nil {
		after := keyOf(q.after, q.sortBy)
		// The first key past the cursor, going up; going down, the one before.
		up, found := slices.BinarySearchFunc(keys, after, compareKeys)
		switch {
		case q.desc:
			start = up - 1
		case found:
			start = up + 1
		default:
			start = up
		}
	}
	return walk(len(keys), func(i int) *record { return keys[i].rec }, start, q)
}

// walk goes from start in the query's direction, filtering, skipping the
// offset and collecting a page.
func walk(n int, at func(int) *record, start int, q recordQuery) ([]*record, bool) {
	step := 1
	if q.desc {
		step = -1
	}
	skip := q.offset
	out := make([]*record, 0, min(q.limit, n))
	for i := start; i >= 0 && i < n; i += step {
		r := at(i)
		if !q.filter(r) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(out) == q.limit {
			return out, true
		}
		out = append(out, r)
	}
	return out, false
}
