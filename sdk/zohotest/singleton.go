package zohotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// Some settings are one object of the org (the fiscal year, business
// hours) or of a module (the duplicate check preference, ?module=): Zoho
// reads them as {key:{...}}, takes writes as {key:{...}} and answers a
// write with one result, an object under the key. registerSingleton
// serves such a setting from a keyed store that holds at most one entry
// per parent. Of spec's ops, opGet is GET path, opCreate POST (refused
// when the setting exists), opUpdate PUT (a merge into what is set) and
// opDeleteOne DELETE; required, check (index 0), seed, parent, byQuery
// and removed work as for keyed resources.

func registerSingleton(spec *keyedSpec) *keyedSpec {
	keyedSpecs = append(keyedSpecs, spec)
	for _, r := range []struct {
		op     keyedOps
		method string
		scope  string
		handle func(*keyedStore, *Server, *call)
	}{
		{opGet, http.MethodGet, ".READ", (*keyedStore).getOne},
		{opCreate, http.MethodPost, ".CREATE", (*keyedStore).setOne},
		{opUpdate, http.MethodPut, ".UPDATE", (*keyedStore).setOne},
		{opDeleteOne, http.MethodDelete, ".DELETE", (*keyedStore).deleteOnly},
	} {
		if spec.ops&r.op == 0 {
			continue
		}
		handle := r.handle
		handleCRM(r.method, spec.path, spec.scope+r.scope, func(s *Server, c *call) {
			if spec.parent != nil && !spec.parent(s, c) {
				return
			}
			handle(s.keyedStore(spec), s, c)
		})
	}
	return spec
}

// only returns the setting under parent, or nil.
func (st *keyedStore) onlyLocked(parent string) doc {
	if items := st.items[parent]; len(items) > 0 {
		return items[0]
	}
	return nil
}

func (st *keyedStore) getOne(s *Server, c *call) {
	st.mu.Lock()
	d := st.onlyLocked(st.parentOf(c))
	if d != nil {
		d = cloneDoc(d)
	}
	st.mu.Unlock()
	if d == nil {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{st.spec.key, d}})
}

// setOne serves POST (a setting not set yet) and PUT (the keys given
// replace those set).
func (st *keyedStore) setOne(s *Server, c *call) {
	e, ok := st.readObject(c)
	if !ok {
		return
	}
	create := c.r.Method == http.MethodPost
	parent := st.parentOf(c)
	st.mu.Lock()
	defer st.mu.Unlock()
	old := st.onlyLocked(parent)
	if create && old != nil {
		fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "the "+st.spec.what+" is set already; update it", nil)
		return
	}
	for _, k := range st.spec.required { // of what is sent: an update gives them all again
		if v, ok := e[k]; !ok || v == nil || v == "" {
			writeJSON(c.w, http.StatusBadRequest, obj{{st.spec.key, recordError("MANDATORY_NOT_FOUND", "required field not found",
				obj{{"api_name", k}, {"json_path", "$." + st.spec.key + "." + k}})}})
			return
		}
	}
	merged := e
	if old != nil {
		merged = cloneDoc(old)
		for k, v := range e {
			merged[k] = v
		}
		if !st.spec.noID {
			merged["id"] = old["id"]
		}
	}
	if r := st.validLocked(s, c, parent, merged, old, 0); r != nil {
		r.Details = objectPath(r.Details, st.spec.key)
		writeJSON(c.w, http.StatusBadRequest, obj{{st.spec.key, r}})
		return
	}
	result := success(obj{}, st.spec.what+" saved successfully")
	if !st.spec.noID {
		if _, has := merged["id"]; !has || merged["id"] == nil {
			merged["id"] = s.ids.next()
		}
		result = successResult(idOf(merged), result.Message)
	}
	st.items[parent] = []doc{merged}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
	}
	writeJSON(c.w, status, obj{{st.spec.key, result}})
}

func (st *keyedStore) deleteOnly(s *Server, c *call) {
	parent := st.parentOf(c)
	st.mu.Lock()
	old := st.onlyLocked(parent)
	delete(st.items, parent)
	st.mu.Unlock()
	if old == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "no "+st.spec.what+" is set", nil)
		return
	}
	if st.spec.removed != nil {
		st.spec.removed(s, old)
	}
	writeJSON(c.w, http.StatusOK, obj{{st.spec.key, success(obj{}, st.spec.what+" deleted successfully")}})
}

// readObject reads {key:{...}}, answering a body without the object
// itself (MANDATORY_NOT_FOUND under the key, as Zoho does).
func (st *keyedStore) readObject(c *call) (doc, bool) {
	var top map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 1<<20)).Decode(&top); err != nil {
		failBody(c.w)
		return nil, false
	}
	var e doc
	dec := json.NewDecoder(bytes.NewReader(top[st.spec.key]))
	dec.UseNumber()
	if raw := bytes.TrimSpace(top[st.spec.key]); len(raw) == 0 || raw[0] != '{' || dec.Decode(&e) != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{st.spec.key, recordError("MANDATORY_NOT_FOUND", "required field not found",
			obj{{"api_name", st.spec.key}, {"json_path", "$." + st.spec.key}})}})
		return nil, false
	}
	return e, true
}

// objectPath rewrites a per-entry error's json_path ($.key[0].field) for
// an object under the key ($.key.field).
func objectPath(d obj, key string) obj {
	prefix := "$." + key + "[0]"
	for i, p := range d {
		if path, ok := p.v.(string); ok && p.k == "json_path" && len(path) >= len(prefix) && path[:len(prefix)] == prefix {
			d[i].v = "$." + key + path[len(prefix):]
		}
	}
	return d
}
