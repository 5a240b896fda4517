package sdk_test

import (
	"encoding/json"
	"os"
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
