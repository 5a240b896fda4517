package sdk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"golang.org/x/sync/singleflight"

	"github.com/zcrm-go/zcrm/pluginproto"
)

const (
	// refreshLockTTL frees the store's refresh lock should this process die
	// while holding it.
	refreshLockTTL = time.Minute
	// throttleWindow is Zoho's: past 10 access tokens in 10 minutes, a
	// refresh token is refused for the rest of the window. When the window
	// began is not known (other processes count too), so the SDK waits all
	// of it before asking again.
	throttleWindow = 10 * time.Minute
)

// tokenManager hands out access tokens. A fresh cached token costs nothing;
// otherwise one refresh per user runs at a time in this process, and the
// store's lock makes it one at a time across processes.
//
// A cached token inside the refresh window is still good: while it is,
// a failed store read, lock or refresh is logged and the caller goes on
// with it, and only the caller that started a refresh waits for it. After
// Zoho throttles or revokes a refresh token, the SDK stops asking Zoho with
// it until asking can succeed: the window's end, or new tokens.
type tokenManager struct {
	cfg    Config
	oauth  *oauthClient
	store  *pluginStore
	logger hclog.Logger

	mu     sync.RWMutex
	cache  map[string]*cachedTokens
	states map[string]*userState
	swept  atomic.Int64 // when idle users were last let go (tokens_idle.go)

	flights   singleflight.Group
	refreshes atomic.Int64
	renewing  atomic.Int64 // flights under way, callers gone or not
}

// userState is what the SDK learnt about a user's tokens from failures.
type userState struct {
	refreshing bool // a flight is under way

	// refused: Zoho refused refreshToken: throttled until until, or
	// revoked (until is zero) until new tokens are saved.
	refreshToken string
	refused      *AuthError
	until        time.Time

	// rejected is an access token Zoho answered 401 to.
	rejected string

	// After a failure of the store or the accounts server, a cached token
	// that is still valid serves until retryAt.
	failures int
	retryAt  time.Time

	// budget: the fleet's refresh budget for budgetRefreshToken is spent
	// until budget.RetryAt.
	budgetRefreshToken string
	budget             *RefreshBudgetError
}

func newTokenManager(cfg Config, oauth *oauthClient, store *pluginStore, logger hclog.Logger) *tokenManager {
	return &tokenManager{cfg: cfg, oauth: oauth, store: store, logger: logger,
		cache: map[string]*cachedTokens{}, states: map[string]*userState{}}
}

// fresh reports whether t's access token outlives the refresh skew.
func (m *tokenManager) fresh(t pluginproto.Tokens) bool {
	return t.AccessToken != "" && m.cfg.Now().Add(m.cfg.RefreshSkew).Before(t.Expiry())
}

// valid reports whether t's access token has not expired.
func (m *tokenManager) valid(t pluginproto.Tokens) bool {
	return t.AccessToken != "" && m.cfg.Now().Before(t.Expiry())
}

func (m *tokenManager) cached(user string) (pluginproto.Tokens, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.cache[user]
	if !ok {
		return pluginproto.Tokens{}, false
	}
	c.used.Store(m.cfg.Now().UnixNano())
	return c.Tokens, true
}

// remember caches t. New tokens end what failures taught about old ones:
// a rejected access token, the wait after a failure, and, with a new
// refresh token, its throttle, revocation or spent budget. Zoho refuses a
// refresh token, not an access token: what it said of t's refresh token
// holds whatever access token comes with it (another process may have
// saved one minted just before the throttle).
func (m *tokenManager) remember(t pluginproto.Tokens) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cache[t.UserIdentifier] = m.newCached(t)
	st := m.states[t.UserIdentifier]
	if st == nil || t.AccessToken == st.rejected {
		return
	}
	kept := userState{refreshing: st.refreshing}
	if st.refreshToken == t.RefreshToken {
		kept.refreshToken, kept.refused, kept.until = st.refreshToken, st.refused, st.until
	}
	if st.budgetRefreshToken == t.RefreshToken {
		kept.budgetRefreshToken, kept.budget = st.budgetRefreshToken, st.budget
	}
	*st = kept
}

// forget drops the user's cached tokens and what the SDK knew of them.
func (m *tokenManager) forget(user string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.cache, user)
	if st := m.states[user]; st != nil {
		*st = userState{refreshing: st.refreshing}
	}
}

// stateLocked returns the user's state, made if need be; m.mu is held.
func (m *tokenManager) stateLocked(user string) *userState {
	st := m.states[user]
	if st == nil {
		st = &userState{}
		m.states[user] = st
	}
	return st
}

// token returns a usable access token for user.
func (m *tokenManager) token(ctx context.Context, user string) (pluginproto.Tokens, error) {
	m.letIdleGo()
	t, ok := m.cached(user)
	if ok && m.fresh(t) {
		return t, nil
	}
	if ok && m.valid(t) {
		if m.servesCached(user, t) {
			return t, nil
		}
		nt, err := m.obtain(ctx, user, nil)
		if err != nil && ctx.Err() == nil {
			if c, ok := m.cached(user); ok && m.valid(c) && !m.isRejected(user, c) {
				return c, nil // the flight logged why
			}
		}
		return nt, err
	}
	return m.obtain(ctx, user, nil)
}

// servesCached reports whether the valid cached token t should serve
// without a refresh now: one is under way, Zoho refused its refresh token,
// or the last try failed a moment ago.
func (m *tokenManager) servesCached(user string, t pluginproto.Tokens) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st := m.states[user]
	if st == nil || t.AccessToken == st.rejected {
		return false
	}
	now := m.cfg.Now()
	return st.refreshing || now.Before(st.retryAt) ||
		(st.budget != nil && st.budgetRefreshToken == t.RefreshToken && now.Before(st.budget.RetryAt)) ||
		(st.refused != nil && st.refreshToken == t.RefreshToken && (st.until.IsZero() || now.Before(st.until)))
}

func (m *tokenManager) isRejected(user string, t pluginproto.Tokens) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st := m.states[user]
	return st != nil && st.rejected == t.AccessToken
}

// maxRenewals bounds the renewals of one call's token after Zoho answers
// 401 INVALID_TOKEN: the first may bring a token the store held that Zoho
// rejects too (another process's, saved before an expiry that reached it
// as well); the second settles it under the store's lock.
const maxRenewals = 2

// renew returns a token other than those of rejected, which Zoho refused
// for one call, the last most recently. The first renewal takes what the
// store holds, or refreshes; a later one (a 401 after a 401) reads the
// store again under the refresh lock, and refreshes unless another
// process saved a token not rejected meanwhile; without the lock it
// refreshes.
func (m *tokenManager) renew(ctx context.Context, user string, rejected []string) (pluginproto.Tokens, error) {
	m.mu.Lock()
	if c := m.cache[user]; c != nil && slices.Contains(rejected, c.AccessToken) {
		delete(m.cache, user)
	}
	m.stateLocked(user).rejected = rejected[len(rejected)-1]
	m.mu.Unlock()
	return m.obtain(ctx, user, rejected)
}

// obtain joins or starts the user's flight. When the fleet's refresh
// budget holds the refresh back and ctx leaves time for the window to
// allow it, it waits and tries again.
func (m *tokenManager) obtain(ctx context.Context, user string, rejected []string) (pluginproto.Tokens, error) {
	for {
		t, err := m.obtainOnce(ctx, user, rejected)
		wait, ok := m.budgetWait(ctx, err)
		if !ok {
			return t, err
		}
		m.logger.Debug("waiting for the refresh budget's window", "user", user, "wait", wait)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return pluginproto.Tokens{}, err
		case <-timer.C:
		}
	}
}

// obtainOnce joins or starts the user's flight. A flight started without
// knowing of a rejected token may bring it back; then one more runs. A
// renewal after a renewal (two tokens rejected) has a flight of its own,
// which reads the store under the lock.
func (m *tokenManager) obtainOnce(ctx context.Context, user string, rejected []string) (pluginproto.Tokens, error) {
	key := user
	if len(rejected) > 1 {
		key += "\x00again"
	}
	for range 2 {
		// The flight is shared: a caller that gives up does not end it
		// for the others. Its every wait is bounded by Config.Timeout.
		flightCtx := context.WithoutCancel(ctx)
		ch := m.flights.DoChan(key, func() (any, error) {
			m.renewing.Add(1)
			defer m.renewing.Add(-1)
			m.setRefreshing(user, true)
			defer m.setRefreshing(user, false)
			return m.loadOrRefresh(flightCtx, user, rejected)
		})
		select {
		case <-ctx.Done():
			return pluginproto.Tokens{}, fmt.Errorf("zcrm: waiting for the refresh of the access token of %s: %w", user, ctx.Err())
		case r := <-ch:
			if r.Err != nil {
				return pluginproto.Tokens{}, r.Err
			}
			t := r.Val.(pluginproto.Tokens)
			if !slices.Contains(rejected, t.AccessToken) {
				return t, nil
			}
		}
	}
	return pluginproto.Tokens{}, fmt.Errorf("zcrm: Zoho keeps rejecting the access token of %s", user)
}

func (m *tokenManager) setRefreshing(user string, on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.stateLocked(user)
	st.refreshing = on
	if *st == (userState{}) {
		delete(m.states, user) // nothing learnt: a user served well holds no state
	}
}

// loadOrRefresh reads the store, where another process may have refreshed
// already; refreshes under the store's lock when it must; saves. When the
// store cannot be read, the refresh token in memory is used. After two
// rejected tokens (renew), only a token read under the lock is taken.
func (m *tokenManager) loadOrRefresh(ctx context.Context, user string, rejected []string) (pluginproto.Tokens, error) {
	usable := func(t pluginproto.Tokens) bool {
		return !slices.Contains(rejected, t.AccessToken) && !m.isRejected(user, t) && m.fresh(t)
	}
	again := len(rejected) > 1

	stored, storeErr := m.storedForMint(ctx, user)
	switch {
	case storeErr == nil && usable(stored) && !again:
		m.remember(stored)
		return stored, nil
	case storeErr != nil:
		cached, ok := m.cached(user)
		if !ok || cached.RefreshToken == "" || errors.Is(storeErr, ErrNoTokens) {
			return pluginproto.Tokens{}, m.failed(user, storeErr)
		}
		m.logger.Warn("reading the token store failed; using the refresh token in memory", "user", user, "error", storeErr)
		stored = cached
	}
	if err := m.refusal(user, stored.RefreshToken); err != nil {
		return pluginproto.Tokens{}, err
	}

	if storeErr == nil && m.store.SupportsLocking() {
		lockCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
		release, err := m.store.Lock(lockCtx, user, refreshLockTTL)
		cancel()
		if err != nil {
			// Refreshing without the lock risks a duplicate refresh, not
			// a wrong token: go on.
			m.logger.Warn("could not take the token store's refresh lock; refreshing without it", "user", user, "error", err)
		} else {
			defer func() {
				unlockCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
				defer cancel()
				if err := release(unlockCtx); err != nil {
					m.logger.Warn("releasing the refresh lock failed; it expires by itself", "user", user, "error", err)
				}
			}()
			if again, err := m.storedForMint(ctx, user); err != nil {
				m.logger.Warn("reading the token store under the lock failed; refreshing with what it gave before", "user", user, "error", err)
			} else {
				stored = again
			}
			if usable(stored) {
				m.logger.Debug("another process refreshed the token", "user", user)
				m.remember(stored)
				return stored, nil
			}
			if err := m.refusal(user, stored.RefreshToken); err != nil {
				return pluginproto.Tokens{}, err
			}
		}
	}

	spent, err := m.spendBudget(ctx, user, stored)
	if err != nil {
		return pluginproto.Tokens{}, err
	}
	m.logger.Debug("refreshing access token", "user", user)
	m.refreshes.Add(1)
	g, err := m.mint(ctx, user, stored)
	if err != nil {
		if errors.Is(err, ErrRefreshThrottled) {
			m.exhaustBudget(ctx, user, stored)
		} else {
			m.refundBudget(ctx, user, stored, spent, err)
		}
		// The stored tokens stay as they are: a failed refresh loses nothing.
		m.refused(user, stored.RefreshToken, err)
		if storeErr != nil {
			err = fmt.Errorf("%w; and with the refresh token in memory, %w", storeErr, err)
		}
		return pluginproto.Tokens{}, m.failed(user, err)
	}
	m.restampBudget(ctx, user, stored, spent, m.cfg.Now())
	fresh := m.tokensFrom(user, g)
	saveCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	if err := m.store.Save(saveCtx, fresh); err != nil {
		// The refresh token is unchanged, so nothing is lost: this process
		// goes on with the new access token; others will refresh again.
		m.logger.Error("saving refreshed tokens failed; using them in this process only", "user", user, "error", err)
	}
	m.remember(fresh)
	m.logger.Info("access token refreshed", "user", user, "expires", fresh.Expiry().UTC().Format(time.RFC3339))
	return fresh, nil
}

// refusal returns the error to give instead of asking Zoho to refresh
// with refreshToken, if Zoho refused it and asking again cannot succeed
// yet; nil if the SDK may ask.
func (m *tokenManager) refusal(user, refreshToken string) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st := m.states[user]
	if st == nil || st.refused == nil || st.refreshToken != refreshToken {
		return nil
	}
	if st.until.IsZero() {
		return st.refused.held(0)
	}
	if wait := st.until.Sub(m.cfg.Now()); wait > 0 {
		return st.refused.held(wait)
	}
	return nil
}

// refused records Zoho's refusal of a refresh token: a throttle holds it
// back for Zoho's window, a revocation until new tokens are saved.
func (m *tokenManager) refused(user, refreshToken string, err error) {
	var ae *AuthError
	if !errors.As(err, &ae) {
		return
	}
	var until time.Time
	switch {
	case errors.Is(ae, ErrRefreshThrottled):
		until = m.cfg.Now().Add(throttleWindow)
		ae.RetryAfter = throttleWindow
	case errors.Is(ae, ErrRefreshTokenRevoked):
	default:
		return
	}
	m.mu.Lock()
	st := m.stateLocked(user)
	st.refreshToken, st.refused, st.until = refreshToken, ae, until
	m.mu.Unlock()
	if until.IsZero() {
		m.logger.Warn("Zoho refused the refresh token; not asking again until new tokens are saved", "user", user)
	} else {
		m.logger.Warn("Zoho throttled the refresh token; not asking again before its window ends", "user", user, "until", until.UTC().Format(time.RFC3339))
	}
}

// failed logs a failed flight, notes when to try again while the cached
// token lasts, and returns err.
func (m *tokenManager) failed(user string, err error) error {
	m.mu.Lock()
	st := m.stateLocked(user)
	st.failures++
	st.retryAt = m.cfg.Now().Add(backoff(m.cfg, min(st.failures-1, 16)))
	retryAt := st.retryAt
	var cached pluginproto.Tokens
	if c := m.cache[user]; c != nil && c.AccessToken != st.rejected {
		cached = c.Tokens
	}
	m.mu.Unlock()
	if m.valid(cached) {
		m.logger.Warn("token refresh failed; going on with the cached access token", "user", user,
			"valid_until", cached.Expiry().UTC().Format(time.RFC3339), "retry_after", retryAt.Sub(m.cfg.Now()).Round(time.Millisecond), "error", err)
	} else {
		m.logger.Error("token refresh failed", "user", user, "error", err)
	}
	return err
}

// stored reads the user's tokens, within Config.Timeout.
func (m *tokenManager) stored(ctx context.Context, user string) (pluginproto.Tokens, error) {
	readCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	t, err := m.store.Get(readCtx, user)
	switch {
	case errors.Is(err, pluginproto.ErrNotFound):
		return pluginproto.Tokens{}, fmt.Errorf("%w: %s; exchange a grant token for this user first (Client.GenerateTokens)", ErrNoTokens, user)
	case err != nil && readCtx.Err() == context.DeadlineExceeded && ctx.Err() == nil:
		return pluginproto.Tokens{}, fmt.Errorf("%w: reading tokens of %s: no answer within %v (Config.Timeout): %w", ErrTokenStore, user, m.cfg.Timeout, err)
	case err != nil:
		return pluginproto.Tokens{}, fmt.Errorf("%w: reading tokens of %s: %w", ErrTokenStore, user, err)
	}
	return m.placed(t)
}

// placed settles where a stored user's calls go: their accounts server
// must be an accepted one (a store row does not get to choose where a
// token is sent), and their API domain one of that data centre's, or else
// the data centre's own.
func (m *tokenManager) placed(t pluginproto.Tokens) (pluginproto.Tokens, error) {
	dc, err := m.oauth.dataCenterOf(t)
	if err != nil {
		return pluginproto.Tokens{}, fmt.Errorf("zcrm: the token store names a data centre for %s that is not accepted: %w", t.UserIdentifier, err)
	}
	t.APIDomain = m.cfg.apiDomainFor(dc, t.APIDomain)
	return t, nil
}

// tokensFrom makes the tokens to keep from a token answer, marked with the
// data centre that gave it.
func (m *tokenManager) tokensFrom(user string, g grant) pluginproto.Tokens {
	return pluginproto.Tokens{
		UserIdentifier: user,
		AccessToken:    g.AccessToken,
		RefreshToken:   g.RefreshToken,
		ExpiryTime:     m.cfg.Now().Add(g.ExpiresIn).UnixMilli(),
		APIDomain:      g.APIDomain,
		AccountsServer: g.DC.AccountsURL,
	}
}

// TokenSaveError reports tokens Zoho issued that the store could not keep.
// They are in Tokens, for the caller to keep some other way, and in the
// Client's memory for the life of the process. Error() never shows them.
type TokenSaveError struct {
	Tokens pluginproto.Tokens
	Err    error
}

func (e *TokenSaveError) Error() string {
	return fmt.Sprintf("zcrm: Zoho issued tokens for %s but the token store could not save them (%v); they are usable in this process only, and TokenSaveError.Tokens holds them",
		e.Tokens.UserIdentifier, e.Err)
}

func (e *TokenSaveError) Unwrap() error { return e.Err }
