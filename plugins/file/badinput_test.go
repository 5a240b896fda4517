package file_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// TestCorruptFile: every call on a file that does not parse fails with an
// error naming the file and the problem, and the file keeps its bytes.
func TestCorruptFile(t *testing.T) {
	dir := t.TempDir()
	store := mustLaunchAt(t, dir)
	path := filepath.Join(dir, file.FileName)
	good := tokens("good@example.com", 1)
	require.NoError(t, store.Save(testCtx(t), good))
	valid, err := os.ReadFile(path)
	require.NoError(t, err)

	cases := []struct {
		name    string
		content string
		says    string // part of the explanation
	}{
		{"not JSON", "this is not JSON\n", "line 1, column 2: invalid character"},
		{"cut short", string(valid[:len(valid)/2]), "ends in the middle"},
		{"syntax error on a later line", strings.Replace(string(valid), `"expiry_time":`, `"expiry_time"`, 1), "line 8"},
		{"Ruby SDK file", "\x04\b{\x06I\"\x15good@example.com\x06:\x06ET", "Ruby Marshal"},
		{"newer version", `{"version": 2, "users": []}`, "format version 2"},
		{"no version", `{"users": []}`, `no "version" field`},
		{"misspelt field", `{"version": 1, "users": [{"user_identifier": "a@example.com", "acess_token": "x"}]}`, `unknown field "acess_token"`},
		{"wrong type", `{"version": 1, "users": [{"user_identifier": "a@example.com", "expiry_time": "soon"}]}`, `"users.expiry_time" should be a whole number, not string`},
		{"users not a list", `{"version": 1, "users": {"a": 1}}`, `"users" should be a list [...], not object`},
		{"not an object", `[]`, "the file should hold an object {...}, not array"},
		{"no user identifier", `{"version": 1, "users": [{"access_token": "x"}]}`, `user number 1 in "users" has no "user_identifier"`},
		{"same user twice", `{"version": 1, "users": [{"user_identifier": "a@example.com"}, {"user_identifier": "a@example.com"}]}`, `"a@example.com" appears more than once`},
		{"two documents", string(valid) + `{"version": 1}`, "more data after the JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			_, getErr := store.Get(testCtx(t), good.UserIdentifier)
			_, listErr := store.List(testCtx(t))
			saveErr := store.Save(testCtx(t), tokens("new@example.com", 2))
			deleteErr := store.Delete(testCtx(t), good.UserIdentifier)
			for call, err := range map[string]error{"Get": getErr, "List": listErr, "Save": saveErr, "Delete": deleteErr} {
				require.Error(t, err, "%s on a corrupt file", call)
				assert.NotErrorIs(t, err, pluginproto.ErrNotFound, call)
				msg := err.Error()
				assert.Contains(t, msg, path+" is not a zcrm token file: ", call)
				assert.Contains(t, msg, tc.says, call)
				assert.Contains(t, msg, "fix or move it", call)
			}
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(after), "the corrupt file was changed")
			assert.Empty(t, strayFiles(t, dir))
		})
	}

	// Once fixed, the same process reads the file again: nothing was cached.
	require.NoError(t, os.WriteFile(path, valid, 0o600))
	got, err := store.Get(testCtx(t), good.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, good, got)
}

func TestMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such-folder")
	for _, path := range []string{missing, filepath.Join(missing, file.FileName)} {
		_, err := launchAt(t, path)
		require.Error(t, err, "started with %s", path)
		msg := err.Error()
		assert.Contains(t, msg, "token folder "+missing+" does not exist")
		assert.Contains(t, msg, "create it (mkdir -p "+missing+")")
		_, statErr := os.Stat(missing)
		assert.ErrorIs(t, statErr, os.ErrNotExist, "the store must not create folders")
	}

	// A path naming some other file is not taken for a folder.
	other := filepath.Join(t.TempDir(), "tokens.json")
	require.NoError(t, os.WriteFile(other, []byte("{}"), 0o600))
	_, err := launchAt(t, other)
	require.Error(t, err)
	assert.Contains(t, err.Error(), other+" is a file, not a folder")
}

// nobody is the unprivileged uid and gid the plugin runs as when the tests
// run as root, for whom permission bits do not stop writes.
const nobody = 65534

// unprivilegedPlugin returns a plugin binary that runs without privileges:
// as root, a wrapper script that drops to uid 65534 before exec'ing the
// plugin; otherwise the plugin itself.
func unprivilegedPlugin(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return pluginPath
	}
	var drop string
	if p, err := exec.LookPath("setpriv"); err == nil {
		drop = fmt.Sprintf("%s --reuid=%d --regid=%d --clear-groups --", p, nobody, nobody)
	} else if p, err := exec.LookPath("runuser"); err == nil {
		drop = fmt.Sprintf("%s -u nobody --", p)
	} else {
		t.Fatal("running as root, and neither setpriv nor runuser (util-linux) is installed to run the plugin as an unprivileged user: install util-linux or run the tests as a normal user")
	}
	wrapper := filepath.Join(t.TempDir(), "unprivileged-plugin")
	script := fmt.Sprintf("#!/bin/sh\nexec %s %q \"$@\"\n", drop, pluginPath)
	require.NoError(t, os.WriteFile(wrapper, []byte(script), 0o755))
	return wrapper
}

// unprivilegedUID is the uid unprivilegedPlugin's processes run as.
func unprivilegedUID() int {
	if os.Geteuid() == 0 {
		return nobody
	}
	return os.Geteuid()
}

// sharedTempDir makes a folder that an unprivileged plugin can reach
// (t.TempDir's parents are private to root).
func sharedTempDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "zcrm-file-unwritable-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	require.NoError(t, os.Chmod(base, 0o755))
	return base
}

func TestUnwritableFolder(t *testing.T) {
	plugin := unprivilegedPlugin(t)
	launchAs := func(t *testing.T, dir string) (*pluginproto.Client, error) {
		return launch(t, pluginproto.LaunchConfig{Path: plugin, Env: []string{file.EnvPath + "=" + dir}})
	}

	t.Run("at start", func(t *testing.T) {
		dir := filepath.Join(sharedTempDir(t), "tokens")
		require.NoError(t, os.Mkdir(dir, 0o755))
		if os.Geteuid() != 0 {
			require.NoError(t, os.Chmod(dir, 0o555))
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		} // as root the folder is root's and the plugin runs as nobody

		_, err := launchAs(t, dir)
		require.Error(t, err, "the plugin started on a folder it cannot write")
		msg := err.Error()
		assert.Contains(t, msg, "token folder "+dir+" is not writable (permission denied)")
		assert.Contains(t, msg, fmt.Sprintf("give this process (uid %d) write access", unprivilegedUID()))
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Empty(t, entries)
	})

	t.Run("after start", func(t *testing.T) {
		dir := filepath.Join(sharedTempDir(t), "tokens")
		require.NoError(t, os.Mkdir(dir, 0o755))
		if os.Geteuid() == 0 {
			require.NoError(t, os.Chown(dir, nobody, nobody))
		}
		store, err := launchAs(t, dir)
		require.NoError(t, err)
		kept := tokens("kept@example.com", 1)
		require.NoError(t, store.Save(testCtx(t), kept))
		path := filepath.Join(dir, file.FileName)
		before, err := os.ReadFile(path)
		require.NoError(t, err)

		require.NoError(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		err = store.Save(testCtx(t), tokens("new@example.com", 2))
		require.Error(t, err, "saved into a read-only folder")
		assert.Contains(t, err.Error(), "cannot write token file "+path+": creating a temporary file in "+dir+": permission denied")

		got, err := store.Get(testCtx(t), kept.UserIdentifier)
		require.NoError(t, err, "reads must go on working")
		assert.Equal(t, kept, got)
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, before, after)
	})
}
