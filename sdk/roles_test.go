package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestRolesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	vp := srv.AddRole(zohotest.Role{Name: "VP Sales"})
	rep := srv.AddRole(zohotest.Role{Name: "Sales Rep", ReportingTo: "VP Sales"})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	roles, _, err := c.Roles.List(ctx)
	require.NoError(t, err)
	require.Len(t, roles, 4)
	assert.Equal(t, "CEO", roles[0].Name)
	assert.Nil(t, roles[0].ReportingTo, "the top of the hierarchy")
	assert.True(t, roles[0].AdminUser)
	assert.Equal(t, srv.Admin().Role.ID, roles[0].ID)

	r, _, err := c.Roles.Get(ctx, rep.ID)
	require.NoError(t, err)
	assert.Equal(t, "Sales Rep", r.DisplayLabel)
	require.NotNil(t, r.ReportingTo)
	assert.Equal(t, vp.ID, r.ReportingTo.ID)
	assert.Equal(t, "VP Sales", r.ReportingTo.Name)

	_, _, err = c.Roles.Get(ctx, "4150868000005067099")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.Roles.Get(ctx, "a/b")
	require.ErrorAs(t, err, &verr)
}

func TestRoleWritesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	roleID := func(name string) string {
		for _, r := range srv.Roles() {
			if r.Name == name {
				return r.ID
			}
		}
		return ""
	}
	ceo, manager := roleID("CEO"), roleID("Manager")

	results, _, err := c.Roles.Create(ctx,
		&sdk.Role{Name: "Sales Lead", ReportingTo: &sdk.Lookup{ID: ceo}, ShareWithPeers: new(true)},
		&sdk.Role{Name: "manager", ReportingTo: &sdk.Lookup{ID: ceo}},
		&sdk.Role{Name: "Nobody's"},
		&sdk.Role{Name: "Lost", ReportingTo: &sdk.Lookup{ID: "4150868000000999999"}})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData, "role names are unique, whatever their case")
	require.ErrorIs(t, results[2].Err(), sdk.ErrMandatoryNotFound)
	assert.Equal(t, "reporting_to", results[2].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData)
	lead := results[0].ID()

	r, _, err := c.Roles.UpdateOne(ctx, lead, &sdk.Role{Name: "Sales Head"})
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = c.Roles.Update(ctx, &sdk.Role{ID: lead, ReportingTo: &sdk.Lookup{ID: manager}}, &sdk.Role{ID: manager, ReportingTo: &sdk.Lookup{ID: lead}})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "a role cannot report to one below it")
	got, _, err := c.Roles.Get(ctx, lead)
	require.NoError(t, err)
	assert.Equal(t, "Sales Head", got.Name)
	require.NotNil(t, got.ReportingTo)
	assert.Equal(t, manager, got.ReportingTo.ID)

	// A user in the role moves to the role it is transferred to.
	u := srv.AddUser(zohotest.User{LastName: "Moved", Email: "moved@zylker.test"})
	_, _, err = c.Users.Update(ctx, &sdk.User{ID: u.ID, Role: &sdk.Lookup{ID: lead}})
	require.NoError(t, err)
	_, _, err = c.Roles.Delete(ctx, lead, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	_, _, err = c.Roles.Delete(ctx, lead, lead)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "not to itself")
	_, _, err = c.Roles.Delete(ctx, ceo, manager)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the top role stays")
	r, _, err = c.Roles.Delete(ctx, lead, manager)
	require.NoError(t, err)
	assert.Equal(t, lead, r.ID())
	user, _, err := c.Users.Get(ctx, u.ID)
	require.NoError(t, err)
	require.NotNil(t, user.Role)
	assert.Equal(t, manager, user.Role.ID, "the role's user moved to transfer_to_id")
	_, _, err = c.Roles.Get(ctx, lead)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	roles, _, err := c.Roles.List(ctx)
	require.NoError(t, err)
	assert.Len(t, roles, 2)
}

func TestRolesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	r := &sdk.Role{ID: "1", Name: "x"}
	checkDocumented(t, "roles", map[string]documentedCall{
		"GET /crm/v8/settings/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.List(ctx))
		},
		"GET /crm/v8/settings/roles/{role_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/roles 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.Create(ctx, r))
		},
		"PUT /crm/v8/settings/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.Update(ctx, r))
		},
		"PUT /crm/v8/settings/roles/{role_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.UpdateOne(ctx, "1", r))
		},
		"DELETE /crm/v8/settings/roles/{role_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Roles.Delete(ctx, "1", "2"))
		},
	})
}
