//go:build unix

package sdk_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// fakeStore writes, into dir, an executable named like the built-in file
// store that records being started (its environment and its input: what
// the SDK would have handed it) in a file, and returns that file's path.
func fakeStore(t *testing.T, dir string) (mark string) {
	t.Helper()
	return fakePlugin(t, filepath.Join(dir, sdk.FilePluginName))
}

// fakePlugin writes at path an executable that records being started, as
// fakeStore does, and returns the file it records in.
func fakePlugin(t *testing.T, path string) (mark string) {
	t.Helper()
	mark = filepath.Join(t.TempDir(), "fake-store-ran")
	script := fmt.Sprintf("#!/bin/sh\n{ echo ran; env; } > %q\ncat >> %q\nexit 1\n", mark, mark)
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	return mark
}

func assertNotStarted(t *testing.T, mark string) {
	t.Helper()
	_, err := os.Stat(mark)
	assert.ErrorIs(t, err, os.ErrNotExist, "the fake store was started")
}

// worldWritable is a fresh folder any user may write, as /tmp is.
func worldWritable(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o777|os.ModeSticky))
	return dir
}

// TestFakeStoreOnPathReceivesNothing: a binary named like a built-in store
// earlier on PATH is never started; the application serves the store
// itself and completes a grant and a call.
func TestFakeStoreOnPathReceivesNothing(t *testing.T) {
	srv := emulator(t)
	dir := t.TempDir()
	mark := fakeStore(t, dir)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))

	c := readyClient(t, srv, fileConfig(t, srv))
	me, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, me.Email)
	assertNotStarted(t, mark)
}

// TestUnsafePluginRefused: a separate built-in binary that another user
// could have replaced is refused with an error naming it, wherever the
// configuration points, and nothing is started.
func TestUnsafePluginRefused(t *testing.T) {
	srv := emulator(t)
	cases := []struct {
		name  string
		setup func(t *testing.T, cfg *sdk.Config) (binary, mark string)
		why   string
	}{
		{"world-writable plugin_dir", func(t *testing.T, cfg *sdk.Config) (string, string) {
			cfg.PluginDir = worldWritable(t)
			return filepath.Join(cfg.PluginDir, sdk.FilePluginName), fakeStore(t, cfg.PluginDir)
		}, "can be written by any user"},
		{"world-writable $ZCRM_PLUGIN_DIR", func(t *testing.T, cfg *sdk.Config) (string, string) {
			dir := worldWritable(t)
			t.Setenv(sdk.PluginDirEnv, dir)
			return filepath.Join(dir, sdk.FilePluginName), fakeStore(t, dir)
		}, "can be written by any user"},
		{"world-writable binary", func(t *testing.T, cfg *sdk.Config) (string, string) {
			cfg.PluginDir = t.TempDir()
			mark := fakeStore(t, cfg.PluginDir)
			bin := filepath.Join(cfg.PluginDir, sdk.FilePluginName)
			require.NoError(t, os.Chmod(bin, 0o777))
			return bin, mark
		}, "can be written by any user"},
		{"link into a world-writable folder", func(t *testing.T, cfg *sdk.Config) (string, string) {
			open := worldWritable(t)
			mark := fakeStore(t, open)
			cfg.PluginDir = t.TempDir()
			link := filepath.Join(cfg.PluginDir, sdk.FilePluginName)
			require.NoError(t, os.Symlink(filepath.Join(open, sdk.FilePluginName), link))
			return link, mark
		}, "can be written by any user"},
		{"owned by another user", func(t *testing.T, cfg *sdk.Config) (string, string) {
			if os.Geteuid() != 0 {
				t.Skip("giving a file to another user needs root")
			}
			cfg.PluginDir = t.TempDir()
			mark := fakeStore(t, cfg.PluginDir)
			bin := filepath.Join(cfg.PluginDir, sdk.FilePluginName)
			require.NoError(t, os.Chown(bin, 65534, 65534))
			return bin, mark
		}, "belongs to user 65534"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(sdk.PluginDirEnv, "")
			cfg := fileConfig(t, srv)
			binary, mark := tc.setup(t, &cfg)
			_, err := sdk.NewClient(testCtx(t), cfg)
			require.ErrorIs(t, err, sdk.ErrUnsafePlugin)
			var unsafe *sdk.UnsafePluginError
			require.ErrorAs(t, err, &unsafe)
			assert.Equal(t, binary, unsafe.Path)
			assert.Contains(t, err.Error(), binary)
			assert.Contains(t, err.Error(), tc.why)
			assertNotStarted(t, mark)
		})
	}
}

// TestUnsafePluginBesideTheExecutableRefused runs a copy of this test
// binary from a world-writable folder with a fake store beside it: the
// application refuses the fake, and the fake receives nothing.
func TestUnsafePluginBesideTheExecutableRefused(t *testing.T) {
	srv := emulator(t)
	dir := worldWritable(t)
	mark := fakeStore(t, dir)
	self, err := os.Executable()
	require.NoError(t, err)
	app := filepath.Join(dir, "app")
	copyFile(t, self, app)

	cfg := fileConfig(t, srv)
	cmd := exec.Command(app, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1",
		"ZCRM_CLIENT_ID="+cfg.ClientID, "ZCRM_CLIENT_SECRET="+cfg.ClientSecret, "ZCRM_REDIRECT_URI="+cfg.RedirectURI,
		"ZCRM_ACCOUNTS_URL="+cfg.AccountsURL, "ZCRM_TOKEN_PERSISTENCE_PATH="+cfg.TokenPersistencePath)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan(), "the application said nothing")
	assert.Contains(t, lines.Text(), "error zcrm: refusing token store plugin "+filepath.Join(dir, sdk.FilePluginName))
	assertNotStarted(t, mark)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	require.NoError(t, err)
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(dst, src)
	require.NoError(t, err)
	require.NoError(t, dst.Close())
}

// TestBuiltInPluginChecksum: plugin_checksum pins the separate binary.
func TestBuiltInPluginChecksum(t *testing.T) {
	srv := emulator(t)
	data, err := os.ReadFile(filepath.Join(pluginDir, sdk.FilePluginName))
	require.NoError(t, err)
	sum := sha256.Sum256(data)

	t.Run("matches", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PluginDir, cfg.PluginChecksum = pluginDir, hex.EncodeToString(sum[:])
		readyClient(t, srv, cfg)
	})
	t.Run("differs", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PluginDir, cfg.PluginChecksum = pluginDir, strings.Repeat("0", 64)
		_, err := sdk.NewClient(testCtx(t), cfg)
		require.ErrorIs(t, err, pluginproto.ErrChecksumMismatch)
		assert.Contains(t, err.Error(), filepath.Join(pluginDir, sdk.FilePluginName))
	})
	t.Run("no separate binary", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PluginChecksum = hex.EncodeToString(sum[:])
		_, err := sdk.NewClient(testCtx(t), cfg)
		var nf *sdk.PluginNotFoundError
		require.ErrorAs(t, err, &nf)
		assert.Contains(t, err.Error(), "plugin_checksum is set")
	})
}

// TestUnsafeCustomPluginRefused: persistence_handler_class_path naming a
// binary that another user could have replaced gets the built-in lookup's
// refusal, and the binary is never started. The same binary in a folder
// only its owner can write is started (it records it), so the refusals
// are the checks', not the binary's.
func TestUnsafeCustomPluginRefused(t *testing.T) {
	srv := emulator(t)
	const name = "my-store"
	cases := []struct {
		name  string
		setup func(t *testing.T) (binary, mark string)
		why   string
	}{
		{"world-writable binary", func(t *testing.T) (string, string) {
			bin := filepath.Join(t.TempDir(), name)
			mark := fakePlugin(t, bin)
			require.NoError(t, os.Chmod(bin, 0o777))
			return bin, mark
		}, "the binary can be written by any user (mode -rwxrwxrwx)"},
		{"world-writable folder", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			require.NoError(t, os.Chmod(dir, 0o777))
			bin := filepath.Join(dir, name)
			return bin, fakePlugin(t, bin)
		}, "its folder " + "%DIR% can be written by any user"},
		{"sticky world-writable folder (mode 1777, as /tmp)", func(t *testing.T) (string, string) {
			bin := filepath.Join(worldWritable(t), name)
			return bin, fakePlugin(t, bin)
		}, "its folder " + "%DIR% can be written by any user"},
		{"link to a binary in a world-writable folder", func(t *testing.T) (string, string) {
			target := filepath.Join(worldWritable(t), name)
			mark := fakePlugin(t, target)
			link := filepath.Join(t.TempDir(), name)
			require.NoError(t, os.Symlink(target, link))
			return link, mark
		}, "can be written by any user"},
		{"owned by another user", func(t *testing.T) (string, string) {
			if os.Geteuid() != 0 {
				t.Skip("giving a file to another user needs root")
			}
			bin := filepath.Join(t.TempDir(), name)
			mark := fakePlugin(t, bin)
			require.NoError(t, os.Chown(bin, 65534, 65534))
			return bin, mark
		}, "the binary belongs to user 65534"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := fileConfig(t, srv)
			binary, mark := tc.setup(t)
			cfg.PersistenceHandlerClassPath = binary
			_, err := sdk.NewClient(testCtx(t), cfg)
			require.ErrorIs(t, err, sdk.ErrUnsafePlugin)
			var unsafe *sdk.UnsafePluginError
			require.ErrorAs(t, err, &unsafe)
			assert.Equal(t, binary, unsafe.Path)
			assert.Contains(t, err.Error(), "persistence_handler_class_path")
			assert.Contains(t, err.Error(), strings.ReplaceAll(tc.why, "%DIR%", filepath.Dir(binary)))
			assertNotStarted(t, mark)
		})
	}

	t.Run("plugin_checksum pins it", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PersistenceHandlerClassPath = filepath.Join(t.TempDir(), name)
		mark := fakePlugin(t, cfg.PersistenceHandlerClassPath)
		cfg.PluginChecksum = strings.Repeat("0", 64)
		_, err := sdk.NewClient(testCtx(t), cfg)
		require.ErrorIs(t, err, pluginproto.ErrChecksumMismatch)
		assert.Contains(t, err.Error(), cfg.PersistenceHandlerClassPath)
		assertNotStarted(t, mark)
	})

	t.Run("a safe binary is started", func(t *testing.T) {
		cfg := fileConfig(t, srv)
		cfg.PersistenceHandlerClassPath = filepath.Join(t.TempDir(), name)
		mark := fakePlugin(t, cfg.PersistenceHandlerClassPath)
		_, err := sdk.NewClient(testCtx(t), cfg)
		require.ErrorIs(t, err, pluginproto.ErrHandshake, "the fake is no plugin")
		_, err = os.Stat(mark)
		require.NoError(t, err, "the fake records that it was started")
	})
}
