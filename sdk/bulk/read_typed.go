package bulk

import (
	"context"
	"encoding"
	"fmt"
	"iter"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// ReadAs is Read into T, a struct whose json tags name the field API names
// (as zcrm gen writes them): each CSV row fills a T straight from its
// cells, with no map or Record built for it. Columns T has no field for
// are skipped; a cell that does not read as its field's type stops the
// iterator with an error naming the row and the column.
func ReadAs[T any](ctx context.Context, s *Service, r *ReadRequest, opts *WaitOptions) iter.Seq2[T, error] {
	return RowsAs[T](s.ReadRows(ctx, r, opts))
}

// RowsAs decodes rows (ReadRows, or a downloaded ReadFile's Rows) into T;
// see ReadAs. The text of a cell is read the way a bulk read's CSV writes
// it: the crmtype text forms (2024-05-01, a lookup's id, multi-select
// values joined with ";"), true and false, numbers; an empty cell leaves
// the field zero (null).
func RowsAs[T any](rows iter.Seq2[Row, error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		typ := reflect.TypeFor[T]()
		if typ.Kind() != reflect.Struct {
			yield(zero, fmt.Errorf("zcrm: bulk read into %s: not a struct", typ))
			return
		}
		var (
			cols    *columns
			setters []cellSetter
			line    int
		)
		// One T is filled row after row and handed out by value: a row
		// allocates nothing but what its cells need.
		v := new(T)
		base := unsafe.Pointer(v)
		for row, err := range rows {
			if err != nil {
				yield(zero, err)
				return
			}
			line++
			if row.columns != cols {
				cols = row.columns
				if setters, err = settersFor(typ, cols.names); err != nil {
					yield(zero, err)
					return
				}
			}
			*v = zero
			for i, cell := range row.Values {
				if i >= len(setters) || setters[i].set == nil || cell == "" {
					continue
				}
				if err := setters[i].set(unsafe.Add(base, setters[i].offset), cell); err != nil {
					yield(zero, fmt.Errorf("zcrm: bulk read row %d, column %s: %w", line, cols.names[i], err))
					return
				}
			}
			if !yield(*v, nil) {
				return
			}
		}
	}
}

// cellSetter fills the field at offset in the struct from a cell's text.
// Fields are reached by their offset rather than through reflect.Value,
// which would cost as much as reading the CSV itself.
type cellSetter struct {
	offset uintptr
	set    func(field unsafe.Pointer, cell string) error
}

type setterKey struct {
	typ    reflect.Type
	header string
}

var setterCache sync.Map // setterKey -> []cellSetter

// settersFor matches a CSV header to the fields of struct type t.
func settersFor(t reflect.Type, header []string) ([]cellSetter, error) {
	key := setterKey{t, strings.Join(header, "\x00")}
	if s, ok := setterCache.Load(key); ok {
		return s.([]cellSetter), nil
	}
	type located struct {
		typ    reflect.Type
		offset uintptr
	}
	byName := map[string]located{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || (f.Anonymous && name == "") {
			continue
		}
		if name == "" {
			name = f.Name
		}
		offset, inline := offsetOf(t, f.Index)
		if !inline {
			continue // behind an embedded pointer, which a row does not allocate
		}
		byName[name] = located{f.Type, offset}
	}
	setters := make([]cellSetter, len(header))
	for i, col := range header {
		f, ok := byName[col]
		if !ok {
			continue
		}
		set := setterOf(f.typ)
		if set == nil {
			return nil, fmt.Errorf("zcrm: bulk read into %s: column %s: a CSV cell does not fill a %s", t, col, f.typ)
		}
		setters[i] = cellSetter{offset: f.offset, set: set}
	}
	setterCache.Store(key, setters)
	return setters, nil
}

// parsed sets a field of type T with what parse reads from the cell.
func parsed[T any](parse func(string) (T, error)) func(unsafe.Pointer, string) error {
	return func(p unsafe.Pointer, s string) error {
		v, err := parse(s)
		*(*T)(p) = v
		return err
	}
}

// offsetOf is the offset of the field at index within t; inline is false
// when the path goes through a pointer.
func offsetOf(t reflect.Type, index []int) (offset uintptr, inline bool) {
	for i, at := range index {
		f := t.Field(at)
		offset += f.Offset
		t = f.Type
		if i < len(index)-1 && t.Kind() != reflect.Struct {
			return 0, false
		}
	}
	return offset, true
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// setterOf returns how a cell fills a field of type t at a pointer, or nil
// when it cannot.
func setterOf(t reflect.Type) func(unsafe.Pointer, string) error {
	switch t {
	case reflect.TypeFor[crmtype.Decimal]():
		return parsed(crmtype.ParseDecimal)
	case reflect.TypeFor[crmtype.Int]():
		return parsed(crmtype.ParseInt)
	case reflect.TypeFor[crmtype.Bool]():
		return parsed(func(s string) (crmtype.Bool, error) { b, err := strconv.ParseBool(s); return crmtype.BoolOf(b), err })
	case reflect.TypeFor[crmtype.Date]():
		return parsed(crmtype.ParseDate)
	case reflect.TypeFor[crmtype.DateTime]():
		return parsed(crmtype.ParseDateTime)
	case reflect.TypeFor[crmtype.Lookup]():
		return parsed(func(s string) (crmtype.Lookup, error) { return crmtype.Lookup{ID: s}, nil })
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return func(p unsafe.Pointer, s string) error {
			return reflect.NewAt(t, p).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(p unsafe.Pointer, s string) error { *(*string)(p) = s; return nil }
	case reflect.Bool:
		return func(p unsafe.Pointer, s string) error {
			b, err := strconv.ParseBool(s)
			reflect.NewAt(t, p).Elem().SetBool(b)
			return err
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(p unsafe.Pointer, s string) error {
			n, err := strconv.ParseInt(s, 10, t.Bits())
			reflect.NewAt(t, p).Elem().SetInt(n)
			return err
		}
	case reflect.Float32, reflect.Float64:
		return func(p unsafe.Pointer, s string) error {
			n, err := strconv.ParseFloat(s, t.Bits())
			reflect.NewAt(t, p).Elem().SetFloat(n)
			return err
		}
	case reflect.Pointer:
		if elem := setterOf(t.Elem()); elem != nil {
			return func(p unsafe.Pointer, s string) error {
				v := reflect.New(t.Elem())
				if err := elem(v.UnsafePointer(), s); err != nil {
					return err
				}
				reflect.NewAt(t, p).Elem().Set(v)
				return nil
			}
		}
	}
	return nil
}
