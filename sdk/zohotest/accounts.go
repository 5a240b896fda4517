package zohotest

import (
	"mime"
	"net/http"
	"time"
)

// The accounts server: token exchange, refresh, revoke, user info and the
// consent page (payloads 01-04). Errors come as HTTP 200 with a body
// {"error": "..."}, as Zoho's do.

func (s *Server) accountsMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/v2/token", s.handleToken)
	mux.HandleFunc("POST /oauth/v2/token/revoke", s.handleRevoke)
	mux.HandleFunc("GET /oauth/user/info", s.handleUserInfo)
	mux.HandleFunc("GET /oauth/v2/auth", s.handleConsent)
	mux.HandleFunc("POST /oauth/v2/auth", s.handleAuthPost) // client_credentials.go
	mux.HandleFunc("GET /oauth/serverinfo", s.handleServerInfo)
	s.deviceRoutes(mux) // device.go
	return mux
}

// throttleDescription is Zoho's text for a refresh token past its limit.
const throttleDescription = "You have made too many requests continuously. Please try again after some time."

// parseParams reads parameters from the form body (urlencoded or
// multipart, as Zoho accepts both) and from the query string.
func parseParams(r *http.Request) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		return r.ParseMultipartForm(1 << 20)
	}
	return r.ParseForm()
}

func oauthError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusOK, obj{{"error", code}})
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := parseParams(r); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	switch r.Form.Get("grant_type") {
	case "authorization_code":
		s.exchangeGrant(w, r)
	case "refresh_token":
		s.refreshAccess(w, r)
	case "client_credentials":
		s.clientCredentialsToken(w, r) // client_credentials.go
	default:
		oauthError(w, "unsupported_grant_type")
	}
}

// checkClient answers invalid_client or invalid_client_secret, as Zoho does.
// A client not enabled in this DC is invalid_client here.
func (ts *tokenStore) checkClient(id, secret string) string {
	c, ok := ts.clients[id]
	switch {
	case !ok:
		return "invalid_client"
	case c.Secret != secret:
		return "invalid_client_secret"
	}
	return ""
}

// clientError is checkClient's answer, once the token store is unlocked:
// the secret of another DC (per-DC secrets) is invalid_client here, as a
// token request sent to the wrong DC's accounts server is at Zoho.
func (s *Server) clientError(e string, r *http.Request) string {
	if e == "invalid_client_secret" && s.group != nil && s.group.clientSecretOfOtherDC(s, r.Form.Get("client_id"), r.Form.Get("client_secret")) {
		return "invalid_client"
	}
	return e
}

// handleServerInfo maps location codes to accounts servers, as Zoho's
// GET /oauth/serverinfo does (no authentication).
func (s *Server) handleServerInfo(w http.ResponseWriter, r *http.Request) {
	locations := map[string]string{s.Location: s.accountsServer(r)}
	if s.group != nil {
		locations = s.group.serverInfo(s.Location)
	}
	o := obj{}
	for _, loc := range sortedLocations(locations) {
		o = append(o, kv{loc, locations[loc]})
	}
	writeJSON(w, http.StatusOK, obj{{"result", "success"}, {"locations", o}})
}

func (s *Server) exchangeGrant(w http.ResponseWriter, r *http.Request) {
	now := s.Now()
	ts := &s.tokens
	ts.mu.Lock()
	if e := ts.checkClient(r.Form.Get("client_id"), r.Form.Get("client_secret")); e != "" {
		ts.mu.Unlock()
		s.counters.count(func(c *Counters) { c.GrantFailures++ })
		oauthError(w, s.clientError(e, r))
		return
	}
	g, ok := ts.grants[r.Form.Get("code")]
	if !ok || g.used || !now.Before(g.expires) || g.clientID != r.Form.Get("client_id") {
		if ok {
			g.used = true // a code tried once is spent, as at Zoho
		}
		ts.mu.Unlock()
		s.counters.count(func(c *Counters) { c.GrantFailures++ })
		oauthError(w, "invalid_code")
		return
	}
	g.used = true
	delete(ts.grants, r.Form.Get("code"))
	var rt *refreshToken
	if g.offline {
		rt = ts.mintRefreshLocked(g.clientID, g.userID, g.scopes, now)
	}
	at := ts.mintAccessLocked(rt, g.clientID, g.userID, g.scopes, now.Add(s.cfg.accessTokenLifetime))
	ts.mu.Unlock()

	s.counters.count(func(c *Counters) { c.GrantExchanges++ })
	refresh := ""
	if rt != nil {
		refresh = rt.token
	}
	s.tokenAnswer(w, r, at.token, refresh)
}

func (s *Server) refreshAccess(w http.ResponseWriter, r *http.Request) {
	now := s.Now()
	ts := &s.tokens
	ts.mu.Lock()
	if e := ts.checkClient(r.Form.Get("client_id"), r.Form.Get("client_secret")); e != "" {
		ts.mu.Unlock()
		s.counters.count(func(c *Counters) { c.RefreshFailures++ })
		oauthError(w, s.clientError(e, r))
		return
	}
	rt, ok := ts.refresh[r.Form.Get("refresh_token")]
	if !ok || rt.revoked || rt.clientID != r.Form.Get("client_id") {
		ts.mu.Unlock()
		s.counters.count(func(c *Counters) { c.RefreshFailures++ })
		oauthError(w, "invalid_code")
		return
	}
	// Sliding window: only refreshes inside the last window count, and a
	// refused one does not, so a client that waits recovers.
	windowStart := now.Add(-s.cfg.refreshWindow)
	recent := rt.recent[:0]
	for _, t := range rt.recent {
		if t.After(windowStart) {
			recent = append(recent, t)
		}
	}
	rt.recent = recent
	if len(rt.recent) >= s.cfg.refreshLimit {
		rt.throttled++
		ts.mu.Unlock()
		s.counters.count(func(c *Counters) { c.RefreshesThrottled++ })
		// Zoho keeps HTTP 200 for this error too (Kaizen #43, "Tokens and
		// limitations": "The status code ... remains 200").
		writeJSON(w, http.StatusOK, obj{
			{"error_description", throttleDescription},
			{"error", "Access Denied"},
			{"status", "failure"},
		})
		return
	}
	rt.recent = append(rt.recent, now)
	rt.refreshes++
	at := ts.mintAccessLocked(rt, rt.clientID, rt.userID, rt.scopes, now.Add(s.cfg.accessTokenLifetime))
	ts.mu.Unlock()

	s.counters.count(func(c *Counters) { c.Refreshes++ })
	s.tokenAnswer(w, r, at.token, "")
}

// tokenAnswer writes Zoho's token answer; refresh_token only on a grant;
// extra after the access token (a client credentials answer's scope).
func (s *Server) tokenAnswer(w http.ResponseWriter, r *http.Request, access, refresh string, extra ...kv) {
	seconds := int(s.cfg.accessTokenLifetime / time.Second)
	o := append(obj{{"access_token", access}}, extra...)
	if refresh != "" {
		o = append(o, kv{"refresh_token", refresh})
	}
	if s.cfg.legacyExpiresIn {
		o = append(o, kv{"expires_in_sec", seconds})
	}
	o = append(o, kv{"api_domain", s.apiDomain(r)}, kv{"token_type", "Bearer"})
	if s.cfg.legacyExpiresIn {
		o = append(o, kv{"expires_in", int(s.cfg.accessTokenLifetime / time.Millisecond)})
	} else {
		o = append(o, kv{"expires_in", seconds})
	}
	writeJSON(w, http.StatusOK, o)
}

// handleRevoke revokes a refresh token (and the access tokens it minted),
// or a single access token. The token comes in the query string (Zoho's
// documented form) or the form body. Zoho documents no body for the answer;
// {"status":"success"} is what clients are seen to get. An unknown token
// gets HTTP 400 (Zoho Creator's revoke documentation; body unconfirmed).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if err := parseParams(r); err != nil {
		writeJSON(w, http.StatusBadRequest, obj{{"error", "invalid_request"}})
		return
	}
	token := r.Form.Get("token")
	ts := &s.tokens
	ts.mu.Lock()
	revoked := false
	if rt, ok := ts.refresh[token]; ok && !rt.revoked {
		ts.revokeRefreshLocked(rt)
		revoked = true
	} else if at, ok := ts.access[token]; ok && !at.revoked {
		at.revoked = true
		delete(ts.access, token)
		revoked = true
	}
	ts.mu.Unlock()
	if !revoked {
		writeJSON(w, http.StatusBadRequest, obj{{"error", "invalid_token"}, {"status", "failure"}})
		return
	}
	s.counters.count(func(c *Counters) { c.Revocations++ })
	writeJSON(w, http.StatusOK, obj{{"status", "success"}})
}

// handleUserInfo answers who owns the access token. Zoho needs the scope
// AaaServer.profile.READ for it (or OpenID's email/profile); a token
// minted with scopes but none of those gets 401.
func (s *Server) handleUserInfo(w http.ResponseWriter, r *http.Request) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		writeJSON(w, http.StatusUnauthorized, obj{{"error", "invalid_token"}})
		return
	}
	g, ok := s.tokens.lookupAccess(token, s.Now())
	if !ok {
		writeJSON(w, http.StatusUnauthorized, obj{{"error", "invalid_token"}})
		return
	}
	if !g.scopes.allows("aaaserver.profile.read") && !g.scopes.has("email") && !g.scopes.has("profile") {
		writeJSON(w, http.StatusUnauthorized, obj{{"error", "invalid_oauthscope"}})
		return
	}
	u, ok := s.people.byIDCopy(g.userID)
	if !ok {
		writeJSON(w, http.StatusUnauthorized, obj{{"error", "invalid_token"}})
		return
	}
	zuid := any(u.ZUID)
	if n, err := parseInt64(u.ZUID); err == nil {
		zuid = n // a number in the bodies third-party code reads
	}
	writeJSON(w, http.StatusOK, obj{
		{"First_Name", u.FirstName},
		{"Email", u.Email},
		{"Last_Name", u.LastName},
		{"Display_Name", u.FullName()},
		{"ZUID", zuid},
	})
}
