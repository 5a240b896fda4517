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
			var v T
			rv := reflect.ValueOf(&v).Elem()
			for i, cell := range row.Values {
				if i >= len(setters) || setters[i].set == nil || cell == "" {
					continue
				}
				if err := setters[i].set(rv.FieldByIndex(setters[i].index), cell); err != nil {
					yield(zero, fmt.Errorf("zcrm: bulk read row %d, column %s: %w", line, cols.names[i], err))
					return
				}
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// cellSetter fills the field at index from a cell's text.
type cellSetter struct {
	index []int
	set   func(field reflect.Value, cell string) error
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
	byName := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || (f.Anonymous && name == "") {
			continue
		}
		if name == "" {
			name = f.Name
		}
		byName[name] = f
	}
	setters := make([]cellSetter, len(header))
	for i, col := range header {
		f, ok := byName[col]
		if !ok {
			continue
		}
		set := setterOf(f.Type)
		if set == nil {
			return nil, fmt.Errorf("zcrm: bulk read into %s: column %s: a CSV cell does not fill a %s", t, col, f.Type)
		}
		setters[i] = cellSetter{index: f.Index, set: set}
	}
	setterCache.Store(key, setters)
	return setters, nil
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// setterOf returns how a cell fills a field of type t, or nil when it
// cannot. Zoho's own value types are read without going through an
// interface, which keeps a row free of allocations but its strings.
func setterOf(t reflect.Type) func(reflect.Value, string) error {
	switch t {
	case reflect.TypeFor[crmtype.Decimal]():
		return func(f reflect.Value, s string) error {
			d, err := crmtype.ParseDecimal(s)
			f.SetString(string(d))
			return err
		}
	case reflect.TypeFor[crmtype.Int]():
		return func(f reflect.Value, s string) error {
			n, err := crmtype.ParseInt(s)
			*f.Addr().Interface().(*crmtype.Int) = n
			return err
		}
	case reflect.TypeFor[crmtype.Bool]():
		return func(f reflect.Value, s string) error {
			b, err := strconv.ParseBool(s)
			*f.Addr().Interface().(*crmtype.Bool) = crmtype.BoolOf(b)
			return err
		}
	case reflect.TypeFor[crmtype.Date]():
		return func(f reflect.Value, s string) error {
			d, err := crmtype.ParseDate(s)
			*f.Addr().Interface().(*crmtype.Date) = d
			return err
		}
	case reflect.TypeFor[crmtype.DateTime]():
		return func(f reflect.Value, s string) error {
			t, err := crmtype.ParseDateTime(s)
			*f.Addr().Interface().(*crmtype.DateTime) = t
			return err
		}
	case reflect.TypeFor[crmtype.Lookup]():
		return func(f reflect.Value, s string) error {
			f.Addr().Interface().(*crmtype.Lookup).ID = s
			return nil
		}
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return func(f reflect.Value, s string) error {
			return f.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(f reflect.Value, s string) error { f.SetString(s); return nil }
	case reflect.Bool:
		return func(f reflect.Value, s string) error {
			b, err := strconv.ParseBool(s)
			f.SetBool(b)
			return err
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(f reflect.Value, s string) error {
			n, err := strconv.ParseInt(s, 10, t.Bits())
			f.SetInt(n)
			return err
		}
	case reflect.Float32, reflect.Float64:
		return func(f reflect.Value, s string) error {
			n, err := strconv.ParseFloat(s, t.Bits())
			f.SetFloat(n)
			return err
		}
	case reflect.Pointer:
		if elem := setterOf(t.Elem()); elem != nil {
			return func(f reflect.Value, s string) error {
				p := reflect.New(t.Elem())
				if err := elem(p.Elem(), s); err != nil {
					return err
				}
				f.Set(p)
				return nil
			}
		}
	}
	return nil
}
