package sdk_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestUserGroupsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	deborah := srv.AddUser(zohotest.User{Email: "deborah@example.com", FirstName: "Deborah", LastName: "Gill"})
	admin := srv.Admin()

	groups, _, err := c.UserGroups.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, groups)

	results, _, err := c.UserGroups.Create(ctx, []*sdk.UserGroup{
		{Name: "sales", Description: "the sales team", Sources: []*sdk.GroupSource{
			{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: admin.ID}},
			{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: deborah.ID}},
			{Type: sdk.SourceRoles, Source: &sdk.Lookup{ID: "3652397000000026008"}, Subordinates: new(true)},
		}},
		{Name: "Sales"},
		{Name: "ghosts", Sources: []*sdk.GroupSource{{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: "4150868000000000001"}}}},
	})
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "names are unique")
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such user")
	id := results[0].ID()

	g, _, err := c.UserGroups.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "sales", g.Name)
	assert.Equal(t, 2, g.SourcesCount.Users.Total())
	assert.Equal(t, 1, g.SourcesCount.Roles)
	assert.Equal(t, admin.ID, g.CreatedBy().ID)
	assert.Nil(t, g.ModifiedBy())

	members, _, err := c.UserGroups.Sources(ctx, id, &sdk.GroupSourceListOptions{Type: sdk.SourceUsers})
	require.NoError(t, err)
	require.Len(t, members, 2)
	assert.Equal(t, "Deborah Gill", members[1].Source.Name)

	_, _, err = c.UserGroups.Update(ctx, id, &sdk.UserGroup{Description: "smaller", Sources: []*sdk.GroupSource{
		{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: deborah.ID}, Remove: true}}})
	require.NoError(t, err)
	g, _, err = c.UserGroups.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "smaller", g.Description)
	assert.Equal(t, 1, g.SourcesCount.Users.Total())
	assert.Equal(t, admin.ID, g.ModifiedBy().ID)

	_, _, err = c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: "second"}})
	require.NoError(t, err)
	var names []string
	for g, err := range c.UserGroups.All(ctx, &sdk.UserGroupListOptions{ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		names = append(names, g.Name)
	}
	assert.Equal(t, []string{"sales", "second"}, names)

	r, _, err := c.UserGroups.Delete(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code, "a group with members is deleted by a job")
	srv.Advance(time.Second) // the job's time, on the emulator's clock
	_, _, err = c.UserGroups.Get(ctx, id)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: "x", Sources: []*sdk.GroupSource{{Type: "people", Source: &sdk.Lookup{ID: "1"}}}}})
	require.ErrorAs(t, err, &verr)
}

func TestUserGroupsDecodeZohoSamples(t *testing.T) {
	keepsEveryField[sdk.UserGroup](t, referenceSample(t, "78_user_groups.json", "sample_response_GET_v7_doc", "user_groups"))
	keepsEveryField[sdk.UserGroup](t, referenceSample(t, "78_user_groups.json", "sample_request_v7_doc", "user_groups"))

	// A group built from the sample's fields is sent as the sample shows.
	var sample struct {
		Groups []*sdk.UserGroup `json:"user_groups"`
	}
	raw := referenceSample(t, "78_user_groups.json", "sample_request_v7_doc")
	require.NoError(t, json.Unmarshal(raw, &sample))
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(201, referenceSample(t, "78_user_groups.json", "sample_response_v7_doc"))
	results, _, err := c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: sample.Groups[0].Name, Description: sample.Groups[0].Description, Sources: sample.Groups[0].Sources}})
	require.NoError(t, err)
	sentAsSample(t, rs, raw)
	assert.Equal(t, "5725767000002350003", results[0].ID())
	assert.Equal(t, "POST /crm/v8/settings/user_groups", rs.lastSeen())

	rs.queue(200, referenceSample(t, "78_user_groups.json", "sample_response_GET_v7_doc"))
	groups, resp, err := c.UserGroups.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, groups[0].SourcesCount.Territories)
	assert.Equal(t, 2, groups[0].SourcesCount.Roles)
	assert.Equal(t, 2, groups[0].SourcesCount.Users.Total())
	assert.Equal(t, "Patricia Boyle", groups[0].ModifiedBy().Name)
	assert.True(t, groups[0].CreatedTime().Equal(zohoTime(t, "2022-11-21T12:33:12+05:30")))
	assert.Nil(t, groups[1].ModifiedBy())
	assert.Equal(t, 2, resp.Info.Count)
}

func TestUserGroupsMembersAndJobsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	admin := srv.Admin()
	deborah := srv.AddUser(zohotest.User{Email: "deborah@example.com", FirstName: "Deborah", LastName: "Gill"})
	omar := srv.AddUser(zohotest.User{Email: "omar@example.com", FirstName: "Omar", LastName: "Haddad", Status: "disabled"})
	east := srv.AddTerritory("East", "", "")
	_, _, err := c.Territories.AddUsers(ctx, east.ID, deborah.ID)
	require.NoError(t, err)

	results, _, err := c.UserGroups.Create(ctx, []*sdk.UserGroup{
		{Name: "sales", Sources: []*sdk.GroupSource{
			{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: admin.ID}},
			{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: omar.ID}},
		}},
		{Name: "east coast", Sources: []*sdk.GroupSource{{Type: sdk.SourceTerritories, Source: &sdk.Lookup{ID: east.ID}, SubTerritories: new(true)}}},
		{Name: "empty"},
	})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	sales, eastCoast, empty := results[0].ID(), results[1].ID(), results[2].ID()
	results, _, err = c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: "everyone", Description: "all of them", Sources: []*sdk.GroupSource{
		{Type: sdk.SourceGroups, Source: &sdk.Lookup{ID: sales}}, {Type: sdk.SourceGroups, Source: &sdk.Lookup{ID: eastCoast}},
	}}})
	require.NoError(t, err)
	everyone := results[0].ID()

	// Members, as listed and counted.
	members, _, err := c.UserGroups.Sources(ctx, eastCoast, nil)
	require.NoError(t, err)
	require.Len(t, members, 1)
	require.NotNil(t, members[0].SubTerritories)
	assert.True(t, *members[0].SubTerritories)
	var inactive []string
	for m, err := range c.UserGroups.AllSources(ctx, sales, &sdk.GroupSourceListOptions{UserType: "inactive", ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		inactive = append(inactive, m.Source.ID)
	}
	assert.Equal(t, []string{omar.ID}, inactive)
	count, _, err := c.UserGroups.SourcesCount(ctx, sales)
	require.NoError(t, err)
	assert.Equal(t, 2, count.Users.Total())
	assert.Equal(t, 1, count.Users.Active)
	assert.Equal(t, 1, count.Users.Inactive)
	assert.Zero(t, count.Roles)

	grouped, _, err := c.UserGroups.GroupedCounts(ctx, everyone, "status")
	require.NoError(t, err)
	byStatus := map[string]int{}
	for _, g := range grouped {
		byStatus[g.Status] = g.Count
	}
	assert.Equal(t, map[string]int{"active": 2, "inactive": 1}, byStatus, "the users of its groups: two of sales, one of the territory")
	_, _, err = c.UserGroups.GroupedCounts(ctx, everyone, "role")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	counts := map[string]int{}
	for uc, err := range c.UserGroups.AllAssociatedUsersCounts(ctx, &sdk.GroupUserCountOptions{ListOptions: sdk.ListOptions{PerPage: 3}}) {
		require.NoError(t, err)
		counts[uc.UserGroup.Name] = uc.Count
	}
	assert.Equal(t, map[string]int{"sales": 2, "east coast": 1, "empty": 0, "everyone": 3}, counts)
	some, _, err := c.UserGroups.AssociatedUsersCount(ctx, &sdk.GroupUserCountOptions{Filters: sdk.Where("name", "starts_with", "e")})
	require.NoError(t, err)
	assert.Len(t, some, 3)

	// The groups of a user, as Users.AssociatedGroups and get_assigned see them.
	groupNames := func(gs []*sdk.UserGroup) []string { return pluck(gs, func(g *sdk.UserGroup) string { return g.Name }) }
	ofDeborah, _, err := c.Users.AssociatedGroups(ctx, deborah.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"east coast", "everyone"}, groupNames(ofDeborah), "through her territory")
	var ofAdmin []string
	for g, err := range c.Users.AllAssociatedGroups(ctx, admin.ID, &sdk.AssociatedGroupsOptions{IncludeSourcesCount: true, ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		ofAdmin = append(ofAdmin, g.Name)
	}
	assert.Equal(t, []string{"sales", "everyone"}, ofAdmin)
	assigned, _, err := c.UserGroups.Assigned(ctx, &sdk.GroupAssignmentQuery{RelatedEntityID: deborah.ID})
	require.NoError(t, err)
	assert.Equal(t, []string{"east coast", "everyone"}, groupNames(assigned))
	unassigned, _, err := c.UserGroups.Unassigned(ctx, &sdk.GroupAssignmentQuery{RelatedEntityID: deborah.ID})
	require.NoError(t, err)
	assert.Equal(t, []string{"sales", "empty"}, groupNames(unassigned))
	_, _, err = c.UserGroups.Assigned(ctx, &sdk.GroupAssignmentQuery{RelatedEntityID: deborah.ID, Feature: "workflows"})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	// Where a group is used.
	uses, _, err := c.UserGroups.Associations(ctx, sales)
	require.NoError(t, err)
	assert.Empty(t, uses)
	srv.AddGroupAssociation(sales, "data_sharing", "4150868000000420001", "lead sharing", "Leads")
	uses, _, err = c.UserGroups.Associations(ctx, sales)
	require.NoError(t, err)
	require.Len(t, uses, 1)
	assert.Equal(t, "data_sharing", uses[0].Type)
	assert.Equal(t, "lead sharing", uses[0].Resource.Name)
	assert.Equal(t, "Leads", uses[0].Detail.Module.APIName)

	// Updates of many, and deletions: an empty group at once, one with
	// members by a job.
	results, _, err = c.UserGroups.UpdateMany(ctx, &sdk.UserGroup{ID: empty, Description: "nobody yet"}, &sdk.UserGroup{ID: sales, Name: "Everyone"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData)
	got, _, err := c.UserGroups.Get(ctx, empty)
	require.NoError(t, err)
	assert.Equal(t, "nobody yet", got.Description)

	r, _, err := c.UserGroups.Delete(ctx, empty)
	require.NoError(t, err)
	assert.Equal(t, "SUCCESS", r.Code)
	srv.SetJobTime(time.Hour) // on the emulator's clock, which the test moves
	r, _, err = c.UserGroups.Delete(ctx, everyone)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	job := r.JobID()
	require.NotEmpty(t, job)
	status, _, err := c.UserGroups.DeletionJob(ctx, job)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", status.Status)
	assert.False(t, status.Done())
	_, _, err = c.UserGroups.Get(ctx, everyone)
	require.NoError(t, err, "deleted once the job has run")
	srv.Advance(time.Hour)
	status, _, err = c.UserGroups.WaitDeletionJob(ctx, job, nil)
	require.NoError(t, err)
	assert.Equal(t, "COMPLETED", status.Status)
	_, _, err = c.UserGroups.Get(ctx, everyone)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.UserGroups.DeletionJob(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	var verr *sdk.ValidationError
	_, _, err = c.UserGroups.UpdateMany(ctx, &sdk.UserGroup{Name: "no id"})
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.UserGroups.Assigned(ctx, &sdk.GroupAssignmentQuery{})
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.UserGroups.SourcesCount(ctx, "")
	assert.ErrorAs(t, err, &verr)
}

func TestUserGroupsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	g := &sdk.UserGroup{ID: "1", Name: "x"}
	checkDocumented(t, "user_groups", map[string]documentedCall{
		"DELETE /crm/v8/settings/user_groups/{group} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Delete(ctx, "1"))
		},
		"GET /crm/v8/settings/user_groups 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.List(ctx, nil))
		},
		"GET /crm/v8/settings/user_groups/actions/associated_users_count 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.AssociatedUsersCount(ctx, nil))
		},
		"GET /crm/v8/settings/user_groups/actions/deletion_jobs 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.DeletionJob(ctx, "1"))
		},
		"GET /crm/v8/settings/user_groups/{group} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Get(ctx, "1"))
		},
		"GET /crm/v8/settings/user_groups/{group}/actions/associations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Associations(ctx, "1"))
		},
		"GET /crm/v8/settings/user_groups/{group}/actions/sources_count 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.SourcesCount(ctx, "1"))
		},
		"GET /crm/v8/settings/user_groups/{group}/sources 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Sources(ctx, "1", nil))
		},
		"GET /crm/v8/users/{user}/actions/associated_groups 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.AssociatedGroups(ctx, "1", nil))
		},
		"POST /crm/v8/settings/user_groups 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Create(ctx, []*sdk.UserGroup{g}))
		},
		"PUT /crm/v8/settings/user_groups 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.UpdateMany(ctx, g))
		},
		"PUT /crm/v8/settings/user_groups/{group} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserGroups.Update(ctx, "1", g))
		},
	})
}
