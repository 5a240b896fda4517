package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestBusinessHoursAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	_, _, err := c.BusinessHours.Get(ctx)
	var none *sdk.APIError
	require.ErrorAs(t, err, &none, "a new org has no business hours")
	assert.Equal(t, "NO_CONTENT", none.Code)

	_, _, err = c.BusinessHours.Create(ctx, &sdk.BusinessHours{Type: sdk.CustomBusinessHours, WeekStartsOn: "Monday",
		BusinessDays: []string{"Monday", "Tuesday"}, SameAsEveryday: new(false),
		CustomTiming: []*sdk.DayTiming{{Days: "Monday", BusinessTiming: sdk.Timing{"09:00", "17:00"}}, {Days: "Sunday", BusinessTiming: sdk.Timing{"10:00", "12:00"}}}})
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "Sunday is no business day")
	assert.Equal(t, "custom_timing", refused.Field())
	_, _, err = c.BusinessHours.Get(ctx)
	require.ErrorAs(t, err, &none, "a refused create sets nothing")

	hours := &sdk.BusinessHours{Type: sdk.CustomBusinessHours, WeekStartsOn: "Monday",
		BusinessDays: []string{"Monday", "Tuesday", "Wednesday"}, SameAsEveryday: new(true), DailyTiming: sdk.Timing{"09:00", "17:30"}}
	r, _, err := c.BusinessHours.Create(ctx, hours)
	require.NoError(t, err)
	require.NotEmpty(t, r.ID())
	got, _, err := c.BusinessHours.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, r.ID(), got.ID)
	assert.Equal(t, sdk.Timing{"09:00", "17:30"}, got.DailyTiming)
	assert.Equal(t, []string{"Monday", "Tuesday", "Wednesday"}, got.BusinessDays)

	_, _, err = c.BusinessHours.Create(ctx, hours)
	var again *sdk.APIError
	require.ErrorAs(t, err, &again, "an org has one set of business hours")
	assert.Equal(t, "NOT_ALLOWED", again.Code)

	got.Type, got.DailyTiming = sdk.BusinessHours24x7, nil
	r, _, err = c.BusinessHours.Update(ctx, got)
	require.NoError(t, err)
	assert.True(t, r.OK())
	round, _, err := c.BusinessHours.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, sdk.BusinessHours24x7, round.Type)
	assert.Len(t, round.BusinessDays, 7, "around the clock, every day")
	assert.Empty(t, round.DailyTiming)

	round.WeekStartsOn = "Someday"
	_, _, err = c.BusinessHours.Update(ctx, round)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestBusinessHoursKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	h := &sdk.BusinessHours{Type: sdk.BusinessHours24x7, WeekStartsOn: "Monday"}
	checkDocumented(t, "business_hours", map[string]documentedCall{
		"GET /crm/v8/settings/business_hours 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.BusinessHours.Get(ctx))
		},
		"POST /crm/v8/settings/business_hours 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.BusinessHours.Create(ctx, h))
		},
		"PUT /crm/v8/settings/business_hours 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.BusinessHours.Update(ctx, h))
		},
	})
}
