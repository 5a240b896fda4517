package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRescheduleHistoryAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	from := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	appointment := &sdk.Lookup{ID: "4150868000000123456"}
	results, _, err := c.RescheduleHistory.Create(ctx, []sdk.RescheduledAppointment{
		{Name: "Moved once", Appointment: appointment, RescheduledFrom: from, RescheduledTo: to, Reason: "Customer asked",
			RescheduledBy: &sdk.Lookup{ID: srv.Admin().ID}},
		{Name: "Nowhere", RescheduledFrom: from, RescheduledTo: to},
	}, nil)
	require.NoError(t, err)
	require.Len(t, results, 2)
	require.NoError(t, results[0].Err())
	var refused *sdk.RecordError
	require.ErrorAs(t, results[1].Err(), &refused)
	assert.Equal(t, "MANDATORY_NOT_FOUND", refused.Code)
	assert.Equal(t, "Appointment_Name", refused.Field(), "the appointment moved is required")
	id := results[0].ID()

	got, _, err := c.RescheduleHistory.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, appointment.ID, got.Appointment.ID)
	assert.True(t, to.Equal(got.RescheduledTo))
	assert.Equal(t, "Customer asked", got.Reason)
	assert.Equal(t, srv.Admin().ID, got.RescheduledBy.ID)

	results, _, err = c.RescheduleHistory.Update(ctx, []sdk.RescheduledAppointment{{ID: id, Note: "Rain"}, {ID: "4150868000000999999", Note: "x"}}, nil)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "no such record")
	_, _, err = c.RescheduleHistory.UpdateOne(ctx, id, sdk.RescheduledAppointment{RescheduledTo: to.Add(time.Hour)}, nil)
	require.NoError(t, err)
	var seen []sdk.RescheduledAppointment
	for r, err := range c.RescheduleHistory.All(ctx, nil) {
		require.NoError(t, err)
		seen = append(seen, r)
	}
	require.Len(t, seen, 1)
	assert.Equal(t, "Rain", seen[0].Note)
	assert.True(t, to.Add(time.Hour).Equal(seen[0].RescheduledTo))
	assert.Equal(t, "Customer asked", seen[0].Reason, "fields left out keep their values")

	_, _, err = c.RescheduleHistory.DeleteOne(ctx, id, nil)
	require.NoError(t, err)
	_, _, err = c.RescheduleHistory.Get(ctx, id, nil)
	require.Error(t, err)
	_, _, err = c.RescheduleHistory.UpdateOne(ctx, "", sdk.RescheduledAppointment{}, nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestRescheduleHistoryKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	entry := sdk.RescheduledAppointment{Name: "x"}
	update := sdk.RescheduledAppointment{ID: "1", Name: "x"}
	checkDocumented(t, "reschedule_history", map[string]documentedCall{
		"GET /crm/v8/Appointments_Rescheduled_History__s 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.List(ctx, nil))
		},
		"GET /crm/v8/Appointments_Rescheduled_History__s/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.Get(ctx, "1", nil))
		},
		"POST /crm/v8/Appointments_Rescheduled_History__s 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.Create(ctx, []sdk.RescheduledAppointment{entry}, nil))
		},
		"POST /crm/v8/Appointments_Rescheduled_History__s 207": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.Create(ctx, []sdk.RescheduledAppointment{entry}, nil))
		},
		"PUT /crm/v8/Appointments_Rescheduled_History__s 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.Update(ctx, []sdk.RescheduledAppointment{update}, nil))
		},
		"PUT /crm/v8/Appointments_Rescheduled_History__s/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.UpdateOne(ctx, "1", entry, nil))
		},
		"DELETE /crm/v8/Appointments_Rescheduled_History__s/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RescheduleHistory.DeleteOne(ctx, "1", nil))
		},
	})
}
