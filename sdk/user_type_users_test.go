package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestUserTypeUsersAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	const portal = "ZylkerPortal"
	customers := srv.AddPortalUserType(portal, "Customers")
	partners := srv.AddPortalUserType(portal, "Partners")
	prince := srv.AddPortalUser(portal, customers, zohotest.PortalUser{Name: "Prince Brian", Email: "p.brian@zylker.com", Active: true})
	paul := srv.AddPortalUser(portal, customers, zohotest.PortalUser{Name: "Paul Daly", Email: "p.daly@zylker.com", Active: true, Confirmed: true})
	carissa := srv.AddPortalUser(portal, customers, zohotest.PortalUser{Name: "Carissa Batman", Email: "carissa@example.com", StatusReason: "disabled on updation of email"})

	var names []string
	for u, err := range c.UserTypeUsers.All(ctx, portal, customers, &sdk.PortalUserListOptions{ListOptions: sdk.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"Prince Brian", "Paul Daly", "Carissa Batman"}, names)
	confirmed, _, err := c.UserTypeUsers.List(ctx, portal, customers, &sdk.PortalUserListOptions{Type: sdk.PortalConfirmedUsers})
	require.NoError(t, err)
	require.Len(t, confirmed, 1)
	assert.Equal(t, paul.PersonalityID, confirmed[0].PersonalityID)
	assert.Equal(t, "Contacts", confirmed[0].Module)
	assert.False(t, confirmed[0].InvitedTime.IsZero())
	kept, _, err := c.UserTypeUsers.List(ctx, portal, customers, &sdk.PortalUserListOptions{
		Filters: sdk.Where("status_reason__s", "not_equal", "disabled on updation of email")})
	require.NoError(t, err)
	assert.Len(t, kept, 2)

	r, _, err := c.UserTypeUsers.ChangeStatus(ctx, portal, customers, prince.PersonalityID, false)
	require.NoError(t, err)
	assert.Equal(t, prince.PersonalityID, r.Details["personality_id"])
	_, _, err = c.UserTypeUsers.ChangeStatus(ctx, portal, customers, prince.PersonalityID, false)
	assert.Equal(t, "ALREADY_DEACTIVATED", zohoCode(err))
	inactive, _, err := c.UserTypeUsers.List(ctx, portal, customers, &sdk.PortalUserListOptions{Type: sdk.PortalDeactiveUsers})
	require.NoError(t, err)
	assert.Len(t, inactive, 2, "Prince, and Carissa who never was active")

	results, _, err := c.UserTypeUsers.Transfer(ctx, portal, customers, partners, paul.PersonalityID, "4150868000000000001")
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "not a user of the type")
	assert.Equal(t, []string{paul.PersonalityID}, personalityIDsOf(srv.PortalUsers(portal, partners)))
	_, _, err = c.UserTypeUsers.Transfer(ctx, portal, customers, "4150868000000000002", prince.PersonalityID)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such user type")

	results, _, err = c.UserTypeUsers.Delete(ctx, portal, customers, carissa.PersonalityID, paul.PersonalityID)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "Paul moved to partners")
	assert.Equal(t, []string{prince.PersonalityID}, personalityIDsOf(srv.PortalUsers(portal, customers)))

	_, _, err = c.UserTypeUsers.List(ctx, portal, "4150868000000000002", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.UserTypeUsers.Delete(ctx, portal, customers)
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.UserTypeUsers.List(ctx, "", customers, nil)
	assert.ErrorAs(t, err, &verr)
}

func personalityIDsOf(us []zohotest.PortalUser) []string {
	return pluck(us, func(u zohotest.PortalUser) string { return u.PersonalityID })
}

func TestUserTypeUsersKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "user_type_users", map[string]documentedCall{
		"DELETE /crm/v8/settings/portals/{portal_name}/user_type/{user_type_id}/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserTypeUsers.Delete(ctx, "p", "1", "2"))
		},
		"GET /crm/v8/settings/portals/{portal_name}/user_type/{user_type_id}/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserTypeUsers.List(ctx, "p", "1", nil))
		},
		"POST /crm/v8/settings/portals/{portal_name}/user_type/{user_type_id}/users/action/transfer 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserTypeUsers.Transfer(ctx, "p", "1", "3", "2"))
		},
		"PUT /crm/v8/settings/portals/{portal_name}/user_type/{user_type_id}/users/{user_id}/actions/change_status 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UserTypeUsers.ChangeStatus(ctx, "p", "1", "2", true))
		},
	})
}
