package file_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// victim is a file outside the token folder that a link points at: it must
// keep its bytes and its mode, and nothing may appear beside it.
type victim struct {
	dir, path string
	data      []byte
}

func newVictim(t *testing.T, data string) victim {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "elsewhere.txt")
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	require.NoError(t, os.Chmod(path, 0o644))
	return victim{dir: dir, path: path, data: []byte(data)}
}

func (v victim) untouched(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(v.path)
	require.NoError(t, err)
	assert.Equal(t, string(v.data), string(data), "the store wrote through a link")
	info, err := os.Stat(v.path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), "the store changed the mode of a link's target")
	entries, err := os.ReadDir(v.dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{filepath.Base(v.path)}, names, "the store created files outside its folder")
}

// TestSymlinkedTokenFileRefused: a token file that is a symbolic link, to a
// file or to nothing, is refused at start as a configuration error that
// says so; the link's target is neither written, nor re-moded, nor given
// lock files beside it.
func TestSymlinkedTokenFileRefused(t *testing.T) {
	for _, tc := range []struct {
		name     string
		dangling bool
		byFile   bool // token_persistence_path names the file, not the folder
	}{
		{name: "to an empty file"},
		{name: "named by token_persistence_path", byFile: true},
		{name: "dangling", dangling: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			v := newVictim(t, "")
			target := v.path
			if tc.dangling {
				target = filepath.Join(v.dir, "missing.txt")
			}
			link := filepath.Join(dir, file.FileName)
			require.NoError(t, os.Symlink(target, link))

			path := dir
			if tc.byFile {
				path = link
			}
			_, err := launchAt(t, path)
			require.Error(t, err, "started on a symlinked token file")
			assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
			assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "token file "+link+" is a symbolic link to "+target), "the cause must lead: %s", msg)
			assert.Contains(t, msg, "does not follow symbolic links")
			if tc.dangling {
				assert.Contains(t, msg, "which does not exist")
				_, err := os.Lstat(target)
				assert.ErrorIs(t, err, os.ErrNotExist, "the store created the link's target")
			}
			v.untouched(t)
			info, err := os.Lstat(link)
			require.NoError(t, err)
			assert.Equal(t, os.ModeSymlink, info.Mode().Type(), "the link was replaced")
		})
	}
}

// TestSymlinkSwappedInAfterStart: a link put in the token file's place
// while the plugin runs is neither read nor written through.
func TestSymlinkSwappedInAfterStart(t *testing.T) {
	dir := t.TempDir()
	store := mustLaunchAt(t, dir)
	kept := tokens("kept@example.com", 1)
	require.NoError(t, store.Save(testCtx(t), kept))

	v := newVictim(t, `{"version": 1, "users": []}`)
	path := filepath.Join(dir, file.FileName)
	require.NoError(t, os.Rename(path, path+".moved"))
	require.NoError(t, os.Symlink(v.path, path))

	_, getErr := store.Get(testCtx(t), kept.UserIdentifier)
	saveErr := store.Save(testCtx(t), tokens("new@example.com", 2))
	deleteErr := store.Delete(testCtx(t), kept.UserIdentifier)
	for call, err := range map[string]error{"Get": getErr, "Save": saveErr, "Delete": deleteErr} {
		require.Error(t, err, call)
		assert.Contains(t, err.Error(), "token file "+path+" is a symbolic link to "+v.path, call)
	}
	v.untouched(t)
}

// TestSymlinkedLockFilesRefused: lock files are opened without following
// links, so a link planted in a lock file's place cannot make the store
// create or open a file elsewhere.
func TestSymlinkedLockFilesRefused(t *testing.T) {
	t.Run("file lock", func(t *testing.T) {
		dir := t.TempDir()
		v := newVictim(t, "")
		missing := filepath.Join(v.dir, "passwd.lock")
		require.NoError(t, os.Symlink(missing, filepath.Join(dir, file.FileName+".lock")))
		_, err := launchAt(t, dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), file.FileName+".lock: is a symbolic link")
		_, err = os.Lstat(missing)
		assert.ErrorIs(t, err, os.ErrNotExist, "the store created a file through the lock's link")
		v.untouched(t)
	})

	t.Run("refresh lock", func(t *testing.T) {
		dir := t.TempDir()
		store := mustLaunchAt(t, dir)
		user := "locked@example.com"
		release, err := store.Lock(testCtx(t), user, time.Minute)
		require.NoError(t, err)
		require.NoError(t, release(testCtx(t)))
		locks, err := filepath.Glob(filepath.Join(dir, "*.refresh.lock"))
		require.NoError(t, err)
		require.Len(t, locks, 1)

		v := newVictim(t, "")
		require.NoError(t, os.Remove(locks[0]))
		require.NoError(t, os.Symlink(v.path, locks[0]))
		_, err = store.Lock(testCtx(t), user, time.Minute)
		require.Error(t, err, "took a refresh lock through a link")
		assert.Contains(t, err.Error(), "is a symbolic link")
		v.untouched(t)
	})
}

// TestFolderInTokenFilesPlace: a folder named like the token file is a
// configuration error that leads with what is wrong.
func TestFolderInTokenFilesPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, file.FileName)
	require.NoError(t, os.Mkdir(path, 0o700))
	_, err := launchAt(t, dir)
	require.Error(t, err)
	assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
	assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
	assert.True(t, strings.HasPrefix(err.Error(), "token file "+path+" is a folder"), err.Error())
}
