package sdk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestFetchFullDataAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	srv.AddField("Leads", zohotest.Field{APIName: "Pitch", DataType: "textarea", Custom: true})
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	long := "<p><b>Zoho CRM</b> " + strings.Repeat("can be customized. ", 2500) + "</p>" // ~47,000 characters
	ids := srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "a", "Company": "x", "Description": long, "Pitch": "<i>short</i>"},
		map[string]any{"Last_Name": "b", "Company": "y", "Description": "<u>b</u>"},
	)

	one, _, err := c.Records.RichText(ctx, "Leads", ids[0])
	require.NoError(t, err)
	assert.Equal(t, long, one.String("Description"), "whole")
	assert.Equal(t, "<i>short</i>", one.String("Pitch"))
	assert.Equal(t, ids[0], one.ID())
	assert.NotContains(t, one, "Last_Name", "rich text fields only")

	one, _, err = c.Records.RichText(ctx, "Leads", ids[0], "Pitch")
	require.NoError(t, err)
	assert.Equal(t, sdk.Record{"id": ids[0], "Pitch": "<i>short</i>"}, one)

	many, _, err := c.Records.RichTextMany(ctx, "Leads", []string{ids[1], ids[0], "111"}, "Description")
	require.NoError(t, err)
	require.Len(t, many, 2, "an id Zoho does not find is left out")
	assert.Equal(t, "<u>b</u>", many[0].String("Description"))
	assert.Equal(t, long, many[1].String("Description"))

	_, _, err = c.Records.RichText(ctx, "Leads", ids[0], "Last_Name")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "not a rich text field")
	_, _, err = c.Records.RichText(ctx, "Leads", "111")
	assert.ErrorIs(t, err, sdk.ErrNotFound)

	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.Records.RichTextMany(ctx, "Leads", ids)
	assert.ErrorAs(t, err, &invalid, "fields are required")
	assert.Equal(t, before, srv.Counters().APIRequests)
}

func TestFetchFullDataKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "fetch_full_data", map[string]documentedCall{
		"GET /crm/v8/{module_api_name}/actions/fetch_full_data 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.RichTextMany(ctx, "Leads", []string{"1"}, "Description"))
		},
		"GET /crm/v8/{module_api_name}/{id}/actions/fetch_full_data 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.RichText(ctx, "Leads", "1"))
		},
	})
}
