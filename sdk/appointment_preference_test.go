package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestAppointmentPreferenceAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	p, _, err := c.AppointmentPreference.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, sdk.AppointmentCreatesNoDeal, p.WhenAppointmentCompleted, "a new org creates no deal")
	assert.Nil(t, p.DealRecordConfiguration)

	_, _, err = c.AppointmentPreference.Update(ctx, &sdk.AppointmentPreferences{WhenAppointmentCompleted: sdk.AppointmentCreatesDeal})
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "a deal needs its configuration")
	assert.Equal(t, "DEPENDENT_MISMATCH", refused.Code)
	_, _, err = c.AppointmentPreference.Update(ctx, &sdk.AppointmentPreferences{WhenAppointmentCompleted: "create_lead"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	layouts, _, err := c.Layouts.List(ctx, "Deals")
	require.NoError(t, err)
	require.NotEmpty(t, layouts)
	deal := &sdk.DealRecordConfiguration{Layout: &sdk.Ref{ID: layouts[0].ID},
		FieldMappings: []*sdk.DealFieldMapping{{Field: &sdk.Ref{APIName: "Deal_Name"}, Type: "static", Value: "From an appointment"}}}
	_, _, err = c.AppointmentPreference.Update(ctx, &sdk.AppointmentPreferences{WhenAppointmentCompleted: sdk.AppointmentCreatesDeal,
		DealRecordConfiguration: &sdk.DealRecordConfiguration{Layout: deal.Layout,
			FieldMappings: []*sdk.DealFieldMapping{{Field: &sdk.Ref{APIName: "No_Such_Field"}, Type: "static", Value: "x"}}}})
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "field", refused.Field())

	yes := true
	r, _, err := c.AppointmentPreference.Update(ctx, &sdk.AppointmentPreferences{WhenAppointmentCompleted: sdk.AppointmentCreatesDeal,
		DealRecordConfiguration: deal, ShowJobSheet: &yes})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err := c.AppointmentPreference.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, sdk.AppointmentCreatesDeal, got.WhenAppointmentCompleted)
	require.NotNil(t, got.DealRecordConfiguration)
	assert.NotEmpty(t, got.DealRecordConfiguration.ID)
	require.Len(t, got.DealRecordConfiguration.FieldMappings, 1)
	assert.NotEmpty(t, got.DealRecordConfiguration.FieldMappings[0].Field.ID, "Zoho answers the field's id")
	require.NotNil(t, got.ShowJobSheet)
	assert.True(t, *got.ShowJobSheet)
	assert.Equal(t, p.WhenDurationExceeds, got.WhenDurationExceeds, "what an update leaves out stays")

	_, _, err = c.AppointmentPreference.Update(ctx, nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "nothing sent")
}

func TestAppointmentPreferenceKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "appointment_preference", map[string]documentedCall{
		"GET /crm/v8/settings/appointment_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AppointmentPreference.Get(ctx))
		},
		"PUT /crm/v8/settings/appointment_preferences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AppointmentPreference.Update(ctx, &sdk.AppointmentPreferences{WhenAppointmentCompleted: sdk.AppointmentCreatesNoDeal}))
		},
	})
}
