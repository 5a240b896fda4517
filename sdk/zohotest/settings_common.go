package zohotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// What the org, settings and relation APIs keep beyond modules and users,
// and the helpers their handlers share. Settings writes wrap their entries
// in a key named after the resource ({"taxes":[...]}, {"variables":[...]})
// and answer one result per entry under the same key (crm-oas v8 examples
// for variables, users and custom views).

type settingsState struct {
	s       *Server
	started time.Time

	mu      sync.Mutex
	metaIDs map[string]string // ids of derived metadata (layouts, related lists)

	taxes     taxStore
	variables variableStore
	relations relationStore
}

func (st *settingsState) init(s *Server) {
	st.s = s
	st.started = s.Now()
	st.metaIDs = map[string]string{}
	st.taxes.init(s)
	st.variables.init(s)
	st.relations.init()
}

// metaID returns the id of a piece of metadata the emulator derives (a
// module's layout, a related list), minted the first time it is asked for
// so that it stays the same across calls.
func (st *settingsState) metaID(key string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	id, ok := st.metaIDs[key]
	if !ok {
		id = st.s.ids.next()
		st.metaIDs[key] = id
	}
	return id
}

// entry is one object of a settings write, its keys undecoded.
type entry map[string]json.RawMessage

// text reads a string key; present reports whether the key was given
// (non-null), ok whether it was a string (numbers are read as their text).
func (e entry) text(key string) (value string, present, ok bool) {
	raw, has := e[key]
	if !has || string(raw) == "null" {
		return "", false, true
	}
	f := makeField(key, raw)
	switch f.kind {
	case kindString:
		return f.str, true, true
	case kindNumber:
		return string(f.raw), true, true
	}
	return "", true, false
}

// ref reads a reference given as an id string or number, or as an object
// with id (and maybe name or api_name): the shapes Zoho accepts for role,
// profile and variable_group.
func (e entry) ref(key string) (id, name string, present, ok bool) {
	raw, has := e[key]
	if !has || string(raw) == "null" {
		return "", "", false, true
	}
	f := makeField(key, raw)
	switch f.kind {
	case kindString, kindNumber:
		return idText(f), "", true, true
	case kindObject:
		var o map[string]json.RawMessage
		if json.Unmarshal(raw, &o) != nil {
			return "", "", true, false
		}
		if v, ok := o["id"]; ok {
			id = idText(makeField("id", v))
		}
		for _, k := range []string{"name", "api_name"} {
			if v, ok := o[k]; ok {
				if nf := makeField(k, v); nf.kind == kindString && name == "" {
					name = nf.str
				}
			}
		}
		return id, name, true, id != "" || name != ""
	}
	return "", "", true, false
}

// readKeyedBody reads {key: [objects]}, at most max of them. It answers the
// error itself: a body that is not JSON, a missing key (MANDATORY_NOT_FOUND
// inside key[], as Zoho does), or too many entries (INVALID_DATA with
// maximum_length).
func readKeyedBody(c *call, key string, max int) ([]entry, bool) {
	var top map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 16<<20)).Decode(&top); err != nil {
		failBody(c.w)
		return nil, false
	}
	raw, ok := top[key]
	var items []json.RawMessage
	if ok && string(raw) != "null" {
		if json.Unmarshal(raw, &items) != nil {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", key}})
			return nil, false
		}
	}
	if len(items) == 0 {
		writeJSON(c.w, http.StatusBadRequest, obj{{key, []recordResult{recordError("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", key}})}}})
		return nil, false
	}
	if len(items) > max {
		d := obj{{"maximum_length", max}, {"api_name", key}}
		if c.version.atLeast(sinceJSONPath) {
			d = append(d, kv{"json_path", "$." + key})
		}
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", d)
		return nil, false
	}
	out := make([]entry, len(items))
	for i, item := range items {
		var e entry
		if json.Unmarshal(item, &e) != nil || e == nil {
			e = nil // not an object: the handler answers it per entry
		}
		out[i] = e
	}
	return out, true
}

// keyedError is a per-entry error naming a field: details carry extra,
// then api_name and (v4+) json_path into the key's array.
func keyedError(c *call, key string, index int, code, message, field string, extra ...kv) recordResult {
	d := obj(extra)
	if field != "" {
		d = append(d, kv{"api_name", field})
		if c.version.atLeast(sinceJSONPath) {
			d = append(d, kv{"json_path", fmt.Sprintf("$.%s[%d].%s", key, index, field)})
		}
	}
	return recordError(code, message, d)
}

// notAnObject is the per-entry error for an entry that is not a JSON object.
func notAnObject() recordResult {
	return recordError("INVALID_DATA", "body", obj{{"expected_data_type", "jsonobject"}})
}

func successResult(id, message string) recordResult { return success(obj{{"id", id}}, message) }

// moduleParam resolves ?module= of the settings APIs: REQUIRED_PARAM_MISSING
// without it, INVALID_MODULE (details.param_name) for an unknown one.
func (s *Server) moduleParam(c *call) (*moduleStore, *moduleMeta, bool) {
	name := c.query("module")
	if strings.TrimSpace(name) == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param_name", "module"}})
		return nil, nil, false
	}
	ms, ok := s.modules.get(name)
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{{"param_name", "module"}})
		return nil, nil, false
	}
	return ms, ms.meta.Load(), true
}

// failSettingsID answers an id in a settings path (settings/x/{id},
// org/taxes/{id}) that names nothing: the id is the third segment.
func failSettingsID(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", 2}})
}

// idsParam reads ?ids= of a delete (records, settings entries), answering REQUIRED_PARAM_MISSING
// or LIMIT_EXCEEDED itself.
func idsParam(c *call) ([]string, bool) {
	ids := splitList(c.query("ids"))
	if len(ids) == 0 {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "ids"}})
		return nil, false
	}
	if len(ids) > maxWriteRecords {
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxWriteRecords}, {"param_name", "ids"}})
		return nil, false
	}
	return ids, true
}

// pageInfo is the v2 info object of a paged list.
func pageInfo(perPage, count, page int, more bool) obj {
	return obj{{"per_page", perPage}, {"count", count}, {"page", page}, {"more_records", more}}
}

// pageOf returns the bounds of a page of n items.
func pageOf(n, page, perPage int) (start, end int) {
	start = min((page-1)*perPage, n)
	end = min(start+perPage, n)
	return start, end
}
