package sdk_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// Issue 14 item 9: a date field holds 2024-05-01, which Record.Time read
// as no time at all.
func TestRecordTimeReadsDateOnlyFields(t *testing.T) {
	r := sdk.Record{"Date_of_Birth": "2024-05-01", "Created_Time": "2019-01-02T14:44:13+05:30"}
	got, ok := r.Time("Date_of_Birth")
	require.True(t, ok, "a date-only field is a time")
	assert.Equal(t, time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC), got)
	got, ok = r.Time("Created_Time")
	require.True(t, ok)
	assert.Equal(t, "2019-01-02T14:44:13+05:30", got.Format(sdk.ZohoTimeLayout))
	_, ok = r.Time("Missing")
	assert.False(t, ok)
}

// Every field type has an accessor that reads what Zoho sends exactly.
func TestRecordAccessorsForEveryFieldType(t *testing.T) {
	var r sdk.Record
	dec := json.NewDecoder(strings.NewReader(`{
		"Due": "2024-05-01", "Met": "2024-12-31T23:59:59-08:00",
		"Price": 1234567890123.4567891234, "Rate": "12.50",
		"Population": 9223372036854775807, "Stock": 0,
		"Courses": ["Java", "Big Data"], "None": [], "Empty": null,
		"Account": {"name": "Zylker", "id": "4150868000000224001"},
		"Docs": [{"id": "5", "File_Id__s": "abc", "File_Name__s": "a.pdf", "Size__s": "1024"}],
		"Photos": [{"id": "6", "File_Id__s": "img", "Preview_Id__s": "p1", "Sequence_Number__s": 1}],
		"Opt_Out": false
	}`))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&r))

	due, ok := r.Date("Due")
	require.True(t, ok)
	assert.Equal(t, crmtype.Date{Year: 2024, Month: time.May, Day: 1}, due)
	met, ok := r.DateTime("Met")
	require.True(t, ok)
	assert.Equal(t, "2024-12-31T23:59:59-08:00", met.String())
	price, ok := r.Decimal("Price")
	require.True(t, ok)
	assert.Equal(t, crmtype.Decimal("1234567890123.4567891234"), price)
	rate, _ := r.Decimal("Rate")
	assert.Equal(t, crmtype.Decimal("12.50"), rate)
	pop, ok := r.Int("Population")
	require.True(t, ok)
	assert.Equal(t, int64(9223372036854775807), pop)
	assert.Equal(t, crmtype.MultiSelect[string]{"Java", "Big Data"}, r.MultiSelect("Courses"))
	assert.NotNil(t, r.MultiSelect("None"))
	assert.Nil(t, r.MultiSelect("Empty"))
	assert.Equal(t, &sdk.Lookup{ID: "4150868000000224001", Name: "Zylker"}, r.Lookup("Account"))
	assert.Equal(t, []crmtype.File{{ID: "5", FileID: "abc", FileName: "a.pdf", Size: "1024"}}, r.Files("Docs"))
	imgs := r.Images("Photos")
	require.Len(t, imgs, 1)
	assert.Equal(t, "p1", imgs[0].PreviewID)
	assert.Equal(t, crmtype.IntOf(1), imgs[0].SequenceNumber)
	opt, ok := r.Bool("Opt_Out")
	assert.True(t, ok)
	assert.False(t, opt)
	_, ok = r.Date("Empty")
	assert.False(t, ok)
	_, ok = r.Decimal("Courses")
	assert.False(t, ok)
}
