package sdk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// The refresh budget: Zoho mints at most 10 access tokens per refresh token
// in 10 minutes and refuses ("Access Denied") the rest of the window. A
// fleet of processes sharing one refresh token counts its refreshes in the
// token store, when the store keeps the count (file and MySQL stores do;
// a custom store may, see pluginproto.RefreshBudgeter), and never sends
// the refresh that Zoho would throttle.
const (
	refreshBudgetLimit = 10
	// The window is Zoho's, with a margin for clocks (of the processes,
	// of Zoho) that disagree by a few seconds.
	refreshBudgetWindow = throttleWindow + 15*time.Second
	// A refresh answered later than this after it was counted is counted
	// again from its answer (restampBudget): its delay would eat the margin.
	budgetRestampAfter = time.Second
)

// ErrRefreshBudgetSpent: the application's processes, counted together in
// the token store, have used the refresh token's allowance for Zoho's
// window, so the SDK did not ask Zoho for a token (Zoho would have refused
// it and locked the refresh token out). A *RefreshBudgetError says when a
// refresh will be allowed. While the cached access token is still valid,
// calls go on with it and do not see this error.
var ErrRefreshBudgetSpent = errors.New("zcrm: the refresh budget of this refresh token is spent")

// RefreshBudgetError reports a refresh the SDK held back to stay within
// Zoho's limit. It wraps ErrRefreshBudgetSpent.
type RefreshBudgetError struct {
	User string
	// Used refreshes of this refresh token in the window, by every process
	// sharing the store; Limit is Zoho's allowance.
	Used, Limit int
	// RetryAt is when a refresh will be allowed again.
	RetryAt time.Time
}

func (e *RefreshBudgetError) Error() string {
	return fmt.Sprintf("zcrm: not refreshing the access token of %s: its refresh token was refreshed %d times in Zoho's 10-minute window by this application's processes (Zoho allows %d); a refresh is allowed again at %s",
		e.User, e.Used, e.Limit, e.RetryAt.UTC().Format(time.RFC3339))
}

func (e *RefreshBudgetError) Is(target error) bool { return target == ErrRefreshBudgetSpent }

// SupportsRefreshBudget reports whether the store keeps the fleet's count.
func (p *pluginStore) SupportsRefreshBudget() bool {
	c, err := p.current()
	return err == nil && c.Capabilities().RefreshBudget
}

func (p *pluginStore) SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (b pluginproto.RefreshBudget, err error) {
	err = p.do(ctx, func(c *pluginproto.Client) (e error) { b, e = c.SpendRefresh(ctx, key, at, limit, window); return e })
	return b, err
}

// budgetKey names a refresh token in the store's count without revealing
// it: a hash, domain-separated so it matches no other hash of the token.
func budgetKey(refreshToken string) string {
	sum := sha256.Sum256([]byte("zcrm refresh budget\x00" + refreshToken))
	return hex.EncodeToString(sum[:])
}

// spendBudget asks the store's count for one refresh of t's refresh token.
// It returns a *RefreshBudgetError when the refresh must not be sent, and
// nil when it may, including when the store keeps no count or could not
// answer (then each process counts only by what Zoho answers, as before).
//
// spent is when the refresh was recorded (zero when it was not), for
// refundBudget.
func (m *tokenManager) spendBudget(ctx context.Context, user string, t pluginproto.Tokens) (spent time.Time, err error) {
	credential := m.budgetCredential(t)
	if m.cfg.DisableRefreshBudget || credential == "" || !m.store.SupportsRefreshBudget() {
		return time.Time{}, nil
	}
	if err := m.budgetHeld(user, t.RefreshToken); err != nil {
		return time.Time{}, err
	}
	budgetCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	at := m.cfg.Now()
	b, err := m.store.SpendRefresh(budgetCtx, budgetKey(credential), at, refreshBudgetLimit, refreshBudgetWindow)
	if err != nil {
		m.logger.Warn("the token store could not count the refresh; refreshing without the fleet's budget", "user", user, "error", err)
		return time.Time{}, nil
	}
	if b.Allowed {
		return at, nil
	}
	be := &RefreshBudgetError{User: user, Used: b.Used, Limit: refreshBudgetLimit, RetryAt: b.NextAllowed}
	m.mu.Lock()
	st := m.stateLocked(user)
	// No refresh can be allowed before then, whatever other processes do.
	st.budgetRefreshToken, st.budget = t.RefreshToken, be
	m.mu.Unlock()
	m.logger.Warn("the fleet's refresh budget is spent; not refreshing before the window allows", "user", user,
		"used", b.Used, "retry_at", be.RetryAt.UTC().Format(time.RFC3339))
	return time.Time{}, be
}

// refundBudget gives back the refresh spent at spent when the refresh
// failed in a way that minted no token: Zoho answered with an error, or
// could not be reached. A refresh whose answer may have been lost (a
// timeout) stays counted: Zoho may have minted the token.
func (m *tokenManager) refundBudget(ctx context.Context, user string, t pluginproto.Tokens, spent time.Time, refreshErr error) {
	if spent.IsZero() || errors.Is(refreshErr, context.DeadlineExceeded) || errors.Is(refreshErr, os.ErrDeadlineExceeded) {
		return
	}
	refundCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	if err := m.store.RefundRefresh(refundCtx, budgetKey(m.budgetCredential(t)), spent); err != nil {
		m.logger.Warn("could not give back a failed refresh to the fleet's budget; it stays counted for Zoho's window", "user", user, "error", err)
	}
}

// exhaustBudget passes Zoho's throttle of t's refresh token on to the
// fleet: it fills the store's count for the window, so that no process
// sharing the store asks Zoho before the window ends. The count holds
// refresh times only, so the throttle is written as refreshes at this
// moment, recorded under a limit above Zoho's so that each call records
// one.
func (m *tokenManager) exhaustBudget(ctx context.Context, user string, t pluginproto.Tokens) {
	if m.cfg.DisableRefreshBudget || t.RefreshToken == "" || !m.store.SupportsRefreshBudget() {
		return
	}
	fillCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	at, key := m.cfg.Now(), budgetKey(t.RefreshToken)
	for range refreshBudgetLimit {
		b, err := m.store.SpendRefresh(fillCtx, key, at, 2*refreshBudgetLimit, refreshBudgetWindow)
		if err != nil {
			m.logger.Warn("could not tell the fleet's refresh budget of Zoho's throttle; other processes will learn it from Zoho", "user", user, "error", err)
			return
		}
		if !b.Allowed {
			return
		}
	}
}

// restampBudget moves the refresh spent at spent to answered, when Zoho
// answered it, if that came late. Zoho counts a refresh when it receives
// it, which may be well after spent on a loaded host (the store's lock,
// the scheduler, the network): a refresh counted from spent would leave
// the fleet's window before it leaves Zoho's. The refresh is counted at
// answered first (over the limit if need be), then given back at spent,
// so the count is never short.
func (m *tokenManager) restampBudget(ctx context.Context, user string, t pluginproto.Tokens, spent, answered time.Time) {
	if spent.IsZero() || answered.Sub(spent) < budgetRestampAfter {
		return
	}
	restampCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	key := budgetKey(m.budgetCredential(t))
	if _, err := m.store.SpendRefresh(restampCtx, key, answered, 2*refreshBudgetLimit, refreshBudgetWindow); err != nil {
		m.logger.Warn("could not move a slow refresh to when Zoho answered it in the fleet's budget; it stays counted from when it was asked", "user", user, "error", err)
		return
	}
	if err := m.store.RefundRefresh(restampCtx, key, spent); err != nil {
		m.logger.Warn("could not give back a slow refresh's first count in the fleet's budget; it stays counted twice for Zoho's window", "user", user, "error", err)
	}
}

func (p *pluginStore) RefundRefresh(ctx context.Context, key string, at time.Time) error {
	return p.do(ctx, func(c *pluginproto.Client) error { return c.RefundRefresh(ctx, key, at) })
}

// budgetHeld returns the budget error this process learnt for the refresh
// token, while it holds.
func (m *tokenManager) budgetHeld(user, refreshToken string) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st := m.states[user]
	if st == nil || st.budget == nil || st.budgetRefreshToken != refreshToken || !m.cfg.Now().Before(st.budget.RetryAt) {
		return nil
	}
	return st.budget
}

// budgetWait returns how long to wait before a held-back refresh may be
// asked for again, if err is a budget refusal and ctx's deadline leaves
// room for the wait; false otherwise.
func (m *tokenManager) budgetWait(ctx context.Context, err error) (time.Duration, bool) {
	var be *RefreshBudgetError
	if !errors.As(err, &be) {
		return 0, false
	}
	wait := be.RetryAt.Sub(m.cfg.Now())
	deadline, ok := ctx.Deadline()
	if !ok || time.Until(deadline) <= wait {
		return 0, false
	}
	return max(wait, time.Millisecond), true
}
