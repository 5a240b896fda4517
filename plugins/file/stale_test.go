package file_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/plugins/file"
)

// TestStaleTempFilesRemovedAtStart: the temporary copies and probes that a
// plugin killed mid-write leaves (each copy holds every user's tokens) are
// removed when a plugin starts on the folder; other files stay, and a link
// among the leftovers is removed without touching what it points at.
func TestStaleTempFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	store := mustLaunchAt(t, dir)
	kept := tokens("kept@example.com", 1)
	require.NoError(t, store.Save(testCtx(t), kept))
	full, err := os.ReadFile(filepath.Join(dir, file.FileName))
	require.NoError(t, err)
	require.NoError(t, store.Close())

	// What a kill between CreateTemp and the rename leaves behind.
	stale := []string{file.FileName + ".tmp-1234567890", file.FileName + ".tmp-42", file.FileName + ".probe-987654"}
	for _, name := range stale {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), full, 0o600))
	}
	v := newVictim(t, "not the store's")
	require.NoError(t, os.Symlink(v.path, filepath.Join(dir, file.FileName+".tmp-link")))
	others := []string{"notes.txt", file.FileName + ".bak", "x" + file.FileName + ".tmp-1"}
	for _, name := range others {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o600))
	}

	again := mustLaunchAt(t, dir)
	got, err := again.Get(testCtx(t), kept.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, kept, got)

	var names []string
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := append([]string{file.FileName, file.FileName + ".lock"}, others...)
	slices.Sort(want)
	assert.Equal(t, want, names)
	v.untouched(t)
}
