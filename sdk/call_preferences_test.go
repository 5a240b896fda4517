package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestCallPreferencesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	p, _, err := c.CallPreferences.Get(ctx)
	require.NoError(t, err)
	require.NotNil(t, p.ShowFromNumber)
	assert.True(t, *p.ShowFromNumber)

	no, yes := false, true
	r, _, err := c.CallPreferences.Update(ctx, &sdk.CallPreferences{ShowFromNumber: &no, ShowToNumber: &yes})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err := c.CallPreferences.Get(ctx)
	require.NoError(t, err)
	require.NotNil(t, got.ShowFromNumber)
	assert.False(t, *got.ShowFromNumber)
	assert.True(t, *got.ShowToNumber)

	_, _, err = c.CallPreferences.Update(ctx, &sdk.CallPreferences{ShowToNumber: &no})
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound, "both, or Zoho refuses")
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "show_from_number", refused.Field())
	kept, _, err := c.CallPreferences.Get(ctx)
	require.NoError(t, err)
	assert.True(t, *kept.ShowToNumber, "a refused update changes nothing")
}

func TestCallPreferencesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	no := false
	checkDocumented(t, "call_preferences", map[string]documentedCall{
		"GET /crm/v8/settings/call_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CallPreferences.Get(ctx))
		},
		"PUT /crm/v8/settings/call_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.CallPreferences.Update(ctx, &sdk.CallPreferences{ShowFromNumber: &no, ShowToNumber: &no}))
		},
	})
}
