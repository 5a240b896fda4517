package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestUsersUnavailabilityAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ann := srv.AddUser(zohotest.User{Email: "ann@example.com", FirstName: "Ann", LastName: "Ito"})
	bo := srv.AddUser(zohotest.User{Email: "bo@example.com", FirstName: "Bo", LastName: "Diaz"})
	east := srv.AddTerritory("East", "", "")
	_, _, err := c.Territories.AddUsers(ctx, east.ID, bo.ID)
	require.NoError(t, err)
	zone := time.FixedZone("IST", 5*3600+1800)
	day := func(d, h int) time.Time { return time.Date(2031, 2, d, h, 0, 0, 0, zone) }

	none, _, err := c.UsersUnavailability.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)

	results, _, err := c.UsersUnavailability.Create(ctx,
		&sdk.Unavailability{From: day(18, 9), To: day(18, 18), Comments: "dentist", User: &sdk.UserRef{ID: ann.ID}},
		&sdk.Unavailability{From: day(20, 9), To: day(22, 18), AllDay: new(true), User: &sdk.UserRef{ID: bo.ID}},
		&sdk.Unavailability{From: day(19, 18), To: day(19, 9), User: &sdk.UserRef{ID: ann.ID}},
		&sdk.Unavailability{From: day(19, 9), To: day(19, 18), User: &sdk.UserRef{ID: "4150868000000000001"}},
	)
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "to before from")
	assert.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "no such user")
	dentist, trip := results[0].ID(), results[1].ID()

	// Listed, for everyone or for some, as they were marked.
	var all []*sdk.Unavailability
	for u, err := range c.UsersUnavailability.All(ctx, &sdk.UnavailabilityListOptions{IncludeZUID: true, ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		all = append(all, u)
	}
	require.Len(t, all, 2)
	assert.Equal(t, "Ann Ito", all[0].User.Name)
	assert.Equal(t, ann.ZUID, all[0].User.ZUID)
	assert.True(t, all[0].From.Equal(day(18, 9)))
	assert.Equal(t, "dentist", all[0].Comments)
	inEast, _, err := c.UsersUnavailability.List(ctx, &sdk.UnavailabilityListOptions{TerritoryIDs: []string{east.ID}})
	require.NoError(t, err)
	require.Len(t, inEast, 1)
	assert.Equal(t, bo.ID, inEast[0].User.ID)
	require.NotNil(t, inEast[0].AllDay)
	assert.True(t, *inEast[0].AllDay)
	byRole, _, err := c.UsersUnavailability.List(ctx, &sdk.UnavailabilityListOptions{RoleIDs: []string{ann.Role.ID}})
	require.NoError(t, err)
	assert.Len(t, byRole, 2, "both have the Manager role")
	later, _, err := c.UsersUnavailability.List(ctx, &sdk.UnavailabilityListOptions{
		Filters: sdk.Where("from", "greater_than", day(19, 0).Format(time.RFC3339))})
	require.NoError(t, err)
	require.Len(t, later, 1)
	assert.Equal(t, trip, later[0].ID)

	got, _, err := c.UsersUnavailability.Get(ctx, dentist, nil)
	require.NoError(t, err)
	assert.Equal(t, ann.ID, got.User.ID)
	r, _, err := c.UsersUnavailability.UpdateOne(ctx, dentist, &sdk.Unavailability{To: day(18, 12)})
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = c.UsersUnavailability.Update(ctx, &sdk.Unavailability{ID: trip, Comments: "conference"},
		&sdk.Unavailability{ID: dentist, To: day(17, 12)})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "to would come before from")
	got, _, err = c.UsersUnavailability.Get(ctx, dentist, nil)
	require.NoError(t, err)
	assert.True(t, got.To.Equal(day(18, 12)), "the refused update changed nothing")
	assert.Equal(t, "dentist", got.Comments)

	_, _, err = c.UsersUnavailability.Delete(ctx, dentist)
	require.NoError(t, err)
	_, _, err = c.UsersUnavailability.Get(ctx, dentist, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	left, _, err := c.UsersUnavailability.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, left, 1)
	assert.Equal(t, "conference", left[0].Comments)

	var verr *sdk.ValidationError
	_, _, err = c.UsersUnavailability.Create(ctx, &sdk.Unavailability{From: day(1, 1), To: day(1, 2)})
	assert.ErrorAs(t, err, &verr, "no user, nothing sent")
}

func TestUsersUnavailabilityKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	u := &sdk.Unavailability{ID: "1", From: time.Now(), To: time.Now().Add(time.Hour), User: &sdk.UserRef{ID: "2"}}
	checkDocumented(t, "users_unavailability", map[string]documentedCall{
		"DELETE /crm/v8/settings/users_unavailability/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.Delete(ctx, "1"))
		},
		"GET /crm/v8/settings/users_unavailability 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.List(ctx, nil))
		},
		"GET /crm/v8/settings/users_unavailability/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.Get(ctx, "1", nil))
		},
		"POST /crm/v8/settings/users_unavailability 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.Create(ctx, u))
		},
		"PUT /crm/v8/settings/users_unavailability 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.Update(ctx, u))
		},
		"PUT /crm/v8/settings/users_unavailability/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UsersUnavailability.UpdateOne(ctx, "1", u))
		},
	})
}
