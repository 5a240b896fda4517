package crmtype_test

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// roundTrip decodes Zoho's JSON into a new T and checks that encoding it
// gives the same bytes back.
func roundTrip[T any](t *testing.T, zoho string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(zoho), &v), zoho)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, zoho, string(out))
	return v
}

func TestValuesRoundTripZohoJSONExactly(t *testing.T) {
	d := roundTrip[crmtype.Date](t, `"2024-05-01"`)
	assert.Equal(t, crmtype.Date{Year: 2024, Month: time.May, Day: 1}, d)
	assert.True(t, roundTrip[crmtype.Date](t, `null`).IsZero())

	for _, s := range []string{`"2019-01-02T14:44:13+05:30"`, `"2024-12-31T23:59:59-08:00"`, `"2024-03-01T00:00:00+00:00"`, `"2024-03-01T09:30:00-03:30"`} {
		dt := roundTrip[crmtype.DateTime](t, s)
		assert.False(t, dt.IsZero())
	}
	dt := roundTrip[crmtype.DateTime](t, `"2024-12-31T23:59:59-08:00"`)
	_, offset := dt.Zone()
	assert.Equal(t, -8*3600, offset, "the negative offset is kept")
	assert.Equal(t, time.Date(2025, 1, 1, 7, 59, 59, 0, time.UTC), dt.UTC())

	for _, s := range []string{`1234567890123.4567891234`, `0.10`, `-0.005`, `12`, `0`, `1E+3`} {
		dec := roundTrip[crmtype.Decimal](t, s)
		assert.Equal(t, s, dec.String())
	}
	dec := roundTrip[crmtype.Decimal](t, `1234567890123.4567891234`)
	r, ok := dec.Rat()
	require.True(t, ok)
	assert.Equal(t, "1234567890123.4567891234", r.FloatString(10), "no float rounding")

	big := roundTrip[crmtype.Int](t, strconv.FormatInt(math.MaxInt64, 10))
	assert.Equal(t, crmtype.IntOf(math.MaxInt64), big)
	assert.Equal(t, crmtype.IntOf(math.MinInt64), roundTrip[crmtype.Int](t, strconv.FormatInt(math.MinInt64, 10)))
	assert.Equal(t, crmtype.Int{}, roundTrip[crmtype.Int](t, `null`))
	assert.Equal(t, crmtype.IntOf(0), roundTrip[crmtype.Int](t, `0`), "zero is a value, not null")

	assert.Equal(t, crmtype.BoolOf(false), roundTrip[crmtype.Bool](t, `false`))
	assert.Equal(t, crmtype.Bool{}, roundTrip[crmtype.Bool](t, `null`))

	assert.Equal(t, crmtype.Lookup{ID: "3652397000000190000", Name: "Zylker"},
		roundTrip[crmtype.Lookup](t, `{"id":"3652397000000190000","name":"Zylker"}`))
	roundTrip[crmtype.Lookup](t, `{"id":"1","name":"Patricia Boyle","email":"p.boyle@example.com"}`)

	ms := roundTrip[crmtype.MultiSelect[string]](t, `["Java","Big Data"]`)
	assert.True(t, ms.Contains("Big Data"))
	assert.NotNil(t, roundTrip[crmtype.MultiSelect[string]](t, `[]`), "an empty multi-select is not null: it clears the field")
	assert.Nil(t, roundTrip[crmtype.MultiSelect[string]](t, `null`))

	roundTrip[[]crmtype.File](t, `[{"id":"5","File_Id__s":"abc","File_Name__s":"a.pdf","Size__s":"1024","Created_Time__s":"2024-05-01T10:00:00+05:30","Owner__s":{"id":"9","name":"Ann"}}]`)
	roundTrip[[]crmtype.Image](t, `[{"id":"6","File_Id__s":"img","Preview_Id__s":"p1","State__s":"active","Sequence_Number__s":1}]`)
}

// Zoho sends some numbers as strings and lookups as bare ids; those are
// read too and written in Zoho's usual form.
func TestValuesReadZohosOtherForms(t *testing.T) {
	var n crmtype.Int
	require.NoError(t, json.Unmarshal([]byte(`"9223372036854775807"`), &n))
	assert.Equal(t, crmtype.IntOf(math.MaxInt64), n, "a bigint beyond 2^53 sent as a string")
	var d crmtype.Decimal
	require.NoError(t, json.Unmarshal([]byte(`"12.50"`), &d))
	assert.Equal(t, crmtype.Decimal("12.50"), d)
	var l crmtype.Lookup
	require.NoError(t, json.Unmarshal([]byte(`"4150868000000224001"`), &l))
	assert.Equal(t, "4150868000000224001", l.ID)
	require.NoError(t, json.Unmarshal([]byte(`{"id":4150868000000224001}`), &l))
	assert.Equal(t, "4150868000000224001", l.ID, "a numeric id keeps its digits")
	var date crmtype.Date
	require.NoError(t, json.Unmarshal([]byte(`""`), &date))
	assert.True(t, date.IsZero())
}

func TestValuesRefuseWrongTypes(t *testing.T) {
	for _, c := range []struct {
		into any
		json string
	}{
		{new(crmtype.Date), `"2024-05-01T10:00:00+05:30"`},
		{new(crmtype.Date), `20240501`},
		{new(crmtype.DateTime), `"2024-05-01"`},
		{new(crmtype.Decimal), `"12,5"`},
		{new(crmtype.Decimal), `true`},
		{new(crmtype.Int), `1.5`},
		{new(crmtype.Int), `"9223372036854775808"`},
		{new(crmtype.Bool), `"yes"`},
		{new(crmtype.Lookup), `true`},
		{new(crmtype.MultiSelect[string]), `"a;b"`},
	} {
		assert.Error(t, json.Unmarshal([]byte(c.json), c.into), "%T from %s", c.into, c.json)
	}
	_, err := json.Marshal(crmtype.Decimal("1,5"))
	assert.Error(t, err, "a Decimal that is not a number is not sent")
}

// The text form is a bulk read's CSV cell.
func TestValuesTextFormIsTheCSVCell(t *testing.T) {
	cells := map[string]interface {
		UnmarshalText([]byte) error
		MarshalText() ([]byte, error)
	}{
		"2024-05-01":                new(crmtype.Date),
		"2019-01-02T14:44:13+05:30": new(crmtype.DateTime),
		"1234.5600":                 new(crmtype.Decimal),
		"9223372036854775807":       new(crmtype.Int),
		"true":                      new(crmtype.Bool),
		"4150868000000224001":       new(crmtype.Lookup),
		"Java;Big Data":             new(crmtype.MultiSelect[string]),
		"":                          new(crmtype.Date),
	}
	for cell, v := range cells {
		require.NoError(t, v.UnmarshalText([]byte(cell)), cell)
		out, err := v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, cell, string(out))
	}
}

// With omitzero, a value left unset is not written at all, while a set
// zero (0, false, an empty multi-select) is.
func TestZeroValuesAreLeftOutOfWrites(t *testing.T) {
	type record struct {
		Count   crmtype.Int                 `json:"Count,omitzero"`
		Opt     crmtype.Bool                `json:"Opt,omitzero"`
		Price   crmtype.Decimal             `json:"Price,omitzero"`
		Due     crmtype.Date                `json:"Due,omitzero"`
		At      crmtype.DateTime            `json:"At,omitzero"`
		Account crmtype.Lookup              `json:"Account,omitzero"`
		Tags    crmtype.MultiSelect[string] `json:"Tags,omitzero"`
	}
	b, err := json.Marshal(record{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
	b, err = json.Marshal(record{Count: crmtype.IntOf(0), Opt: crmtype.BoolOf(false), Price: "0", Tags: crmtype.MultiSelect[string]{}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Count":0,"Opt":false,"Price":0,"Tags":[]}`, string(b))
}
