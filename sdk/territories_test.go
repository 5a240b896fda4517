package sdk_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestTerritoriesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	east := srv.AddTerritory("East", "", "eastern states")
	west := srv.AddTerritory("West", "", "")

	list, _, err := c.Territories.List(ctx, nil)
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
	list, _, err := c.Territories.List(ctx, nil)
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

func TestTerritoriesManageAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	manager := srv.AddUser(zohotest.User{Email: "kim@example.com", FirstName: "Kim", LastName: "Lee"})
	org := srv.Territories()[0]

	results, _, err := c.Territories.Create(ctx,
		&sdk.Territory{Name: "North", ReportingTo: &sdk.Lookup{ID: org.ID}, PermissionType: "read_only", Manager: &sdk.Lookup{ID: manager.ID},
			DealRuleCriteria: sdk.Where("Amount", "greater_than", "100000")},
		&sdk.Territory{Name: "north", ReportingTo: &sdk.Lookup{ID: org.ID}, PermissionType: "read_only"},
		&sdk.Territory{Name: "Nowhere", ReportingTo: &sdk.Lookup{ID: "4150868000000000001"}, PermissionType: "read_only"},
		&sdk.Territory{Name: "No permission", ReportingTo: &sdk.Lookup{ID: org.ID}},
	)
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "names are unique, whatever their case")
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData)
	assert.Equal(t, "reporting_to", results[2].Err().(*sdk.RecordError).Field())
	assert.ErrorIs(t, results[3].Err(), sdk.ErrMandatoryNotFound)
	north := results[0].ID()

	results, _, err = c.Territories.Create(ctx,
		&sdk.Territory{Name: "North East", ReportingTo: &sdk.Lookup{ID: north}, PermissionType: "read_write_delete"},
		&sdk.Territory{Name: "North West", ReportingTo: &sdk.Lookup{ID: north}, PermissionType: "read_write_delete"},
		&sdk.Territory{Name: "South", ReportingTo: &sdk.Lookup{ID: org.ID}, PermissionType: "read_write_delete"},
	)
	require.NoError(t, err)
	northEast, northWest, south := results[0].ID(), results[1].ID(), results[2].ID()

	got, _, err := c.Territories.Get(ctx, north)
	require.NoError(t, err)
	assert.Equal(t, manager.ID, got.Manager.ID)
	require.NotNil(t, got.DealRuleCriteria)
	assert.Equal(t, "Amount", got.DealRuleCriteria.Field.APIName)
	assert.Equal(t, org.ID, got.ReportingTo.ID)

	var names []string
	for tr, err := range c.Territories.All(ctx, &sdk.TerritoryListOptions{ListOptions: sdk.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		names = append(names, tr.Name)
	}
	assert.Equal(t, []string{org.Name, "North", "North East", "North West", "South"}, names)
	picked, _, err := c.Territories.List(ctx, &sdk.TerritoryListOptions{IDs: []string{south, north}})
	require.NoError(t, err)
	assert.Len(t, picked, 2)
	byName, _, err := c.Territories.List(ctx, &sdk.TerritoryListOptions{Filters: sdk.Where("name", "starts_with", "North ")})
	require.NoError(t, err)
	assert.Len(t, byName, 2)

	children, _, err := c.Territories.Children(ctx, north, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{northEast, northWest}, territoryIDsOf(children))
	var childNames []string
	for tr, err := range c.Territories.AllChildren(ctx, north, &sdk.TerritoryListOptions{Filters: sdk.Where("name", "equal", "North West")}) {
		require.NoError(t, err)
		childNames = append(childNames, tr.Name)
	}
	assert.Equal(t, []string{"North West"}, childNames)
	none, _, err := c.Territories.Children(ctx, south, nil)
	require.NoError(t, err)
	assert.Empty(t, none, "204: no children")

	r, _, err := c.Territories.Update(ctx, south, &sdk.Territory{Description: "the south", ReportingTo: &sdk.Lookup{ID: north}})
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = c.Territories.UpdateMany(ctx, &sdk.Territory{ID: south, ReportingTo: &sdk.Lookup{ID: org.ID}},
		&sdk.Territory{ID: north, ReportingTo: &sdk.Lookup{ID: northEast}})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "a territory cannot report to its own child")
	_, _, err = c.Territories.Update(ctx, org.ID, &sdk.Territory{Description: "changed"})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "the org's territory takes only a new name")
	got, _, err = c.Territories.Get(ctx, south)
	require.NoError(t, err)
	assert.Equal(t, "the south", got.Description)
	assert.Equal(t, org.ID, got.ReportingTo.ID)

	// Records of a territory deleted by transfer go to the territory that
	// takes its children; a plain delete takes it off its records.
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
	_, _, err = c.Territories.AssignToRecord(ctx, "Leads", leads[0], northEast)
	require.NoError(t, err)
	_, _, err = c.Territories.AssignToRecord(ctx, "Leads", leads[1], south)
	require.NoError(t, err)

	_, _, err = c.Territories.DeleteOne(ctx, north, false)
	assert.Equal(t, "NOT_ALLOWED", zohoCode(err), "a territory with children is transferred, not deleted")
	results, _, err = c.Territories.TransferAndDelete(ctx, &sdk.TerritoryTransfer{ID: northEast, TransferToID: northWest},
		&sdk.TerritoryTransfer{ID: north, TransferToID: northWest})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "children cannot go to one of them")
	assert.Equal(t, []string{northWest}, recordTerritories(t, srv, leads[0]), "the records moved with the transfer")

	r, _, err = c.Territories.TransferAndDeleteOne(ctx, north, &sdk.TerritoryTransfer{TransferToID: south, DeletePreviousForecasts: true})
	require.NoError(t, err)
	assert.Equal(t, north, r.ID())
	got, _, err = c.Territories.Get(ctx, northWest)
	require.NoError(t, err)
	assert.Equal(t, south, got.ReportingTo.ID, "the children moved under the territory they were transferred to")

	results, _, err = c.Territories.Delete(ctx, true, south, org.ID)
	require.NoError(t, err)
	assert.Equal(t, "NOT_ALLOWED", zohoCode(results[0].Err()), "South has a child now")
	assert.Equal(t, "NOT_ALLOWED", zohoCode(results[1].Err()), "the org's territory")
	_, _, err = c.Territories.DeleteOne(ctx, northWest, true)
	require.NoError(t, err)
	results, _, err = c.Territories.Delete(ctx, false, south)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.Empty(t, recordTerritories(t, srv, leads[0]))
	assert.Empty(t, recordTerritories(t, srv, leads[1]))
	_, _, err = c.Territories.Get(ctx, south)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	deleted, _, err := c.Territories.DeletedAssociations(ctx)
	require.NoError(t, err)
	var deletedIDs []string
	for _, d := range deleted {
		deletedIDs = append(deletedIDs, d.ID)
		assert.Equal(t, srv.Admin().ID, d.DeletedBy.ID)
		assert.False(t, d.DeletedTime.IsZero())
	}
	assert.ElementsMatch(t, []string{northEast, north, northWest, south}, deletedIDs, "each had records or its manager")
	deleted, _, err = c.Territories.DeletedAssociations(ctx, south)
	require.NoError(t, err)
	require.Len(t, deleted, 1)
	assert.Equal(t, "South", deleted[0].Name)

	counts, _, err := c.Territories.AssociatedUsersCount(ctx, nil)
	require.NoError(t, err)
	require.Len(t, counts, 1, "the org's territory is left")
	assert.Equal(t, 1, counts[0].Count(), "its manager")
	assert.Equal(t, org.ID, counts[0].Territory.ID)

	var verr *sdk.ValidationError
	_, _, err = c.Territories.Children(ctx, "", nil)
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Territories.TransferAndDeleteOne(ctx, north, &sdk.TerritoryTransfer{})
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Territories.Delete(ctx, false)
	assert.ErrorAs(t, err, &verr)
}

func territoryIDsOf(ts []*sdk.Territory) []string {
	return pluck(ts, func(t *sdk.Territory) string { return t.ID })
}

// recordTerritories is the ids of a lead's Territories field.
func recordTerritories(t *testing.T, srv *zohotest.Server, lead string) []string {
	t.Helper()
	rec, ok := srv.Records("Leads").Get(lead)
	require.True(t, ok)
	var ids []string
	list, _ := rec["Territories"].([]any)
	for _, item := range list {
		ids = append(ids, item.(map[string]any)["id"].(string))
	}
	return ids
}

func TestTerritoriesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	tr := &sdk.Territory{ID: "1", Name: "x", PermissionType: "read_only", ReportingTo: &sdk.Lookup{ID: "2"}}
	transfer := &sdk.TerritoryTransfer{ID: "1", TransferToID: "2"}
	checkDocumented(t, "territories", map[string]documentedCall{
		"DELETE /crm/v8/settings/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Delete(ctx, false, "1"))
		},
		"DELETE /crm/v8/settings/territories/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.DeleteOne(ctx, "1", false))
		},
		"GET /crm/v8/settings/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.List(ctx, nil))
		},
		"GET /crm/v8/settings/territories/actions/associated_users_count 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.AssociatedUsersCount(ctx, nil))
		},
		"GET /crm/v8/settings/territories/actions/deleted_associated_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.DeletedAssociations(ctx))
		},
		"GET /crm/v8/settings/territories/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Get(ctx, "1"))
		},
		"GET /crm/v8/settings/territories/{id}/__child_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Children(ctx, "1", nil))
		},
		"POST /crm/v8/settings/territories 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Create(ctx, tr))
		},
		"POST /crm/v8/settings/territories/actions/transfer_and_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.TransferAndDelete(ctx, transfer))
		},
		"POST /crm/v8/settings/territories/{id}/actions/transfer_and_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.TransferAndDeleteOne(ctx, "1", transfer))
		},
		"PUT /crm/v8/settings/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.UpdateMany(ctx, tr))
		},
		"PUT /crm/v8/settings/territories/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Update(ctx, "1", tr))
		},
	})
}

// zohoCode is the code of Zoho's refusal: a request's or an entry's.
func zohoCode(err error) string {
	var apiErr *sdk.APIError
	var recErr *sdk.RecordError
	switch {
	case errors.As(err, &recErr):
		return recErr.Code
	case errors.As(err, &apiErr):
		return apiErr.Code
	}
	return ""
}
