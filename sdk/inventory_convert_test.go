package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestInventoryConvertAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	quote := srv.Records("Quotes").Insert(map[string]any{"Subject": "Ten chairs", "Carrier": "FedEx"})[0]

	conv, _, err := c.Records.ConvertInventory(ctx, "Quotes", quote,
		sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Sales_Orders"}, CarryOverTags: true},
		sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Invoices"}})
	require.NoError(t, err)
	made := conv.Records()
	require.Contains(t, made, "Sales_Orders")
	require.Contains(t, made, "Invoices")
	assert.Equal(t, "Ten chairs", made["Sales_Orders"].Name)
	order, ok := srv.Records("Sales_Orders").Get(made["Sales_Orders"].ID)
	require.True(t, ok)
	assert.Equal(t, "FedEx", order["Carrier"], "the quote's fields carried")
	assert.Equal(t, quote, order["Quote_Name"].(map[string]any)["id"], "the order names its quote")
	_, ok = srv.Records("Quotes").Get(quote)
	assert.True(t, ok, "the quote stays")

	conv, _, err = c.Records.ConvertInventory(ctx, "Sales_Orders", made["Sales_Orders"].ID, sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Invoices"}})
	require.NoError(t, err)
	invoice, _ := srv.Records("Invoices").Get(conv.Records()["Invoices"].ID)
	assert.Equal(t, made["Sales_Orders"].ID, invoice["Sales_Order"].(map[string]any)["id"])

	_, _, err = c.Records.ConvertInventory(ctx, "Sales_Orders", made["Sales_Orders"].ID, sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Quotes"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a sales order becomes an invoice only")
	_, _, err = c.Records.ConvertInventory(ctx, "Quotes", "4150868000000000001", sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Invoices"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such quote")
	var invalid *sdk.ValidationError
	_, _, err = c.Records.ConvertInventory(ctx, "Quotes", quote)
	require.ErrorAs(t, err, &invalid, "nothing to convert into")
}

func TestInventoryConvertKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "inventory_convert", map[string]documentedCall{
		"POST /crm/v8/{module_api_name}/{id}/actions/convert 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.ConvertInventory(ctx, "Quotes", "1", sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Invoices", ID: "2"}}))
		},
	})
}
