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
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8" // custom, created_by and display_label are v8's keys
	c := readyClient(t, srv, cfg)
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

	// v2 names them, and says nothing of who made them.
	cfg2 := fileConfig(t, srv)
	cfg2.APIVersion = "v2"
	old, _, err := readyClient(t, srv, cfg2).Profiles.List(ctx)
	require.NoError(t, err)
	require.Len(t, old, 3)
	assert.Equal(t, "Auditors", old[2].Name)
	assert.Nil(t, old[2].CreatedBy)
	assert.Contains(t, old[2].Extra(), "category")

	_, _, err = c.Profiles.Get(ctx, "4150868000005067099")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.Profiles.Get(ctx, "")
	require.ErrorAs(t, err, &verr)
}
