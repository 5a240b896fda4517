package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestFeaturesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	all, _, err := c.Features.List(ctx, nil)
	require.NoError(t, err)
	byName := map[string]*sdk.Feature{}
	for _, f := range all {
		byName[f.APIName] = f
	}
	require.Contains(t, byName, "custom_fields")
	assert.True(t, *byName["custom_fields"].ModuleSupported)
	assert.Nil(t, byName["custom_fields"].Details, "per module: no details without one")

	licences, _, err := c.Features.UserLicenses(ctx)
	require.NoError(t, err)
	require.NotNil(t, licences.Details)
	bought, used := licences.Details.Limits.Total, licences.Details.UsedCount.Total
	assert.Positive(t, used, "the active users")
	assert.Equal(t, bought-used, licences.Details.AvailableCount.Total)

	fields, _, err := c.Features.Get(ctx, "custom_fields", "Leads")
	require.NoError(t, err)
	require.NotNil(t, fields.Details)
	assert.Positive(t, fields.Details.Limits.Total)

	some, _, err := c.Features.List(ctx, &sdk.FeatureListOptions{APINames: []string{"user_licenses", "custom_modules"}})
	require.NoError(t, err)
	assert.Len(t, some, 2)

	enrichment, _, err := c.Features.DataEnrichment(ctx)
	require.NoError(t, err)
	require.Len(t, enrichment.Components, 2)
	assert.Zero(t, enrichment.Details.UsedCount.Total, "no enrichment yet")

	_, _, err = c.Features.Get(ctx, "teleportation", "")
	var none *sdk.APIError
	require.ErrorAs(t, err, &none, "an unknown feature answers 204")
	assert.Equal(t, "NO_CONTENT", none.Code)
	_, _, err = c.Features.List(ctx, &sdk.FeatureListOptions{Module: "Spaceships"})
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Features.Get(ctx, "", "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestFeaturesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "features", map[string]documentedCall{
		"GET /crm/v8/__features 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Features.List(ctx, nil))
		},
		"GET /crm/v8/__features/{feature_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Features.Get(ctx, "custom_fields", "Leads"))
		},
		"GET /crm/v8/__features/user_licenses 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Features.UserLicenses(ctx))
		},
		"GET /crm/v8/__features/data_enrichment 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Features.DataEnrichment(ctx))
		},
	})
}
