package zohotest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Client is an OAuth client registered with the accounts server.
type Client struct {
	ID          string // 1000. and 30 capitals and digits, like Zoho's
	Name        string // shown on the consent page; "zohotest app" when empty
	Secret      string
	RedirectURI string
}

// RefreshTokenInfo describes a refresh token, for tests.
type RefreshTokenInfo struct {
	ClientID           string
	UserEmail          string
	Scopes             []string
	Created            time.Time
	Revoked            bool
	AccessTokensMinted int // by the grant exchange and every refresh
	Refreshes          int // successful refreshes
	Throttled          int // refreshes refused by the throttle
	ActiveAccessTokens int // minted, not expired, revoked or pushed out
}

type tokenStore struct {
	mu      sync.RWMutex
	clients map[string]Client
	grants  map[string]*grantCode
	refresh map[string]*refreshToken
	access  map[string]*accessToken
	byOwner map[string][]*refreshToken // user id + " " + client id, oldest first
}

type grantCode struct {
	clientID string
	userID   string
	scopes   scopeSet
	expires  time.Time
	offline  bool
	used     bool
}

type refreshToken struct {
	token     string
	clientID  string
	userID    string
	scopes    scopeSet
	created   time.Time
	revoked   bool
	recent    []time.Time // refreshes inside the throttle window
	minted    int
	refreshes int
	throttled int
	active    []*accessToken // oldest first, at most maxAccessTokensPerRefresh
}

type accessToken struct {
	token    string
	rt       *refreshToken // nil for tokens of an online grant
	clientID string
	userID   string
	scopes   scopeSet
	expires  time.Time
	revoked  bool
}

// accessGrant is what an access token lets its bearer do, copied out of
// the store so handlers read it without a lock.
type accessGrant struct {
	clientID string
	userID   string
	scopes   scopeSet
	expires  time.Time
}

func (ts *tokenStore) init() {
	ts.clients = map[string]Client{}
	ts.grants = map[string]*grantCode{}
	ts.refresh = map[string]*refreshToken{}
	ts.access = map[string]*accessToken{}
	ts.byOwner = map[string][]*refreshToken{}
}

// RegisterClient registers an OAuth client. An empty ID or Secret is
// generated in Zoho's format; the registered client is returned.
func (s *Server) RegisterClient(c Client) Client {
	if c.ID == "" {
		c.ID = newClientID()
	}
	if c.Secret == "" {
		c.Secret = newClientSecret()
	}
	if c.Name == "" {
		c.Name = defaultClientName
	}
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	if _, dup := s.tokens.clients[c.ID]; dup {
		panic(fmt.Sprintf("zohotest: RegisterClient: client %s is already registered", c.ID))
	}
	s.tokens.clients[c.ID] = c
	return c
}

func newClientID() string     { return "1000." + randomUpper(30) }
func newClientSecret() string { return randomHex(21) }

// SetRedirectURI sets the client's registered redirect URI (a test's web
// app listens on a port known only once it runs). It panics if the client
// is unknown.
func (s *Server) SetRedirectURI(clientID, redirectURI string) {
	s.tokens.mu.Lock()
	c := s.tokens.mustClientLocked("SetRedirectURI", clientID)
	c.RedirectURI = redirectURI
	s.tokens.clients[clientID] = c
	s.tokens.mu.Unlock()
	if clientID == s.ClientID {
		s.RedirectURI = redirectURI
	}
}

func (s *Server) client(id string) (Client, bool) {
	s.tokens.mu.RLock()
	defer s.tokens.mu.RUnlock()
	c, ok := s.tokens.clients[id]
	return c, ok
}

func (s *Server) hasClient(id string) bool {
	_, ok := s.client(id)
	return ok
}

// GrantToken mints a grant code (authorization code) for the client and the
// user with that email, as Zoho's API console does for a self client. It is
// single-use and lives three minutes of the emulator's clock (see
// WithGrantTokenLifetime). Scopes restrict the tokens it yields (for
// instance "ZohoCRM.modules.ALL", "ZohoCRM.users.READ",
// "AaaServer.profile.READ"); with none they may do anything. It panics if
// the client or the user is unknown.
func (s *Server) GrantToken(clientID, userEmail string, scopes ...string) string {
	u := s.mustUser("GrantToken", userEmail)
	now := s.Now()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.mustClientLocked("GrantToken", clientID)
	code := newToken()
	s.tokens.grants[code] = &grantCode{
		clientID: clientID,
		userID:   u.ID,
		scopes:   parseScopes(scopes),
		expires:  now.Add(s.cfg.grantLifetime),
		offline:  true,
	}
	return code
}

// IssueTokens mints an access token and a refresh token for the client and
// user directly, as a grant exchange would but without one (it counts in
// no counter). Tests use it to seed a token store. It panics if the client
// or the user is unknown.
func (s *Server) IssueTokens(clientID, userEmail string, scopes ...string) (accessToken, refreshToken string) {
	u := s.mustUser("IssueTokens", userEmail)
	now := s.Now()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.mustClientLocked("IssueTokens", clientID)
	rt := s.tokens.mintRefreshLocked(clientID, u.ID, parseScopes(scopes), now)
	at := s.tokens.mintAccessLocked(rt, clientID, u.ID, rt.scopes, now.Add(s.cfg.accessTokenLifetime))
	return at.token, rt.token
}

// ExpireAccessTokens makes every access token minted so far expired now;
// the CRM then answers 401 INVALID_TOKEN to them. Refresh tokens stay good.
func (s *Server) ExpireAccessTokens() {
	now := s.Now()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	for _, at := range s.tokens.access {
		if at.expires.After(now) {
			at.expires = now
		}
	}
}

// RevokeAccessTokens revokes every access token of the user with this
// email (of every client), as Zoho does when a user changes their
// password: the CRM answers 401 INVALID_TOKEN to them all at once, and
// their refresh tokens stay good. It returns how many were revoked and
// panics if no user has that email.
func (s *Server) RevokeAccessTokens(userEmail string) int {
	u := s.mustUser("RevokeAccessTokens", userEmail)
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	n := 0
	for token, at := range s.tokens.access {
		if at.userID != u.ID || at.revoked {
			continue
		}
		at.revoked = true
		delete(s.tokens.access, token)
		if at.rt != nil {
			at.rt.active = slices.DeleteFunc(at.rt.active, func(a *accessToken) bool { return a == at })
		}
		n++
	}
	return n
}

// RevokeRefreshToken revokes a refresh token and the access tokens it
// minted, as POST /oauth/v2/token/revoke does. It reports whether the
// token was known and not yet revoked.
func (s *Server) RevokeRefreshToken(refreshToken string) bool {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	rt, ok := s.tokens.refresh[refreshToken]
	if !ok || rt.revoked {
		return false
	}
	s.tokens.revokeRefreshLocked(rt)
	return true
}

// AccessTokensMinted returns how many access tokens a refresh token has
// minted: one for the grant exchange plus one per successful refresh.
func (s *Server) AccessTokensMinted(refreshToken string) int {
	info, _ := s.RefreshTokenInfo(refreshToken)
	return info.AccessTokensMinted
}

// RefreshTokenInfo describes a refresh token; false if it is unknown.
func (s *Server) RefreshTokenInfo(refreshToken string) (RefreshTokenInfo, bool) {
	now := s.Now()
	s.tokens.mu.RLock()
	rt, ok := s.tokens.refresh[refreshToken]
	if !ok {
		s.tokens.mu.RUnlock()
		return RefreshTokenInfo{}, false
	}
	info := rt.infoLocked(now)
	userID := rt.userID
	s.tokens.mu.RUnlock()
	if u, ok := s.people.byIDCopy(userID); ok {
		info.UserEmail = u.Email
	}
	return info, true
}

// RefreshTokens describes every refresh token the client was issued for
// the user with that email, revoked ones included (not those the 21st
// pushed out), oldest first: a test
// sees what became of tokens it never saw. It panics if no user has that
// email.
func (s *Server) RefreshTokens(clientID, userEmail string) []RefreshTokenInfo {
	u := s.mustUser("RefreshTokens", userEmail)
	now := s.Now()
	s.tokens.mu.RLock()
	defer s.tokens.mu.RUnlock()
	var infos []RefreshTokenInfo
	for _, rt := range s.tokens.refresh {
		if rt.userID == u.ID && rt.clientID == clientID {
			info := rt.infoLocked(now)
			info.UserEmail = u.Email
			infos = append(infos, info)
		}
	}
	slices.SortFunc(infos, func(a, b RefreshTokenInfo) int { return a.Created.Compare(b.Created) })
	return infos
}

// infoLocked describes rt, but for its user's email; ts.mu is held.
func (rt *refreshToken) infoLocked(now time.Time) RefreshTokenInfo {
	info := RefreshTokenInfo{
		ClientID:           rt.clientID,
		Scopes:             slices.Clone(rt.scopes.names),
		Created:            rt.created,
		Revoked:            rt.revoked,
		AccessTokensMinted: rt.minted,
		Refreshes:          rt.refreshes,
		Throttled:          rt.throttled,
	}
	for _, at := range rt.active {
		if !at.revoked && now.Before(at.expires) {
			info.ActiveAccessTokens++
		}
	}
	return info
}

func (ts *tokenStore) mustClientLocked(caller, clientID string) Client {
	c, ok := ts.clients[clientID]
	if !ok {
		panic(fmt.Sprintf("zohotest: %s: no client %q is registered (use Server.ClientID or RegisterClient)", caller, clientID))
	}
	return c
}

// mintRefreshLocked creates a refresh token. A user keeps at most 20 per
// client: the 21st deletes the oldest, and its access tokens with it.
func (ts *tokenStore) mintRefreshLocked(clientID, userID string, scopes scopeSet, now time.Time) *refreshToken {
	rt := &refreshToken{token: newToken(), clientID: clientID, userID: userID, scopes: scopes, created: now}
	ts.refresh[rt.token] = rt
	owner := userID + " " + clientID
	live := ts.byOwner[owner][:0:0]
	for _, old := range ts.byOwner[owner] {
		if !old.revoked {
			live = append(live, old)
		}
	}
	live = append(live, rt)
	for len(live) > maxRefreshTokensPerUser {
		ts.revokeRefreshLocked(live[0])
		delete(ts.refresh, live[0].token)
		live = live[1:]
	}
	ts.byOwner[owner] = live
	return rt
}

// mintAccessLocked creates an access token. A refresh token keeps at most
// 15 active: the 16th invalidates the oldest.
func (ts *tokenStore) mintAccessLocked(rt *refreshToken, clientID, userID string, scopes scopeSet, expires time.Time) *accessToken {
	at := &accessToken{token: newToken(), rt: rt, clientID: clientID, userID: userID, scopes: scopes, expires: expires}
	ts.access[at.token] = at
	if rt != nil {
		rt.minted++
		rt.active = append(rt.active, at)
		for len(rt.active) > maxAccessTokensPerRefresh {
			old := rt.active[0]
			old.revoked = true
			delete(ts.access, old.token)
			rt.active = rt.active[1:]
		}
	}
	return at
}

func (ts *tokenStore) revokeRefreshLocked(rt *refreshToken) {
	rt.revoked = true
	for _, at := range rt.active {
		at.revoked = true
		delete(ts.access, at.token)
	}
	rt.active = nil
}

// lookupAccess returns what a valid access token grants.
func (ts *tokenStore) lookupAccess(token string, now time.Time) (accessGrant, bool) {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	at, ok := ts.access[token]
	if !ok || at.revoked || !now.Before(at.expires) {
		return accessGrant{}, false
	}
	return accessGrant{clientID: at.clientID, userID: at.userID, scopes: at.scopes, expires: at.expires}, true
}

// bearerToken takes the token out of "Authorization: Zoho-oauthtoken <t>"
// (or "Bearer <t>", which Zoho's Postman collection uses).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || (!strings.EqualFold(scheme, "Zoho-oauthtoken") && !strings.EqualFold(scheme, "Bearer")) {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomUpper(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = upperAlnum[randomInt(int64(len(upperAlnum)))]
	}
	return string(b)
}
