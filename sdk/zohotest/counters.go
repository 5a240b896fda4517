package zohotest

import (
	"maps"
	"net/http"
	"strings"
	"sync"
)

// Counters counts what the emulator saw. Request counts (TokenRequests,
// UserInfoCalls, ConsentRequests, APIRequests) count arrivals, faulted ones
// included; the others count outcomes.
type Counters struct {
	TokenRequests      int // POST /oauth/v2/token, any grant type or outcome
	GrantExchanges     int // grant codes exchanged for tokens
	GrantFailures      int // authorization_code requests answered with an error
	Refreshes          int // access tokens minted by refresh_token
	RefreshesThrottled int // refreshes refused by the 10-in-10-minutes throttle
	RefreshFailures    int // other refresh errors (invalid_code, invalid_client...)
	Revocations        int // tokens revoked through /oauth/v2/token/revoke
	UserInfoCalls      int // GET /oauth/user/info
	ConsentRequests    int // GET and POST /oauth/v2/auth (showing and answering the page)
	ConsentsAccepted   int // Accept clicks on this DC's page that minted a code (in the user's DC)
	ConsentsRejected   int // Reject clicks on this DC's page

	ClientCredentialsTokens   int // access tokens minted by client credentials
	ClientCredentialsFailures int // client credentials requests answered with an error
	DeviceCodes               int // device codes issued (POST /oauth/v3/device/code)
	DevicePolls               int // device token polls this DC answered, slow_down ones included
	DeviceSlowDowns           int // polls answered slow_down: two within 30 s of the emulator's clock
	DevicesApproved           int // codes approved on this DC's device page
	DevicesDenied             int // codes denied on this DC's device page

	// SecretsInQuery counts accounts requests that carried client_secret,
	// code, refresh_token or token in the URL query string rather than the
	// form body (Zoho's own SDKs do; ours must not).
	SecretsInQuery int

	APIRequests    int            // requests under /crm/
	APIRequestsBy  map[string]int // by "METHOD /path", e.g. "GET /crm/v2/users"
	APIRateLimited int            // CRM calls answered 429 by the credit budget or concurrency limit
	FaultsApplied  int            // requests an injected fault acted on
}

type counterSet struct {
	mu sync.Mutex
	c  Counters
}

// Counters returns a snapshot of the counters.
func (s *Server) Counters() Counters {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	c := s.counters.c
	c.APIRequestsBy = maps.Clone(c.APIRequestsBy)
	if c.APIRequestsBy == nil {
		c.APIRequestsBy = map[string]int{}
	}
	return c
}

// ResetCounters sets every counter to zero.
func (s *Server) ResetCounters() {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	s.counters.c = Counters{}
}

// count applies f to the counters under the lock.
func (cs *counterSet) count(f func(c *Counters)) {
	cs.mu.Lock()
	f(&cs.c)
	cs.mu.Unlock()
}

var sensitiveParams = []string{"client_secret", "code", "refresh_token", "token"}

func (cs *counterSet) arrive(r *http.Request) {
	path := r.URL.Path
	cs.mu.Lock()
	defer cs.mu.Unlock()
	switch {
	case strings.HasPrefix(path, "/crm/"):
		cs.c.APIRequests++
		if cs.c.APIRequestsBy == nil {
			cs.c.APIRequestsBy = map[string]int{}
		}
		cs.c.APIRequestsBy[r.Method+" "+path]++
	case strings.HasPrefix(path, "/oauth/"):
		switch path {
		case "/oauth/v2/token":
			cs.c.TokenRequests++
		case "/oauth/user/info":
			cs.c.UserInfoCalls++
		case "/oauth/v2/auth":
			cs.c.ConsentRequests++
		}
		if path != "/oauth/v2/auth" && r.URL.RawQuery != "" {
			q := r.URL.Query()
			for _, p := range sensitiveParams {
				if q.Has(p) {
					cs.c.SecretsInQuery++
					break
				}
			}
		}
	}
}
