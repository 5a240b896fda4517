package file_test

import (
	"context"
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
	"github.com/zcrm-go/zcrm/plugins/file"
)

// TestNoTokensInErrorsOrLogs drives the plugin through successes and
// failures with a trace-level logger, then looks for the tokens in every
// error message and log line.
func TestNoTokensInErrorsOrLogs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, file.FileName)
	var logs testenv.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Name: "host", Level: hclog.Trace, Output: &logs})
	store, err := launch(t, pluginproto.LaunchConfig{Path: pluginPath, Env: []string{file.EnvPath + "=" + dir}, Logger: logger})
	require.NoError(t, err)

	user := "keeper@example.com"
	saved := pluginproto.Tokens{
		UserIdentifier: user,
		AccessToken:    "1000.5ec4e7acce55a11ce0000000000001.feedfacefeedface0001",
		RefreshToken:   "1000.5ec4e7refre5b0b0000000000002.feedfacefeedface0002",
		ExpiryTime:     time.Now().Add(time.Hour).UnixMilli(),
		APIDomain:      "https://www.zohoapis.com",
	}
	rejected := pluginproto.Tokens{ // offered to a store that must refuse it
		UserIdentifier: user,
		AccessToken:    "1000.5ec4e7acce55ca7e0000000000003.feedfacefeedface0003",
		RefreshToken:   "1000.5ec4e7refre5d09e0000000000004.feedfacefeedface0004",
		ExpiryTime:     saved.ExpiryTime + 1,
	}
	secrets := []string{saved.AccessToken, saved.RefreshToken, rejected.AccessToken, rejected.RefreshToken}

	require.NoError(t, store.Save(testCtx(t), saved))
	got, err := store.Get(testCtx(t), user)
	require.NoError(t, err)
	require.Equal(t, saved, got)
	_, err = store.List(testCtx(t))
	require.NoError(t, err)

	var failures []error
	fail := func(what string, err error) {
		t.Helper()
		require.Error(t, err, what)
		failures = append(failures, err)
	}

	release, err := store.Lock(testCtx(t), user, time.Minute)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	_, err = store.Lock(short, user, time.Minute)
	cancel()
	fail("taking a held lock", err)
	require.NoError(t, release(testCtx(t)))
	_, err = store.Get(testCtx(t), "nobody@example.com")
	fail("getting a missing user", err)

	// Damage the file next to the tokens in several ways; every call fails.
	good, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(good)
	damaged := map[string]string{
		"cut inside a token":      text[:strings.Index(text, saved.RefreshToken)+20],
		"token unquoted":          strings.Replace(text, `"`+saved.AccessToken+`"`, saved.AccessToken, 1),
		"token as a field name":   strings.Replace(text, `"access_token"`, `"`+saved.AccessToken+`"`, 1),
		"token as a number":       strings.Replace(text, `"`+saved.RefreshToken+`"`, "1000.5", 1),
		"token where a number is": strings.Replace(text, `"expiry_time": `, `"expiry_time": "`+saved.AccessToken+`", "x": `, 1),
	}
	for name, content := range damaged {
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		_, err := store.Get(testCtx(t), user)
		fail("Get, file with "+name, err)
		fail("Save, file with "+name, store.Save(testCtx(t), rejected))
		_, err = store.List(testCtx(t))
		fail("List, file with "+name, err)
	}
	require.NoError(t, os.WriteFile(path, good, 0o600))

	for _, err := range failures {
		for _, secret := range secrets {
			assert.NotContains(t, err.Error(), secret, "an error message holds a token")
		}
	}
	require.NoError(t, store.Close())
	logged := logs.String()
	for _, secret := range secrets {
		assert.NotContains(t, logged, secret, "the log holds a token")
	}
	// The log did capture the plugin's own lines, at trace level.
	assert.Contains(t, logged, "saving tokens")
	assert.Contains(t, logged, "refresh lock taken")
	assert.Contains(t, logged, "is not a zcrm token file")
	assert.Contains(t, logged, user)
}
