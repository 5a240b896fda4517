package sdk_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// TestEchoedSecretsAreRedactedFromErrors: answers that echo the client
// secret or a token (as some proxies and error pages do) do not carry them
// into the errors the SDK builds from them.
func TestEchoedSecretsAreRedactedFromErrors(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	euSecret := "eu0secret0of0another0data0centre"
	cfg.ClientSecrets = map[string]string{"eu": euSecret}
	c := readyClient(t, srv, cfg)
	stored := readTokens(t, cfg)
	secrets := []string{srv.ClientSecret, euSecret, stored.RefreshToken, stored.AccessToken}
	echo := fmt.Sprintf("client_secret=%s&refresh_token=%s token %s (eu: %s)", srv.ClientSecret, stored.RefreshToken, stored.AccessToken, euSecret)

	noSecrets := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		texts := []string{err.Error()}
		var authErr *sdk.AuthError
		if errors.As(err, &authErr) {
			texts = append(texts, authErr.Code, authErr.Description)
		}
		var apiErr *sdk.APIError
		if errors.As(err, &apiErr) {
			texts = append(texts, apiErr.Code, apiErr.Message, fmt.Sprint(apiErr.Details))
		}
		for _, text := range texts {
			for _, s := range secrets {
				assert.NotContains(t, text, s)
			}
		}
		assert.Contains(t, err.Error(), "[redacted]", "the echo is still there, without its secrets")
	}
	refreshFails := func(t *testing.T, f zohotest.Fault) {
		f.Method, f.Path = http.MethodPost, "/oauth/v2/token"
		fault := srv.InjectFault(f)
		defer fault.Remove()
		srv.Advance(2 * time.Hour)
		_, _, err := c.Users.Current(testCtx(t))
		noSecrets(t, err)
	}

	t.Run("token endpoint error description", func(t *testing.T) {
		refreshFails(t, zohotest.Fault{Status: http.StatusOK,
			Body: fmt.Sprintf(`{"error":"invalid_request","error_description":%q}`, echo)})
	})
	t.Run("token endpoint 400 error code", func(t *testing.T) {
		refreshFails(t, zohotest.Fault{Status: http.StatusBadRequest, Body: fmt.Sprintf(`{"error":%q}`, echo)})
	})
	t.Run("token endpoint 400 not JSON", func(t *testing.T) {
		refreshFails(t, zohotest.Fault{Status: http.StatusBadRequest, Body: "bad request: " + echo,
			Header: http.Header{"Content-Type": {"text/plain"}}})
	})
	t.Run("token endpoint 5xx", func(t *testing.T) {
		refreshFails(t, zohotest.Fault{Status: http.StatusBadGateway, Body: "<pre>" + echo + "</pre>",
			Header: http.Header{"Content-Type": {"text/html"}}})
	})
	t.Run("revoke", func(t *testing.T) {
		fault := srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token/revoke", Status: http.StatusBadRequest,
			Body: fmt.Sprintf(`{"error":"invalid_request","error_description":%q}`, echo)})
		defer fault.Remove()
		noSecrets(t, c.RevokeTokens(testCtx(t)))
	})
	t.Run("CRM error", func(t *testing.T) {
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		stored := readTokens(t, cfg)
		secrets = append(secrets, stored.AccessToken)
		echo := echo + " " + stored.AccessToken
		fault := srv.InjectFault(zohotest.Fault{Path: "/crm/", Status: http.StatusBadRequest,
			Body: fmt.Sprintf(`{"code":"INVALID_DATA","message":%q,"details":{"header":%q,"nested":{"list":[%q]}},"status":"error"}`, echo, echo, echo)})
		defer fault.Remove()
		_, _, err = c.Users.Current(testCtx(t))
		noSecrets(t, err)
	})
}
