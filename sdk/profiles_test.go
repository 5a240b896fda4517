package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
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
	assert.False(t, *profiles[0].Custom)
	assert.True(t, *profiles[2].Custom)
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

func TestProfileWritesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	var standard string
	for _, p := range srv.Profiles() {
		if p.Name == "Standard" {
			standard = p.ID
		}
	}

	r, _, err := c.Profiles.Clone(ctx, standard, &sdk.Profile{Name: "Field Sales", Description: "Standard, for the road"})
	require.NoError(t, err)
	clone := r.ID()
	require.NotEmpty(t, clone)
	_, _, err = c.Profiles.Clone(ctx, standard, &sdk.Profile{Name: "field sales"})
	require.ErrorIs(t, err, sdk.ErrDuplicateData, "profile names are unique")
	_, _, err = c.Profiles.Clone(ctx, standard, &sdk.Profile{Description: "no name"})
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound)
	_, _, err = c.Profiles.Clone(ctx, "4150868000000999999", &sdk.Profile{Name: "Ghost"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	profiles, _, err := c.Profiles.List(ctx)
	require.NoError(t, err)
	require.Len(t, profiles, 3, "the clone lists as a profile")
	got, _, err := c.Profiles.Get(ctx, clone)
	require.NoError(t, err)
	assert.Equal(t, "Field Sales", got.Name)
	assert.Equal(t, "Standard, for the road", got.Description)
	require.NotNil(t, got.Custom)
	assert.True(t, *got.Custom)

	_, _, err = c.Profiles.Update(ctx, clone, &sdk.Profile{Name: "Road Sales", Description: "renamed"})
	require.NoError(t, err)
	got, _, err = c.Profiles.Get(ctx, clone)
	require.NoError(t, err)
	assert.Equal(t, "Road Sales", got.Name)
	assert.Equal(t, "renamed", got.Description)

	// Its users move to the profile it is transferred to.
	u := srv.AddUser(zohotest.User{LastName: "Roads", Email: "roads@zylker.test"})
	_, _, err = c.Users.Update(ctx, &sdk.User{ID: u.ID, Profile: &sdk.Lookup{ID: clone}})
	require.NoError(t, err)
	_, _, err = c.Profiles.Delete(ctx, standard, clone)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "built-in profiles stay")
	_, _, err = c.Profiles.Delete(ctx, clone, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
	r, _, err = c.Profiles.Delete(ctx, clone, standard)
	require.NoError(t, err)
	assert.Equal(t, clone, r.ID())
	user, _, err := c.Users.Get(ctx, u.ID)
	require.NoError(t, err)
	assert.Equal(t, standard, user.Profile.ID)
	profiles, _, err = c.Profiles.List(ctx)
	require.NoError(t, err)
	assert.Len(t, profiles, 2)
}

func TestProfilesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	p := &sdk.Profile{Name: "x"}
	checkDocumented(t, "profiles", map[string]documentedCall{
		"GET /crm/v8/settings/profiles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Profiles.List(ctx))
		},
		"GET /crm/v8/settings/profiles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Profiles.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/profiles/{id}/actions/clone 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Profiles.Clone(ctx, "1", p))
		},
		"PUT /crm/v8/settings/profiles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Profiles.Update(ctx, "1", p))
		},
		"DELETE /crm/v8/settings/profiles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Profiles.Delete(ctx, "1", "2"))
		},
	})
}
