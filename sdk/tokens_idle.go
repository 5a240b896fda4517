package sdk

import (
	"sync/atomic"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// A web app serves users it may never see again. What the SDK holds for a
// user in memory is let go once the user is idle and their cached access
// token has expired: the store keeps the tokens, and the user's next call
// reads them again (one store call). A valid cached token stays, since it
// keeps the user's calls going through an outage of the store. What still
// decides whether Zoho may be asked stays until it no longer does: a
// throttle or a spent refresh budget until its window ends, a revoked
// refresh token until other tokens replace it.
const (
	// idleUserAfter: a user without a call for this long is idle.
	idleUserAfter = 5 * time.Minute
	// idleCheckEvery: how often, at most, token requests look for idle
	// users, by the configured clock.
	idleCheckEvery = time.Minute
)

// cachedTokens is a user's cached tokens and when a call last used them.
type cachedTokens struct {
	pluginproto.Tokens
	used atomic.Int64 // Config.Now in Unix nanoseconds
}

func (m *tokenManager) newCached(t pluginproto.Tokens) *cachedTokens {
	c := &cachedTokens{Tokens: t}
	c.used.Store(m.cfg.Now().UnixNano())
	return c
}

// letIdleGo lets idle users go, when it has not for idleCheckEvery.
// A clock set back lets them go at once, not after it catches up.
func (m *tokenManager) letIdleGo() {
	now := m.cfg.Now()
	last := m.swept.Load()
	if since := now.UnixNano() - last; since >= 0 && since < int64(idleCheckEvery) {
		return
	}
	if !m.swept.CompareAndSwap(last, now.UnixNano()) {
		return // another caller does it
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	idleSince := now.Add(-idleUserAfter).UnixNano()
	m.cache = retain(m.cache, func(user string, c *cachedTokens) bool {
		return c.used.Load() > idleSince || now.Before(c.Expiry()) || m.states[user].matters(now)
	})
	m.states = retain(m.states, func(user string, st *userState) bool {
		_, cached := m.cache[user]
		return cached || st.matters(now)
	})
}

// retain returns m without the entries keep refuses: a new map, since a Go
// map keeps the room of its largest size, or m when keep refuses none.
func retain[V any](m map[string]V, keep func(string, V) bool) map[string]V {
	n := 0
	for k, v := range m {
		if keep(k, v) {
			n++
		}
	}
	if n == len(m) {
		return m
	}
	out := make(map[string]V, n)
	for k, v := range m {
		if keep(k, v) {
			out[k] = v
		}
	}
	return out
}

// matters reports whether st must outlive the user's cached tokens: a
// refresh is under way, or Zoho's refusal or the fleet's budget still
// holds the refresh token back. The rest (a rejected access token, the
// wait after a failure) only qualifies cached tokens.
func (st *userState) matters(now time.Time) bool {
	return st != nil && (st.refreshing ||
		(st.refused != nil && (st.until.IsZero() || now.Before(st.until))) ||
		(st.budget != nil && now.Before(st.budget.RetryAt)))
}
