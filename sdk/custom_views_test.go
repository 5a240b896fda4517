package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestCustomViewsAgainstEmulator(t *testing.T) {
	for _, version := range []string{"v2", "v8"} {
		t.Run(version, func(t *testing.T) {
			srv := emulator(t)
			srv.AddModule(zohotest.Module{APIName: "Vehicles", Fields: []zohotest.Field{{APIName: "Plate"}, {APIName: "Colour"}},
				CustomViews: []zohotest.CustomView{{Name: "All Vehicles"}, {Name: "Mine"}, {Name: "Red"}}})
			cfg := fileConfig(t, srv)
			cfg.APIVersion = version
			c := readyClient(t, srv, cfg)
			ctx := testCtx(t)

			views, resp, err := c.CustomViews.List(ctx, "Vehicles", &sdk.ListOptions{PerPage: 2})
			require.NoError(t, err)
			require.Len(t, views, 2)
			assert.True(t, resp.Info.MoreRecords)
			assert.True(t, views[0].Default)
			assert.Equal(t, "ALLVIEWS", views[0].SystemName)
			mine := views[1]

			res, _, err := c.CustomViews.Update(ctx, "Vehicles", mine.ID, sdk.CustomViewUpdate{SortBy: "Colour", SortOrder: "desc", Fields: []string{"Colour", "Plate"}})
			require.NoError(t, err)
			assert.Equal(t, mine.ID, res.ID())

			got, _, err := c.CustomViews.Get(ctx, "Vehicles", mine.ID)
			require.NoError(t, err)
			require.NotNil(t, got.SortBy)
			assert.Equal(t, "Colour", got.SortBy.APIName)
			assert.Equal(t, "desc", got.SortOrder)
			assert.Equal(t, []string{"Colour", "Plate"}, got.FieldNames())
			m, _ := srv.Module("Vehicles")
			assert.Equal(t, "Colour", m.CustomViews[1].SortBy)

			_, _, err = c.CustomViews.Update(ctx, "Vehicles", mine.ID, sdk.CustomViewUpdate{SortBy: "Wheels"})
			var rerr *sdk.RecordError
			require.ErrorAs(t, err, &rerr)
			assert.Equal(t, "sort_by", rerr.Field())
			_, _, err = c.CustomViews.Get(ctx, "Leads", mine.ID)
			require.ErrorIs(t, err, sdk.ErrInvalidData)
		})
	}
}

func TestCustomViewsValidation(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"list no module": func() error { _, _, err := c.CustomViews.List(ctx, "", nil); return err },
		"get no id":      func() error { _, _, err := c.CustomViews.Get(ctx, "Leads", ""); return err },
		"update nothing": func() error { _, _, err := c.CustomViews.Update(ctx, "Leads", "1", sdk.CustomViewUpdate{}); return err },
		"update bad order": func() error {
			_, _, err := c.CustomViews.Update(ctx, "Leads", "1", sdk.CustomViewUpdate{SortOrder: "up"})
			return err
		},
		"update no module": func() error {
			_, _, err := c.CustomViews.Update(ctx, "", "1", sdk.CustomViewUpdate{Name: "x"})
			return err
		},
	} {
		require.ErrorAs(t, call(), &verr, name)
	}
	assert.Zero(t, srv.Counters().APIRequests)
}

func TestCustomViewSortsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	m := srv.AddModule(zohotest.Module{APIName: "Vehicles", Fields: []zohotest.Field{{APIName: "Plate"}, {APIName: "Colour"}},
		CustomViews: []zohotest.CustomView{{Name: "All Vehicles"}, {Name: "Mine"}, {Name: "Red"}}})
	all, mine, red := m.CustomViews[0].ID, m.CustomViews[1].ID, m.CustomViews[2].ID
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)

	r, _, err := c.CustomViews.ChangeSort(ctx, "Vehicles", mine, "Plate", "desc")
	require.NoError(t, err)
	assert.Equal(t, mine, r.ID())
	got, _, err := c.CustomViews.Get(ctx, "Vehicles", mine)
	require.NoError(t, err)
	require.NotNil(t, got.SortBy)
	assert.Equal(t, "Plate", got.SortBy.APIName)
	assert.Equal(t, "desc", got.SortOrder)

	results, _, err := c.CustomViews.ChangeSorts(ctx, "Vehicles",
		sdk.ViewSort{ID: all, SortBy: "Colour", SortOrder: "asc"},
		sdk.ViewSort{ID: red, SortBy: "Wheels", SortOrder: "asc"},
		sdk.ViewSort{ID: "4150868000000999999", SortBy: "Plate"})
	require.NoError(t, err)
	require.Len(t, results, 3)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "no such field")
	assert.Equal(t, "sort_by", results[1].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such view")
	mod, _ := srv.Module("Vehicles")
	assert.Equal(t, "Colour", mod.CustomViews[0].SortBy)
	assert.Equal(t, "asc", mod.CustomViews[0].SortOrder)
	assert.Empty(t, mod.CustomViews[2].SortBy, "the refused sort changed nothing")

	_, _, err = c.CustomViews.ChangeSort(ctx, "Vehicles", mine, "Plate", "sideways")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	_, _, err = c.CustomViews.ChangeSort(ctx, "Unicorns", mine, "Plate", "asc")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.CustomViews.ChangeSort(ctx, "Vehicles", "4150868000000999999", "Plate", "asc")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestCustomViewsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "custom_views", map[string]documentedCall{
		"GET /crm/v8/settings/custom_views 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CustomViews.List(ctx, "Leads", nil))
		},
		"GET /crm/v8/settings/custom_views/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CustomViews.Get(ctx, "Leads", "1"))
		},
		"PUT /crm/v8/settings/custom_views/actions/change_sort 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CustomViews.ChangeSorts(ctx, "Leads", sdk.ViewSort{ID: "1", SortBy: "Last_Name", SortOrder: "asc"}))
		},
		"PUT /crm/v8/settings/custom_views/{id}/actions/change_sort 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CustomViews.ChangeSort(ctx, "Leads", "1", "Last_Name", "asc"))
		},
	})
}
