// Package crmtype holds the Go types of Zoho CRM field values that Go's
// own types do not carry exactly: a date without a time, a date-time that
// keeps its offset, a decimal or currency without float rounding, a whole
// number that may be null, a lookup, a multi-select picklist, a file or
// image upload. Each reads and writes Zoho's JSON form, and its text form
// is how a bulk read's CSV and search criteria write the value.
//
// The zero value of every type is Zoho's null (no value): a struct field
// tagged `json:",omitzero"` is then left out of a write, and a Date{}, an
// Int{} or an empty Decimal read from Zoho means the field was empty.
// Set a value with the constructors (DateOf, DateTimeOf, IntOf, BoolOf,
// DecimalOf, ParseDecimal) or a literal.
//
// Which Go type each Zoho data type maps to (sdk.Record's accessors and
// the structs zcrm gen writes use the same):
//
//	text, textarea, email, phone, website, autonumber, profileimage  string
//	picklist                      string (gen: a named string type with constants)
//	multiselectpicklist           MultiSelect[string] (gen: of the picklist type)
//	integer, bigint               Int
//	double, currency, percent, decimal  Decimal
//	boolean                       Bool
//	date                          Date
//	datetime                      DateTime
//	lookup, ownerlookup, userlookup, consent_lookup  Lookup
//	fileupload                    []File
//	imageupload                   []Image
//	subform, multiselectlookup, multiuserlookup  rows (gen: a struct per row)
//	formula, rollup_summary       the type of their return_type
package crmtype

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

var null = []byte("null")

func isNull(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), null) }

// unquote reads a JSON string; ok is false for any other JSON value.
func unquote(b []byte) (string, bool, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '"' {
		return "", false, nil
	}
	var s string
	if bytes.IndexByte(b, '\\') < 0 && len(b) >= 2 && b[len(b)-1] == '"' {
		return string(b[1 : len(b)-1]), true, nil
	}
	err := json.Unmarshal(b, &s)
	return s, true, err
}

// Date is a date without a time of day, as Zoho's date fields hold it:
// 2024-05-01.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is how Zoho writes dates.
const DateLayout = time.DateOnly

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written 2024-05-01; "" is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("crmtype: %q is not a date like 2024-05-01", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is no date (Zoho's null).
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String is the date as Zoho writes it, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.In(time.UTC).Format(DateLayout)
}

// MarshalText writes 2024-05-01 ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads 2024-05-01; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error { return setParsed(d, b, ParseDate) }

// MarshalJSON writes "2024-05-01", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) { return quotedOrNull(d.IsZero(), d.String()), nil }

// UnmarshalJSON reads "2024-05-01"; null and "" are the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	return fromQuoted(b, `a date is a JSON string like "2024-05-01"`, d.UnmarshalText)
}

// setParsed sets *dst to what parse reads from text, when it reads.
func setParsed[T any](dst *T, text []byte, parse func(string) (T, error)) error {
	v, err := parse(string(text))
	if err == nil {
		*dst = v
	}
	return err
}

// quotedOrNull is the JSON of a value written as its quoted text, or null.
func quotedOrNull(isNull bool, text string) []byte {
	if isNull {
		return null
	}
	return strconv.AppendQuote(nil, text)
}

// fromQuoted reads a value written as its quoted text: null is as "".
func fromQuoted(b []byte, want string, fromText func([]byte) error) error {
	if isNull(b) {
		return fromText(nil)
	}
	s, ok, err := unquote(b)
	if err != nil || !ok {
		return fmt.Errorf("crmtype: %s, not %s", want, b)
	}
	return fromText([]byte(s))
}

// DateTime is a date and time with the offset Zoho wrote it in
// (2019-01-02T14:44:13+05:30), which it keeps: the value is written back
// with the same offset. The zero DateTime is Zoho's null.
type DateTime struct {
	time.Time
}

// DateTimeLayout is how Zoho writes date-times.
const DateTimeLayout = "2006-01-02T15:04:05-07:00"

// DateTimeOf wraps t; it is written in t's offset, to the second.
func DateTimeOf(t time.Time) DateTime { return DateTime{t} }

// ParseDateTime reads a date-time written 2019-01-02T14:44:13+05:30 (any
// RFC 3339 time); "" is the zero DateTime.
func ParseDateTime(s string) (DateTime, error) {
	if s == "" {
		return DateTime{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return DateTime{}, fmt.Errorf("crmtype: %q is not a date-time like 2019-01-02T14:44:13+05:30", s)
	}
	return DateTime{t}, nil
}

// String is the date-time as Zoho writes it, or "" for the zero DateTime.
func (t DateTime) String() string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateTimeLayout)
}

// MarshalText writes 2019-01-02T14:44:13+05:30 ("" for the zero DateTime).
func (t DateTime) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads 2019-01-02T14:44:13+05:30; "" is the zero DateTime.
func (t *DateTime) UnmarshalText(b []byte) error { return setParsed(t, b, ParseDateTime) }

// MarshalJSON writes "2019-01-02T14:44:13+05:30", or null for the zero
// DateTime.
func (t DateTime) MarshalJSON() ([]byte, error) { return quotedOrNull(t.IsZero(), t.String()), nil }

// UnmarshalJSON reads "2019-01-02T14:44:13+05:30"; null and "" are the
// zero DateTime.
func (t *DateTime) UnmarshalJSON(b []byte) error {
	return fromQuoted(b, `a date-time is a JSON string like "2019-01-02T14:44:13+05:30"`, t.UnmarshalText)
}

// Decimal is a number kept as the exact text Zoho wrote (12.50,
// 1234567890123.4567): currency, percent, decimal and double fields, read
// and written without going through a float. "" is Zoho's null; "0" is
// zero. Float64 and Rat give it as a number to compute with.
type Decimal string

// ParseDecimal checks that s is a number as JSON writes them (-12.5,
// 3e2) and returns it; "" is the empty Decimal.
func ParseDecimal(s string) (Decimal, error) {
	if s == "" || validNumber(s) {
		return Decimal(s), nil
	}
	return "", fmt.Errorf("crmtype: %q is not a decimal number", s)
}

// MustDecimal is ParseDecimal for constants; it panics on a bad number.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DecimalOf returns f in the fewest digits that read back as f.
func DecimalOf(f float64) Decimal { return Decimal(strconv.FormatFloat(f, 'f', -1, 64)) }

// DecimalOfInt returns n as a Decimal.
func DecimalOfInt(n int64) Decimal { return Decimal(strconv.FormatInt(n, 10)) }

// DecimalOfRat returns r with the given number of decimal places.
func DecimalOfRat(r *big.Rat, places int) Decimal { return Decimal(r.FloatString(places)) }

// String is the number's text.
func (d Decimal) String() string { return string(d) }

// Float64 returns the nearest float; an empty Decimal is an error.
func (d Decimal) Float64() (float64, error) {
	if d == "" {
		return 0, errors.New("crmtype: the decimal is empty (null)")
	}
	return strconv.ParseFloat(string(d), 64)
}

// Rat returns the exact value; ok is false for an empty Decimal.
func (d Decimal) Rat() (r *big.Rat, ok bool) {
	if d == "" {
		return nil, false
	}
	return new(big.Rat).SetString(string(d))
}

// MarshalJSON writes the number as it is, or null when empty.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d == "" {
		return null, nil
	}
	if !validNumber(string(d)) {
		return nil, fmt.Errorf("crmtype: %q is not a decimal number", string(d))
	}
	return []byte(d), nil
}

// UnmarshalJSON keeps a JSON number's text; a number Zoho sent as a
// string ("12.50") is read too, null and "" are empty.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if isNull(b) {
		*d = ""
		return nil
	}
	if s, quoted, err := unquote(b); quoted {
		if err != nil {
			return err
		}
		v, err := ParseDecimal(strings.TrimSpace(s))
		*d = v
		return err
	}
	v, err := ParseDecimal(string(b))
	*d = v
	return err
}

// MarshalText writes the number's text.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d), nil }

// UnmarshalText reads a number's text; "" is empty.
func (d *Decimal) UnmarshalText(b []byte) error { return setParsed(d, b, ParseDecimal) }

// validNumber follows JSON's number grammar.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start || (s[start] == '0' && i-start > 1) {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == frac {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == exp {
			return false
		}
	}
	return i == len(s)
}

// Int is a whole number that may be null: integer fields, and bigint (long
// integer) fields up to 2^63-1, which Zoho may write as a JSON string. It
// is written as a JSON number.
type Int struct {
	Value int64
	Valid bool // false: null
}

// IntOf returns a set Int.
func IntOf(n int64) Int { return Int{Value: n, Valid: true} }

// ParseInt reads a whole number's text; "" is null.
func ParseInt(s string) (Int, error) {
	if s == "" {
		return Int{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return Int{}, fmt.Errorf("crmtype: %q is not a whole number of 64 bits", s)
	}
	return IntOf(n), nil
}

// String is the number, or "" for null.
func (n Int) String() string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatInt(n.Value, 10)
}

// MarshalJSON writes the number, or null.
func (n Int) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return null, nil
	}
	return strconv.AppendInt(nil, n.Value, 10), nil
}

// UnmarshalJSON reads a number or a numeric string; null and "" are null.
func (n *Int) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*n = Int{}
		return nil
	}
	s, quoted, err := unquote(b)
	if err != nil {
		return err
	}
	if !quoted {
		s = string(bytes.TrimSpace(b))
	}
	v, err := ParseInt(strings.TrimSpace(s))
	if err == nil {
		*n = v
	}
	return err
}

// MarshalText writes the number ("" for null).
func (n Int) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText reads the number; "" is null.
func (n *Int) UnmarshalText(b []byte) error { return setParsed(n, b, ParseInt) }

// Bool is a checkbox that may be null: BoolOf(false) is written as false,
// Bool{} not at all (or as null).
type Bool struct {
	Value bool
	Valid bool // false: null
}

// BoolOf returns a set Bool.
func BoolOf(b bool) Bool { return Bool{Value: b, Valid: true} }

// String is "true", "false", or "" for null.
func (b Bool) String() string {
	if !b.Valid {
		return ""
	}
	return strconv.FormatBool(b.Value)
}

// MarshalJSON writes true, false or null.
func (b Bool) MarshalJSON() ([]byte, error) {
	if !b.Valid {
		return null, nil
	}
	return strconv.AppendBool(nil, b.Value), nil
}

// UnmarshalJSON reads true, false, "true", "false" or null.
func (b *Bool) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		*b = Bool{}
		return nil
	}
	s, quoted, err := unquote(data)
	if err != nil {
		return err
	}
	if !quoted {
		s = string(bytes.TrimSpace(data))
	}
	return b.UnmarshalText([]byte(s))
}

// MarshalText writes "true", "false" or "".
func (b Bool) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads true or false (as strconv.ParseBool does); "" is null.
func (b *Bool) UnmarshalText(data []byte) error {
	if len(data) == 0 {
		*b = Bool{}
		return nil
	}
	v, err := strconv.ParseBool(string(data))
	if err != nil {
		return fmt.Errorf("crmtype: %q is not a boolean", data)
	}
	*b = BoolOf(v)
	return nil
}

// Lookup is a reference to another record or to a user: {"id", "name"}
// (users add "email"). Lookup, owner lookup, user lookup and consent
// lookup fields hold one. Give the id to write one; Zoho fills the name.
type Lookup struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	// ZUID is a user's Zoho account id, which settings answers (rules'
	// created_by) add to a user's lookup.
	ZUID json.Number `json:"zuid,omitempty"`
}

// IsZero reports whether l refers to nothing (Zoho's null).
func (l Lookup) IsZero() bool { return l == Lookup{} }

// UnmarshalJSON reads {"id","name"[,"email"]}, a bare id ("1234" or 1234)
// or null.
func (l *Lookup) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case isNull(b):
		*l = Lookup{}
		return nil
	case len(b) > 0 && b[0] == '{':
		var v struct {
			ID    json.RawMessage `json:"id"`
			Name  *string         `json:"name"`
			Email *string         `json:"email"`
			ZUID  json.RawMessage `json:"zuid"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = Lookup{}
		if len(v.ID) > 0 {
			if err := l.UnmarshalJSON(v.ID); err != nil {
				return err
			}
		}
		if v.Name != nil {
			l.Name = *v.Name
		}
		if v.Email != nil {
			l.Email = *v.Email
		}
		if zuid, quoted, err := unquote(v.ZUID); err == nil && len(v.ZUID) > 0 {
			if !quoted {
				zuid = string(v.ZUID)
			}
			if validNumber(zuid) { // a number, or its text
				l.ZUID = json.Number(zuid)
			}
		}
		return nil
	}
	s, quoted, err := unquote(b)
	if err != nil {
		return err
	}
	if !quoted {
		if !validNumber(string(b)) {
			return fmt.Errorf("crmtype: a lookup is {\"id\": ...} or an id, not %s", b)
		}
		s = string(b)
	}
	*l = Lookup{ID: s}
	return nil
}

// MarshalJSON writes {"id","name"[,"email"]}, or null for the zero
// Lookup. (Declared so that the text form below is for CSV only.)
func (l Lookup) MarshalJSON() ([]byte, error) {
	if l.IsZero() {
		return null, nil
	}
	type plain Lookup
	return json.Marshal(plain(l))
}

// MarshalText writes the id (a bulk read's CSV gives a lookup's id).
func (l Lookup) MarshalText() ([]byte, error) { return []byte(l.ID), nil }

// UnmarshalText reads an id.
func (l *Lookup) UnmarshalText(b []byte) error {
	*l = Lookup{ID: string(b)}
	return nil
}

// MultiSelect is the values chosen in a multi-select picklist, in Zoho's
// order: a JSON array, and in a bulk read's CSV the values joined with
// ";". nil is Zoho's null (and left out of writes with omitzero); an
// empty, non-nil MultiSelect clears the field.
type MultiSelect[T ~string] []T

// Strings returns the values as plain strings.
func (m MultiSelect[T]) Strings() []string {
	out := make([]string, len(m))
	for i, v := range m {
		out[i] = string(v)
	}
	return out
}

// Contains reports whether v is chosen.
func (m MultiSelect[T]) Contains(v T) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// MarshalText joins the values with ";".
func (m MultiSelect[T]) MarshalText() ([]byte, error) {
	return []byte(strings.Join(m.Strings(), ";")), nil
}

// UnmarshalText splits values joined with ";"; "" is none.
func (m *MultiSelect[T]) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = nil
		return nil
	}
	parts := strings.Split(string(b), ";")
	out := make(MultiSelect[T], len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	*m = out
	return nil
}

// MarshalJSON writes a JSON array, or null for nil. (Declared so that the
// text form above does not turn it into a string.)
func (m MultiSelect[T]) MarshalJSON() ([]byte, error) {
	if m == nil {
		return null, nil
	}
	return json.Marshal([]T(m))
}

// UnmarshalJSON reads a JSON array of strings, or null.
func (m *MultiSelect[T]) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*m = nil
		return nil
	}
	var v []T
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("crmtype: a multi-select value is a JSON array of strings: %w", err)
	}
	*m = v
	return nil
}

// File is one file of a file upload field. Write a new one with the
// FileID that the Files API's upload returned; the other fields are
// Zoho's.
type File struct {
	ID           string   `json:"id,omitempty"`
	FileID       string   `json:"File_Id__s,omitempty"`
	FileName     string   `json:"File_Name__s,omitempty"`
	Size         string   `json:"Size__s,omitempty"`
	CreatedTime  DateTime `json:"Created_Time__s,omitzero"`
	ModifiedTime DateTime `json:"Modified_Time__s,omitzero"`
	CreatedBy    Lookup   `json:"Created_By__s,omitzero"`
	ModifiedBy   Lookup   `json:"Modified_By__s,omitzero"`
	Owner        Lookup   `json:"Owner__s,omitzero"`
}

// Image is one image of an image upload field: a File with a preview, a
// description, its state and its place among the field's images.
type Image struct {
	File
	PreviewID      string `json:"Preview_Id__s,omitempty"`
	Description    string `json:"Description__s,omitempty"`
	State          string `json:"State__s,omitempty"`
	SequenceNumber Int    `json:"Sequence_Number__s,omitzero"`
}
