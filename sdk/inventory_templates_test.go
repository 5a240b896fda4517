package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestInventoryTemplatesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	n := 0
	for tpl, err := range c.InventoryTemplates.All(ctx, nil) {
		require.NoError(t, err)
		assert.True(t, tpl.Active)
		n++
	}
	assert.Equal(t, 4, n, "one for each inventory module")
	quotes, _, err := c.InventoryTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Quotes"})
	require.NoError(t, err)
	require.Len(t, quotes, 1)
	one, _, err := c.InventoryTemplates.Get(ctx, quotes[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "Standard Quote", one.Name)
	_, _, err = c.InventoryTemplates.Get(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.InventoryTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Nothing"})
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestInventoryTemplatesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "inventory_templates", map[string]documentedCall{
		"GET /crm/v8/settings/inventory_templates 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.InventoryTemplates.List(ctx, nil))
		},
		"GET /crm/v8/settings/inventory_templates/{template} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.InventoryTemplates.Get(ctx, "1"))
		},
	})
}
