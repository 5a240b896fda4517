package sdk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestMassChangeOwnerAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	owner := srv.AddUser(zohotest.User{Email: "owner@example.com", FirstName: "New", LastName: "Owner"})
	deals := srv.Records("Deals")
	ids := deals.Insert(
		map[string]any{"Deal_Name": "A", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "B", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "C", "Stage": "Closed Won"},
		map[string]any{"Deal_Name": "D", "Stage": "Qualification"},
	)
	_, _, err := c.RecordLocking.Lock(ctx, "Deals", ids[3], "")
	require.NoError(t, err)
	module, _ := srv.Module("Deals")

	jobID, _, err := c.Records.MassChangeOwner(ctx, "Deals", module.CustomViews[0].ID, owner.ID, &sdk.MassChangeOwnerOptions{
		Criteria: &sdk.ViewCriterion{Field: "Stage", Comparator: "equal", Value: "Qualification"}})
	require.NoError(t, err)
	job, _, err := c.Records.MassChangeOwnerStatus(ctx, "Deals", jobID)
	require.NoError(t, err)
	assert.True(t, job.Done())
	assert.Equal(t, &sdk.MassChangeOwnerJob{Status: sdk.JobCompleted, TotalCount: 3, UpdatedCount: 2, FailedCount: 1}, job)
	ownerOf := func(id string) string {
		r, _ := deals.Get(id)
		return r["Owner"].(map[string]any)["id"].(string)
	}
	assert.Equal(t, []string{owner.ID, owner.ID, srv.Admin().ID, srv.Admin().ID}, []string{ownerOf(ids[0]), ownerOf(ids[1]), ownerOf(ids[2]), ownerOf(ids[3])})

	jobID, _, err = c.Records.MassChangeOwner(ctx, "Deals", module.CustomViews[0].ID, owner.ID, nil)
	require.NoError(t, err)
	job, _, err = c.Records.MassChangeOwnerStatus(ctx, "Deals", jobID)
	require.NoError(t, err)
	assert.Equal(t, 2, job.NotUpdatedCount, "those the owner has already")
	assert.Equal(t, 1, job.UpdatedCount)

	_, _, err = c.Records.MassChangeOwner(ctx, "Deals", "4150868000000000001", owner.ID, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Records.MassChangeOwnerStatus(ctx, "Deals", "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestMassChangeOwnerDecodesZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "72_mass_change_owner.json", "sample_response_v7_doc"))
	jobID, _, err := c.Records.MassChangeOwner(ctx, "Deals", "2423488000000091545", "2423488000000483001", &sdk.MassChangeOwnerOptions{
		TerritoryID: "2423488000000780003", IncludeChild: true, Criteria: &sdk.ViewCriterion{Field: "Stage", Comparator: "equal", Value: "Qualification"}})
	require.NoError(t, err)
	assert.Equal(t, "3652397000009026002", jobID)
	assert.Equal(t, "POST /crm/v8/Deals/actions/mass_change_owner", rs.lastSeen())

	// Sent in the sample's shape, less the criteria field's id.
	want := map[string]any{}
	require.NoError(t, json.Unmarshal(referenceSample(t, "72_mass_change_owner.json", "sample_request_v7_doc"), &want))
	delete(want["criteria"].(map[string]any)["field"].(map[string]any), "id")
	wantJSON, _ := json.Marshal(want)
	assert.JSONEq(t, string(wantJSON), string(rs.lastBody()))

	rs.queue(200, referenceSample(t, "72_mass_change_owner.json", "sample_status_response_v7_doc"))
	job, _, err := c.Records.MassChangeOwnerStatus(ctx, "Deals", jobID)
	require.NoError(t, err)
	assert.Equal(t, &sdk.MassChangeOwnerJob{Status: "COMPLETED", TotalCount: 50000, UpdatedCount: 49500, FailedCount: 500}, job)
}
