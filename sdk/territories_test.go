package sdk_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestTerritoriesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	east := srv.AddTerritory("East", "", "eastern states")
	west := srv.AddTerritory("West", "", "")

	list, _, err := c.Territories.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Nil(t, list[0].ReportingTo, "the org's parent territory")
	assert.Equal(t, list[0].ID, list[1].ReportingTo.ID)
	got, _, err := c.Territories.Get(ctx, east.ID)
	require.NoError(t, err)
	assert.Equal(t, "East", got.Name)
	assert.Equal(t, "eastern states", got.Description)

	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
	r, _, err := c.Territories.AssignToRecord(ctx, "Leads", leads[0], east.ID, west.ID)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	assert.NotEmpty(t, r.Details["job_id"])
	territoryIDs := func(id string) []string {
		rec, _ := srv.Records("Leads").Get(id)
		var ids []string
		list, _ := rec["Territories"].([]any)
		for _, item := range list {
			ids = append(ids, item.(map[string]any)["id"].(string))
		}
		return ids
	}
	assert.Equal(t, []string{east.ID, west.ID}, territoryIDs(leads[0]))

	results, _, err := c.Territories.AssignToRecords(ctx, "Leads", []sdk.TerritoryAssignment{
		{RecordID: leads[1], TerritoryIDs: []string{west.ID}}, {RecordID: leads[0], TerritoryIDs: []string{"4150868000000000001"}},
	})
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	assert.Equal(t, []string{west.ID}, territoryIDs(leads[1]))

	_, _, err = c.Territories.RemoveFromRecord(ctx, "Leads", leads[0], east.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{west.ID}, territoryIDs(leads[0]))
	_, _, err = c.Territories.RemoveFromRecords(ctx, "Leads", []sdk.TerritoryAssignment{{RecordID: leads[0], TerritoryIDs: []string{west.ID}}})
	require.NoError(t, err)
	assert.Empty(t, territoryIDs(leads[0]))

	deal := srv.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification"})[0]
	_, _, err = c.Territories.AssignToRecord(ctx, "Deals", deal, east.ID, west.ID)
	assert.ErrorIs(t, err, sdk.ErrLimitExceeded, "a deal takes one territory")
	task := srv.Records("Tasks").Insert(map[string]any{"Subject": "T"})[0]
	_, _, err = c.Territories.AssignToRecord(ctx, "Tasks", task, east.ID)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "NOT_SUPPORTED", apiErr.Code)
	var verr *sdk.ValidationError
	_, _, err = c.Territories.AssignToRecord(ctx, "Leads", leads[0])
	require.ErrorAs(t, err, &verr)
}

func TestTerritoriesDecodeZohoSamples(t *testing.T) {
	keepsEveryField[sdk.Territory](t, referenceSample(t, "77_territories.json", "sample_response_GET_v7_doc_abridged", "territories"))
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "77_territories.json", "sample_response_GET_v7_doc_abridged"))
	list, _, err := c.Territories.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, "GET /crm/v8/settings/territories", rs.lastSeen())
	assert.Equal(t, "Patricia", list[0].Manager.Name)
	assert.Equal(t, "2276164000001054020", list[1].ReportingTo.ID)
	assert.Equal(t, "read_write_delete", list[1].PermissionType)
	assert.True(t, list[1].ModifiedTime().Equal(zohoTime(t, "2024-07-09T23:29:13+05:30")))

	rs.queue(200, referenceSample(t, "77_territories.json", "sample_response_assign_v7_doc"))
	results, _, err := c.Territories.AssignToRecords(ctx, "Leads", []sdk.TerritoryAssignment{
		{RecordID: "554023000003635023", TerritoryIDs: []string{"554023000000430409", "554023000000430451"}}})
	require.NoError(t, err)
	assert.Equal(t, "POST /crm/v8/Leads/actions/assign_territories", rs.lastSeen())
	var text string
	require.NoError(t, json.Unmarshal(referenceSample(t, "77_territories.json", "sample_request_assign_v7_doc"), &text))
	request, _, _ := strings.Cut(text, "  (doc sample")
	sentAsSample(t, rs, json.RawMessage(request))
	assert.Equal(t, "SCHEDULED", results[0].Code)
	assert.Equal(t, "554023000003908007", results[0].Details["job_id"])
}
