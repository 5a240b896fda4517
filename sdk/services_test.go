package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

func TestServicesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	from := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	results, _, err := c.Services.Create(ctx, []sdk.Service{
		{ServiceName: "Haircut", Duration: 30, Price: crmtype.DecimalOf(25), AvailabilityType: "Business Hours", AvailableDays: []string{"Monday", "Tuesday"}, AvailableFrom: from},
		{ServiceName: "Massage"},
	}, nil)
	require.NoError(t, err)
	require.Len(t, results, 2)
	require.NoError(t, results[0].Err())
	var refused *sdk.RecordError
	require.ErrorAs(t, results[1].Err(), &refused)
	assert.Equal(t, "MANDATORY_NOT_FOUND", refused.Code)
	assert.Equal(t, "Duration", refused.Field(), "a service needs its duration")
	id := results[0].ID()

	list, _, err := c.Services.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Haircut", list[0].ServiceName)
	got, _, err := c.Services.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, 30, got.Duration)
	assert.Equal(t, crmtype.Decimal("25"), got.Price)
	assert.Equal(t, []string{"Monday", "Tuesday"}, got.AvailableDays)
	assert.True(t, from.Equal(got.AvailableFrom))
	assert.Equal(t, srv.Admin().ID, got.Owner.ID)

	r, _, err := c.Services.UpdateOne(ctx, id, sdk.Service{Status: "Inactive", Duration: 45}, nil)
	require.NoError(t, err)
	assert.Equal(t, id, r.ID())
	got, _, err = c.Services.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, 45, got.Duration)
	assert.Equal(t, "Inactive", got.Status)
	assert.Equal(t, "Haircut", got.ServiceName, "fields left out keep their values")
	_, _, err = c.Services.UpdateOne(ctx, "4150868000000999999", sdk.Service{Status: "Active"}, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	_, _, err = c.Services.DeleteOne(ctx, id, nil)
	require.NoError(t, err)
	none, _, err := c.Services.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)
	binned, _, err := c.RecycleBin.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Haircut", binned.DisplayName, "a deleted service waits in the recycle bin")
	assert.Equal(t, sdk.ServicesModule, binned.Module.APIName)
	_, _, err = c.Services.DeleteOne(ctx, id, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
}
