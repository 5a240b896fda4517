package sdk_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestFieldsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	score := srv.AddField("Leads", zohotest.Field{APIName: "Score__c", DataType: "integer", Custom: true})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	fields, _, err := c.Fields.List(ctx, "Leads", nil)
	require.NoError(t, err)
	leads, _ := srv.Module("Leads")
	require.Len(t, fields, len(leads.Fields))
	byName := map[string]*sdk.Field{}
	for _, f := range fields {
		byName[f.APIName] = f
	}
	assert.True(t, byName["Last_Name"].Mandatory())
	assert.Equal(t, 80, byName["Last_Name"].Length)
	assert.Equal(t, "Last Name", byName["Last_Name"].FieldLabel)
	assert.True(t, byName["Full_Name"].ReadOnly)
	assert.Equal(t, "ownerlookup", byName["Owner"].DataType)
	assert.True(t, byName["Score__c"].CustomField)
	assert.Equal(t, "integer", byName["Score__c"].JSONType)

	contacts, _, err := c.Fields.List(ctx, "Contacts", &sdk.FieldListOptions{Type: "all"})
	require.NoError(t, err)
	for _, f := range contacts {
		if f.APIName == "Account_Name" {
			require.NotNil(t, f.Lookup)
			assert.Equal(t, "Accounts", f.Lookup.Module.APIName)
			assert.Equal(t, "Contacts", f.Lookup.APIName, "the related list of Accounts it feeds")
		}
	}

	f, _, err := c.Fields.Get(ctx, "Leads", score.ID)
	require.NoError(t, err)
	assert.Equal(t, "Score__c", f.APIName)

	_, _, err = c.Fields.List(ctx, "Nope", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Fields.Get(ctx, "Contacts", score.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a field of another module")
	var verr *sdk.ValidationError
	_, _, err = c.Fields.List(ctx, "", nil)
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Fields.Get(ctx, "Leads", "")
	require.ErrorAs(t, err, &verr)
}

// Decoding field metadata into sdk.Field (which keeps Zoho's JSON for its
// extra fields) against a plain struct with the same typed fields: the
// ratio of the two ns/op is the cost of keeping every field.
func BenchmarkFieldsDecode(b *testing.B) {
	var sample struct {
		Fields []json.RawMessage `json:"fields"`
	}
	raw := referencePayloadB(b, "13_settings_fields.json", "sample_response_200_v2_doc_copy_(6_of_many_fields, each item verbatim)")
	if err := json.Unmarshal(raw, &sample); err != nil {
		b.Fatal(err)
	}
	var many []json.RawMessage
	for len(many) < 300 {
		many = append(many, sample.Fields...)
	}
	body, _ := json.Marshal(map[string]any{"fields": many})
	type plainLookup struct {
		ID, APIName, DisplayLabel string
		Module                    json.RawMessage `json:"module"`
	}
	type plainField struct {
		ID              string       `json:"id"`
		APIName         string       `json:"api_name"`
		FieldLabel      string       `json:"field_label"`
		DisplayLabel    string       `json:"display_label"`
		DataType        string       `json:"data_type"`
		JSONType        string       `json:"json_type"`
		Length          int          `json:"length"`
		ReadOnly        bool         `json:"read_only"`
		FieldReadOnly   bool         `json:"field_read_only"`
		CustomField     bool         `json:"custom_field"`
		Visible         bool         `json:"visible"`
		SystemMandatory bool         `json:"system_mandatory"`
		Required        bool         `json:"required"`
		Lookup          *plainLookup `json:"lookup"`
		PickListValues  []*struct{}  `json:"pick_list_values"`
	}
	b.Run("encoding/json plain struct", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var v struct {
				Fields []*plainField `json:"fields"`
			}
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk.Field", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var v struct {
				Fields []*sdk.Field `json:"fields"`
			}
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func referencePayloadB(b *testing.B, file, key string) json.RawMessage {
	raw, err := os.ReadFile("testdata/reference/" + file)
	if err != nil {
		b.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		b.Fatal(err)
	}
	return doc[key]
}

func TestFieldWritesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	results, _, err := c.Fields.Create(ctx, "Leads",
		&sdk.Field{FieldLabel: "Loyalty Tier", DataType: "picklist", PickListValues: []*sdk.PickListValue{{DisplayValue: "Gold", ActualValue: "Gold"}, {DisplayValue: "Silver", ActualValue: "Silver"}}},
		&sdk.Field{FieldLabel: "Visits", DataType: "integer"},
		&sdk.Field{FieldLabel: "Nickname", DataType: "text", Length: 20},
		&sdk.Field{FieldLabel: "visits", DataType: "text"},
		&sdk.Field{FieldLabel: "Colour", DataType: "picklist"},
		&sdk.Field{FieldLabel: "Odd", DataType: "hologram"},
		&sdk.Field{DataType: "text"})
	require.NoError(t, err)
	require.Len(t, results, 7)
	for _, r := range results[:3] {
		require.NoError(t, r.Err())
	}
	require.ErrorIs(t, results[3].Err(), sdk.ErrDuplicateData, "labels are unique in a module")
	var rerr *sdk.RecordError
	require.ErrorAs(t, results[4].Err(), &rerr)
	assert.Equal(t, "DEPENDENT_FIELD_MISSING", rerr.Code, "a picklist needs its values")
	assert.Equal(t, "pick_list_values", rerr.Field())
	require.ErrorIs(t, results[5].Err(), sdk.ErrInvalidData)
	require.ErrorIs(t, results[6].Err(), sdk.ErrMandatoryNotFound)
	tier, visits, nick := results[0].ID(), results[1].ID(), results[2].ID()

	// A field created is listed and taken by records.
	f, _, err := c.Fields.Get(ctx, "Leads", tier)
	require.NoError(t, err)
	assert.Equal(t, "Loyalty_Tier", f.APIName)
	assert.True(t, f.CustomField)
	var values []string
	for _, v := range f.PickListValues {
		values = append(values, v.ActualValue)
	}
	assert.Equal(t, []string{"-None-", "Gold", "Silver"}, values)
	written, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{
		{"Last_Name": "Tiered", "Loyalty_Tier": "Gold", "Visits": 3, "Nickname": "T"},
		{"Last_Name": "Platinum", "Loyalty_Tier": "Platinum"},
		{"Last_Name": "Long", "Nickname": strings.Repeat("n", 21)},
	}, nil)
	require.NoError(t, err)
	require.NoError(t, written[0].Err())
	require.ErrorIs(t, written[1].Err(), sdk.ErrInvalidData, "a value outside the picklist")
	require.Error(t, written[2].Err(), "longer than the field's length")

	r, _, err := c.Fields.UpdateOne(ctx, "Leads", tier, &sdk.Field{FieldLabel: "Tier", PickListValues: []*sdk.PickListValue{{ActualValue: "Gold"}, {ActualValue: "Platinum"}}})
	require.NoError(t, err)
	assert.Equal(t, tier, r.ID())
	results, _, err = c.Fields.Update(ctx, "Leads", &sdk.Field{ID: nick, Length: 40}, &sdk.Field{ID: "4150868000000999999", Length: 40})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	written, _, err = c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Platinum", "Loyalty_Tier": "Platinum", "Nickname": strings.Repeat("n", 30)}}, nil)
	require.NoError(t, err)
	require.NoError(t, written[0].Err(), "the picklist's new value and the longer length")

	// A field deleted is gone from the list and refused by records.
	r, _, err = c.Fields.Delete(ctx, "Leads", visits)
	require.NoError(t, err)
	assert.True(t, r.OK())
	fields, _, err := c.Fields.List(ctx, "Leads", nil)
	require.NoError(t, err)
	for _, f := range fields {
		assert.NotEqual(t, "Visits", f.APIName)
	}
	written, _, err = c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Late", "Visits": 4}}, nil)
	require.NoError(t, err)
	require.ErrorIs(t, written[0].Err(), sdk.ErrInvalidData)
	assert.Equal(t, "Visits", written[0].Err().(*sdk.RecordError).Field())

	var lastName string
	for _, f := range fields {
		if f.APIName == "Last_Name" {
			lastName = f.ID
		}
	}
	_, _, err = c.Fields.Delete(ctx, "Leads", lastName)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "NOT_ALLOWED", apiErr.Code, "a standard field stays")
	_, _, err = c.Fields.Create(ctx, "", &sdk.Field{FieldLabel: "x", DataType: "text"})
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	_, _, err = c.Fields.Create(ctx, "Unicorns", &sdk.Field{FieldLabel: "x", DataType: "text"})
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestFieldsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	f := &sdk.Field{ID: "1", FieldLabel: "x"}
	checkDocumented(t, "fields", map[string]documentedCall{
		"GET /crm/v8/settings/fields 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.List(ctx, "Leads", nil))
		},
		"GET /crm/v8/settings/fields/{field} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.Get(ctx, "Leads", "1"))
		},
		"POST /crm/v8/settings/fields 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.Create(ctx, "Leads", f))
		},
		"PATCH /crm/v8/settings/fields 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.Update(ctx, "Leads", f))
		},
		"PATCH /crm/v8/settings/fields/{field} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.UpdateOne(ctx, "Leads", "1", f))
		},
		"DELETE /crm/v8/settings/fields/{field} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.Delete(ctx, "Leads", "1"))
		},
	})
}
