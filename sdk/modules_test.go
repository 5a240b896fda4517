package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestModulesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	srv.AddModule(zohotest.Module{APIName: "Vehicles", Custom: true, DisplayField: "Plate",
		Fields: []zohotest.Field{{APIName: "Plate", Mandatory: true}}})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	modules, _, err := c.Modules.List(ctx)
	require.NoError(t, err)
	require.Len(t, modules, len(srv.Modules()))
	byName := map[string]*sdk.Module{}
	for _, m := range modules {
		byName[m.APIName] = m
	}
	assert.True(t, byName["Leads"].Convertable)
	assert.True(t, byName["Leads"].APISupported)
	assert.True(t, byName["Leads"].Creatable)
	assert.Equal(t, "Meetings", byName["Events"].ModuleName)
	assert.Equal(t, "custom", byName["Vehicles"].GeneratedType)

	m, _, err := c.Modules.Get(ctx, "Vehicles")
	require.NoError(t, err)
	assert.Equal(t, "Plate", m.DisplayField)
	require.NotNil(t, m.CustomView)
	assert.Equal(t, "All Vehicles", m.CustomView.Name)
	assert.Contains(t, m.CustomView.FieldNames(), "Plate")
	assert.Len(t, m.Profiles, 2)

	_, _, err = c.Modules.Get(ctx, "Spaceships")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	var verr *sdk.ValidationError
	_, _, err = c.Modules.Get(ctx, "")
	require.ErrorAs(t, err, &verr)
}
