package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestCadencesExecutionAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
	const welcome, nurture = "4150868000000100001", "4150868000000100002"

	results, _, err := c.Records.EnrolInCadences(ctx, "Leads", []string{leads[0], leads[1], "4150868000000000001"}, []string{welcome, nurture})
	require.NoError(t, err)
	require.Len(t, results, 3)
	require.NoError(t, results[0].Err())
	assert.Equal(t, leads[0], results[0].ID())
	assert.Len(t, results[0].Details["cadences"], 2, "the result names the cadences")
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such lead")
	assert.Equal(t, []string{welcome, nurture}, srv.CadencesOf("Leads", leads[0]))

	results, _, err = c.Records.UnenrolFromCadences(ctx, "Leads", []string{leads[0]}, []string{welcome})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.Equal(t, []string{nurture}, srv.CadencesOf("Leads", leads[0]))
	results, _, err = c.Records.UnenrolFromCadences(ctx, "Leads", []string{leads[0]}, []string{welcome})
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrInvalidData, "no longer enrolled in it")
	assert.Equal(t, []string{nurture}, srv.CadencesOf("Leads", leads[0]))

	var apiErr *sdk.APIError
	_, _, err = c.Records.EnrolInCadences(ctx, "Leads", leads, []string{"welcome"})
	require.ErrorAs(t, err, &apiErr, "a cadence id Zoho does not know")
	assert.Equal(t, "INVALID_DATA", apiErr.Code)
	var invalid *sdk.ValidationError
	_, _, err = c.Records.EnrolInCadences(ctx, "Leads", leads, nil)
	require.ErrorAs(t, err, &invalid, "no cadence, nothing sent")
}

func TestCadencesExecutionKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "cadences_execution", map[string]documentedCall{
		"POST /crm/v8/{module}/actions/enrol_in_cadences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.EnrolInCadences(ctx, "Leads", []string{"1"}, []string{"2"}))
		},
		"POST /crm/v8/{module}/actions/unenrol_from_cadences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.UnenrolFromCadences(ctx, "Leads", []string{"1"}, []string{"2"}))
		},
	})
}
