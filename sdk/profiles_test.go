package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestProfilesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	auditors := srv.AddProfile("Auditors")
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	profiles, _, err := c.Profiles.List(ctx)
	require.NoError(t, err)
	require.Len(t, profiles, 3)
	assert.Equal(t, "Administrator", profiles[0].Name)
	assert.Equal(t, srv.Admin().Profile.ID, profiles[0].ID)
	assert.False(t, profiles[0].Custom)
	assert.True(t, profiles[2].Custom)
	require.NotNil(t, profiles[2].CreatedBy)
	assert.Equal(t, srv.Admin().ID, profiles[2].CreatedBy.ID)

	p, _, err := c.Profiles.Get(ctx, auditors.ID)
	require.NoError(t, err)
	assert.Equal(t, "Auditors", p.DisplayLabel)

	_, _, err = c.Profiles.Get(ctx, "4150868000005067099")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.Profiles.Get(ctx, "")
	require.ErrorAs(t, err, &verr)
}
