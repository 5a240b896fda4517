package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestMapDependenciesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	country := srv.AddField("Leads", zohotest.Field{APIName: "Country_List", DataType: "picklist", PickList: []string{"France", "Japan"}})
	city := srv.AddField("Leads", zohotest.Field{APIName: "City_List", DataType: "picklist", PickList: []string{"Paris", "Lyon", "Tokyo"}})
	layouts, _, err := c.Layouts.List(ctx, "Leads")
	require.NoError(t, err)
	layout := layouts[0].ID

	none, _, err := c.MapDependencies.List(ctx, "Leads", layout, nil)
	require.NoError(t, err)
	assert.Empty(t, none)

	parent, child := sdk.NewFieldRef("Country_List", true), sdk.NewFieldRef("City_List", true)
	results, _, err := c.MapDependencies.Create(ctx, "Leads", layout,
		&sdk.MapDependency{Parent: &parent, Child: &child, PickListValues: []*sdk.DependencyValue{
			{DisplayValue: "France", Maps: []*sdk.DependencyMap{{DisplayValue: "Paris"}, {ActualValue: "Lyon"}}},
			{DisplayValue: "Japan", Maps: []*sdk.DependencyMap{{DisplayValue: "Tokyo"}}},
		}},
		&sdk.MapDependency{Parent: &parent, Child: &child, PickListValues: []*sdk.DependencyValue{{DisplayValue: "Japan"}}},
		&sdk.MapDependency{Parent: &parent, Child: &child, PickListValues: []*sdk.DependencyValue{{DisplayValue: "Spain"}}},
		&sdk.MapDependency{Parent: &parent, Child: &sdk.FieldRef{APIName: "Company"}, PickListValues: []*sdk.DependencyValue{{DisplayValue: "Japan"}}},
		&sdk.MapDependency{Parent: &parent, PickListValues: []*sdk.DependencyValue{{DisplayValue: "Japan"}}})
	require.NoError(t, err)
	require.Len(t, results, 5)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "a child has one parent")
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "Spain is no value of the parent")
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "Company is no picklist")
	assert.Equal(t, "child", results[3].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[4].Err(), sdk.ErrMandatoryNotFound)
	id := results[0].ID()

	got, _, err := c.MapDependencies.Get(ctx, "Leads", layout, id)
	require.NoError(t, err)
	assert.Equal(t, country.ID, got.Parent.ID)
	assert.Equal(t, city.ID, got.Child.ID)
	require.Len(t, got.PickListValues, 2)
	france := got.PickListValues[0]
	assert.NotEmpty(t, france.ID)
	require.Len(t, france.Maps, 2)
	assert.Equal(t, "Lyon", france.Maps[1].DisplayValue)

	// Lyon is no longer offered for France; Tokyo is, too.
	r, _, err := c.MapDependencies.Update(ctx, "Leads", layout, id, &sdk.MapDependency{PickListValues: []*sdk.DependencyValue{
		{ID: france.ID, Maps: []*sdk.DependencyMap{{ID: france.Maps[1].ID, Delete: true}, {DisplayValue: "Tokyo"}}}}})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err = c.MapDependencies.Get(ctx, "Leads", layout, id)
	require.NoError(t, err)
	var cities []string
	for _, m := range got.PickListValues[0].Maps {
		cities = append(cities, m.DisplayValue)
	}
	assert.Equal(t, []string{"Paris", "Tokyo"}, cities)
	_, _, err = c.MapDependencies.Update(ctx, "Leads", layout, id, &sdk.MapDependency{PickListValues: []*sdk.DependencyValue{
		{ID: france.ID, Maps: []*sdk.DependencyMap{{DisplayValue: "Berlin"}}}}})
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	var all []*sdk.MapDependency
	for d, err := range c.MapDependencies.All(ctx, "Leads", layout) {
		require.NoError(t, err)
		all = append(all, d)
	}
	require.Len(t, all, 1)
	_, _, err = c.MapDependencies.Delete(ctx, "Leads", layout, id)
	require.NoError(t, err)
	_, _, err = c.MapDependencies.Get(ctx, "Leads", layout, id)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted dependency is gone")

	_, _, err = c.MapDependencies.List(ctx, "Leads", "1", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the layout must be one of the module's")
	_, _, err = c.MapDependencies.List(ctx, "Nowhere", layout, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.MapDependencies.List(ctx, "Leads", "", nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestMapDependenciesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	d := &sdk.MapDependency{ID: "1"}
	checkDocumented(t, "field_map_dependency", map[string]documentedCall{
		"GET /crm/v8/settings/layouts/{layout_id}/map_dependency 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MapDependencies.List(ctx, "Leads", "9", nil))
		},
		"GET /crm/v8/settings/layouts/{layout_id}/map_dependency/{dependency_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MapDependencies.Get(ctx, "Leads", "9", "1"))
		},
		"POST /crm/v8/settings/layouts/{layout_id}/map_dependency 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MapDependencies.Create(ctx, "Leads", "9", d))
		},
		"PUT /crm/v8/settings/layouts/{layout_id}/map_dependency/{dependency_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MapDependencies.Update(ctx, "Leads", "9", "1", d))
		},
		"DELETE /crm/v8/settings/layouts/{layout_id}/map_dependency/{dependency_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MapDependencies.Delete(ctx, "Leads", "9", "1"))
		},
	})
}
