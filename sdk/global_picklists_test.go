package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestGlobalPicklistsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	none, _, err := c.GlobalPicklists.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none, "a new org has no global picklists")

	results, _, err := c.GlobalPicklists.Create(ctx,
		&sdk.GlobalPicklist{DisplayLabel: "Regions", Description: "Sales regions",
			PickListValues: []*sdk.PickListValue{{DisplayValue: "North"}, {DisplayValue: "South"}}},
		&sdk.GlobalPicklist{DisplayLabel: "regions", PickListValues: []*sdk.PickListValue{{DisplayValue: "East"}}},
		&sdk.GlobalPicklist{DisplayLabel: "Empty"},
		&sdk.GlobalPicklist{DisplayLabel: "Sizes", PickListValues: []*sdk.PickListValue{{DisplayValue: "S"}, {DisplayValue: "s"}}})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "labels are unique, whatever the case")
	require.ErrorIs(t, results[2].Err(), sdk.ErrMandatoryNotFound)
	assert.Equal(t, "pick_list_values", results[2].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "values are unique in a set")
	regions := results[0].ID()

	got, _, err := c.GlobalPicklists.Get(ctx, regions, nil)
	require.NoError(t, err)
	assert.Equal(t, "Regions", got.APIName)
	assert.Equal(t, "Sales regions", got.Description)
	require.Len(t, got.PickListValues, 2)
	north := got.PickListValues[0]
	assert.NotEmpty(t, north.ID)
	assert.Equal(t, "North", north.ActualValue, "the actual value is the display value unless given")
	assert.Equal(t, 2, got.PickListValues[1].SequenceNumber)
	require.NotNil(t, got.CreatedBy)
	assert.Equal(t, srv.Admin().ID, got.CreatedBy.ID)

	// A field of Deals uses the set: its values are the set's.
	field := srv.AddField("Deals", zohotest.Field{APIName: "Region", DataType: "picklist", GlobalPicklist: regions, Custom: true})
	values, _, err := c.Fields.PickListValues(ctx, "Deals", field.ID)
	require.NoError(t, err)
	require.Len(t, values, 2)
	assert.Equal(t, north.ID, values[0].ID)
	created, _, err := c.Records.Create(ctx, "Deals", []sdk.Record{
		{"Deal_Name": "Up north", "Stage": "Qualification", "Region": "North"},
		{"Deal_Name": "Out west", "Stage": "Qualification", "Region": "West"},
	}, nil)
	require.NoError(t, err)
	require.NoError(t, created[0].Err())
	require.ErrorIs(t, created[1].Err(), sdk.ErrInvalidData, "West is not in the set yet")

	// Add West to the set: the field offers it and records take it.
	r, _, err := c.GlobalPicklists.UpdateOne(ctx, regions, &sdk.GlobalPicklist{DisplayLabel: "Regions",
		PickListValues: []*sdk.PickListValue{{DisplayValue: "West"}}})
	require.NoError(t, err)
	assert.True(t, r.OK())
	f, _, err := c.Fields.Get(ctx, "Deals", field.ID)
	require.NoError(t, err)
	var shown []string
	for _, v := range f.PickListValues {
		shown = append(shown, v.DisplayValue)
	}
	assert.Equal(t, []string{"North", "South", "West"}, shown, "Fields.Get shows the value added")
	created, _, err = c.Records.Create(ctx, "Deals", []sdk.Record{{"Deal_Name": "Out west", "Stage": "Qualification", "Region": "West"}}, nil)
	require.NoError(t, err)
	require.NoError(t, created[0].Err())
	westDeal := created[0].ID()

	assocs, resp, err := c.GlobalPicklists.Associations(ctx, regions, nil)
	require.NoError(t, err)
	require.Len(t, assocs, 1)
	assert.Equal(t, "Region", assocs[0].Field.APIName)
	assert.Equal(t, "Deals", assocs[0].Module.APIName)
	require.NotNil(t, resp.Info)
	var all int
	for a, err := range c.GlobalPicklists.AllAssociations(ctx, regions) {
		require.NoError(t, err)
		assert.Equal(t, field.ID, a.Field.ID)
		all++
	}
	assert.Equal(t, 1, all)

	got, _, err = c.GlobalPicklists.Get(ctx, regions, nil)
	require.NoError(t, err)
	west := got.PickListValues[2]
	used, _, err := c.GlobalPicklists.ValueAssociations(ctx, regions, west.ID)
	require.NoError(t, err)
	require.Len(t, used, 1)
	require.Len(t, used[0].Resources, 1)
	require.Len(t, used[0].Resources[0].Details, 1)
	assert.Equal(t, westDeal, used[0].Resources[0].Details[0]["id"])

	// Replace West by South: the deal moves, West is put aside.
	replaced, _, err := c.GlobalPicklists.ReplacedValues(ctx, regions)
	require.NoError(t, err)
	assert.Empty(t, replaced)
	r, _, err = c.GlobalPicklists.ReplaceValues(ctx, regions, &sdk.PicklistReplacement{
		OldValue: &sdk.PickListValue{ID: west.ID}, NewValue: &sdk.PickListValue{DisplayValue: "South"}})
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	assert.NotEmpty(t, r.JobID())
	deal, _, err := c.Records.Get(ctx, "Deals", westDeal, nil)
	require.NoError(t, err)
	assert.Equal(t, "South", deal["Region"])
	replaced, _, err = c.GlobalPicklists.ReplacedValues(ctx, regions)
	require.NoError(t, err)
	require.Len(t, replaced, 1)
	assert.Equal(t, "West", replaced[0].DisplayValue)
	got, _, err = c.GlobalPicklists.Get(ctx, regions, nil)
	require.NoError(t, err)
	assert.Equal(t, "unused", got.PickListValues[2].Type)
	created, _, err = c.Records.Create(ctx, "Deals", []sdk.Record{{"Deal_Name": "Again", "Stage": "Qualification", "Region": "West"}}, nil)
	require.NoError(t, err)
	require.ErrorIs(t, created[0].Err(), sdk.ErrInvalidData, "an unused value is no longer offered")
	_, _, err = c.GlobalPicklists.ReplaceValues(ctx, regions, &sdk.PicklistReplacement{
		OldValue: &sdk.PickListValue{DisplayValue: "North"}, NewValue: &sdk.PickListValue{DisplayValue: "West"}})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the new value must be in use")

	// Update many, delete many and one.
	more, _, err := c.GlobalPicklists.Create(ctx, &sdk.GlobalPicklist{DisplayLabel: "Sizes", PickListValues: []*sdk.PickListValue{{DisplayValue: "S"}}},
		&sdk.GlobalPicklist{DisplayLabel: "Colours", PickListValues: []*sdk.PickListValue{{DisplayValue: "Red"}}})
	require.NoError(t, err)
	sizes, colours := more[0].ID(), more[1].ID()
	results, _, err = c.GlobalPicklists.Update(ctx, &sdk.GlobalPicklist{ID: sizes, DisplayLabel: "Sizes", Description: "T-shirts"},
		&sdk.GlobalPicklist{ID: "1", DisplayLabel: "Nothing"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	list, _, err := c.GlobalPicklists.List(ctx, &sdk.GlobalPicklistOptions{Include: "pick_list_values"})
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, "T-shirts", list[1].Description)
	results, _, err = c.GlobalPicklists.Delete(ctx, sizes, "1")
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	_, _, err = c.GlobalPicklists.DeleteOne(ctx, colours)
	require.NoError(t, err)
	_, _, err = c.GlobalPicklists.Get(ctx, colours, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted picklist is gone")
	list, _, err = c.GlobalPicklists.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, list, 1)

	// The field that used Regions keeps its values when the set goes.
	_, _, err = c.GlobalPicklists.DeleteOne(ctx, regions)
	require.NoError(t, err)
	f, _, err = c.Fields.Get(ctx, "Deals", field.ID)
	require.NoError(t, err)
	shown = nil
	for _, v := range f.PickListValues {
		shown = append(shown, v.DisplayValue)
	}
	assert.Equal(t, []string{"-None-", "North", "South"}, shown)
	created, _, err = c.Records.Create(ctx, "Deals", []sdk.Record{{"Deal_Name": "Still", "Stage": "Qualification", "Region": "South"},
		{"Deal_Name": "Gone", "Stage": "Qualification", "Region": "West"}}, nil)
	require.NoError(t, err)
	require.NoError(t, created[0].Err())
	require.ErrorIs(t, created[1].Err(), sdk.ErrInvalidData)

	_, _, err = c.GlobalPicklists.ReplacedValues(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	_, _, err = c.GlobalPicklists.ValueAssociations(ctx, regions, "")
	require.ErrorAs(t, err, &invalid)
}

func TestGlobalPicklistsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	p := &sdk.GlobalPicklist{ID: "1", DisplayLabel: "x"}
	checkDocumented(t, "global_picklists", map[string]documentedCall{
		"GET /crm/v8/settings/global_picklists 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.List(ctx, nil))
		},
		"GET /crm/v8/settings/global_picklists/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.Get(ctx, "1", nil))
		},
		"POST /crm/v8/settings/global_picklists 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.Create(ctx, p))
		},
		"PATCH /crm/v8/settings/global_picklists 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.Update(ctx, p))
		},
		"PATCH /crm/v8/settings/global_picklists/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.UpdateOne(ctx, "1", p))
		},
		"DELETE /crm/v8/settings/global_picklists 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.Delete(ctx, "1"))
		},
		"DELETE /crm/v8/settings/global_picklists/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.DeleteOne(ctx, "1"))
		},
		"POST /crm/v8/settings/global_picklists/{id}/actions/replace_picklist_values 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.ReplaceValues(ctx, "1", &sdk.PicklistReplacement{OldValue: &sdk.PickListValue{ID: "2"}, NewValue: &sdk.PickListValue{ID: "3"}}))
		},
		"GET /crm/v8/settings/global_picklists/{id}/actions/replaced_values 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.ReplacedValues(ctx, "1"))
		},
		"GET /crm/v8/settings/global_picklists/{id}/actions/associations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.Associations(ctx, "1", nil))
		},
		"GET /crm/v8/settings/global_picklists/{id}/actions/pick_list_values_associations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.GlobalPicklists.ValueAssociations(ctx, "1", "2"))
		},
	})
}
