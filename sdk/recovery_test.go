package sdk_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
)

// killStore ends the token store plugin with SIGKILL and waits until it is
// gone.
func killStore(t *testing.T, c *sdk.Client) {
	t.Helper()
	pid := sdk.StorePID(c)
	require.NotZero(t, pid)
	require.NoError(t, testenv.Kill(pid))
	// go-plugin reaps its child; then the pid is gone.
	testenv.WaitFor(t, "the killed plugin's end", func() bool { return !testenv.Alive(pid) })
}

func TestKilledPluginIsRestarted(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	before := sdk.StorePID(c)

	killStore(t, c)
	ok, err := c.IsTokenGenerated(testCtx(t)) // cached: no store call needed
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = c.ForUser("someone.else@example.com").IsTokenGenerated(testCtx(t))
	require.NoError(t, err, "the next store call must start the plugin again")
	assert.False(t, ok)
	assert.Equal(t, int64(1), c.Stats().StoreRestarts)
	assert.NotEqual(t, before, sdk.StorePID(c))

	// The restarted store still has the tokens, and refreshes work.
	srv.Advance(2 * time.Hour)
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err)
}

func TestPluginThatCannotRestart(t *testing.T) {
	srv := emulator(t)
	dir := t.TempDir()
	_, err := testenv.BuildPlugins(dir, sdk.FilePluginName)
	require.NoError(t, err)
	cfg := fileConfig(t, srv)
	cfg.PluginDir = dir
	c := readyClient(t, srv, cfg)

	require.NoError(t, os.Remove(filepath.Join(dir, sdk.FilePluginName)))
	killStore(t, c)
	_, err = c.ForUser("someone.else@example.com").IsTokenGenerated(testCtx(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stopped")
	assert.Contains(t, err.Error(), "could not be started again")
}
