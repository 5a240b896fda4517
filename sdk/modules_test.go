package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestModulesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	srv.AddModule(zohotest.Module{APIName: "Vehicles", Custom: true, DisplayField: "Plate",
		Fields: []zohotest.Field{{APIName: "Plate", Mandatory: true}}})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	modules, _, err := c.Modules.List(ctx)
	require.NoError(t, err)
	require.Len(t, modules, len(srv.Modules()))
	byName := map[string]*sdk.Module{}
	for _, m := range modules {
		byName[m.APIName] = m
	}
	assert.True(t, byName["Leads"].Convertable)
	assert.True(t, byName["Leads"].APISupported)
	assert.True(t, byName["Leads"].Creatable)
	assert.Equal(t, "Meetings", byName["Events"].ModuleName)
	assert.Equal(t, "custom", byName["Vehicles"].GeneratedType)

	m, _, err := c.Modules.Get(ctx, "Vehicles")
	require.NoError(t, err)
	assert.Equal(t, "Plate", m.DisplayField.APIName)
	require.NotNil(t, m.CustomView)
	assert.Equal(t, "All Vehicles", m.CustomView.Name)
	assert.Contains(t, m.CustomView.FieldNames(), "Plate")
	assert.Len(t, m.Profiles, 2)

	_, _, err = c.Modules.Get(ctx, "Spaceships")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	var verr *sdk.ValidationError
	_, _, err = c.Modules.Get(ctx, "")
	require.ErrorAs(t, err, &verr)
}

func TestModuleWritesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	profiles := []*sdk.ModuleProfile{{ID: srv.Admin().Profile.ID}}

	results, _, err := c.Modules.Create(ctx,
		&sdk.Module{PluralLabel: "Vehicles", SingularLabel: "Vehicle", Profiles: profiles},
		&sdk.Module{PluralLabel: "leads", SingularLabel: "Lead", Profiles: profiles},
		&sdk.Module{PluralLabel: "Boats", Profiles: profiles},
		&sdk.Module{PluralLabel: "Planes", SingularLabel: "Plane", Profiles: []*sdk.ModuleProfile{{ID: "4150868000000999999"}}})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData)
	require.ErrorIs(t, results[2].Err(), sdk.ErrMandatoryNotFound)
	assert.Equal(t, "singular_label", results[2].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData)
	vehicles := results[0].ID()

	// A module created is listed and takes records.
	m, _, err := c.Modules.Get(ctx, "Vehicles")
	require.NoError(t, err)
	assert.Equal(t, vehicles, m.ID)
	assert.Equal(t, "custom", m.GeneratedType)
	rs, _, err := c.Records.Create(ctx, "Vehicles", []sdk.Record{{"Name": "Van 1"}, {"Email": "fleet@zylker.test"}}, nil)
	require.NoError(t, err)
	require.NoError(t, rs[0].Err())
	require.ErrorIs(t, rs[1].Err(), sdk.ErrMandatoryNotFound, "Name is mandatory")

	r, _, err := c.Modules.UpdateOne(ctx, "Vehicles", &sdk.Module{PluralLabel: "Fleet", SingularLabel: "Fleet Vehicle"})
	require.NoError(t, err)
	assert.Equal(t, vehicles, r.ID())
	results, _, err = c.Modules.Update(ctx, &sdk.Module{ID: vehicles, Status: "user_hidden"}, &sdk.Module{ID: vehicles, Status: "gone"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	hidden, _, err := c.Modules.ListByStatus(ctx, "user_hidden")
	require.NoError(t, err)
	require.Len(t, hidden, 1)
	assert.Equal(t, "Fleet", hidden[0].PluralLabel)
	visible, _, err := c.Modules.ListByStatus(ctx, "visible")
	require.NoError(t, err)
	for _, m := range visible {
		assert.NotEqual(t, vehicles, m.ID)
	}
	_, _, err = c.Modules.UpdateOne(ctx, vehicles, &sdk.Module{Status: "visible"})
	require.NoError(t, err, "by id too")
	_, _, err = c.Modules.UpdateOne(ctx, "Unicorns", &sdk.Module{Status: "visible"})
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Modules.ListByStatus(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestModulesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	m := &sdk.Module{ID: "1", PluralLabel: "x"}
	checkDocumented(t, "modules", map[string]documentedCall{
		"GET /crm/v8/settings/modules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.List(ctx))
		},
		"GET /crm/v8/settings/modules/{api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.Get(ctx, "Leads"))
		},
		"GET /crm/v8/settings/modules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/modules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.Create(ctx, m))
		},
		"PUT /crm/v8/settings/modules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.Update(ctx, m))
		},
		"PUT /crm/v8/settings/modules/{api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.UpdateOne(ctx, "Leads", m))
		},
		"PUT /crm/v8/settings/modules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Modules.UpdateOne(ctx, "1", m))
		},
	})
}
