package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestChangeOwnerAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	owner := srv.AddUser(zohotest.User{Email: "new.owner@example.com", FirstName: "New", LastName: "Owner"})
	ids := srv.Records("Deals").Insert(
		map[string]any{"Deal_Name": "One", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "Two", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "Three", "Stage": "Qualification"},
	)
	ownerOf := func(id string) string {
		r, ok := srv.Records("Deals").Get(id)
		require.True(t, ok)
		return r["Owner"].(map[string]any)["id"].(string)
	}

	r, _, err := c.Records.ChangeOwner(ctx, "Deals", ids[0], owner.ID, &sdk.ChangeOwnerOptions{Notify: true,
		RelatedModules: []sdk.RelatedModule{{APIName: "Tasks", ID: "1"}}})
	require.NoError(t, err)
	assert.Equal(t, "owner is successfully updated", r.Message)
	assert.Equal(t, ids[0], r.ID())
	assert.Equal(t, owner.ID, ownerOf(ids[0]))

	_, _, err = c.RecordLocking.Lock(ctx, "Deals", ids[2], "in negotiation")
	require.NoError(t, err)
	results, _, err := c.Records.ChangeOwnerMany(ctx, "Deals", []string{ids[1], "4150868000000000001", ids[2]}, owner.ID, nil)
	require.NoError(t, err)
	require.Len(t, results, 3)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	assert.ErrorIs(t, results[2].Err(), sdk.ErrRecordLocked)
	assert.Equal(t, 2, results[2].Index)
	assert.Equal(t, owner.ID, ownerOf(ids[1]))
	assert.Equal(t, srv.Admin().ID, ownerOf(ids[2]), "a locked record keeps its owner")

	_, _, err = c.Records.ChangeOwner(ctx, "Deals", ids[2], owner.ID, nil)
	assert.ErrorIs(t, err, sdk.ErrRecordLocked, "the one record's refusal is the error")
	_, _, err = c.Records.ChangeOwner(ctx, "Deals", ids[0], "4150868000000000009", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such user")
	_, _, err = c.Records.ChangeOwner(ctx, "Deals", ids[0], owner.ID, &sdk.ChangeOwnerOptions{RelatedModules: []sdk.RelatedModule{{APIName: "Notes", ID: "1"}}})
	var rerr *sdk.RecordError
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "NOT_SUPPORTED", rerr.Code)

	many := make([]string, 501)
	for i := range many {
		many[i] = ids[0]
	}
	results, _, err = c.Records.ChangeOwnerMany(ctx, "Deals", many, owner.ID, nil)
	require.NoError(t, err)
	assert.Len(t, results, 501, "split into calls of 500")
	assert.Equal(t, 500, results[500].Index)
}

func TestChangeOwnerDecodesZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	rs.queue(200, referenceSample(t, "71_change_owner.json", "sample_response_200_v7_doc"))
	results, _, err := c.Records.ChangeOwnerMany(testCtx(t), "Leads", []string{"3652397000001935001", "3652397000001970024"}, "3652397000000281001",
		&sdk.ChangeOwnerOptions{Notify: true, RelatedModules: []sdk.RelatedModule{{APIName: "Tasks", ID: "3652397000007399045"}, {APIName: "Events", ID: "3652397000001339059"}}})
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "71_change_owner.json", "sample_request_v7_doc"))
	assert.Equal(t, "POST /crm/v8/Leads/actions/change_owner", rs.lastSeen())
	assert.Equal(t, []string{"3652397000001935001", "3652397000001970024"}, []string{results[0].ID(), results[1].ID()})
	assert.NoError(t, sdk.WriteErrors(results))
}
