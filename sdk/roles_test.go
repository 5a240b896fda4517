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
