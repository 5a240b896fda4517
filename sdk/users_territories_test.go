package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestUsersTerritoriesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	dee := srv.AddUser(zohotest.User{Email: "dee@example.com", FirstName: "Dee", LastName: "Park"})
	org := srv.Territories()[0]
	east := srv.AddTerritory("East", "", "")
	boston := srv.AddTerritory("Boston", east.ID, "")

	results, _, err := c.Users.AddTerritories(ctx, dee.ID, east.ID, boston.ID, east.ID, "4150868000000000001")
	require.NoError(t, err)
	require.Len(t, results, 4)
	assert.Equal(t, east.ID, results[0].ID())
	require.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData, "East twice")
	assert.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "no such territory")

	theirs, _, err := c.Users.Territories(ctx, dee.ID)
	require.NoError(t, err)
	require.Len(t, theirs, 2)
	assert.Equal(t, "Boston", theirs[1].Name)
	assert.Equal(t, east.ID, theirs[1].ReportingTo().ID)
	assert.Nil(t, theirs[0].Manager(), "East has no manager")
	one, _, err := c.Users.Territory(ctx, dee.ID, boston.ID)
	require.NoError(t, err)
	assert.Equal(t, "Boston", one.Name)

	// The same membership from the territory's side.
	users, _, err := c.Territories.Users(ctx, boston.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{dee.ID}, userIDsOf(users))

	r, _, err := c.Users.RemoveTerritory(ctx, dee.ID, boston.ID)
	require.NoError(t, err)
	assert.Equal(t, boston.ID, r.ID())
	users, _, err = c.Territories.Users(ctx, boston.ID)
	require.NoError(t, err)
	assert.Empty(t, users)
	_, _, err = c.Users.Territory(ctx, dee.ID, boston.ID)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no longer hers")

	_, _, err = c.Users.AddTerritories(ctx, dee.ID, boston.ID)
	require.NoError(t, err)
	results, _, err = c.Users.RemoveTerritories(ctx, dee.ID, east.ID, boston.ID, org.ID)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "not hers, and the org's territory is not taken from anyone")
	theirs, _, err = c.Users.Territories(ctx, dee.ID)
	require.NoError(t, err)
	assert.Empty(t, theirs)

	admin := srv.Admin()
	_, _, err = c.Users.AddTerritories(ctx, admin.ID, east.ID)
	assert.Equal(t, "NOT_ALLOWED", zohoCode(err), "a user does not change their own territories")
	mine, _, err := c.Users.Territories(ctx, admin.ID)
	require.NoError(t, err)
	require.Len(t, mine, 1, "the admin manages the org's territory")
	assert.Equal(t, admin.ID, mine[0].Manager().ID)

	var verr *sdk.ValidationError
	_, _, err = c.Users.RemoveTerritories(ctx, dee.ID)
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Users.Territories(ctx, "")
	assert.ErrorAs(t, err, &verr)
}

func TestUsersTerritoriesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "users_territories", map[string]documentedCall{
		"DELETE /crm/v8/users/{user}/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.RemoveTerritories(ctx, "1", "2"))
		},
		"DELETE /crm/v8/users/{user}/territories/{territory} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.RemoveTerritory(ctx, "1", "2"))
		},
		"GET /crm/v8/users/{user}/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.Territories(ctx, "1"))
		},
		"GET /crm/v8/users/{user}/territories/{territory} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.Territory(ctx, "1", "2"))
		},
		"PUT /crm/v8/users/{user}/territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.AddTerritories(ctx, "1", "2"))
		},
	})
}
