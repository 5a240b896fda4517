package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// Record is one CRM record as Zoho sends it: field API names to JSON values.
// Any field survives a read-modify-write unchanged, custom fields, lookups,
// subforms and line items included; numbers are json.Number, so their
// exact text is kept. Build one as a literal:
//
//	sdk.Record{"Last_Name": "Boyle", "Email": "p.boyle@example.com"}
//
// or from a struct of your own with NewRecord, and read one into a struct
// with Decode.
type Record map[string]any

// Lookup is a reference to another record or user: {"id", "name"}
// (users add "email", and settings answers a zuid). It is crmtype.Lookup.
type Lookup = crmtype.Lookup

// ZohoTimeLayout is how Zoho writes date-times: 2019-01-02T14:44:13+05:30.
const ZohoTimeLayout = time.RFC3339

// ID returns the record's id, or "" for a record not created yet.
func (r Record) ID() string { return r.String("id") }

// String returns a field as a string: text as is, numbers in their JSON
// form, "" for anything else or a missing field.
func (r Record) String(field string) string {
	switch v := r[field].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case fmt.Stringer:
		return v.String()
	}
	return ""
}

// Lookup returns a lookup field ({"id","name"}), or nil.
func (r Record) Lookup(field string) *Lookup { return lookupOf(r[field]) }

func lookupOf(v any) *Lookup {
	switch v := v.(type) {
	case map[string]any:
		l := &Lookup{}
		l.ID, _ = stringOf(v["id"])
		l.Name, _ = stringOf(v["name"])
		l.Email, _ = stringOf(v["email"])
		if l.ID == "" && l.Name == "" {
			return nil
		}
		return l
	case Record:
		return lookupOf(map[string]any(v))
	case *Lookup:
		return v
	case Lookup:
		return &v
	}
	return nil
}

func stringOf(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case json.Number:
		return s.String(), true
	}
	return "", false
}

// Owner is the record's owner.
func (r Record) Owner() *Lookup { return r.Lookup("Owner") }

// CreatedBy is the user who created the record.
func (r Record) CreatedBy() *Lookup { return r.Lookup("Created_By") }

// ModifiedBy is the user who last modified the record.
func (r Record) ModifiedBy() *Lookup { return r.Lookup("Modified_By") }

// CreatedTime is when the record was created; zero if unknown.
func (r Record) CreatedTime() time.Time { t, _ := r.Time("Created_Time"); return t }

// ModifiedTime is when the record was last modified; zero if unknown.
func (r Record) ModifiedTime() time.Time { t, _ := r.Time("Modified_Time"); return t }

// Time reads a date-time field (2019-01-02T14:44:13+05:30, in its own
// offset) or a date field (2024-05-01, as midnight UTC).
func (r Record) Time(field string) (time.Time, bool) {
	if dt, ok := r.DateTime(field); ok {
		return dt.Time, true
	}
	if d, ok := r.Date(field); ok {
		return d.In(time.UTC), true
	}
	return time.Time{}, false
}

// Decode fills v, a pointer to a struct with json tags naming field API
// names, from the record.
func (r Record) Decode(v any) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("zcrm: decoding record %s into %T: %w", r.ID(), v, err)
	}
	return nil
}

// NewRecord makes a Record of v, a struct with json tags naming field API
// names (or a map).
func NewRecord(v any) (Record, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("zcrm: %T is not a JSON object: %w", v, err)
	}
	return r, nil
}

// Bool returns a boolean field; ok is false when the field is missing or
// not a boolean.
func (r Record) Bool(field string) (value, ok bool) {
	value, ok = r[field].(bool)
	return value, ok
}

// Float returns a number field, also when Zoho sent it as text ("12.5");
// ok is false when the field is missing or not a number.
func (r Record) Float(field string) (float64, bool) {
	switch v := r[field].(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

// Int returns a whole number field, also when Zoho sent it as text; ok is
// false when the field is missing or not a whole number.
func (r Record) Int(field string) (int64, bool) {
	switch v := r[field].(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case int:
		return int64(v), true
	case int64:
		return v, true
	case float64:
		return int64(v), v == float64(int64(v))
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Rows returns the rows of a subform, of line items (Product_Details) or
// of a multi-select lookup. Each row is a Record over the record's own
// data: changing a row changes the record. A field that is not a list of
// objects gives nil.
func (r Record) Rows(field string) []Record {
	switch v := r[field].(type) {
	case []Record:
		return v
	case []map[string]any:
		rows := make([]Record, len(v))
		for i, m := range v {
			rows[i] = m
		}
		return rows
	case []any:
		rows := make([]Record, 0, len(v))
		for _, item := range v {
			switch m := item.(type) {
			case map[string]any:
				rows = append(rows, m)
			case Record:
				rows = append(rows, m)
			default:
				return nil
			}
		}
		return rows
	}
	return nil
}

// Clone returns a deep copy of the record, to change without touching the
// original.
func (r Record) Clone() Record {
	if r == nil {
		return nil
	}
	return cloneValue(map[string]any(r)).(map[string]any)
}

func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(t))
		for k, x := range t {
			c[k] = cloneValue(x)
		}
		return c
	case Record:
		return Record(cloneValue(map[string]any(t)).(map[string]any))
	case []any:
		c := make([]any, len(t))
		for i, x := range t {
			c[i] = cloneValue(x)
		}
		return c
	case []Record:
		c := make([]Record, len(t))
		for i, x := range t {
			c[i] = x.Clone()
		}
		return c
	}
	return v
}
