package sdk_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
)

func TestSlogGetsTheSDKsAndThePluginsLines(t *testing.T) {
	srv := emulator(t)
	var buf testenv.Buffer
	cfg := fileConfig(t, srv)
	cfg.LogLevel = "debug"
	cfg.Slog = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := readyClient(t, srv, cfg)
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	require.NoError(t, c.Close())

	var messages, loggers []string
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		messages = append(messages, rec["msg"].(string))
		if name, ok := rec["logger"].(string); ok {
			loggers = append(loggers, name)
		}
	}
	assert.Contains(t, messages, "client ready")
	assert.Contains(t, messages, "tokens generated and saved")
	assert.Contains(t, loggers, "store", "go-plugin's lines")
	assert.True(t, slicesAny(messages, func(m string) bool { return strings.Contains(m, "serving tokens") }), "the plugin's own line: %v", messages)
	tokens := readTokens(t, cfg)
	for _, secret := range []string{tokens.AccessToken, tokens.RefreshToken, srv.ClientSecret} {
		assert.NotContains(t, buf.String(), secret)
	}
}

// An application's own hclog logger gets the same redaction.
func TestOwnLoggersAreRedacted(t *testing.T) {
	srv := emulator(t)
	access, _ := srv.IssueTokens(srv.ClientID, srv.Admin().Email)
	for name, make := range map[string]func(*bytes.Buffer) sdk.Config{
		"hclog": func(b *bytes.Buffer) sdk.Config {
			cfg := fileConfig(t, srv)
			cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: b, Level: hclog.Trace})
			return cfg
		},
		"slog": func(b *bytes.Buffer) sdk.Config {
			cfg := fileConfig(t, srv)
			cfg.LogLevel = "trace"
			cfg.Slog = slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug - 4}))
			return cfg
		},
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			logger := sdk.LoggerOf(make(&b))
			logger.Info("a line with "+access, "secret", srv.ClientSecret, "err", errString("wrapped "+access))
			logger.Named("store").With("token", access).Warn("again")
			out := b.String()
			assert.Contains(t, out, "a line with")
			assert.Contains(t, out, "again")
			assert.NotContains(t, out, access)
			assert.NotContains(t, out, srv.ClientSecret)
			assert.Contains(t, out, "[redacted]")
		})
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func slicesAny(s []string, f func(string) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

// The log file is scrubbed of every data centre's client secret.
func TestLogFileRedactsPerDataCenterSecrets(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.ClientSecrets = map[string]string{"eu": "eu-secret-4f2a9c7d1e"}
	cfg.ApplicationLogFilePath = t.TempDir() + "/zcrm.log"
	logger := sdk.LoggerOf(cfg)
	logger.Info("echo eu-secret-4f2a9c7d1e and " + srv.ClientSecret)
	b, err := os.ReadFile(cfg.ApplicationLogFilePath)
	require.NoError(t, err)
	assert.Contains(t, string(b), "echo [redacted] and [redacted]")
}
