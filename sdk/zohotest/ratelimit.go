package zohotest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The CRM's API credit budget and concurrency limit. Zoho counts credits
// over a rolling day per org; the emulator counts them in fixed windows of
// its own clock (WithAPICredits), which is what clients can observe through
// the headers. A call costs its route's credits: one, or what Zoho's table
// gives for the operation (send mail 20, record count 50, composite 1 or 2);
// the costs that depend on the records (cvid 3, deleted records 2, writes 1
// per 10 records) are not modelled.

const tooManyRequestsMessage = "Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded."

type rateLimiter struct {
	mu          sync.Mutex
	limit       int
	window      time.Duration
	used        int
	resetAt     time.Time
	concurrency int
	inFlight    int
}

func (l *rateLimiter) init(cfg config) {
	l.limit, l.window, l.concurrency = cfg.apiCredits, cfg.creditWindow, cfg.concurrency
}

// RateLimit describes the CRM credit budget at the emulator's current time.
type RateLimit struct {
	Limit     int
	Remaining int
	Reset     time.Time // when the current window ends
}

// RateLimit returns the state of the CRM credit budget.
func (s *Server) RateLimit() RateLimit {
	now := s.Now()
	l := &s.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollLocked(now)
	return RateLimit{Limit: l.limit, Remaining: l.limit - l.used, Reset: l.resetAt}
}

// SetAPICredits changes the credit budget and starts a new window.
func (s *Server) SetAPICredits(credits int, window time.Duration) {
	if credits < 1 || window <= 0 {
		panic("zohotest: SetAPICredits: credits and window must be positive")
	}
	l := &s.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit, l.window, l.used, l.resetAt = credits, window, 0, time.Time{}
}

func (l *rateLimiter) rollLocked(now time.Time) {
	if l.resetAt.IsZero() || !now.Before(l.resetAt) {
		l.used = 0
		l.resetAt = now.Add(l.window)
	}
}

// admit charges a call's credits, takes its concurrency units and sets the
// rate-limit headers; past the budget or the concurrency limit it answers
// 429 itself. release must be called when the call is done.
func (l *rateLimiter) admit(w http.ResponseWriter, now, tokenExpiry time.Time, s *Server, credits, units int) (release func(), ok bool) {
	l.mu.Lock()
	l.rollLocked(now)
	overBudget := l.used+credits > l.limit
	overConcurrency := l.concurrency > 0 && l.inFlight+units > max(l.concurrency, units)
	if !overBudget && !overConcurrency {
		l.used += credits
		l.inFlight += units
	}
	limit, remaining, reset := l.limit, l.limit-l.used, l.resetAt
	l.mu.Unlock()

	h := w.Header()
	h.Set("X-RATELIMIT-LIMIT", strconv.Itoa(limit))
	h.Set("X-RATELIMIT-REMAINING", strconv.Itoa(remaining))
	// Reset time of the window in epoch milliseconds (the PHP SDK's doc
	// comment says milliseconds).
	h.Set("X-RATELIMIT-RESET", strconv.FormatInt(reset.UnixMilli(), 10))
	h.Set("X-RATELIMIT-DAY-LIMIT", strconv.Itoa(limit))
	h.Set("X-RATELIMIT-DAY-REMAINING", strconv.Itoa(remaining))
	h.Set("X-ACCESSTOKEN-RESET", s.formatTime(tokenExpiry))
	if overBudget || overConcurrency {
		fail(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", tooManyRequestsMessage, nil)
		return nil, false
	}
	return func() {
		l.mu.Lock()
		l.inFlight -= units
		l.mu.Unlock()
	}, true
}

// charge takes more credits from the budget, for a call whose cost shows
// only once it ran (a composite request that did not roll back).
func (l *rateLimiter) charge(credits int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.used = min(l.used+credits, l.limit)
}
