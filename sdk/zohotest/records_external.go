package zohotest

import (
	"net/http"
	"strings"
)

// External IDs (crm-oas record.json and related_records.json; Zoho's
// "Records APIs using external ID" pages, Kaizen #64). A field marked
// External is a unique text field holding a record's id in another
// system. A call's X-EXTERNAL header lists, comma-separated:
//
//   - Module.Field: the path's id of that module's record (and ids=) is a
//     value of Field, for the record itself or, in the related records
//     API, the related record; an upsert finds its records by Field first;
//   - Module.Lookup.Field: a write gives Lookup by the value of Field of
//     the record it names.
//
// resolveExternal turns the values into Zoho ids before the handler runs,
// so every handler takes them as Zoho does. A path's value no record has
// becomes id 0, which no record has either, so the handler answers as for
// an id that names nothing; in ids= it is left as given, for its result.

// externalRefs is what a call's X-EXTERNAL header names.
type externalRefs struct {
	fields  map[string]string // lower-case module -> its external field
	lookups map[string]string // lower-case module "." lookup -> the external field of the record named
}

// field is the external field the header names for module ("" for none).
func (e externalRefs) field(module string) string { return e.fields[lowerKey(module)] }

// lookup is the external field by which a write gives module's lookup.
func (e externalRefs) lookup(module, lookup string) string {
	return e.lookups[lowerKey(module)+"."+lookup]
}

// externalMeta is a field's "external" metadata (crm-oas fields.json):
// null for an ordinary field.
func externalMeta(f Field) any {
	if !f.External {
		return nil
	}
	return obj{{"show", true}, {"type", "org"}, {"allow_multiple_config", false}}
}

// resolveExternal reads X-EXTERNAL, answering a header that names no
// external field itself, and rewrites the record ids the call gives as
// external values.
func (s *Server) resolveExternal(c *call) bool {
	h := c.r.Header.Get("X-External")
	if h == "" {
		return true
	}
	refs, ok := s.parseExternal(c, h)
	if !ok {
		return false
	}
	c.external = refs
	ms, found := s.modules.get(c.param("module"))
	if !found {
		return true // the handler answers the module
	}
	list := c.param("related_list")
	if field := refs.field(c.param("module")); field != "" {
		c.resolveIDs(ms, field, "id", list == "")
	}
	if list == "" {
		return true
	}
	rl, ok := s.relatedListNamed(ms.meta.Load(), list)
	if !ok {
		return true
	}
	if target, ok := s.modules.get(rl.Module); ok && refs.field(rl.Module) != "" {
		c.resolveIDs(target, refs.field(rl.Module), "related_id", true)
	}
	return true
}

// resolveIDs rewrites the path parameter param, and ?ids= when withIDs,
// from values of the external field into the ids of ms's records.
func (c *call) resolveIDs(ms *moduleStore, field, param string, withIDs bool) {
	for i, p := range c.params {
		if p.k != param {
			continue
		}
		if id := ms.idByExternal(field, p.v.(string)); id != p.v {
			c.params[i].v = id
		} else {
			c.params[i].v = "0"
		}
	}
	if ids := splitList(c.query("ids")); withIDs && len(ids) > 0 {
		for i, v := range ids {
			ids[i] = ms.idByExternal(field, v)
		}
		c.q.Set("ids", strings.Join(ids, ","))
	}
}

// idByExternal is the id of the record whose field holds value, or value
// itself when none does.
func (m *moduleStore) idByExternal(field, value string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, r := range m.order {
		if f, ok := r.field(field); ok && f.kind == kindString && f.str == value {
			return r.id
		}
	}
	return value
}

// parseExternal reads the header's entries, each naming a module's
// external field or a lookup and the external field of its module.
func (s *Server) parseExternal(c *call, h string) (externalRefs, bool) {
	refs := externalRefs{fields: map[string]string{}, lookups: map[string]string{}}
	for _, entry := range strings.Split(h, ",") {
		parts := strings.Split(strings.TrimSpace(entry), ".")
		if len(parts) < 2 || len(parts) > 3 {
			failExternal(c, entry)
			return refs, false
		}
		ms, ok := s.modules.get(parts[0])
		if !ok {
			failExternal(c, entry)
			return refs, false
		}
		meta := ms.meta.Load()
		if len(parts) == 3 {
			lookup, ok := meta.field(parts[1])
			var target *moduleStore
			if ok && lookup.DataType == "lookup" {
				target, ok = s.modules.get(lookup.LookupModule)
			}
			if !ok || target == nil || !isExternal(target.meta.Load(), parts[2]) {
				failExternal(c, entry)
				return refs, false
			}
			refs.lookups[lowerKey(parts[0])+"."+parts[1]] = parts[2]
			continue
		}
		if !isExternal(meta, parts[1]) {
			failExternal(c, entry)
			return refs, false
		}
		refs.fields[lowerKey(parts[0])] = parts[1]
	}
	return refs, true
}

func isExternal(meta *moduleMeta, field string) bool {
	fd, ok := meta.field(field)
	return ok && fd.External
}

// failExternal answers a header entry that names no external field. The
// code is Zoho's for invalid input; the message and details are the
// emulator's (Zoho's answer is undocumented).
func failExternal(c *call, entry string) {
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the X-EXTERNAL header names no external field",
		obj{{"header", "X-EXTERNAL"}, {"value", strings.TrimSpace(entry)}})
}

// externalLookup turns a lookup given by the external value of the record
// it names, when X-EXTERNAL says so ({"External_Account_ID":"acc-1"},
// {"id":"acc-1"} or "acc-1"), into {"id"} of that record; a value no
// record has is left for the lookup's own check to refuse.
func (s *Server) externalLookup(c *call, fd *Field, f fieldValue) fieldValue {
	ext := c.external.lookup(c.param("module"), fd.APIName)
	target, ok := s.modules.get(fd.LookupModule)
	if ext == "" || !ok {
		return f
	}
	value, _ := lookupID(f)
	if cells, err := decodeObject(f.raw); err == nil {
		if v, has := findField(cells, ext); has {
			value = idText(v)
		}
	}
	if value == "" {
		return f
	}
	return fieldOf(f.name, obj{{"id", target.idByExternal(ext, value)}})
}
