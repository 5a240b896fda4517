package sdk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"golang.org/x/sync/singleflight"

	"github.com/zcrm-go/zcrm/pluginproto"
)

const (
	// refreshTimeout bounds one refresh, detached from the caller who
	// happened to start it, since other callers wait on it too.
	refreshTimeout = time.Minute
	// refreshLockTTL frees the store's refresh lock should this process die
	// while holding it.
	refreshLockTTL = time.Minute
)

// tokenManager hands out access tokens. A fresh cached token costs nothing;
// otherwise one refresh per user runs at a time in this process, and the
// store's lock makes it one at a time across processes.
type tokenManager struct {
	cfg    Config
	oauth  *oauthClient
	store  *pluginStore
	logger hclog.Logger

	mu    sync.RWMutex
	cache map[string]pluginproto.Tokens

	flights   singleflight.Group
	refreshes atomic.Int64
}

func newTokenManager(cfg Config, oauth *oauthClient, store *pluginStore, logger hclog.Logger) *tokenManager {
	return &tokenManager{cfg: cfg, oauth: oauth, store: store, logger: logger, cache: map[string]pluginproto.Tokens{}}
}

// fresh reports whether t's access token outlives the refresh skew.
func (m *tokenManager) fresh(t pluginproto.Tokens) bool {
	return t.AccessToken != "" && m.cfg.Now().Add(m.cfg.RefreshSkew).Before(t.Expiry())
}

func (m *tokenManager) cached(user string) (pluginproto.Tokens, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.cache[user]
	return t, ok
}

func (m *tokenManager) remember(t pluginproto.Tokens) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cache[t.UserIdentifier] = t
}

func (m *tokenManager) forget(user string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.cache, user)
}

// token returns a usable access token for user.
func (m *tokenManager) token(ctx context.Context, user string) (pluginproto.Tokens, error) {
	if t, ok := m.cached(user); ok && m.fresh(t) {
		return t, nil
	}
	return m.obtain(ctx, user, "")
}

// renew returns a token other than rejected, which Zoho refused.
func (m *tokenManager) renew(ctx context.Context, user, rejected string) (pluginproto.Tokens, error) {
	m.mu.Lock()
	if m.cache[user].AccessToken == rejected {
		delete(m.cache, user)
	}
	m.mu.Unlock()
	return m.obtain(ctx, user, rejected)
}

// obtain joins or starts the user's flight. A flight started without
// knowing of the rejected token may bring it back; then one more runs.
func (m *tokenManager) obtain(ctx context.Context, user, rejected string) (pluginproto.Tokens, error) {
	for range 2 {
		flightCtx := context.WithoutCancel(ctx)
		ch := m.flights.DoChan(user, func() (any, error) {
			c, cancel := context.WithTimeout(flightCtx, refreshTimeout)
			defer cancel()
			return m.loadOrRefresh(c, user, rejected)
		})
		select {
		case <-ctx.Done():
			return pluginproto.Tokens{}, ctx.Err()
		case r := <-ch:
			if r.Err != nil {
				return pluginproto.Tokens{}, r.Err
			}
			t := r.Val.(pluginproto.Tokens)
			if rejected == "" || t.AccessToken != rejected {
				return t, nil
			}
		}
	}
	return pluginproto.Tokens{}, fmt.Errorf("zcrm: Zoho keeps rejecting the access token of %s", user)
}

// loadOrRefresh reads the store, where another process may have refreshed
// already; refreshes under the store's lock when it must; saves.
func (m *tokenManager) loadOrRefresh(ctx context.Context, user, rejected string) (pluginproto.Tokens, error) {
	usable := func(t pluginproto.Tokens) bool { return t.AccessToken != rejected && m.fresh(t) }

	stored, err := m.stored(ctx, user)
	if err != nil {
		return pluginproto.Tokens{}, err
	}
	if usable(stored) {
		m.remember(stored)
		return stored, nil
	}

	if m.store.SupportsLocking() {
		release, err := m.store.Lock(ctx, user, refreshLockTTL)
		if err != nil {
			// Refreshing without the lock risks a duplicate refresh, not
			// a wrong token: go on.
			m.logger.Warn("could not take the token store's refresh lock; refreshing without it", "user", user, "error", err)
		} else {
			defer func() {
				if err := release(context.WithoutCancel(ctx)); err != nil {
					m.logger.Warn("releasing the refresh lock failed; it expires by itself", "user", user, "error", err)
				}
			}()
			if stored, err = m.stored(ctx, user); err != nil {
				return pluginproto.Tokens{}, err
			}
			if usable(stored) {
				m.logger.Debug("another process refreshed the token", "user", user)
				m.remember(stored)
				return stored, nil
			}
		}
	}

	m.logger.Debug("refreshing access token", "user", user)
	m.refreshes.Add(1)
	g, err := m.oauth.refresh(ctx, user, stored)
	if err != nil {
		// The stored tokens stay as they are: a failed refresh loses nothing.
		m.logger.Error("token refresh failed", "user", user, "error", err)
		return pluginproto.Tokens{}, err
	}
	fresh := m.tokensFrom(user, g)
	if err := m.store.Save(ctx, fresh); err != nil {
		// The refresh token is unchanged, so nothing is lost: this process
		// goes on with the new access token; others will refresh again.
		m.logger.Error("saving refreshed tokens failed; using them in this process only", "user", user, "error", err)
	}
	m.remember(fresh)
	m.logger.Info("access token refreshed", "user", user, "expires", fresh.Expiry().UTC().Format(time.RFC3339))
	return fresh, nil
}

func (m *tokenManager) stored(ctx context.Context, user string) (pluginproto.Tokens, error) {
	t, err := m.store.Get(ctx, user)
	if errors.Is(err, pluginproto.ErrNotFound) {
		return pluginproto.Tokens{}, fmt.Errorf("%w: %s; exchange a grant token for this user first (Client.GenerateTokens)", ErrNoTokens, user)
	}
	if err != nil {
		return pluginproto.Tokens{}, fmt.Errorf("zcrm: reading tokens of %s from the token store: %w", user, err)
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
