package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestFiscalYearAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	fy, _, err := c.FiscalYear.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "January", fy.StartMonth, "a new org's year starts in January")
	assert.NotEmpty(t, fy.ID)

	r, _, err := c.FiscalYear.Update(ctx, &sdk.FiscalYear{StartMonth: "April", DisplayBasedOn: sdk.FiscalYearByStartMonth})
	require.NoError(t, err)
	assert.True(t, r.OK())
	again, _, err := c.FiscalYear.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "April", again.StartMonth)
	assert.Equal(t, sdk.FiscalYearByStartMonth, again.DisplayBasedOn)
	assert.Equal(t, fy.ID, again.ID, "one fiscal year, changed")

	_, _, err = c.FiscalYear.Update(ctx, &sdk.FiscalYear{StartMonth: "Smarch", DisplayBasedOn: sdk.FiscalYearByEndMonth})
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "start_month", refused.Field())
	_, _, err = c.FiscalYear.Update(ctx, &sdk.FiscalYear{StartMonth: "May"})
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound, "both keys, or Zoho refuses")
	kept, _, err := c.FiscalYear.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "April", kept.StartMonth, "a refused update changes nothing")

	_, _, err = c.FiscalYear.Update(ctx, nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "nothing sent")
}

func TestFiscalYearKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "fiscal_year", map[string]documentedCall{
		"GET /crm/v8/settings/fiscal_year 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.FiscalYear.Get(ctx))
		},
		"PUT /crm/v8/settings/fiscal_year 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.FiscalYear.Update(ctx, &sdk.FiscalYear{StartMonth: "June", DisplayBasedOn: sdk.FiscalYearByEndMonth}))
		},
	})
}
