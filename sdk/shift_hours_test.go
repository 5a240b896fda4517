package sdk_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestShiftHoursAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	admin := srv.Admin()

	none, _, err := c.ShiftHours.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, none.ShiftHours, "a new org has no shifts")

	day := &sdk.ShiftHour{Name: "Day", TimeZone: "Europe/Paris", ShiftDays: []string{"Monday", "Tuesday"},
		SameAsEveryday: new(true), DailyTiming: sdk.Timing{"08:00", "16:00"},
		BreakHours: []*sdk.BreakHours{{BreakDays: []string{"Monday"}, SameAsEveryday: new(true), DailyTiming: sdk.Timing{"12:00", "13:00"}}},
		Users:      []*sdk.ShiftUser{{ID: admin.ID, EffectiveFrom: "2025-01-06"}}}
	night := &sdk.ShiftHour{Name: "Night", TimeZone: "Europe/Paris", ShiftDays: []string{"Monday"}, SameAsEveryday: new(false),
		CustomTiming: []*sdk.DayTiming{{Days: "Monday", ShiftTiming: sdk.Timing{"20:00", "23:59"}}}}
	results, _, err := c.ShiftHours.Create(ctx, day, night,
		&sdk.ShiftHour{Name: "Day", TimeZone: "Europe/Paris", ShiftDays: []string{"Friday"}, SameAsEveryday: new(true), DailyTiming: sdk.Timing{"08:00", "12:00"}},
		&sdk.ShiftHour{Name: "Nowhere", TimeZone: "Paris", ShiftDays: []string{"Friday"}, SameAsEveryday: new(true), DailyTiming: sdk.Timing{"08:00", "12:00"}})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	require.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData, "shift names are unique")
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData)
	assert.Equal(t, "timezone", results[3].Err().(*sdk.RecordError).Field())
	dayID, nightID := results[0].ID(), results[1].ID()

	all, _, err := c.ShiftHours.List(ctx)
	require.NoError(t, err)
	require.Len(t, all.ShiftHours, 2)
	require.NotNil(t, all.ShiftCount)
	assert.Equal(t, 2, all.ShiftCount.TotalShift)
	assert.Equal(t, 1, all.ShiftCount.TotalShiftWithUser, "only the day shift has someone")

	got, _, err := c.ShiftHours.Get(ctx, dayID)
	require.NoError(t, err)
	require.Len(t, got.ShiftHours, 1)
	shift := got.ShiftHours[0]
	assert.Equal(t, sdk.ZoneName("Europe/Paris"), shift.TimeZone)
	assert.Equal(t, 1, shift.UsersCount)
	require.Len(t, shift.Users, 1)
	assert.Equal(t, admin.Email, shift.Users[0].Email, "the user as Zoho names them")
	require.Len(t, shift.BreakHours, 1)
	assert.NotEmpty(t, shift.BreakHours[0].ID)

	// Take the admin off the day shift and close its break, by id.
	shift.Users[0].Delete = true
	shift.BreakHours[0].Delete = true
	r, _, err := c.ShiftHours.UpdateOne(ctx, dayID, shift)
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err = c.ShiftHours.Get(ctx, dayID)
	require.NoError(t, err)
	assert.Empty(t, got.ShiftHours[0].Users)
	assert.Empty(t, got.ShiftHours[0].BreakHours)
	assert.Zero(t, got.ShiftCount.TotalShiftWithUser)

	results, _, err = c.ShiftHours.Update(ctx, &sdk.ShiftHour{ID: nightID, Name: "Late"}, &sdk.ShiftHour{ID: nightID, ShiftDays: []string{"Funday"}})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	got, _, err = c.ShiftHours.Get(ctx, nightID)
	require.NoError(t, err)
	assert.Equal(t, "Late", got.ShiftHours[0].Name)
	assert.Equal(t, []string{"Monday"}, got.ShiftHours[0].ShiftDays)

	// A shift's holidays go with it.
	year := srv.Now().Year()
	hs, _, err := c.Holidays.Create(ctx, &sdk.Holiday{Name: "Late off", Date: fmt.Sprintf("%d-03-02", year), Type: sdk.ShiftHoliday, ShiftHour: &sdk.NameID{ID: nightID}})
	require.NoError(t, err)
	require.NoError(t, hs[0].Err())
	_, _, err = c.ShiftHours.Delete(ctx, nightID)
	require.NoError(t, err)
	all, _, err = c.ShiftHours.List(ctx)
	require.NoError(t, err)
	require.Len(t, all.ShiftHours, 1)
	assert.Equal(t, dayID, all.ShiftHours[0].ID, "the deleted shift is gone from the list")
	holidays, _, err := c.Holidays.List(ctx, &sdk.HolidayListOptions{Type: sdk.ShiftHoliday})
	require.NoError(t, err)
	assert.Empty(t, holidays, "and so are its holidays")
	hs, _, err = c.Holidays.Create(ctx, &sdk.Holiday{Name: "Ghost", Date: fmt.Sprintf("%d-03-03", year), Type: sdk.ShiftHoliday, ShiftHour: &sdk.NameID{ID: nightID}})
	require.NoError(t, err)
	require.ErrorIs(t, hs[0].Err(), sdk.ErrInvalidData, "no holiday for a shift that is gone")

	_, _, err = c.ShiftHours.Get(ctx, nightID)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.ShiftHours.Delete(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestShiftHoursKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	h := &sdk.ShiftHour{ID: "1", Name: "x"}
	checkDocumented(t, "shift_hours", map[string]documentedCall{
		"GET /crm/v8/settings/business_hours/shift_hours 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.List(ctx))
		},
		"GET /crm/v8/settings/business_hours/shift_hours/{shift_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/business_hours/shift_hours 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.Create(ctx, h))
		},
		"PUT /crm/v8/settings/business_hours/shift_hours 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.Update(ctx, h))
		},
		"PUT /crm/v8/settings/business_hours/shift_hours/{shift_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.UpdateOne(ctx, "1", h))
		},
		"DELETE /crm/v8/settings/business_hours/shift_hours/{shift_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ShiftHours.Delete(ctx, "1"))
		},
	})
}
