package sdk_test

import (
	"encoding/json"
	"testing"

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
			{Type: sdk.SourceRoles, Source: &sdk.Lookup{ID: "3652397000000026008"}, Subordinates: true},
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
	assert.Equal(t, map[string]int{"users": 2, "roles": 1}, g.SourcesCount)
	assert.Equal(t, admin.ID, g.CreatedBy().ID)
	assert.Nil(t, g.ModifiedBy())

	members, _, err := c.UserGroups.Sources(ctx, id, sdk.SourceUsers)
	require.NoError(t, err)
	require.Len(t, members, 2)
	assert.Equal(t, "Deborah Gill", members[1].Source.Name)

	_, _, err = c.UserGroups.Update(ctx, id, &sdk.UserGroup{Description: "smaller", Sources: []*sdk.GroupSource{
		{Type: sdk.SourceUsers, Source: &sdk.Lookup{ID: deborah.ID}, Remove: true}}})
	require.NoError(t, err)
	g, _, err = c.UserGroups.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "smaller", g.Description)
	assert.Equal(t, 1, g.SourcesCount["users"])
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
	assert.Equal(t, id, r.ID())
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
	assert.Equal(t, map[string]int{"territories": 1, "roles": 2, "users": 2}, groups[0].SourcesCount)
	assert.Equal(t, "Patricia Boyle", groups[0].ModifiedBy().Name)
	assert.True(t, groups[0].CreatedTime().Equal(zohoTime(t, "2022-11-21T12:33:12+05:30")))
	assert.Nil(t, groups[1].ModifiedBy())
	assert.Equal(t, 2, resp.Info.Count)
}
