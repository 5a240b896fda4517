package zohotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Most settings groups are keyed resources: Zoho lists, reads, writes and
// deletes their entries under one JSON key named after the resource and
// answers a write with one result per entry under that key. A keyedSpec
// declares such a resource once (path, key, scope, what an entry must
// have); registerKeyed serves its routes from one generic store of JSON
// objects, so a group writes code only for what Zoho does differently.

// doc is one entry as JSON: numbers stay json.Number.
type doc = map[string]any

// keyedOps says which routes a keyed resource has.
type keyedOps uint16

const (
	opList       keyedOps = 1 << iota // GET path
	opGet                             // GET path/{id}
	opCreate                          // POST path
	opUpdate                          // PUT (or PATCH) path, ids in the entries
	opUpdateOne                       // PUT (or PATCH) path/{id}
	opDeleteMany                      // DELETE path?ids=
	opDeleteOne                       // DELETE path/{id}

	opsCRUD = opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteMany | opDeleteOne
)

// keyedSpec declares a keyed resource.
type keyedSpec struct {
	path  string // relative to /crm/{version}/; {params} name a parent
	key   string // the JSON key of entries
	what  string // one entry, in messages ("holiday")
	scope string // Zoho's scope of the resource without its operation ("ZohoCRM.settings.holidays")
	ops   keyedOps
	patch bool // updates are PATCH, not PUT

	required []string // keys an entry must have on create
	unique   []string // keys whose text no two entries share (case-insensitive)
	// seed returns the entries a new org has.
	seed func(s *Server) []doc
	// check validates an entry beyond required and unique; old is the
	// stored entry on an update (nil on create). It may set keys of e
	// (defaults) and returns a per-entry error, or nil.
	check func(s *Server, c *call, e, old doc, index int) *recordResult
	// filter keeps the entries a list shows, by the call's query.
	filter func(s *Server, c *call, d doc) bool
	// parent reports whether the path's parent exists (answers nothing).
	parent func(s *Server, c *call) bool
	// removed is told of each entry deleted, to undo what it held.
	removed func(s *Server, old doc)
	// byQuery names the query parameter whose value is the parent of the
	// entries (module, for settings Zoho keeps per module), in place of
	// the path's parameters.
	byQuery string
	// more returns keys Zoho answers beside the entries of a list or a get
	// (counts of them).
	more func(s *Server, c *call) obj
	// refuse says why an entry may not be deleted (in use, say), or nil.
	refuse func(s *Server, c *call, old doc) *recordResult
	// perPage is the default and most entries of a page; 200 when 0.
	perPage int
	// listOmits are keys a list leaves out, shown by a get only.
	listOmits []string
	// noID: a setting of one object that Zoho gives no id (the call
	// preferences); a write's result then has empty details.
	noID bool
}

// keyedStore is a keyed resource's entries in one Server.
type keyedStore struct {
	spec  *keyedSpec
	mu    sync.Mutex
	items map[string][]doc // by parent (the path's parameters joined), in creation order
}

var keyedSpecs []*keyedSpec

// registerKeyed registers spec's routes.
func registerKeyed(spec *keyedSpec) *keyedSpec {
	keyedSpecs = append(keyedSpecs, spec)
	read, create, update, del := spec.scope+".READ", spec.scope+".CREATE", spec.scope+".UPDATE", spec.scope+".DELETE"
	updateMethod := http.MethodPut
	if spec.patch {
		updateMethod = http.MethodPatch
	}
	with := func(f func(*keyedStore, *Server, *call)) func(*Server, *call) {
		return func(s *Server, c *call) {
			st := s.keyedStore(spec)
			if spec.parent != nil && !spec.parent(s, c) {
				return
			}
			f(st, s, c)
		}
	}
	for _, r := range []struct {
		op          keyedOps
		method, sub string
		scope       string
		handle      func(*keyedStore, *Server, *call)
	}{
		{opList, http.MethodGet, "", read, (*keyedStore).list},
		{opGet, http.MethodGet, "/{id}", read, (*keyedStore).get},
		{opCreate, http.MethodPost, "", create, (*keyedStore).create},
		{opUpdate, updateMethod, "", update, (*keyedStore).update},
		{opUpdateOne, updateMethod, "/{id}", update, (*keyedStore).update},
		{opDeleteMany, http.MethodDelete, "", del, (*keyedStore).delete},
		{opDeleteOne, http.MethodDelete, "/{id}", del, (*keyedStore).delete},
	} {
		if spec.ops&r.op != 0 {
			handleCRM(r.method, spec.path+r.sub, r.scope, with(r.handle))
		}
	}
	return spec
}

// keyedStore returns the server's store of spec, seeded the first time.
func (s *Server) keyedStore(spec *keyedSpec) *keyedStore {
	s.keyedMu.Lock()
	defer s.keyedMu.Unlock()
	if s.keyed == nil {
		s.keyed = map[*keyedSpec]*keyedStore{}
	}
	st, ok := s.keyed[spec]
	if !ok {
		st = &keyedStore{spec: spec, items: map[string][]doc{}}
		if spec.seed != nil {
			for _, d := range spec.seed(s) {
				if _, ok := d["id"]; !ok && !spec.noID {
					d["id"] = s.ids.next()
				}
				st.items[""] = append(st.items[""], d)
			}
		}
		s.keyed[spec] = st
	}
	return st
}

// parentOf is the parent of the call's entries: the path's parameters,
// or the query parameter the spec names.
func (st *keyedStore) parentOf(c *call) string {
	if st.spec.byQuery != "" {
		return c.query(st.spec.byQuery)
	}
	return parentKey(c)
}

// parentKey is the parent the call's path names ("" for none).
func parentKey(c *call) string {
	var parts []string
	for _, p := range c.params {
		if p.k != "id" {
			parts = append(parts, p.v.(string))
		}
	}
	return strings.Join(parts, "/")
}

// Entries returns a copy of what a keyed store holds under parent.
func (st *keyedStore) entries(parent string) []doc {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]doc, len(st.items[parent]))
	for i, d := range st.items[parent] {
		out[i] = cloneDoc(d)
	}
	return out
}

func cloneDoc(d doc) doc {
	b, _ := json.Marshal(d)
	var out doc
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

func idOf(d doc) string {
	switch v := d["id"].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func (st *keyedStore) indexLocked(parent, id string) int {
	for i, d := range st.items[parent] {
		if idOf(d) == id {
			return i
		}
	}
	return -1
}

func (st *keyedStore) list(s *Server, c *call) { st.listWith(s, c, nil) }

// listWith answers a page of the entries the spec's filter and keep (if
// not nil) both keep.
func (st *keyedStore) listWith(s *Server, c *call, keep func(doc) bool) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	if st.spec.perPage > 0 {
		perPage = min(perPage, st.spec.perPage)
	}
	items := st.entries(st.parentOf(c))
	if st.spec.filter != nil || keep != nil {
		kept := items[:0]
		for _, d := range items {
			if (st.spec.filter == nil || st.spec.filter(s, c, d)) && (keep == nil || keep(d)) {
				kept = append(kept, d)
			}
		}
		items = kept
	}
	if len(items) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	start, end := pageOf(len(items), page, perPage)
	for _, d := range items[start:end] {
		for _, k := range st.spec.listOmits {
			delete(d, k)
		}
	}
	st.answerEntries(s, c, items[start:end], obj{{"info", pageInfo(perPage, end-start, page, end < len(items))}})
}

// answerEntries answers entries under the key, with what the spec adds.
func (st *keyedStore) answerEntries(s *Server, c *call, entries []doc, more obj) {
	answer := append(obj{{st.spec.key, entries}}, more...)
	if st.spec.more != nil {
		answer = append(answer, st.spec.more(s, c)...)
	}
	writeJSON(c.w, http.StatusOK, answer)
}

func (st *keyedStore) get(s *Server, c *call) {
	st.mu.Lock()
	var found doc
	if i := st.indexLocked(st.parentOf(c), c.param("id")); i >= 0 {
		found = cloneDoc(st.items[st.parentOf(c)][i])
	}
	st.mu.Unlock()
	if found == nil {
		failKeyedID(c)
		return
	}
	st.answerEntries(s, c, []doc{found}, nil)
}

// failKeyedID answers an id in the path that names nothing, with the
// id's index in the path after /crm/{version}/.
func failKeyedID(c *call) {
	segs := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", len(segs) - 3}})
}

// readEntries reads {key:[...]} as docs; nil entries are not objects.
func (st *keyedStore) readEntries(c *call) ([]doc, bool) {
	entries, ok := readKeyedBody(c, st.spec.key, maxWriteRecords)
	if !ok {
		return nil, false
	}
	out := make([]doc, len(entries))
	for i, e := range entries {
		if e == nil {
			continue
		}
		d := doc{}
		for k, raw := range e {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			var v any
			_ = dec.Decode(&v)
			d[k] = v
		}
		out[i] = d
	}
	return out, true
}

func (st *keyedStore) create(s *Server, c *call) {
	entries, ok := st.readEntries(c)
	if !ok {
		return
	}
	parent := st.parentOf(c)
	results := make([]recordResult, len(entries))
	st.mu.Lock()
	for i, e := range entries {
		if r := st.validLocked(s, c, parent, e, nil, i); r != nil {
			results[i] = *r
			continue
		}
		e["id"] = s.ids.next()
		st.items[parent] = append(st.items[parent], e)
		results[i] = successResult(idOf(e), st.spec.what+" created successfully")
	}
	st.mu.Unlock()
	st.answer(c, http.StatusCreated, results)
}

// update serves PUT (or PATCH) path with ids in the entries and
// path/{id} with one entry: the keys given replace the stored ones.
func (st *keyedStore) update(s *Server, c *call) {
	entries, ok := st.readEntries(c)
	if !ok {
		return
	}
	pathID := c.param("id")
	parent := st.parentOf(c)
	results := make([]recordResult, len(entries))
	st.mu.Lock()
	for i, e := range entries {
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		id := pathID
		if id == "" {
			id = idOf(e)
		}
		if id == "" {
			results[i] = keyedError(c, st.spec.key, i, "MANDATORY_NOT_FOUND", "required field not found", "id")
			continue
		}
		at := st.indexLocked(parent, id)
		if at < 0 {
			results[i] = keyedError(c, st.spec.key, i, "INVALID_DATA", "the id given seems to be invalid", "id")
			continue
		}
		old := st.items[parent][at]
		merged := cloneDoc(old)
		for k, v := range e {
			merged[k] = v
		}
		merged["id"] = id
		if r := st.validLocked(s, c, parent, merged, old, i); r != nil {
			results[i] = *r
			continue
		}
		st.items[parent][at] = merged
		results[i] = successResult(id, st.spec.what+" updated successfully")
	}
	st.mu.Unlock()
	st.answer(c, http.StatusOK, results)
}

// delete serves DELETE path?ids= and path/{id}.
func (st *keyedStore) delete(s *Server, c *call) {
	ids := []string{c.param("id")}
	if ids[0] == "" {
		var ok bool
		if ids, ok = idsParam(c); !ok {
			return
		}
	}
	parent := st.parentOf(c)
	results := make([]recordResult, len(ids))
	var removed []doc
	found := 0
	st.mu.Lock()
	for i, id := range ids {
		at := st.indexLocked(parent, id)
		if at < 0 {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			continue
		}
		found++
		if st.spec.refuse != nil {
			if r := st.spec.refuse(s, c, st.items[parent][at]); r != nil {
				results[i] = *r
				continue
			}
		}
		removed = append(removed, st.items[parent][at])
		st.items[parent] = append(st.items[parent][:at:at], st.items[parent][at+1:]...)
		results[i] = successResult(id, st.spec.what+" deleted successfully")
	}
	st.mu.Unlock()
	if st.spec.removed != nil {
		for _, d := range removed {
			st.spec.removed(s, d)
		}
	}
	if c.param("id") != "" && found == 0 {
		failKeyedID(c)
		return
	}
	st.answer(c, http.StatusOK, results)
}

// validLocked checks an entry to be stored: an object, the required
// keys, unique keys, then the spec's own check.
func (st *keyedStore) validLocked(s *Server, c *call, parent string, e, old doc, index int) *recordResult {
	if e == nil {
		r := notAnObject()
		return &r
	}
	for _, k := range st.spec.required {
		if v, ok := e[k]; !ok || v == nil || v == "" {
			r := keyedError(c, st.spec.key, index, "MANDATORY_NOT_FOUND", "required field not found", k)
			return &r
		}
	}
	for _, k := range st.spec.unique {
		text, _ := e[k].(string)
		if text == "" {
			continue
		}
		for _, other := range st.items[parent] {
			if o, _ := other[k].(string); strings.EqualFold(o, text) && idOf(other) != idOf(e) {
				r := keyedError(c, st.spec.key, index, "DUPLICATE_DATA", "duplicate data", k)
				return &r
			}
		}
	}
	if st.spec.check != nil {
		return st.spec.check(s, c, e, old, index)
	}
	return nil
}

// answer writes one result per entry under the key.
func (st *keyedStore) answer(c *call, allOK int, results []recordResult) {
	writeKeyed(c, st.spec.key, results, allOK)
}

// handleKeyedAction registers method path/{id}/actions/{name}, an action
// on one entry. act runs under the store's lock with the stored entry,
// which it may change in place, and returns the result answered under the
// key (an error one answers 400) and, to add an entry (a clone), the new
// entry, whose id the result then carries.
func handleKeyedAction(spec *keyedSpec, method, name, scope string, act func(s *Server, c *call, d doc) (recordResult, doc)) {
	idIndex := strings.Count(spec.path, "/") + 1 // the id's segment after /crm/{version}/
	handleCRM(method, spec.path+"/{id}/actions/"+name, scope, func(s *Server, c *call) {
		if spec.parent != nil && !spec.parent(s, c) {
			return
		}
		st := s.keyedStore(spec)
		parent := st.parentOf(c)
		st.mu.Lock()
		at := st.indexLocked(parent, c.param("id"))
		if at < 0 {
			st.mu.Unlock()
			failPathID(c.w, idIndex)
			return
		}
		r, added := act(s, c, st.items[parent][at])
		if added != nil && r.Status == "success" {
			added["id"] = s.ids.next()
			st.items[parent] = append(st.items[parent], added)
			r.Details = obj{{"id", idOf(added)}}
		}
		st.mu.Unlock()
		st.answer(c, http.StatusOK, []recordResult{r})
	})
}

// refuser returns the maker of a check's per-entry errors: Zoho's code
// and the field at fault, in the entry at index under key.
func refuser(c *call, key string, index int) func(code, field string, details ...kv) *recordResult {
	return func(code, field string, details ...kv) *recordResult {
		r := keyedError(c, key, index, code, "invalid data", field, details...)
		return &r
	}
}

// stampAudit sets an entry's created_by and created_time (on create, old
// nil) and modified_by and modified_time to the caller and now.
func stampAudit(s *Server, c *call, e, old doc) {
	by, now := c.user.lookup(true), s.formatTime(s.Now())
	if old == nil {
		e["created_by"], e["created_time"] = by, now
	}
	e["modified_by"], e["modified_time"] = by, now
}

// scheduledJobs holds, per org, the background jobs settings calls start
// (a sharing rules rerun, a scoring run): each runs for a while of the
// emulator's clock, and a second start meanwhile is refused.
var scheduledJobs = registerKeyed(&keyedSpec{path: "zohotest/scheduled", key: "jobs", what: "job"})

// schedule starts the job named name for d of the emulator's clock, and
// reports false, starting nothing, while one of that name runs.
func (s *Server) schedule(name string, d time.Duration) bool {
	st := s.keyedStore(scheduledJobs)
	st.mu.Lock()
	defer st.mu.Unlock()
	now := s.Now()
	for _, j := range st.items[name] {
		if until, _ := j["until"].(time.Time); now.Before(until) {
			return false
		}
	}
	st.items[name] = []doc{{"id": name, "until": now.Add(d)}}
	return true
}

// running reports whether the job named name runs now.
func (s *Server) running(name string) bool {
	st := s.keyedStore(scheduledJobs)
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, j := range st.items[name] {
		if until, _ := j["until"].(time.Time); s.Now().Before(until) {
			return true
		}
	}
	return false
}

// mergeByID applies the items of an update (given) to those stored
// (old): an item with the id of a stored one replaces its keys, one with
// _delete true removes it, one without id is added with a new id. On
// create old is nil. problem is an item that is not an object or names an
// id not stored.
func mergeByID(s *Server, given, old any) (out []any, problem bool) {
	stored, _ := old.([]any)
	for _, item := range stored {
		if m, ok := item.(map[string]any); ok {
			out = append(out, map[string]any(cloneDoc(m))) // the stored entry stays as it is until the write succeeds
		}
	}
	items, _ := given.([]any)
	for _, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, true
		}
		id := textOf(m["id"])
		if id == "" {
			m["id"] = s.ids.next()
			delete(m, "_delete")
			out = append(out, m)
			continue
		}
		at := slices.IndexFunc(out, func(o any) bool { return textOf(o.(map[string]any)["id"]) == id })
		switch {
		case at < 0 && len(stored) > 0:
			return nil, true
		case at < 0:
			out = append(out, m) // a create naming its own ids
		case m["_delete"] == true:
			out = slices.Delete(out, at, at+1)
		default:
			for k, v := range m {
				out[at].(map[string]any)[k] = v
			}
		}
	}
	return out, false
}

// text returns a doc's key as text ("" when absent or not a string).
func text(d doc, key string) string {
	v, _ := d[key].(string)
	return v
}

// SettingsEntries returns the entries the emulator keeps for a settings
// resource, named by its path after /crm/{version}/ as Zoho's docs write
// it ("settings/holidays", "settings/portals/{portal}/user_type"), under
// the parent the path's parameters name, joined by "/" ("" for none). Nil
// when no such resource is emulated.
func (s *Server) SettingsEntries(path, parent string) []map[string]any {
	for _, spec := range keyedSpecs {
		if spec.path == path {
			return s.keyedStore(spec).entries(parent)
		}
	}
	return nil
}
