package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/pluginproto/storetest"
)

// pluginPath is the plugin binary built once for all tests: they drive it
// as the SDK does, through real plugin processes.
var pluginPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-example-plugin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	paths, err := testenv.BuildPlugins(dir, "zcrm-persistence-example")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	pluginPath = paths["zcrm-persistence-example"]
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func newKey(t *testing.T) string {
	key := make([]byte, 32)
	_, err := rand.Read(key)
	require.NoError(t, err)
	return hex.EncodeToString(key)
}

func storeEnv(key, path string) []string {
	return []string{keyEnv + "=" + key, pathEnv + "=" + path}
}

// launch starts a plugin process with env added to its environment.
func launch(t *testing.T, env ...string) (*pluginproto.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: pluginPath, Env: env})
	if err == nil {
		t.Cleanup(func() { _ = c.Close() })
	}
	return c, err
}

func mustLaunch(t *testing.T, env ...string) *pluginproto.Client {
	t.Helper()
	c, err := launch(t, env...)
	require.NoError(t, err)
	return c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func sampleTokens(user string) pluginproto.Tokens {
	return pluginproto.Tokens{
		UserIdentifier: user,
		AccessToken:    "1000.access0f3a9c1e5b7d2468ace13579bdf02468.aa11bb22cc33dd44",
		RefreshToken:   "1000.refresh9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b.ee55ff66aa77bb88",
		ExpiryTime:     time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli(),
		APIDomain:      "https://www.zohoapis.eu",
		AccountsServer: "https://accounts.zoho.eu",
	}
}

func TestConformance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	storetest.Run(t, storetest.Harness{
		Launch: storetest.LaunchBinary(pluginPath, storeEnv(newKey(t), path)...),
	})
}

func TestFileHoldsNoClearText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	env := storeEnv(newKey(t), path)
	tokens := sampleTokens("clear-text-check@example.com")
	first := mustLaunch(t, env...)
	require.NoError(t, first.Save(ctx(t), tokens))
	require.NoError(t, first.Close())

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, secret := range []string{tokens.AccessToken, tokens.RefreshToken, tokens.UserIdentifier, tokens.APIDomain, tokens.AccountsServer} {
		assert.False(t, bytes.Contains(data, []byte(secret)), "the file holds %q in clear", secret)
	}
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	// The same file, read by a new process, gives the tokens back.
	got, err := mustLaunch(t, env...).Get(ctx(t), tokens.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, tokens, got)
}

func TestRefusesToStartWithoutAValidKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	short := make([]byte, 16)
	_, _ = rand.Read(short)
	long := make([]byte, 32)
	_, _ = rand.Read(long)
	for name, key := range map[string]string{
		"unset":           "", // set empty, so that a key in the test's own environment cannot leak in
		"not hex":         strings.Repeat("zq", 32),
		"16 bytes":        hex.EncodeToString(short),
		"base64, not hex": base64.StdEncoding.EncodeToString(long),
		"a word, not hex": "secret",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := launch(t, storeEnv(key, path)...)
			require.Error(t, err)
			// A configuration error, reported as such and leading with its cause.
			assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
			assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
			assert.True(t, strings.HasPrefix(err.Error(), keyEnv+" is "), err.Error())
			assert.Contains(t, err.Error(), "openssl rand -hex 32")
			if key != "" {
				assert.NotContains(t, err.Error(), key, "the error repeats the key")
			}
			assert.NoFileExists(t, path)
		})
	}
}

func TestRefusesToStartWithoutAPath(t *testing.T) {
	_, err := launch(t, storeEnv(newKey(t), "")...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), pathEnv)
}

func TestWrongKeyIsAClearErrorAndChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	keyA, keyB := newKey(t), newKey(t)
	tokens := sampleTokens("wrong-key@example.com")
	a := mustLaunch(t, storeEnv(keyA, path)...)
	require.NoError(t, a.Save(ctx(t), tokens))
	require.NoError(t, a.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	_, err = launch(t, storeEnv(keyB, path)...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot decrypt "+path)
	assert.Contains(t, err.Error(), keyEnv)
	assertNoSecrets(t, err, tokens)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the file changed")

	got, err := mustLaunch(t, storeEnv(keyA, path)...).Get(ctx(t), tokens.UserIdentifier)
	require.NoError(t, err, "the right key no longer opens the file")
	assert.Equal(t, tokens, got)
}

func TestDamagedFileIsAClearErrorAndIsNeverOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	env := storeEnv(newKey(t), path)
	tokens := sampleTokens("damaged@example.com")
	running := mustLaunch(t, env...)
	require.NoError(t, running.Save(ctx(t), tokens))
	good, err := os.ReadFile(path)
	require.NoError(t, err)

	flipped := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x01
		return b
	}
	for name, damaged := range map[string][]byte{
		"ciphertext byte flipped": flipped(len(header) + (len(good)-len(header))/2),
		"nonce byte flipped":      flipped(len(header) + 1),
		"tag byte flipped":        flipped(len(good) - 1),
		"header byte flipped":     flipped(0),
		"truncated":               good[:len(good)-10],
		"empty":                   {},
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, damaged, 0o600))

			// The running plugin, which read the file fine before.
			_, err := running.Get(ctx(t), tokens.UserIdentifier)
			require.Error(t, err)
			assert.NotErrorIs(t, err, pluginproto.ErrNotFound, "a damaged file must not look like a missing user")
			assert.Contains(t, err.Error(), path)
			assertNoSecrets(t, err, tokens)
			_, err = running.List(ctx(t))
			assert.ErrorContains(t, err, path)
			other := sampleTokens("someone-else@example.com")
			assert.ErrorContains(t, running.Save(ctx(t), other), path)
			assert.ErrorContains(t, running.Delete(ctx(t), tokens.UserIdentifier), path)

			// A new plugin refuses to start.
			_, err = launch(t, env...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), path)
			assertNoSecrets(t, err, tokens)

			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, damaged, after, "the damaged file was changed")
		})
	}

	// Put back, the good file is read again.
	require.NoError(t, os.WriteFile(path, good, 0o600))
	got, err := running.Get(ctx(t), tokens.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, tokens, got)
}

// Two processes saving at once must not lose each other's users: every save
// rewrites the whole file, so without the cross-process lock they would.
func TestProcessesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.enc")
	env := storeEnv(newKey(t), path)
	const perProcess = 50
	var wg sync.WaitGroup
	for p := range 2 {
		c := mustLaunch(t, env...)
		for i := range perProcess {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, c.Save(ctx(t), sampleTokens(fmt.Sprintf("p%d-u%02d@example.com", p, i))))
			}()
		}
	}
	wg.Wait()

	infos, err := mustLaunch(t, env...).List(ctx(t))
	require.NoError(t, err)
	assert.Len(t, infos, 2*perProcess, "saves were lost between processes")
}

func assertNoSecrets(t *testing.T, err error, tokens pluginproto.Tokens) {
	t.Helper()
	assert.NotContains(t, err.Error(), tokens.AccessToken)
	assert.NotContains(t, err.Error(), tokens.RefreshToken)
}
