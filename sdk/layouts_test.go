package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestLayoutsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	layouts, _, err := c.Layouts.List(ctx, "Deals")
	require.NoError(t, err)
	require.Len(t, layouts, 1)
	l := layouts[0]
	assert.Equal(t, "Standard", l.Name)
	assert.True(t, l.Visible)
	require.Len(t, l.Sections, 1)
	assert.Equal(t, "Deal Information", l.Sections[0].DisplayLabel)
	deals, _ := srv.Module("Deals")
	require.Len(t, l.Fields(), len(deals.Fields))
	assert.Equal(t, "Deal_Name", l.Fields()[0].APIName)
	assert.True(t, l.Fields()[0].Required)
	assert.NotEmpty(t, l.Profiles)

	again, _, err := c.Layouts.Get(ctx, "Deals", l.ID)
	require.NoError(t, err)
	assert.Equal(t, l.ID, again.ID)
	_, _, err = c.Layouts.Get(ctx, "Leads", l.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a layout of another module")
	var verr *sdk.ValidationError
	_, _, err = c.Layouts.List(ctx, " ")
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Layouts.Get(ctx, "Deals", "")
	require.ErrorAs(t, err, &verr)
}

func TestLayoutWritesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	field := srv.AddLayout("Leads", "Field Sales")

	layouts, _, err := c.Layouts.List(ctx, "Leads")
	require.NoError(t, err)
	require.Len(t, layouts, 2)
	standard := layouts[0].ID
	assert.True(t, layouts[1].Active())

	r, _, err := c.Layouts.UpdateOne(ctx, "Leads", field, &sdk.Layout{Name: "Road Sales"})
	require.NoError(t, err)
	assert.Equal(t, field, r.ID())
	results, _, err := c.Layouts.Update(ctx, "Leads", &sdk.Layout{ID: standard, Name: "road sales"}, &sdk.Layout{ID: "4150868000000999999", Name: "x"})
	require.NoError(t, err)
	require.ErrorIs(t, results[0].Err(), sdk.ErrDuplicateData, "layout names are unique in a module")
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	l, _, err := c.Layouts.Get(ctx, "Leads", field)
	require.NoError(t, err)
	assert.Equal(t, "Road Sales", l.Name)

	// A layout deactivated takes no new records, until activated again.
	_, _, err = c.Layouts.Deactivate(ctx, "Leads", standard, field)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "NOT_ALLOWED", apiErr.Code, "Standard stays active")
	_, _, err = c.Layouts.Deactivate(ctx, "Leads", field, field)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "not transferred to itself")
	_, _, err = c.Layouts.Deactivate(ctx, "Leads", field, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	r, _, err = c.Layouts.Deactivate(ctx, "Leads", field, standard)
	require.NoError(t, err)
	assert.True(t, r.OK())
	l, _, err = c.Layouts.Get(ctx, "Leads", field)
	require.NoError(t, err)
	assert.False(t, l.Active())
	rs, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{
		{"Last_Name": "Roadless", "Layout": map[string]any{"id": field}},
		{"Last_Name": "Standard", "Layout": map[string]any{"id": standard}},
	}, nil)
	require.NoError(t, err)
	require.ErrorIs(t, rs[0].Err(), sdk.ErrInvalidData, "an inactive layout takes no records")
	assert.Equal(t, "Layout", rs[0].Err().(*sdk.RecordError).Field())
	require.NoError(t, rs[1].Err())
	_, _, err = c.Layouts.Activate(ctx, "Leads", field)
	require.NoError(t, err)
	rs, _, err = c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Roads", "Layout": map[string]any{"id": field}}}, nil)
	require.NoError(t, err)
	require.NoError(t, rs[0].Err())

	r, _, err = c.Layouts.Delete(ctx, "Leads", field, standard)
	require.NoError(t, err)
	assert.Equal(t, field, r.ID())
	layouts, _, err = c.Layouts.List(ctx, "Leads")
	require.NoError(t, err)
	require.Len(t, layouts, 1)
	_, _, err = c.Layouts.Get(ctx, "Leads", field)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Layouts.Activate(ctx, "Leads", field)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestLayoutsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	l := &sdk.Layout{ID: "1", Name: "x"}
	checkDocumented(t, "layouts", map[string]documentedCall{
		"GET /crm/v8/settings/layouts 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.List(ctx, "Leads"))
		},
		"GET /crm/v8/settings/layouts/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.Get(ctx, "Leads", "1"))
		},
		"PATCH /crm/v8/settings/layouts 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.Update(ctx, "Leads", l))
		},
		"PATCH /crm/v8/settings/layouts/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.UpdateOne(ctx, "Leads", "1", l))
		},
		"DELETE /crm/v8/settings/layouts/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.Delete(ctx, "Leads", "1", "2"))
		},
		"POST /crm/v8/settings/layouts/{id}/actions/activate 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.Activate(ctx, "Leads", "1"))
		},
		"DELETE /crm/v8/settings/layouts/{id}/actions/activate 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Layouts.Deactivate(ctx, "Leads", "1", "2"))
		},
	})
}
