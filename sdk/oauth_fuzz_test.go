package sdk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// FuzzTokenAnswer: whatever the accounts server answers a grant exchange or
// a refresh with (status and body, through golang.org/x/oauth2's decoding
// and grantFrom), the SDK gets usable tokens or an error, never a panic:
// tokens that are present, a lifetime that is positive, and on refresh the
// refresh token kept when Zoho sends none.
func FuzzTokenAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"access_token":"1000.a.b","refresh_token":"1000.c.d","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}`},
		{200, `{"access_token":"1000.a.b","refresh_token":"1000.c.d","expires_in_sec":3600,"expires_in":3600000}`},
		{200, `{"access_token":"1000.a.b","expires_in":"3600"}`},
		{200, `{"access_token":"1000.a.b","refresh_token":"r","expires_in_sec":1e300}`},
		{200, `{"access_token":"1000.a.b","refresh_token":"r","expires_in":-5}`},
		{200, `{"access_token":"1000.a.b","refresh_token":"r","expires_in_sec":1e10}`},
		{200, `{"access_token":"1000.a.b","refresh_token":"r","expires_in":20000000000}`},
		{200, `{"error":"invalid_code"}`},
		{400, `{"error":"Access Denied","error_description":"You have made too many requests continuously. Please try again after some time."}`},
		{500, `<html>Internal error</html>`},
		{200, ``},
		{200, `access_token=x&refresh_token=y&expires_in=3600`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}

	var mu sync.Mutex
	answer := struct {
		status int
		body   []byte
	}{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		status, body := answer.status, answer.body
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	f.Cleanup(srv.Close)
	cfg := Config{ClientID: "1000.FUZZ", ClientSecret: "fuzz-secret", RedirectURI: "https://example.com/cb", AccountsURL: srv.URL}
	o := newOAuthClient(cfg, srv.Client())
	dc := cfg.homeDataCenter()

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 || status == http.StatusSwitchingProtocols {
			status = 200 + (status%400+400)%400
		}
		mu.Lock()
		answer.status, answer.body = status, body
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()

		g, err := o.exchange(ctx, dc, "1000.grant.code")
		checkGrant(t, "exchange", g, err)
		if err == nil && g.RefreshToken == "" {
			t.Fatal("exchange: no refresh token, no error")
		}
		g, err = o.refresh(ctx, "someone@example.com", pluginproto.Tokens{UserIdentifier: "someone@example.com", RefreshToken: "1000.old.refresh"})
		checkGrant(t, "refresh", g, err)
		if err == nil && !strings.Contains(string(body), g.RefreshToken) && g.RefreshToken != "1000.old.refresh" {
			t.Fatalf("refresh: refresh token %q from nowhere", g.RefreshToken)
		}
	})
}

func checkGrant(t *testing.T, op string, g grant, err error) {
	t.Helper()
	if err != nil {
		var ae *AuthError
		if errors.As(err, &ae) {
			_ = ae.Error()
			_ = errors.Is(err, ErrRefreshTokenRevoked)
		}
		if strings.Contains(err.Error(), "fuzz-secret") {
			t.Fatalf("%s: the client secret is in the error: %v", op, err)
		}
		return
	}
	if g.AccessToken == "" {
		t.Fatalf("%s: no access token, no error", op)
	}
	if g.ExpiresIn <= 0 {
		t.Fatalf("%s: lifetime %v", op, g.ExpiresIn)
	}
}
