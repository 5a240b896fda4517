package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestMassConvertAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	leads := srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "Boyle", "Company": "Boyle Inc"},
		map[string]any{"Last_Name": "Kris"},
		map[string]any{"Last_Name": "Before", "Company": "Old"})
	_, _, err := c.Records.ConvertLead(ctx, leads[2], nil)
	require.NoError(t, err)
	contacts := srv.Records("Contacts").Len()
	srv.SetJobTime(time.Hour) // on the emulator's clock, which the test moves

	result, _, err := c.Records.MassConvert(ctx, append(leads, "4150868000000000001"), nil)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", result.Code)
	job := result.JobID()
	require.NotEmpty(t, job)
	status, _, err := c.Records.MassConvertStatus(ctx, job)
	require.NoError(t, err)
	assert.Equal(t, "scheduled", status.Status)
	assert.Equal(t, 4, status.TotalCount)
	assert.False(t, status.Done())
	assert.Equal(t, contacts, srv.Records("Contacts").Len(), "nothing converted yet")

	srv.Advance(time.Hour)
	status, _, err = c.Records.WaitMassConvert(ctx, job, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "completed", status.Status)
	assert.Equal(t, 2, status.ConvertedCount)
	assert.Equal(t, 1, status.FailedCount, "no such lead")
	assert.Equal(t, 1, status.NotConvertedCount, "converted before")
	assert.Equal(t, contacts+2, srv.Records("Contacts").Len(), "each lead became a contact")
	list, _, err := c.Records.List(ctx, "Leads", &sdk.RecordListOptions{Fields: []string{"Last_Name"}})
	require.NoError(t, err)
	assert.Empty(t, list, "converted leads leave the list")

	_, _, err = c.Records.MassConvertStatus(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such job")
	var apiErr *sdk.APIError
	_, _, err = c.Records.MassConvert(ctx, []string{leads[0]}, &sdk.MassConvertOptions{Deal: sdk.Record{"Deal_Name": "No stage"}})
	require.ErrorAs(t, err, &apiErr, "the deal lacks its mandatory fields")
	var invalid *sdk.ValidationError
	_, _, err = c.Records.MassConvert(ctx, make([]string, sdk.MaxMassConvertIDs+1), nil)
	require.ErrorAs(t, err, &invalid)
}

func TestMassConvertKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "mass_convert", map[string]documentedCall{
		"POST /crm/v8/Leads/actions/mass_convert 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassConvert(ctx, []string{"1"}, nil))
		},
		"GET /crm/v8/Leads/actions/mass_convert 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassConvertStatus(ctx, "1"))
		},
	})
}
