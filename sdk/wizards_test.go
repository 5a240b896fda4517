package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestWizardsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	none, _, err := c.Wizards.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, none, "a new org has no wizards")

	id := srv.AddWizard("Deals", "Deal intake")
	list, _, err := c.Wizards.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, id, list[0].ID)
	assert.Equal(t, "Deals", list[0].Module.APIName)

	layouts, _, err := c.Layouts.List(ctx, "Deals")
	require.NoError(t, err)
	w, _, err := c.Wizards.Get(ctx, id, layouts[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "Deal intake", w.Name)
	require.NotNil(t, w.Active)
	assert.True(t, *w.Active)
	require.Len(t, w.Containers, 1)
	assert.Equal(t, layouts[0].ID, w.Containers[0].Layout.ID)
	assert.Contains(t, w.Containers[0].Extra(), "screens")
	assert.Equal(t, srv.Admin().ID, w.CreatedBy.ID)

	_, _, err = c.Wizards.Get(ctx, "1", layouts[0].ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "no such wizard")
	_, _, err = c.Wizards.Get(ctx, id, "1")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "no such layout")
	_, _, err = c.Wizards.Get(ctx, id, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestWizardsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "wizards", map[string]documentedCall{
		"GET /crm/v8/settings/wizards 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Wizards.List(ctx))
		},
		"GET /crm/v8/settings/wizards/{wizard_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Wizards.Get(ctx, "1", "9"))
		},
	})
}
