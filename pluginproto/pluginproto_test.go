package pluginproto_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
)

var (
	testPlugin string // path of the in-memory test plugin
	oldPlugin  string // a plugin built against the contract before field 6 (internal/oldplugin)
)

func TestMain(m *testing.M) {
	if os.Getenv(hostEnv) != "" {
		os.Exit(runHost())
	}
	dir, err := os.MkdirTemp("", "pluginproto-test")
	if err != nil {
		panic(err)
	}
	testPlugin, err = testenv.Build(dir, "github.com/zcrm-go/zcrm/pluginproto/internal/testplugin", "testplugin")
	if err != nil {
		panic(err)
	}
	oldPlugin, err = testenv.Build(dir, "github.com/zcrm-go/zcrm/pluginproto/internal/oldplugin", "oldplugin")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func launch(t *testing.T, cfg pluginproto.LaunchConfig) *pluginproto.Client {
	t.Helper()
	if cfg.Path == "" {
		cfg.Path = testPlugin
	}
	c, err := pluginproto.Launch(ctx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

var sample = pluginproto.Tokens{
	UserIdentifier: "p.boyle@example.com",
	AccessToken:    "1000.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	RefreshToken:   "1000.cccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddd",
	ExpiryTime:     1893456000000,
	APIDomain:      "https://www.zohoapis.eu",
	AccountsServer: "https://accounts.zoho.eu",
	ClientID:       "1000.WEBCLIENT0000000000000000000000",
}

func TestRoundTripAcrossProcess(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{})
	require.NoError(t, c.Save(ctx(t), sample))
	got, err := c.Get(ctx(t), sample.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, sample, got)

	infos, err := c.List(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, []pluginproto.TokenInfo{{UserIdentifier: sample.UserIdentifier, ExpiryTime: sample.ExpiryTime, ClientID: sample.ClientID}}, infos)

	_, err = c.Get(ctx(t), "nobody@example.com")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "not found must survive the gRPC boundary")
	assert.Contains(t, err.Error(), "nobody@example.com")

	err = c.Save(ctx(t), pluginproto.Tokens{AccessToken: "x"})
	assert.ErrorContains(t, err, "no user identifier")
}

// TestPluginOfOlderContract runs a plugin built against the contract as it
// was before Tokens carried the accounts server and the client id, and
// Capabilities the user identifier limits: it must keep working, its tokens
// coming back with an empty AccountsServer (the SDK then uses its
// configured accounts_url) and no client id, found for whichever client
// asks (the SDK takes them as its configured client's), and its
// capabilities stating no identifier limit and no client ids.
func TestPluginOfOlderContract(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{Path: oldPlugin})
	caps := c.Capabilities()
	assert.Equal(t, pluginproto.Capabilities{Names: []string{pluginproto.DefaultPluginName}}, caps)
	assert.NoError(t, caps.UserIdentifiers.Check(strings.Repeat("x", 500)), "an older plugin states no length limit")

	require.NoError(t, c.Save(ctx(t), sample), "saving tokens with an accounts server to an older plugin")
	got, err := c.Get(ctx(t), sample.UserIdentifier)
	require.NoError(t, err)
	want := sample
	want.AccountsServer, want.ClientID = "", ""
	assert.Equal(t, want, got, "everything but the accounts server and the client id comes back")
	got, err = c.GetClient(ctx(t), sample.UserIdentifier, sample.ClientID)
	require.NoError(t, err, "tokens without a client id are found for the client asking")
	assert.Equal(t, want, got)

	infos, err := c.List(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, []pluginproto.TokenInfo{{UserIdentifier: sample.UserIdentifier, ExpiryTime: sample.ExpiryTime}}, infos)
	_, err = c.Get(ctx(t), "nobody@example.com")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
	_, err = c.Lock(ctx(t), sample.UserIdentifier, time.Minute)
	assert.ErrorIs(t, err, pluginproto.ErrLockUnsupported)
	require.NoError(t, c.Delete(ctx(t), sample.UserIdentifier))
	_, err = c.Get(ctx(t), sample.UserIdentifier)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
}

// TestClientIDsCrossTheProcess: a store that keeps client ids says so, and
// keeps one user's tokens of two clients apart, with tokens stored without
// a client id serving either; a store that does not say so answers by user
// alone, and the host refuses tokens marked with another client.
func TestClientIDsCrossTheProcess(t *testing.T) {
	const web, self = "1000.WEBCLIENT0000000000000000000000", "1000.SELFCLIENT000000000000000000000"
	c := launch(t, pluginproto.LaunchConfig{})
	require.True(t, c.Capabilities().ClientIDs)

	legacy := sample
	legacy.UserIdentifier, legacy.ClientID = "legacy@example.com", ""
	require.NoError(t, c.Save(ctx(t), legacy))
	got, err := c.GetClient(ctx(t), legacy.UserIdentifier, self)
	require.NoError(t, err, "tokens without a client id serve any client")
	assert.Equal(t, legacy, got)

	ofWeb, ofSelf := sample, sample
	ofWeb.ClientID = web
	ofSelf.ClientID, ofSelf.AccessToken, ofSelf.ExpiryTime = self, "1000.self-access", sample.ExpiryTime+1
	require.NoError(t, c.Save(ctx(t), ofWeb))
	require.NoError(t, c.Save(ctx(t), ofSelf))
	for client, want := range map[string]pluginproto.Tokens{web: ofWeb, self: ofSelf} {
		got, err := c.GetClient(ctx(t), sample.UserIdentifier, client)
		require.NoError(t, err)
		assert.Equal(t, want, got, "tokens of %s", client)
	}
	_, err = c.GetClient(ctx(t), sample.UserIdentifier, "1000.OTHER")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "a third client has no tokens")
	infos, err := c.List(ctx(t))
	require.NoError(t, err)
	assert.ElementsMatch(t, []pluginproto.TokenInfo{
		{UserIdentifier: legacy.UserIdentifier, ExpiryTime: legacy.ExpiryTime},
		{UserIdentifier: sample.UserIdentifier, ExpiryTime: ofWeb.ExpiryTime, ClientID: web},
		{UserIdentifier: sample.UserIdentifier, ExpiryTime: ofSelf.ExpiryTime, ClientID: self},
	}, infos)

	require.NoError(t, c.DeleteClient(ctx(t), sample.UserIdentifier, web))
	_, err = c.GetClient(ctx(t), sample.UserIdentifier, web)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
	got, err = c.GetClient(ctx(t), sample.UserIdentifier, self)
	require.NoError(t, err, "deleting one client's tokens kept the other's")
	assert.Equal(t, ofSelf, got)

	byUser := launch(t, pluginproto.LaunchConfig{Env: []string{"ZCRM_TESTPLUGIN_NOCLIENTS=1"}})
	require.False(t, byUser.Capabilities().ClientIDs)
	require.NoError(t, byUser.Save(ctx(t), ofWeb))
	_, err = byUser.GetClient(ctx(t), sample.UserIdentifier, self)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "tokens marked with another client are not this client's")
	got, err = byUser.GetClient(ctx(t), sample.UserIdentifier, web)
	require.NoError(t, err)
	assert.Equal(t, ofWeb, got)
}

func TestUserIdentifierLimitsCrossTheProcess(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{Env: []string{"ZCRM_TESTPLUGIN_MAX_CHARS=100"}})
	limits := c.Capabilities().UserIdentifiers
	assert.Equal(t, 100, limits.MaxCharacters)

	// Characters, not bytes: 100 two-byte characters are 200 bytes.
	assert.NoError(t, limits.Check(strings.Repeat("é", 100)))
	err := limits.Check(strings.Repeat("é", 101))
	require.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
	var idErr *pluginproto.UserIdentifierError
	require.ErrorAs(t, err, &idErr)
	assert.Equal(t, strings.Repeat("é", 101), idErr.UserIdentifier)
	assert.Contains(t, err.Error(), "is 101 characters long; the token store keeps at most 100")

	unlimited := launch(t, pluginproto.LaunchConfig{})
	assert.Zero(t, unlimited.Capabilities().UserIdentifiers.MaxCharacters, "a store that states no limit")
	assert.NoError(t, unlimited.Capabilities().UserIdentifiers.Check(strings.Repeat("x", 10_000)))
}

// TestUserIdentifierRulesOfTheContract: whatever a store states, an empty
// identifier or one that is not UTF-8 cannot be kept. The second cannot
// even cross the contract: proto3 strings are UTF-8, and gRPC refuses to
// send one that is not, which is why Check refuses it for every store.
func TestUserIdentifierRulesOfTheContract(t *testing.T) {
	var none pluginproto.UserIdentifierLimits
	assert.ErrorContains(t, none.Check(""), "is empty")
	err := none.Check("bad\xffbyte@example.com")
	assert.ErrorIs(t, err, pluginproto.ErrUserIdentifier)
	assert.ErrorContains(t, err, "is not valid UTF-8")
	assert.NoError(t, none.Check("ユーザー@example.com"))

	c := launch(t, pluginproto.LaunchConfig{})
	bad := sample
	bad.UserIdentifier = "bad\xffbyte@example.com"
	err = c.Save(ctx(t), bad)
	require.Error(t, err, "an identifier that is not UTF-8 reached the plugin")
	assert.Contains(t, err.Error(), "UTF-8")
	assert.NotContains(t, err.Error(), sample.AccessToken)
}

func TestTokensPrintWithoutSecrets(t *testing.T) {
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, sample)
		assert.NotContains(t, out, sample.AccessToken, format)
		assert.NotContains(t, out, sample.RefreshToken, format)
		assert.Contains(t, out, sample.UserIdentifier, format)
	}
	assert.Contains(t, fmt.Sprint(pluginproto.Tokens{}), "AccessToken:<empty>")
}

func TestLockExcludesAndExpires(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{})
	require.True(t, c.Capabilities().Locking)

	release, err := c.Lock(ctx(t), "u", time.Minute)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = c.Lock(short, "u", time.Minute)
	require.ErrorIs(t, err, context.DeadlineExceeded, "a held lock must keep out a second holder")
	require.NoError(t, release(ctx(t)))
	require.NoError(t, release(ctx(t)), "a second release is harmless")

	// Never released: Serve frees it after the ttl.
	_, err = c.Lock(ctx(t), "v", 300*time.Millisecond)
	require.NoError(t, err)
	release, err = c.Lock(ctx(t), "v", time.Minute)
	require.NoError(t, err, "an abandoned lock must expire")
	require.NoError(t, release(ctx(t)))
}

func TestStoreWithoutLock(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{Env: []string{"ZCRM_TESTPLUGIN_NOLOCK=1"}})
	assert.False(t, c.Capabilities().Locking)
	_, err := c.Lock(ctx(t), "u", time.Minute)
	assert.ErrorIs(t, err, pluginproto.ErrLockUnsupported)
	require.NoError(t, c.Save(ctx(t), sample), "a store without a lock still works")
}

func TestEnvOverridesHostEnvironment(t *testing.T) {
	t.Setenv("ZCRM_TESTPLUGIN_NAME", "from_host")
	c := launch(t, pluginproto.LaunchConfig{Name: "from_config", Env: []string{"ZCRM_TESTPLUGIN_NAME=from_config"}})
	require.NoError(t, c.Save(ctx(t), sample))
}

func TestCloseEndsProcessAndKillIsUnavailable(t *testing.T) {
	c := launch(t, pluginproto.LaunchConfig{})
	pid := c.Pid()
	require.NotZero(t, pid)
	require.NoError(t, testenv.Kill(pid))
	testenv.WaitFor(t, "the killed plugin to be seen as not reachable", func() bool {
		_, err := c.Get(ctx(t), "u")
		return err != nil && strings.Contains(err.Error(), "not reachable")
	})
	_, err := c.Get(ctx(t), "u")
	assert.ErrorIs(t, err, pluginproto.ErrUnavailable)

	other := launch(t, pluginproto.LaunchConfig{})
	require.NoError(t, other.Close())
	assert.True(t, other.Exited())
	assert.False(t, testenv.Alive(other.Pid()), "the process must be gone after Close")
}

func TestPluginLogsReachHostLogger(t *testing.T) {
	var buf testenv.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace})
	c := launch(t, pluginproto.LaunchConfig{Logger: logger})
	require.NoError(t, c.Save(ctx(t), sample))
	testenv.WaitFor(t, "the plugin's log line", func() bool { return strings.Contains(buf.String(), "saved tokens") })
	assert.NotContains(t, buf.String(), sample.AccessToken)
}

func TestLaunchErrors(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), mode))
		return p
	}
	sum := func(path string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		h := sha256.Sum256(b)
		return hex.EncodeToString(h[:])
	}

	tests := []struct {
		name string
		cfg  pluginproto.LaunchConfig
		is   error
		says []string
	}{
		{"missing binary", pluginproto.LaunchConfig{Path: filepath.Join(dir, "nope")}, pluginproto.ErrPluginNotFound, []string{"does not exist"}},
		{"not executable", pluginproto.LaunchConfig{Path: script("noexec", "exit 0", 0o644)}, pluginproto.ErrNotExecutable, []string{"chmod +x"}},
		{"a directory", pluginproto.LaunchConfig{Path: dir}, pluginproto.ErrNotExecutable, []string{"is a directory"}},
		{"not a plugin", pluginproto.LaunchConfig{Path: script("chatty", "echo hello there", 0o755), StartTimeout: 5 * time.Second}, pluginproto.ErrHandshake, []string{"handshake failed", "calls pluginproto.Serve"}},
		{"exits at once and says why", pluginproto.LaunchConfig{Path: script("refuses", "echo 'set MY_KEY to start' >&2; exit 1", 0o755)}, pluginproto.ErrHandshake, []string{"set MY_KEY to start"}},
		{"wrong checksum", pluginproto.LaunchConfig{Path: testPlugin, SHA256: strings.Repeat("0", 64)}, pluginproto.ErrChecksumMismatch, []string{"has sha256 " + sum(testPlugin), "expects " + strings.Repeat("0", 64)}},
		{"malformed checksum", pluginproto.LaunchConfig{Path: testPlugin, SHA256: "xyz"}, nil, []string{"not a sha256"}},
		{"unknown name", pluginproto.LaunchConfig{Path: testPlugin, Name: "other_store"}, pluginproto.ErrUnknownName, []string{`serves "token_store", not "other_store"`, "persistence_handler_class"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := pluginproto.Launch(ctx(t), tt.cfg)
			if c != nil {
				c.Close()
			}
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			for _, s := range tt.says {
				assert.Contains(t, err.Error(), s)
			}
		})
	}

	t.Run("right checksum", func(t *testing.T) {
		c := launch(t, pluginproto.LaunchConfig{SHA256: strings.ToUpper(sum(testPlugin))})
		require.NoError(t, c.Save(ctx(t), sample))
	})
}
