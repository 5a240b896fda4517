package sdk_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestHolidaysAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	year := srv.Now().Year()

	list, _, err := c.Holidays.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list, 1, "a new org has New Year")
	assert.Equal(t, year, list[0].Year)

	shifts, _, err := c.ShiftHours.Create(ctx, &sdk.ShiftHour{Name: "Night shift", TimeZone: "Asia/Kolkata",
		ShiftDays: []string{"Monday"}, SameAsEveryday: new(true), DailyTiming: sdk.Timing{"20:00", "23:00"}})
	require.NoError(t, err)
	require.NoError(t, shifts[0].Err())
	nightShift := shifts[0].ID()

	results, _, err := c.Holidays.Create(ctx,
		&sdk.Holiday{Name: "Founders' day", Date: fmt.Sprintf("%d-06-01", year), Type: sdk.BusinessHoliday},
		&sdk.Holiday{Name: "Night shift off", Date: fmt.Sprintf("%d-07-01", year), Type: sdk.ShiftHoliday, ShiftHour: &sdk.NameID{ID: nightShift}},
		&sdk.Holiday{Name: "No date", Type: sdk.BusinessHoliday},
		&sdk.Holiday{Name: "Next year", Date: fmt.Sprintf("%d-01-02", year+1), Type: sdk.BusinessHoliday},
	)
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	require.ErrorIs(t, results[2].Err(), sdk.ErrMandatoryNotFound)
	assert.Equal(t, "date", results[2].Err().(*sdk.RecordError).Field())
	require.NoError(t, results[3].Err())

	shiftHolidays, _, err := c.Holidays.List(ctx, &sdk.HolidayListOptions{Type: sdk.ShiftHoliday})
	require.NoError(t, err)
	require.Len(t, shiftHolidays, 1)
	assert.Equal(t, nightShift, shiftHolidays[0].ShiftHour.ID)
	assert.Equal(t, "Night shift", shiftHolidays[0].ShiftHour.Name, "the shift named as it is")

	var names []string
	for h, err := range c.Holidays.All(ctx, &sdk.HolidayListOptions{Year: year + 1, ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		names = append(names, h.Name)
	}
	assert.Equal(t, []string{"Next year"}, names)

	founders, _, err := c.Holidays.Get(ctx, results[0].ID())
	require.NoError(t, err)
	founders.Name = "Founders' Day"
	r, _, err := c.Holidays.UpdateOne(ctx, founders.ID, founders)
	require.NoError(t, err)
	assert.True(t, r.OK())
	again, _, err := c.Holidays.Get(ctx, founders.ID)
	require.NoError(t, err)
	assert.Equal(t, "Founders' Day", again.Name)

	again.Date = "first of June"
	results, _, err = c.Holidays.Update(ctx, again)
	require.NoError(t, err, "one refused entry is a result, not the call's error")
	require.ErrorIs(t, results[0].Err(), sdk.ErrInvalidData)

	_, _, err = c.Holidays.Delete(ctx, founders.ID)
	require.NoError(t, err)
	_, _, err = c.Holidays.Get(ctx, founders.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted holiday's id")
	_, _, err = c.Holidays.Delete(ctx, founders.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Holidays.Get(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "no id, nothing sent")
}

func TestHolidaysKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	h := &sdk.Holiday{ID: "1", Name: "x", Date: "2024-01-01", Type: sdk.BusinessHoliday}
	checkDocumented(t, "holidays", map[string]documentedCall{
		"GET /crm/v8/settings/holidays 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.List(ctx, nil))
		},
		"GET /crm/v8/settings/holidays/{holiday_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/holidays 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.Create(ctx, h))
		},
		"PUT /crm/v8/settings/holidays 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.Update(ctx, h))
		},
		"PUT /crm/v8/settings/holidays/{holiday_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.UpdateOne(ctx, "1", h))
		},
		"DELETE /crm/v8/settings/holidays/{holiday_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Holidays.Delete(ctx, "1"))
		},
	})
}
