package sdk

// HeldUsers counts the users a client holds something for in memory:
// cached tokens, token state (throttles, revocations, failures), and
// per-user call limiter slots.
func HeldUsers(c *Client) (tokens, states, limiters int) {
	m := c.core.tokens
	m.mu.RLock()
	tokens, states = len(m.cache), len(m.states)
	m.mu.RUnlock()
	l := c.core.limiter
	l.mu.Lock()
	limiters = len(l.users)
	l.mu.Unlock()
	return tokens, states, limiters
}
