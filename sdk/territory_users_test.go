package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The membership of territories, seen from both sides: a territory's users
// (territory_users) and a user's territories (users_territories).
func TestTerritoryUsersAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ann := srv.AddUser(zohotest.User{Email: "ann@example.com", FirstName: "Ann", LastName: "Ito"})
	bo := srv.AddUser(zohotest.User{Email: "bo@example.com", FirstName: "Bo", LastName: "Diaz"})
	cy := srv.AddUser(zohotest.User{Email: "cy@example.com", FirstName: "Cy", LastName: "Ng", Status: "disabled"})
	east := srv.AddTerritory("East", "", "")

	none, _, err := c.Territories.Users(ctx, east.ID)
	require.NoError(t, err)
	assert.Empty(t, none)

	results, _, err := c.Territories.AddUsers(ctx, east.ID, ann.ID, bo.ID, cy.ID, "4150868000000000001")
	require.NoError(t, err)
	require.Len(t, results, 4)
	assert.Equal(t, ann.ID, results[0].ID())
	require.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "an inactive user")
	assert.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "no such user")
	r, _, err := c.Territories.AddUser(ctx, east.ID, ann.ID)
	assert.ErrorIs(t, err, sdk.ErrDuplicateData, "already in it")
	assert.False(t, r.OK())

	users, _, err := c.Territories.Users(ctx, east.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{ann.ID, bo.ID}, userIDsOf(users))
	got, _, err := c.Territories.User(ctx, east.ID, bo.ID)
	require.NoError(t, err)
	assert.Equal(t, "bo@example.com", got.Email)
	_, _, err = c.Territories.User(ctx, east.ID, srv.Admin().ID)
	assert.Error(t, err, "the admin is not in East: no content")

	// The same membership from the user's side, and in their user record.
	theirs, _, err := c.Users.Territories(ctx, ann.ID)
	require.NoError(t, err)
	require.Len(t, theirs, 1)
	assert.Equal(t, "East", theirs[0].Name)
	assert.Equal(t, srv.Territories()[0].ID, theirs[0].ReportingTo().ID)
	annUser, _, err := c.Users.Get(ctx, ann.ID)
	require.NoError(t, err)
	assert.Contains(t, string(annUser.Extra()["territories"]), east.ID)

	r, _, err = c.Territories.RemoveUser(ctx, east.ID, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, ann.ID, r.ID())
	theirs, _, err = c.Users.Territories(ctx, ann.ID)
	require.NoError(t, err)
	assert.Empty(t, theirs, "removed from the territory, so the territory is gone from the user")
	_, _, err = c.Territories.AddUser(ctx, east.ID, ann.ID)
	require.NoError(t, err)
	results, _, err = c.Territories.RemoveUsers(ctx, east.ID, ann.ID, bo.ID, cy.ID)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "never in it")
	users, _, err = c.Territories.Users(ctx, east.ID)
	require.NoError(t, err)
	assert.Empty(t, users)

	_, _, err = c.Territories.Users(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.Territories.AddUsers(ctx, east.ID)
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Territories.AddUser(ctx, "", ann.ID)
	assert.ErrorAs(t, err, &verr)
}

func userIDsOf(us []*sdk.User) []string { return pluck(us, func(u *sdk.User) string { return u.ID }) }

// pluck is what f gives of each of xs (nil for none).
func pluck[T, V any](xs []T, f func(T) V) []V {
	var out []V
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func TestTerritoryUsersKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "territory_users", map[string]documentedCall{
		"DELETE /crm/v8/settings/territories/{territory}/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.RemoveUsers(ctx, "1", "2"))
		},
		"DELETE /crm/v8/settings/territories/{territory}/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.RemoveUser(ctx, "1", "2"))
		},
		"GET /crm/v8/settings/territories/{territory}/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.Users(ctx, "1"))
		},
		"GET /crm/v8/settings/territories/{territory}/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.User(ctx, "1", "2"))
		},
		"PUT /crm/v8/settings/territories/{territory}/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.AddUsers(ctx, "1", "2"))
		},
		"PUT /crm/v8/settings/territories/{territory}/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.AddUser(ctx, "1", "2"))
		},
	})
}
