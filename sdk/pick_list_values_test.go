package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestPickListValuesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	size := srv.AddField("Leads", zohotest.Field{APIName: "Size", DataType: "picklist", PickList: []string{"Small", "Large"}})
	values, _, err := c.Fields.PickListValues(ctx, "Leads", size.ID)
	require.NoError(t, err)
	require.Len(t, values, 3, "-None-, then the field's values")
	assert.Equal(t, "-None-", values[0].DisplayValue)
	assert.Equal(t, "Large", values[2].ActualValue)
	assert.Equal(t, 3, values[2].SequenceNumber)
	assert.Contains(t, values[1].Extra(), "layout_associations")
	f, _, err := c.Fields.Get(ctx, "Leads", size.ID)
	require.NoError(t, err)
	require.Len(t, f.PickListValues, 3)
	assert.Equal(t, values[1].ID, f.PickListValues[1].ID, "the same ids as the field's metadata")

	company, _ := srv.Module("Leads")
	text, _ := company.Field("Company")
	_, _, err = c.Fields.PickListValues(ctx, "Leads", text.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "Company is no picklist")
	_, _, err = c.Fields.PickListValues(ctx, "Leads", "1")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Fields.PickListValues(ctx, "Nowhere", size.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Fields.PickListValues(ctx, "Leads", "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestPickListValuesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "pick_list_values", map[string]documentedCall{
		"GET /crm/v8/settings/fields/{field_id}/pick_list_values 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Fields.PickListValues(ctx, "Leads", "1"))
		},
	})
}
