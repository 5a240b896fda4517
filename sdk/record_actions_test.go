package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The record-action mechanism, run against change owner, an action of
// that shape the emulator serves: one record by its path, many by ids in
// batches, one result per id in input order.
func TestRecordActionMechanism(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	owner := srv.AddUser(zohotest.User{Email: "mechanism@example.com", FirstName: "Mech", LastName: "Anism"})
	ids := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"}, map[string]any{"Last_Name": "C"})
	ownerOf := func(id string) string {
		r, ok := srv.Records("Leads").Get(id)
		require.True(t, ok)
		return r["Owner"].(map[string]any)["id"].(string)
	}
	body := map[string]any{"owner": map[string]string{"id": owner.ID}}

	r, _, err := sdk.ActOnRecord(ctx, c, "change_owner", "Leads", ids[0], body)
	require.NoError(t, err)
	assert.Equal(t, ids[0], r.ID())
	assert.Equal(t, owner.ID, ownerOf(ids[0]))
	_, _, err = sdk.ActOnRecord(ctx, c, "change_owner", "Leads", ids[0], map[string]any{"owner": map[string]string{"id": "4150868000000000009"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "the record's refusal is the error")

	results, _, err := sdk.ActOnRecords(ctx, c, "change_owner", 2, "Leads", []string{ids[1], "4150868000000000001", ids[2]}, body)
	require.NoError(t, err)
	require.Len(t, results, 3)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	assert.Equal(t, ids[2], results[2].ID(), "the second batch's result comes third")
	assert.Equal(t, 2, results[2].Index)
	assert.Equal(t, owner.ID, ownerOf(ids[2]))

	none, resp, err := sdk.ActOnRecords(ctx, c, "change_owner", 2, "Leads", nil, body)
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.Nil(t, resp, "nothing sent")
	var invalid *sdk.ValidationError
	_, _, err = sdk.ActOnRecords(ctx, c, "change_owner", 2, "Leads", []string{ids[0], ""}, body)
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "ids[1]", invalid.Field)
	_, _, err = sdk.ActOnRecord(ctx, c, "change_owner", "", ids[0], body)
	require.ErrorAs(t, err, &invalid)
	_, _, err = sdk.ActOnRecord(ctx, c, "change_owner", "Leads", "", body)
	require.ErrorAs(t, err, &invalid)
}
