package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestLayoutsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	layouts, _, err := c.Layouts.List(ctx, "Deals")
	require.NoError(t, err)
	require.Len(t, layouts, 1)
	l := layouts[0]
	assert.Equal(t, "Standard", l.Name)
	assert.True(t, l.Visible)
	require.Len(t, l.Sections, 1)
	assert.Equal(t, "Deal Information", l.Sections[0].DisplayLabel)
	deals, _ := srv.Module("Deals")
	require.Len(t, l.Fields(), len(deals.Fields))
	assert.Equal(t, "Deal_Name", l.Fields()[0].APIName)
	assert.True(t, l.Fields()[0].Required)
	assert.NotEmpty(t, l.Profiles)

	again, _, err := c.Layouts.Get(ctx, "Deals", l.ID)
	require.NoError(t, err)
	assert.Equal(t, l.ID, again.ID)
	_, _, err = c.Layouts.Get(ctx, "Leads", l.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a layout of another module")
	var verr *sdk.ValidationError
	_, _, err = c.Layouts.List(ctx, " ")
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Layouts.Get(ctx, "Deals", "")
	require.ErrorAs(t, err, &verr)
}
