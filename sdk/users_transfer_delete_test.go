package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestUsersTransferDeleteAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	leaving := srv.AddUser(zohotest.User{Email: "leaving@example.com", FirstName: "Lee", LastName: "Ving"})
	heir := srv.AddUser(zohotest.User{Email: "heir@example.com", FirstName: "Hal", LastName: "Eir"})
	other := srv.AddUser(zohotest.User{Email: "other@example.com", LastName: "Other"})
	owned := func(u zohotest.User) map[string]any {
		return map[string]any{"id": u.ID, "name": u.FullName(), "email": u.Email}
	}
	leads := srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "A", "Owner": owned(leaving)},
		map[string]any{"Last_Name": "B", "Owner": owned(other)},
	)
	deal := srv.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification", "Owner": owned(leaving)})[0]
	east := srv.AddTerritory("East", "", "")
	_, _, err := c.Territories.AddUsers(ctx, east.ID, leaving.ID)
	require.NoError(t, err)

	// Refusals: no transfer at all, an unknown heir, the admin.
	_, _, err = c.Users.TransferAndDelete(ctx, &sdk.UserTransfer{ID: leaving.ID, Transfer: &sdk.TransferTo{ID: "4150868000000000001", Records: true}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Users.TransferAndDeleteByID(ctx, srv.Admin().ID, &sdk.UserTransfer{Transfer: &sdk.TransferTo{ID: heir.ID}})
	assert.Equal(t, "NOT_ALLOWED", zohoCode(err), "the org's admin stays")
	var verr *sdk.ValidationError
	_, _, err = c.Users.TransferAndDelete(ctx, &sdk.UserTransfer{ID: leaving.ID})
	assert.ErrorAs(t, err, &verr, "neither transfer nor move_subordinate: nothing sent")

	srv.SetJobTime(time.Hour) // on the emulator's clock, which the test moves
	r, _, err := c.Users.TransferAndDelete(ctx, &sdk.UserTransfer{ID: leaving.ID,
		Transfer: &sdk.TransferTo{ID: heir.ID, Records: true, Assignment: true, Criteria: true}, MoveSubordinate: &sdk.NameID{ID: heir.ID}})
	require.NoError(t, err)
	assert.Equal(t, leaving.ID, r.ID())
	job := sdk.TransferJobID(r)
	require.NotEmpty(t, job)
	status, _, err := c.Users.TransferAndDeleteStatus(ctx, job)
	require.NoError(t, err)
	assert.Equal(t, "in_progress", status.Status)
	assert.False(t, status.Done())
	owner := func(module, id string) string {
		rec, ok := srv.Records(module).Get(id)
		require.True(t, ok)
		return rec["Owner"].(map[string]any)["id"].(string)
	}
	assert.Equal(t, leaving.ID, owner("Leads", leads[0]), "nothing moves before the job has run")

	srv.Advance(time.Hour)
	status, _, err = c.Users.WaitTransferAndDelete(ctx, job, nil)
	require.NoError(t, err)
	assert.Equal(t, "completed", status.Status)
	assert.True(t, status.Done())
	assert.Equal(t, heir.ID, owner("Leads", leads[0]), "the deleted user's records went to the heir")
	assert.Equal(t, heir.ID, owner("Deals", deal))
	assert.Equal(t, other.ID, owner("Leads", leads[1]), "others' records stay")
	gone, _ := srv.User(leaving.ID)
	assert.Equal(t, "deleted", gone.Status)
	users, _, err := c.Territories.Users(ctx, east.ID)
	require.NoError(t, err)
	assert.Empty(t, users, "a deleted user leaves their territories")

	// The path form, keeping the records where they are.
	srv.SetJobTime(0)
	r, _, err = c.Users.TransferAndDeleteByID(ctx, other.ID, &sdk.UserTransfer{Transfer: &sdk.TransferTo{ID: heir.ID}})
	require.NoError(t, err)
	assert.Equal(t, other.ID, r.ID())
	assert.Equal(t, other.ID, owner("Leads", leads[1]), "records were not asked for")
	_, _, err = c.Users.TransferAndDeleteByID(ctx, other.ID, &sdk.UserTransfer{Transfer: &sdk.TransferTo{ID: heir.ID}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "deleted already")
	_, _, err = c.Users.TransferAndDeleteStatus(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestUsersTransferDeleteKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	transfer := &sdk.UserTransfer{ID: "1", Transfer: &sdk.TransferTo{ID: "2", Records: true}}
	checkDocumented(t, "users_transfer_delete", map[string]documentedCall{
		"GET /crm/v8/users/actions/transfer_and_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.TransferAndDeleteStatus(ctx, "1"))
		},
		"POST /crm/v8/users/actions/transfer_and_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.TransferAndDelete(ctx, transfer))
		},
		"POST /crm/v8/users/{id}/actions/transfer_and_delete 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.TransferAndDeleteByID(ctx, "1", transfer))
		},
	})
}
