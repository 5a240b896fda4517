package sdk_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestManyUsersOneClient(t *testing.T) {
	srv := emulator(t)
	other := srv.AddUser(zohotest.User{FirstName: "Kris", LastName: "Marrier", Email: "kris.marrier@zylker.com"})
	cfg := fileConfig(t, srv)
	c := newClient(t, cfg)
	ctx := testCtx(t)

	admin := c.ForUser(srv.Admin().Email)
	kris := c.ForUser(other.Email)
	_, err := admin.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	_, err = kris.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, other.Email))
	require.NoError(t, err)

	users, err := c.StoredUsers(ctx)
	require.NoError(t, err)
	assert.Len(t, users, 2)

	// Many goroutines of both users: each sees itself.
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client, want := admin, srv.Admin().Email
			if i%2 == 1 {
				client, want = kris, other.Email
			}
			me, _, err := client.Users.Current(ctx)
			if assert.NoError(t, err) {
				assert.Equal(t, want, me.Email)
			}
		}()
	}
	wg.Wait()

	// The client without a user has two to choose from and says so.
	_, _, err = c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrNoUser)
	assert.Contains(t, err.Error(), "holds 2 users")

	// Revoking one user leaves the other's tokens alone.
	require.NoError(t, kris.RevokeTokens(ctx))
	_, _, err = kris.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrNoTokens)
	srv.Advance(2 * time.Hour)
	me, _, err := admin.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, me.Email)
}
