package sdk

import (
	"encoding/json"

	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// Record's accessors for the field types of package crmtype. Each takes
// what a read from Zoho holds (strings, json.Number, decoded objects and
// arrays) and what a program put in the Record (crmtype values); ok is
// false for a missing, null or differently typed field.

// Date reads a date field (2024-05-01).
func (r Record) Date(field string) (crmtype.Date, bool) {
	return textValue(r[field], crmtype.ParseDate)
}

// DateTime reads a date-time field, keeping its offset
// (2019-01-02T14:44:13+05:30).
func (r Record) DateTime(field string) (crmtype.DateTime, bool) {
	return textValue(r[field], crmtype.ParseDateTime)
}

// textValue reads a value Zoho writes as a JSON string (or one of T
// already); ok is false for a zero T.
func textValue[T interface{ IsZero() bool }](v any, parse func(string) (T, error)) (T, bool) {
	if typed, ok := v.(T); ok {
		return typed, !typed.IsZero()
	}
	var zero T
	s, ok := v.(string)
	if !ok || s == "" {
		return zero, false
	}
	parsed, err := parse(s)
	return parsed, err == nil && !parsed.IsZero()
}

// Decimal reads a currency, decimal, percent or double field as the exact
// number Zoho wrote, also when Zoho sent it as text.
func (r Record) Decimal(field string) (crmtype.Decimal, bool) {
	var text string
	switch v := r[field].(type) {
	case crmtype.Decimal:
		return v, v != ""
	case json.Number:
		text = v.String()
	case string:
		text = v
	case float64, int, int64:
		text = fmtNumber(v)
	default:
		return "", false
	}
	d, err := crmtype.ParseDecimal(text)
	return d, err == nil && d != ""
}

func fmtNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// MultiSelect reads a multi-select picklist: the chosen values in order.
// A field that is null or not a list of strings gives nil.
func (r Record) MultiSelect(field string) crmtype.MultiSelect[string] {
	switch v := r[field].(type) {
	case crmtype.MultiSelect[string]:
		return v
	case []string:
		return v
	case []any:
		out := make(crmtype.MultiSelect[string], len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil
			}
			out[i] = s
		}
		return out
	}
	return nil
}

// Files reads a file upload field.
func (r Record) Files(field string) []crmtype.File { return decodeValue[[]crmtype.File](r[field]) }

// Images reads an image upload field.
func (r Record) Images(field string) []crmtype.Image { return decodeValue[[]crmtype.Image](r[field]) }

// decodeValue converts a decoded JSON value (or one of T already) to T
// through its JSON; anything that does not convert gives T's zero value.
func decodeValue[T any](v any) T {
	var out T
	if typed, ok := v.(T); ok {
		return typed
	}
	if v == nil {
		return out
	}
	b, err := json.Marshal(v)
	if err != nil || json.Unmarshal(b, &out) != nil {
		var zero T
		return zero
	}
	return out
}
