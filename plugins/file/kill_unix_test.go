//go:build unix

package file_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/plugins/file"
)

// TestKilledMidWriteLeavesNothingForLong kills a real plugin while its
// temporary copy exists (stopped as soon as one is seen, killed only if it
// is still there), then starts another plugin on the folder: the copy is
// gone and the token file is whole.
func TestKilledMidWriteLeavesNothingForLong(t *testing.T) {
	dir := t.TempDir()
	store := mustLaunchAt(t, dir)
	pid := store.Pid()
	require.NotZero(t, pid)
	// Many users make each write longer, and so easier to catch.
	for i := range 200 {
		require.NoError(t, store.Save(testCtx(t), tokens(fmt.Sprintf("user-%03d@example.com", i), i)))
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			if store.Save(testCtx(t), tokens("busy@example.com", i)) != nil {
				return // killed
			}
		}
	}()
	ctx := testCtx(t)
	var leftover string
	for leftover == "" {
		require.NoError(t, ctx.Err(), "never caught the plugin mid-write")
		temp := tempFile(t, dir)
		if temp == "" {
			continue
		}
		require.NoError(t, syscall.Kill(pid, syscall.SIGSTOP))
		if tempFile(t, dir) == temp {
			require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
			leftover = temp
			break
		}
		require.NoError(t, syscall.Kill(pid, syscall.SIGCONT)) // renamed meanwhile: try again
	}
	<-done
	_, err := os.Stat(filepath.Join(dir, leftover))
	require.NoError(t, err, "the killed plugin's temporary copy")

	again := mustLaunchAt(t, dir)
	_, err = os.Stat(filepath.Join(dir, leftover))
	assert.ErrorIs(t, err, os.ErrNotExist, "the temporary copy survived the next start")
	infos, err := again.List(testCtx(t))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(infos), 200)
	assert.Empty(t, strayFiles(t, dir))
}

// tempFile returns the name of a temporary copy in dir, or "".
func tempFile(t *testing.T, dir string) string {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), file.FileName+".tmp-") {
			return e.Name()
		}
	}
	return ""
}
