package sdk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Typed resources (users, org, ...) keep the fields they have no Go field
// for in an Extra map, so nothing Zoho sends is lost on a read-modify-write.
// unmarshalExtra and marshalExtra do the work for them.

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

// unmarshalExtra decodes data into v (a pointer to a struct without custom
// JSON methods) and the keys v has no field for into extra.
func unmarshalExtra(data []byte, v any, extra *map[string]any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	known := jsonKeys(reflect.TypeOf(v).Elem())
	*extra = nil
	for k, raw := range all {
		if known[k] {
			continue
		}
		if *extra == nil {
			*extra = map[string]any{}
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var val any
		if err := dec.Decode(&val); err != nil {
			return err
		}
		(*extra)[k] = val
	}
	return nil
}

// marshalExtra encodes v (a struct without custom JSON methods) with the
// extra keys added; typed fields win over extra keys of the same name.
func marshalExtra(v any, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var merged map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&merged); err != nil {
		return nil, err
	}
	for k, val := range extra {
		if _, typed := merged[k]; !typed {
			merged[k] = val
		}
	}
	return json.Marshal(merged)
}
