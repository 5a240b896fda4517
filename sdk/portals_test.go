package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestPortalsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	none, _, err := c.Portals.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, none, "a new org has no portal")

	results, _, err := c.Portals.Create(ctx, &sdk.Portal{Name: "ZylkerCare"}, &sdk.Portal{Name: "Tiny"}, &sdk.Portal{Name: "zylkercare"}, &sdk.Portal{})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	assert.Equal(t, "ZylkerCare", results[0].Details["name"])
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "a name has 6 characters at least")
	assert.Equal(t, "name", results[1].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData, "names are unique, whatever their case")
	require.ErrorIs(t, results[3].Err(), sdk.ErrMandatoryNotFound)

	got, _, err := c.Portals.Get(ctx, "ZylkerCare")
	require.NoError(t, err)
	assert.Equal(t, "ZylkerCare", got.Name)
	require.NotNil(t, got.Active)
	assert.True(t, *got.Active)
	assert.NotEmpty(t, got.ZAID)
	assert.Equal(t, srv.Admin().ID, got.CreatedBy.ID)
	assert.False(t, got.CreatedTime.IsZero())

	// A portal comes with its default user type, which follows a rename.
	types, _, err := c.PortalUserTypes.List(ctx, "ZylkerCare")
	require.NoError(t, err)
	require.Len(t, types, 1)
	require.NotNil(t, types[0].Default)
	assert.True(t, *types[0].Default)
	r, _, err := c.Portals.Update(ctx, "ZylkerCare", &sdk.Portal{Name: "ZylkerHelp", Active: new(false)})
	require.NoError(t, err)
	assert.Equal(t, "ZylkerHelp", r.Details["name"])
	all, _, err := c.Portals.List(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, "ZylkerHelp", all[0].Name)
	assert.False(t, *all[0].Active)
	moved, _, err := c.PortalUserTypes.Get(ctx, "ZylkerHelp", types[0].ID)
	require.NoError(t, err)
	assert.Equal(t, types[0].Name, moved.Name)

	_, _, err = c.Portals.Get(ctx, "ZylkerCare")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the old name names nothing")
	_, _, err = c.Portals.Update(ctx, "ZylkerHelp", &sdk.Portal{Name: "A name far longer than thirty characters"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Portals.Get(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)

	// What a portal may show of contacts: the modules of their related
	// lists.
	meta, _, err := c.Portals.Meta(ctx, "Contacts")
	require.NoError(t, err)
	require.NotEmpty(t, meta)
	var modules []string
	for _, rl := range meta {
		require.NotNil(t, rl.Module)
		modules = append(modules, rl.Module.APIName)
		assert.NotEmpty(t, rl.Module.Layouts)
	}
	assert.Contains(t, modules, "Deals")
	_, _, err = c.Portals.Meta(ctx, "Nowhere")
	assert.Equal(t, "INVALID_MODULE", zohoCode(err))
}

func TestPortalsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	p := &sdk.Portal{Name: "portal"}
	checkDocumented(t, "portals", map[string]documentedCall{
		"GET /crm/v8/settings/portals 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Portals.List(ctx))
		},
		"GET /crm/v8/settings/portals/{portal_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Portals.Get(ctx, "portal"))
		},
		"POST /crm/v8/settings/portals 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Portals.Create(ctx, p))
		},
		"PUT /crm/v8/settings/portals/{portal_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Portals.Update(ctx, "portal", p))
		},
	})
	checkDocumented(t, "portals_meta", map[string]documentedCall{
		"GET /crm/v8/settings/portals/meta 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Portals.Meta(ctx, "Contacts"))
		},
	})
}
