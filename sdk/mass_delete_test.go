package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestMassDeleteAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	leads := srv.Records("Leads")
	ids := leads.Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"}, map[string]any{"Last_Name": "C"})

	results, _, err := c.Records.MassDelete(ctx, "Leads", ids[0], "4150868000000000001")
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.Equal(t, "record is deleted", results[0].Message)
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	assert.Equal(t, 2, leads.Len())
	assert.Equal(t, ids[0], leads.Deleted()[0].ID, "in the recycle bin")

	_, _, err = c.RecordLocking.Lock(ctx, "Leads", ids[2], "keep")
	require.NoError(t, err)
	module, _ := srv.Module("Leads")
	jobID, _, err := c.Records.MassDeleteView(ctx, "Leads", module.CustomViews[0].ID, &sdk.MassDeleteViewOptions{TerritoryID: "1", IncludeChild: true})
	require.NoError(t, err)
	require.NotEmpty(t, jobID)
	job, _, err := c.Records.MassDeleteStatus(ctx, "Leads", jobID)
	require.NoError(t, err)
	assert.True(t, job.Done())
	assert.Equal(t, &sdk.MassDeleteJob{Status: sdk.JobCompleted, DeletedCount: 1, FailedCount: 1, TotalCount: 2}, job)
	assert.Equal(t, []string{ids[2]}, leads.IDs(), "the locked record stays")

	_, _, err = c.Records.MassDeleteStatus(ctx, "Leads", "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Records.MassDeleteView(ctx, "Leads", "4150868000000000001", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such view")
	results, _, err = c.Records.MassDelete(ctx, "Leads")
	require.NoError(t, err)
	assert.Empty(t, results)
}

func TestMassDeleteDecodesZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "73_mass_delete.json", "sample_response_v7_doc_ids"))
	results, _, err := c.Records.MassDelete(ctx, "Leads", "3652397000006064023", "3652397000003852074")
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "73_mass_delete.json", "sample_request_v7_doc_ids"))
	assert.Equal(t, "POST /crm/v8/Leads/actions/mass_delete", rs.lastSeen())
	assert.Equal(t, "3652397000003852074", results[1].ID())

	rs.queue(200, referenceSample(t, "73_mass_delete.json", "sample_response_v7_doc_cvid"))
	jobID, _, err := c.Records.MassDeleteView(ctx, "Leads", "3652397000000538003", &sdk.MassDeleteViewOptions{TerritoryID: "3652397000007622003", IncludeChild: true})
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "73_mass_delete.json", "sample_request_v7_doc_cvid"))
	assert.Equal(t, "3652397000009565021", jobID)

	rs.queue(200, referenceSample(t, "73_mass_delete.json", "sample_status_response_v7_doc"))
	job, _, err := c.Records.MassDeleteStatus(ctx, "Leads", jobID)
	require.NoError(t, err)
	assert.Equal(t, &sdk.MassDeleteJob{Status: "COMPLETED", DeletedCount: 9, TotalCount: 9}, job)
}
