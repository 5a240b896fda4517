package sdk

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Typed resources (users, org, ...) keep the JSON Zoho sent for them, so the
// fields they have no Go field for are not lost on a read-modify-write and
// can be read with Extra. Decoding stays as cheap as a plain struct's: the
// extra fields are only picked out when asked for.

// rawJSON is embedded in typed resources to remember what Zoho sent.
type rawJSON struct {
	raw []byte
}

func (r *rawJSON) keep(b []byte) { r.raw = append(r.raw[:0], b...) }

var jsonKeysCache sync.Map // reflect.Type -> map[string]bool

// jsonKeys returns the JSON names of t's fields.
func jsonKeys(t reflect.Type) map[string]bool {
	if keys, ok := jsonKeysCache.Load(t); ok {
		return keys.(map[string]bool)
	}
	keys := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		keys[name] = true
	}
	jsonKeysCache.Store(t, keys)
	return keys
}

// extra returns the fields of the remembered JSON that typ has no field for.
func (r *rawJSON) extra(typ reflect.Type) map[string]json.RawMessage {
	if len(r.raw) == 0 {
		return nil
	}
	var all map[string]json.RawMessage
	if json.Unmarshal(r.raw, &all) != nil {
		return nil
	}
	known := jsonKeys(typ)
	for k := range all {
		if known[k] {
			delete(all, k)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return all
}

// marshalWithExtra encodes v (a struct without custom JSON methods) with the
// extra fields added; typed fields win.
func marshalWithExtra(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(b, &merged); err != nil {
		return nil, err
	}
	for k, val := range extra {
		if _, typed := merged[k]; !typed {
			merged[k] = val
		}
	}
	return json.Marshal(merged)
}
