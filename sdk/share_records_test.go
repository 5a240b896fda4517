package sdk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestSharedRecordsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	jane := srv.AddUser(zohotest.User{Email: "jane@example.com", FirstName: "Jane", LastName: "Smith"})
	group, _, err := c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: "support"}})
	require.NoError(t, err)
	id := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]

	shares, _, err := c.SharedRecords.List(ctx, "Accounts", id)
	require.NoError(t, err)
	assert.Empty(t, shares)

	results, _, err := c.SharedRecords.Share(ctx, "Accounts", id, []*sdk.Share{
		{SharedWith: &sdk.ShareTarget{ID: jane.ID, Type: "users"}, Permission: sdk.PermissionReadWrite, ShareRelatedRecords: true},
		{SharedWith: &sdk.ShareTarget{ID: group[0].ID(), Type: "groups"}, Permission: sdk.PermissionReadOnly},
		{SharedWith: &sdk.ShareTarget{ID: "4150868000000000001", Type: "users"}},
	}, &sdk.ShareOptions{NotifySharedMembers: true})
	require.NoError(t, err)
	assert.Equal(t, "record will be shared successfully", results[0].Message)
	assert.True(t, results[1].OK())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such user")

	shares, _, err = c.SharedRecords.List(ctx, "Accounts", id)
	require.NoError(t, err)
	require.Len(t, shares, 2)
	assert.Equal(t, "Jane Smith", shares[0].SharedWith.Name)
	assert.Equal(t, sdk.PermissionReadWrite, shares[0].Permission)
	assert.True(t, shares[0].ShareRelatedRecords)
	assert.Equal(t, "support", shares[1].SharedWith.Name)
	assert.Equal(t, srv.Admin().ID, shares[0].SharedBy().ID)

	results, _, err = c.SharedRecords.Update(ctx, "Accounts", id, []*sdk.Share{
		{SharedWith: &sdk.ShareTarget{ID: jane.ID, Type: "users"}, Permission: sdk.PermissionFullAccess},
		{SharedWith: &sdk.ShareTarget{ID: srv.Admin().ID, Type: "users"}, Permission: sdk.PermissionFullAccess},
	}, nil)
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.False(t, results[1].OK(), "update only changes existing shares")
	shares, _, err = c.SharedRecords.List(ctx, "Accounts", id)
	require.NoError(t, err)
	assert.Equal(t, sdk.PermissionFullAccess, shares[0].Permission)

	r, _, err := c.SharedRecords.Revoke(ctx, "Accounts", id)
	require.NoError(t, err)
	assert.Equal(t, "Sharing Revoked", r.Message)
	shares, _, err = c.SharedRecords.List(ctx, "Accounts", id)
	require.NoError(t, err)
	assert.Empty(t, shares)

	// At most 5 groups a record.
	var many []*sdk.Share
	for _, name := range []string{"g1", "g2", "g3", "g4", "g5", "g6"} {
		res, _, err := c.UserGroups.Create(ctx, []*sdk.UserGroup{{Name: name}})
		require.NoError(t, err)
		many = append(many, &sdk.Share{SharedWith: &sdk.ShareTarget{ID: res[0].ID(), Type: "groups"}})
	}
	results, _, err = c.SharedRecords.Share(ctx, "Accounts", id, many, nil)
	require.NoError(t, err)
	assert.NoError(t, sdk.WriteErrors(results[:5]))
	assert.ErrorIs(t, results[5].Err(), sdk.ErrLimitExceeded)
	var verr *sdk.ValidationError
	_, _, err = c.SharedRecords.Share(ctx, "Accounts", id, []*sdk.Share{{Permission: "read_only"}}, nil)
	require.ErrorAs(t, err, &verr)
}

func TestSharedRecordsDecodeZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	var req struct {
		Share []*sdk.Share `json:"share"`
	}
	require.NoError(t, json.Unmarshal(referenceSample(t, "79_share_records.json", "sample_request_v7_doc"), &req))
	rs.queue(200, referenceSample(t, "79_share_records.json", "sample_response_v7_doc"))
	notify := true
	results, _, err := c.SharedRecords.Share(ctx, "Leads", "1", req.Share, &sdk.ShareOptions{NotifyOnCompletion: &notify})
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "79_share_records.json", "sample_request_v7_doc"))
	assert.Equal(t, "POST /crm/v8/Leads/1/actions/share", rs.lastSeen())
	assert.Len(t, results, 5)
	assert.NoError(t, sdk.WriteErrors(results))

	rs.queue(200, referenceSample(t, "79_share_records.json", "sample_response_DELETE_v7_doc"))
	r, _, err := c.SharedRecords.Revoke(ctx, "Leads", "4150868000001148212")
	require.NoError(t, err, "share as an object")
	assert.Equal(t, "4150868000001148212", r.ID())
	assert.Equal(t, "DELETE /crm/v8/Leads/4150868000001148212/actions/share", rs.lastSeen())

	keepsEveryField[sdk.Share](t, referenceSample(t, "79_share_records.json", "sample_request_v7_doc", "share"))
}
