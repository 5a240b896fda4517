package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestServicePreferenceAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	p, _, err := c.ServicePreference.Get(ctx)
	require.NoError(t, err)
	require.NotNil(t, p.JobSheetEnabled)
	assert.False(t, *p.JobSheetEnabled, "a new org has no job sheets")

	yes := true
	r, _, err := c.ServicePreference.Update(ctx, &sdk.ServicePreferences{JobSheetEnabled: &yes})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err := c.ServicePreference.Get(ctx)
	require.NoError(t, err)
	assert.True(t, *got.JobSheetEnabled)

	_, _, err = c.ServicePreference.Update(ctx, &sdk.ServicePreferences{})
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "job_sheet_enabled", refused.Field())
}

func TestServicePreferenceKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	no := false
	checkDocumented(t, "service_preference", map[string]documentedCall{
		"GET /crm/v8/settings/service_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ServicePreference.Get(ctx))
		},
		"PUT /crm/v8/settings/service_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ServicePreference.Update(ctx, &sdk.ServicePreferences{JobSheetEnabled: &no}))
		},
	})
}
