package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestInventoryMassConvertAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	quotes := srv.Records("Quotes").Insert(map[string]any{"Subject": "Chairs"}, map[string]any{"Subject": "Desks"})
	invoices := &sdk.ModuleRef{APIName: "Invoices"}

	result, _, err := c.Records.MassConvertInventory(ctx, "Quotes", append(quotes, "4150868000000000001"), srv.Admin().ID, sdk.ConvertTarget{Module: invoices})
	require.NoError(t, err)
	job := result.JobID()
	require.NotEmpty(t, job)
	status, _, err := c.Records.MassConvertInventoryStatus(ctx, "Quotes", job)
	require.NoError(t, err)
	assert.False(t, status.Done())
	assert.Equal(t, 3, status.TotalCount)
	assert.Zero(t, srv.Records("Invoices").Len())

	srv.Advance(time.Second) // the job's time, on the emulator's clock
	status, _, err = c.Records.WaitMassConvertInventory(ctx, "Quotes", job, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "completed", status.Status)
	assert.Equal(t, 2, status.ConvertedCount)
	assert.Equal(t, 1, status.FailedCount)
	subjects := []any{}
	for _, inv := range srv.Records("Invoices").List() {
		subjects = append(subjects, inv["Subject"])
	}
	assert.ElementsMatch(t, []any{"Chairs", "Desks"}, subjects, "each quote became an invoice")

	_, _, err = c.Records.MassConvertInventoryStatus(ctx, "Sales_Orders", job)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "the job is the quotes'")
	var apiErr *sdk.APIError
	_, _, err = c.Records.MassConvertInventory(ctx, "Invoices", quotes, "", sdk.ConvertTarget{Module: invoices})
	require.ErrorAs(t, err, &apiErr, "invoices do not convert")
	assert.Equal(t, "NOT_SUPPORTED", apiErr.Code)
	_, _, err = c.Records.MassConvertInventory(ctx, "Sales_Orders", quotes, "", sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Quotes"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a sales order becomes an invoice only")
}

func TestInventoryMassConvertKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	to := sdk.ConvertTarget{Module: &sdk.ModuleRef{APIName: "Invoices", ID: "2"}}
	checkDocumented(t, "inventory_mass_convert", map[string]documentedCall{
		"POST /crm/v8/{module_api_name}/actions/mass_convert 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassConvertInventory(ctx, "Quotes", []string{"1"}, "", to))
		},
		"GET /crm/v8/{module_api_name}/actions/mass_convert 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassConvertInventoryStatus(ctx, "Quotes", "1"))
		},
	})
}
