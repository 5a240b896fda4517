package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestPortalUserTypesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	const portal = "ZylkerCare"
	results, _, err := c.Portals.Create(ctx, &sdk.Portal{Name: portal})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())

	contacts := &sdk.ModuleRef{APIName: "Contacts"}
	partners := &sdk.PortalType{Name: "Partners", PersonalityModule: contacts, Modules: []*sdk.PortalModule{
		{APIName: "Deals", Permissions: &sdk.PortalPermissions{View: true, Create: true}},
		{APIName: "Cases", Permissions: &sdk.PortalPermissions{View: true}},
	}}
	results, _, err = c.PortalUserTypes.Create(ctx, portal, partners,
		&sdk.PortalType{Name: "partners", PersonalityModule: contacts},
		&sdk.PortalType{Name: "Ghosts", PersonalityModule: &sdk.ModuleRef{APIName: "Ghosts"}},
		&sdk.PortalType{Name: "Nobody"})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "names are unique in a portal")
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData)
	assert.Equal(t, "personality_module", results[2].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrMandatoryNotFound)
	id := results[0].ID()

	got, _, err := c.PortalUserTypes.Get(ctx, portal, id)
	require.NoError(t, err)
	assert.Equal(t, "Partners", got.Name)
	assert.Equal(t, "Contacts", got.PersonalityModule.APIName)
	assert.NotEmpty(t, got.PersonalityModule.ID)
	require.Len(t, got.Modules, 2)
	deals := got.Modules[0]
	assert.Equal(t, "Deals", deals.APIName)
	assert.Equal(t, sdk.PortalPermissions{View: true, Create: true}, *clearKept(deals.Permissions))
	assert.NotEmpty(t, deals.Fields)
	require.NotEmpty(t, deals.Layouts)
	assert.NotNil(t, deals.Views, "a user type's view of a module is one object")
	assert.Zero(t, got.NoOfUsers)

	// An update replaces the permissions of the modules it names and keeps
	// the others.
	r, _, err := c.PortalUserTypes.Update(ctx, portal, id, &sdk.PortalType{Name: "Resellers", Modules: []*sdk.PortalModule{
		{APIName: "Deals", Permissions: &sdk.PortalPermissions{View: true, Edit: true}}}})
	require.NoError(t, err)
	assert.Equal(t, id, r.ID())
	got, _, err = c.PortalUserTypes.Get(ctx, portal, id)
	require.NoError(t, err)
	assert.Equal(t, "Resellers", got.Name)
	require.Len(t, got.Modules, 2)
	assert.True(t, got.Modules[0].Permissions.Edit)
	assert.False(t, got.Modules[0].Permissions.Create)
	assert.Equal(t, "Cases", got.Modules[1].APIName)
	_, _, err = c.PortalUserTypes.Update(ctx, portal, id, &sdk.PortalType{Modules: []*sdk.PortalModule{{APIName: "Nowhere"}}})
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	all, _, err := c.PortalUserTypes.List(ctx, portal)
	require.NoError(t, err)
	require.Len(t, all, 2, "the default type and Resellers")
	var def string
	for _, ut := range all {
		if ut.Default != nil && *ut.Default {
			def = ut.ID
		}
	}
	require.NotEmpty(t, def)

	// The default type stays, and so does one with users until they move.
	_, _, err = c.PortalUserTypes.Delete(ctx, portal, def)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	user := srv.AddPortalUser(portal, id, zohotest.PortalUser{Name: "Paul Daly", Email: "p.daly@zylker.com", Active: true})
	got, _, err = c.PortalUserTypes.Get(ctx, portal, id)
	require.NoError(t, err)
	assert.Equal(t, 1, got.NoOfUsers)
	_, _, err = c.PortalUserTypes.Delete(ctx, portal, id)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	moved, _, err := c.UserTypeUsers.Transfer(ctx, portal, id, def, user.PersonalityID)
	require.NoError(t, err)
	require.NoError(t, moved[0].Err())
	r, _, err = c.PortalUserTypes.Delete(ctx, portal, id)
	require.NoError(t, err)
	assert.True(t, r.OK())
	_, _, err = c.PortalUserTypes.Get(ctx, portal, id)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.PortalUserTypes.List(ctx, "NoSuchPortal")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.PortalUserTypes.Delete(ctx, portal, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

// clearKept returns p without what Zoho sent beside its fields.
func clearKept(p *sdk.PortalPermissions) *sdk.PortalPermissions {
	out := *p
	out.SetExtra(nil)
	return &out
}

func TestPortalUserTypesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	ut := &sdk.PortalType{Name: "x"}
	checkDocumented(t, "portal_user_type", map[string]documentedCall{
		"GET /crm/v8/settings/portals/{portal}/user_type 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalUserTypes.List(ctx, "p"))
		},
		"GET /crm/v8/settings/portals/{portal}/user_type/{user_type_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalUserTypes.Get(ctx, "p", "1"))
		},
		"POST /crm/v8/settings/portals/{portal}/user_type 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalUserTypes.Create(ctx, "p", ut))
		},
		"PUT /crm/v8/settings/portals/{portal}/user_type/{user_type_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalUserTypes.Update(ctx, "p", "1", ut))
		},
		"DELETE /crm/v8/settings/portals/{portal}/user_type/{user_type_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalUserTypes.Delete(ctx, "p", "1"))
		},
	})
}
