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
