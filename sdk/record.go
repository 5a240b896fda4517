package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
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

// Lookup is a reference to another record or user: {"id", "name"}.
type Lookup struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

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
func (r Record) Lookup(field string) *Lookup {
	switch v := r[field].(type) {
	case map[string]any:
		l := &Lookup{}
		l.ID, _ = stringOf(v["id"])
		l.Name, _ = stringOf(v["name"])
		l.Email, _ = stringOf(v["email"])
		if l.ID == "" && l.Name == "" {
			return nil
		}
		return l
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

// Time parses a date-time field.
func (r Record) Time(field string) (time.Time, bool) {
	s := r.String(field)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(ZohoTimeLayout, s)
	return t, err == nil
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

// clone returns a shallow copy, so the SDK can set "id" without touching
// the caller's map.
func (r Record) clone() Record {
	c := make(Record, len(r)+1)
	for k, v := range r {
		c[k] = v
	}
	return c
}
