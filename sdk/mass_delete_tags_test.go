package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestMassDeleteTagsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
	created, _, err := c.Tags.Create(ctx, "Leads", []*sdk.Tag{{Name: "Hot"}, {Name: "Cold"}, {Name: "Kept"}})
	require.NoError(t, err)
	hot, cold := created[0].ID(), created[1].ID()
	_, _, err = c.Tags.AddToRecords(ctx, "Leads", leads, []string{"Hot", "Cold", "Kept"}, nil)
	require.NoError(t, err)

	result, _, err := c.Tags.MassDelete(ctx, &sdk.ModuleRef{APIName: "Leads"}, hot, cold, "4150868000000000001")
	require.NoError(t, err)
	job := result.JobID()
	require.NotEmpty(t, job)
	status, _, err := c.Tags.MassDeleteStatus(ctx, job)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", status.Status)
	assert.Equal(t, job, status.JobID)
	assert.Equal(t, 3, status.TotalCount)

	srv.Advance(time.Second) // the job's time, on the emulator's clock
	status, _, err = c.Tags.WaitMassDelete(ctx, job, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "COMPLETED", status.Status)
	assert.Equal(t, 2, status.DeletedCount)
	assert.Equal(t, 1, status.FailedCount, "no such tag")
	tags, _, err := c.Tags.List(ctx, "Leads", nil)
	require.NoError(t, err)
	require.Len(t, tags, 1)
	assert.Equal(t, "Kept", tags[0].Name)
	lead, _ := srv.Records("Leads").Get(leads[0])
	require.Len(t, lead["Tag"], 1, "the tags left the records")

	var apiErr *sdk.APIError
	_, _, err = c.Tags.MassDelete(ctx, &sdk.ModuleRef{APIName: "Leads", ID: "4150868000000000001"}, hot)
	require.ErrorAs(t, err, &apiErr, "the module's id does not match")
	assert.Equal(t, "INVALID_DATA", apiErr.Code)
	_, _, err = c.Tags.MassDeleteStatus(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such job")
	var invalid *sdk.ValidationError
	_, _, err = c.Tags.MassDelete(ctx, &sdk.ModuleRef{APIName: "Leads"})
	require.ErrorAs(t, err, &invalid)
}

func TestMassDeleteTagsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "mass_delete_tags", map[string]documentedCall{
		"POST /crm/v8/settings/tags/actions/mass_delete 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Tags.MassDelete(ctx, &sdk.ModuleRef{APIName: "Leads", ID: "1"}, "2"))
		},
		"GET /crm/v8/settings/tags/actions/mass_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Tags.MassDeleteStatus(ctx, "1"))
		},
	})
}
