package sdk_test

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// TestNoSecretsInLogsOrErrors runs a whole flow, failures included, with
// trace logging into a plain buffer (no redaction: this checks what the SDK
// and its plugins write, not what the redactor hides), then looks for every
// secret of the run in the log and in every error.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	srv := emulator(t)
	var logBuf testenv.Buffer
	cfg := fileConfig(t, srv)
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: &logBuf, Level: hclog.Trace})
	cfg = sdk.Unredacted(cfg)
	ctx := testCtx(t)

	var secrets []string
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	c := newClient(t, cfg)

	// A bad grant, a good one, and one reused.
	bad := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	secrets = append(secrets, bad)
	_, err := c.GenerateTokens(ctx, bad)
	require.NoError(t, err)
	_, err = c.GenerateTokens(ctx, bad)
	require.Error(t, err)
	keep(err)
	first := readTokens(t, cfg)
	secrets = append(secrets, first.AccessToken, first.RefreshToken, srv.ClientSecret)

	// Calls with 401, 429 and 5xx on the way.
	srv.ExpireAccessTokens()
	_, _, err = c.Users.Current(ctx)
	require.NoError(t, err)
	srv.InjectFault(zohotest.Fault{Path: "/crm/", Status: 429, Header: http.Header{"Retry-After": {"0"}}, Times: 1})
	srv.InjectFault(zohotest.Fault{Method: http.MethodGet, Path: "/crm/", Status: 500, Times: 1})
	_, _, err = c.Users.Current(ctx)
	require.NoError(t, err)
	srv.InjectFault(zohotest.Fault{Method: http.MethodPost, Path: "/crm/", Status: 500, Times: 1})
	_, _, err = c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "x"}}, nil)
	keep(err)
	_, _, err = c.Records.List(ctx, "NoSuchModule", nil)
	keep(err)
	secrets = append(secrets, readTokens(t, cfg).AccessToken)

	// Throttled refreshes, then a revoked refresh token.
	for range 12 {
		srv.ExpireAccessTokens()
		_, _, err = c.Users.Current(ctx)
		keep(err)
		if errors.Is(err, sdk.ErrRefreshThrottled) {
			break
		}
		secrets = append(secrets, readTokens(t, cfg).AccessToken)
	}
	srv.Advance(11 * time.Minute)
	srv.RevokeRefreshToken(first.RefreshToken)
	srv.Advance(2 * time.Hour)
	_, _, err = c.Users.Current(ctx)
	require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)
	keep(err)
	keep(c.RevokeTokens(ctx))

	// A client with a wrong secret.
	wrong := cfg
	wrong.ClientSecret = "wrong-client-secret-0123456789"
	wrong.TokenPersistencePath = t.TempDir()
	secrets = append(secrets, wrong.ClientSecret)
	wc := newClient(t, wrong)
	grant := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	secrets = append(secrets, grant)
	_, err = wc.GenerateTokens(ctx, grant)
	require.ErrorIs(t, err, sdk.ErrInvalidClient)
	keep(err)

	require.NoError(t, c.Close())
	logText := logBuf.String()
	require.Contains(t, logText, "refresh", "the flow was logged")
	require.Contains(t, logText, "[DEBUG]", "trace and debug lines were written")
	assert.GreaterOrEqual(t, len(errs), 6)
	for _, s := range secrets {
		require.NotEmpty(t, s)
		assert.NotContains(t, logText, s, "a secret reached the log")
		for _, e := range errs {
			assert.NotContains(t, e.Error(), s, "a secret reached an error: %v", e)
		}
	}
}

func TestLogFileIsRedactedAndAppended(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.ApplicationLogFilePath = t.TempDir() + "/zcrm.log"
	cfg.LogLevel = "trace"
	require.NoError(t, os.WriteFile(cfg.ApplicationLogFilePath, []byte("earlier line\n"), 0o600))
	c := readyClient(t, srv, cfg)
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	require.NoError(t, c.Close())
	b, err := os.ReadFile(cfg.ApplicationLogFilePath)
	require.NoError(t, err)
	text := string(b)
	assert.True(t, strings.HasPrefix(text, "earlier line\n"), "the log file is appended to")
	assert.Contains(t, text, "api request")
	assert.Contains(t, text, "store", "the plugin's lines are folded in")
}

func TestRedactingWriter(t *testing.T) {
	var buf bytes.Buffer
	w := sdk.NewRedactingWriter(&buf, "the-client-secret")
	_, err := w.Write([]byte("token=1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210 secret=the-client-secret ok\n"))
	require.NoError(t, err)
	assert.Equal(t, "token=[redacted] secret=[redacted] ok\n", buf.String())
}
