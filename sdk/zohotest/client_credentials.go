package zohotest

import (
	"net/http"
	"strings"
)

// Client credentials (a Self Client's id and secret, scopes and the org's
// soid give an access token, no refresh token): POST /oauth/v2/token, or
// /oauth/v2/auth as Zoho's CRM pages show it, with
// grant_type=client_credentials. The token acts for the org; the
// emulator's CRM serves it as the org's administrator.
//
// Without soid the answer is missing_org_info, as Zoho's for apps with
// several orgs. Zoho documents no answer for a soid naming an org the
// client cannot reach; the emulator gives missing_org_info too (Zoho
// could not resolve the org either way).

// SOID returns the org's soid, ZohoCRM.{org id}: what a client credentials
// client configures (ZCRM_SOID). The org id is the org's zgid.
func (s *Server) SOID() string { return "ZohoCRM." + s.Org().ZGID }

// handleAuthPost is POST /oauth/v2/auth: a client credentials request, or
// else the consent form's answer.
func (s *Server) handleAuthPost(w http.ResponseWriter, r *http.Request) {
	if err := parseParams(r); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	if r.Form.Get("grant_type") == "client_credentials" {
		s.clientCredentialsToken(w, r)
		return
	}
	s.handleConsentAnswer(w, r)
}

func (s *Server) clientCredentialsToken(w http.ResponseWriter, r *http.Request) {
	fail := func(code string) {
		s.counters.count(func(c *Counters) { c.ClientCredentialsFailures++ })
		oauthError(w, code)
	}
	s.tokens.mu.RLock()
	e := s.tokens.checkClient(r.Form.Get("client_id"), r.Form.Get("client_secret"))
	s.tokens.mu.RUnlock()
	switch {
	case e != "":
		fail(s.clientError(e, r))
		return
	case strings.TrimSpace(r.Form.Get("scope")) == "":
		fail("invalid_scope")
		return
	case r.Form.Get("soid") != s.SOID():
		fail("missing_org_info")
		return
	}
	now := s.Now()
	admin := s.Admin()
	scopes := parseScopes([]string{r.Form.Get("scope")})
	s.tokens.mu.Lock()
	at := s.tokens.mintAccessLocked(nil, r.Form.Get("client_id"), admin.ID, scopes, now.Add(s.cfg.accessTokenLifetime))
	s.tokens.mu.Unlock()
	s.counters.count(func(c *Counters) { c.ClientCredentialsTokens++ })
	s.tokenAnswer(w, r, at.token, "", kv{"scope", strings.Join(scopes.names, " ")})
}
