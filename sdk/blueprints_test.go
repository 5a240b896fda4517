package sdk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestBlueprintsDecodeZohoSamples(t *testing.T) {
	t.Run("get v2", func(t *testing.T) {
		var body struct {
			Blueprint *sdk.Blueprint `json:"blueprint"`
		}
		decodeSample(t, &body, "47_blueprint.json", "sample_response_get_v2_doc_copy")
		b := body.Blueprint
		assert.Equal(t, "1000000033119", b.ProcessInfo.ID)
		assert.Equal(t, "Rating", b.ProcessInfo.APIName)
		assert.Equal(t, "Acquired", b.ProcessInfo.FieldValue)
		assert.Equal(t, "1000000000589", b.ProcessInfo.FieldID)
		require.Len(t, b.Transitions, 2)
		tr := b.Transition("33")
		require.NotNil(t, tr)
		assert.Equal(t, "1000000033137", tr.ID)
		assert.Equal(t, "ShutDown", tr.NextFieldValue)
		assert.True(t, tr.CriteriaMatched)
		assert.InDelta(t, 83.33, tr.PercentPartialSave, 0.01)
		assert.Equal(t, "111111111", tr.Data.String("Phone"))
		require.Len(t, tr.Fields, 3)
		assert.Equal(t, "Account_Name", tr.Fields[0].APIName)
		assert.Equal(t, "text", tr.Fields[0].DataType)
		assert.Equal(t, 3, tr.Fields[0].TransitionSequence)
		assert.Equal(t, json.RawMessage(`"partial test account"`), tr.Fields[0].Extra()["content"])
		assert.Equal(t, "related_lists", b.Transitions[0].Fields[0].Type)
		assert.True(t, b.Transitions[0].Fields[0].Mandatory)
	})
	t.Run("ids as integers (crm-oas schema)", func(t *testing.T) {
		var tr sdk.Transition
		require.NoError(t, json.Unmarshal([]byte(`{"id":1000000033137,"name":"t","data":{"Amount":12.50},"next_transitions":[{"id":42,"name":"n"}]}`), &tr))
		assert.Equal(t, "1000000033137", tr.ID)
		assert.Equal(t, "42", tr.NextTransitions[0].ID)
		assert.Equal(t, "12.50", tr.Data.String("Amount"), "numbers in data keep their text")
	})
	for _, key := range []string{"sample_response_update_v2_doc_copy", "sample_response_update_v7_doc"} {
		t.Run(key, func(t *testing.T) {
			var r sdk.TransitionResult
			decodeSample(t, &r, "47_blueprint.json", key)
			assert.True(t, r.OK())
			assert.False(t, r.Partial())
			assert.Equal(t, "transition updated successfully", r.Message)
		})
	}
}

func TestBlueprintsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	process := srv.AddBlueprint(zohotest.Blueprint{
		Name: "Lead nurturing process", Module: "Leads", Field: "Lead_Status",
		Transitions: []zohotest.Transition{
			{Name: "Establish contact", From: []string{"Not Contacted"}, To: "Contacted", Fields: []string{"Phone", "Company"}},
			{Name: "Qualify", From: []string{"Contacted"}, To: "Qualified"},
		},
	})
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "L", "Lead_Status": "Not Contacted"})[0]

	b, _, err := c.Blueprints.Get(ctx, "Leads", lead)
	require.NoError(t, err)
	assert.Equal(t, process.ID, b.ProcessInfo.ID)
	assert.Equal(t, "Not Contacted", b.ProcessInfo.FieldValue)
	tr := b.Transition("Establish contact")
	require.NotNil(t, tr)
	assert.Equal(t, process.Transitions[0].ID, tr.ID)
	assert.Equal(t, "Contacted", tr.NextFieldValue)
	require.Len(t, tr.NextTransitions, 1)
	assert.Equal(t, "Qualify", tr.NextTransitions[0].Name)

	res, _, err := c.Blueprints.Perform(ctx, "Leads", lead, tr.ID, sdk.Record{"Phone": "555 0100"})
	require.NoError(t, err)
	assert.True(t, res.Partial(), "Company is missing")
	rec, _ := srv.Records("Leads").Get(lead)
	assert.Equal(t, "Not Contacted", rec["Lead_Status"])

	res, _, err = c.Blueprints.Perform(ctx, "Leads", lead, tr.ID, sdk.Record{"Company": "Zylker", "Notes": "Reached the buyer"})
	require.NoError(t, err)
	assert.False(t, res.Partial())
	rec, _ = srv.Records("Leads").Get(lead)
	assert.Equal(t, "Contacted", rec["Lead_Status"])
	notes, _, err := c.Notes.ListByRecord(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	require.Len(t, notes, 1)
	assert.Equal(t, "Reached the buyer", notes[0].Content)

	_, _, err = c.Blueprints.Perform(ctx, "Leads", lead, tr.ID, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "Establish contact does not leave Contacted")

	other := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "C"})[0]
	_, _, err = c.Blueprints.Get(ctx, "Contacts", other)
	assert.ErrorIs(t, err, sdk.ErrNotInProcess)

	var verr *sdk.ValidationError
	_, _, err = c.Blueprints.Perform(ctx, "Leads", lead, "", nil)
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Blueprints.Get(ctx, "Leads", "")
	assert.ErrorAs(t, err, &verr)
}
