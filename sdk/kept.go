package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// Typed resources keep what Zoho sent that they have no Go field for, so
// that nothing is lost on a read-modify-write and it can be read with
// Extra. One mechanism serves every such type: the type embeds kept and
// declares two one-line methods,
//
//	func (r *Rule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
//	func (r Rule) MarshalJSON() ([]byte, error) { return encodeKept(&r) }
//
// and Extra comes with kept. Fields are matched by their json tag (name,
// omitempty, omitzero, "-"; exported embedded structs are flattened as
// encoding/json does), numbers in untyped fields stay json.Number, and a
// number for a string field is read as its text.

// kept holds the keys of Zoho's object that its Go type has no field for.
type kept struct {
	extra map[string]json.RawMessage
}

// Extra returns the keys Zoho sent that the type has no Go field for, as
// Zoho sent them; nil when there are none.
func (k *kept) Extra() map[string]json.RawMessage { return k.extra }

// SetExtra replaces the extra keys, which are written back by MarshalJSON
// (the typed fields win over a key of the same name).
func (k *kept) SetExtra(extra map[string]json.RawMessage) { k.extra = extra }

func (k *kept) keptPart() *kept { return k }

// keeper is a pointer to a type that embeds kept.
type keeper[T any] interface {
	*T
	keptPart() *kept
}

// keptField is one Go field of a kept type.
type keptField struct {
	name      string
	index     []int
	omitEmpty bool
	omitZero  bool
}

type keptLayout struct {
	fields []keptField
	byName map[string]int // exact JSON name
	byFold map[string]int // lower-cased, as encoding/json matches case-insensitively
}

var keptLayouts sync.Map // reflect.Type -> *keptLayout

func layoutOf(t reflect.Type) *keptLayout {
	if l, ok := keptLayouts.Load(t); ok {
		return l.(*keptLayout)
	}
	l := &keptLayout{byName: map[string]int{}, byFold: map[string]int{}}
	l.collect(t, nil)
	keptLayouts.Store(t, l)
	return l
}

func (l *keptLayout) collect(t reflect.Type, parent []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), parent...), i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			l.collect(f.Type, index) // its exported fields are promoted, as in encoding/json
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		kf := keptField{name: name, index: index}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				kf.omitEmpty = true
			case "omitzero":
				kf.omitZero = true
			case "":
			default:
				panic(fmt.Sprintf("zcrm: %s.%s: json option %q is not supported by kept types", t, f.Name, o))
			}
		}
		if _, dup := l.byName[name]; dup {
			continue // the shallower field wins, as in encoding/json
		}
		l.byName[name] = len(l.fields)
		if _, dup := l.byFold[strings.ToLower(name)]; !dup {
			l.byFold[strings.ToLower(name)] = len(l.fields)
		}
		l.fields = append(l.fields, kf)
	}
}

// decodeKept decodes Zoho's object b into v: each key into the Go field of
// its name (through the field type's own decoding), the others into
// Extra. null leaves v as it is.
func decodeKept[T any, P keeper[T]](b []byte, v P) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	rv := reflect.ValueOf(v).Elem()
	layout := layoutOf(rv.Type())
	var extra map[string]json.RawMessage
	for key, raw := range keys {
		i, ok := layout.byName[key]
		if !ok {
			i, ok = layout.byFold[strings.ToLower(key)]
		}
		if !ok {
			if extra == nil {
				extra = map[string]json.RawMessage{}
			}
			extra[key] = raw
			continue
		}
		if err := decodeField(raw, rv.FieldByIndex(layout.fields[i].index)); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	v.keptPart().extra = extra
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// decodeField decodes raw into the field f. A number for a string field
// is taken as its text: Zoho's OpenAPI schemas call many ids longs that
// its answers send as strings, and answers differ.
func decodeField(raw json.RawMessage, f reflect.Value) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // an untyped value keeps its exact text
	if f.Kind() == reflect.String && !f.Addr().Type().Implements(unmarshalerType) &&
		len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		var n json.Number
		if err := dec.Decode(&n); err != nil {
			return err
		}
		f.SetString(n.String())
		return nil
	}
	return dec.Decode(f.Addr().Interface())
}

// encodeKept writes v's fields by their json tags, then its extra keys
// that no typed field has taken, sorted.
func encodeKept[T any, P keeper[T]](v P) ([]byte, error) {
	rv := reflect.ValueOf(v).Elem()
	layout := layoutOf(rv.Type())
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	put := func(key string, value []byte) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(key)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(value)
	}
	for _, f := range layout.fields {
		fv := rv.FieldByIndex(f.index)
		if (f.omitEmpty && isEmptyValue(fv)) || (f.omitZero && isZeroValue(fv)) {
			continue
		}
		b, err := json.Marshal(fv.Addr().Interface()) // the field's pointer methods too
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		put(f.name, b)
	}
	extra := v.keptPart().extra
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if _, typed := layout.byName[k]; !typed {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		put(k, extra[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// isEmptyValue is encoding/json's omitempty test.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroValue is encoding/json's omitzero test: IsZero() when the type
// has it, else the zero value.
func isZeroValue(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}
