// Command testplugin is a token store kept in memory, for pluginproto's own
// tests: it exercises the gRPC adapters without any storage of its own.
// ZCRM_TESTPLUGIN_NOLOCK=1 leaves out the refresh lock;
// ZCRM_TESTPLUGIN_NAME serves the store under another name;
// ZCRM_TESTPLUGIN_CONFIG_ERROR serves that text as a configuration error;
// ZCRM_TESTPLUGIN_ENV_FILE names a file it writes its environment to, one
// variable after another, NUL-separated, before it serves;
// ZCRM_TESTPLUGIN_MAX_CHARS=N states a limit of N characters per user
// identifier. It keeps one user's tokens of several OAuth clients apart;
// ZCRM_TESTPLUGIN_NOCLIENTS=1 serves it as a store that does not say so,
// answering Get and Delete by user alone.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

type memStore struct {
	mu       sync.Mutex
	tokens   map[string][]pluginproto.Tokens // by user, one per client
	log      func(msg string, args ...any)
	maxChars int
}

func (s *memStore) UserIdentifierLimits() pluginproto.UserIdentifierLimits {
	return pluginproto.UserIdentifierLimits{MaxCharacters: s.maxChars}
}

func (s *memStore) Save(_ context.Context, t pluginproto.Tokens) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[t.UserIdentifier] = append(s.others(t.UserIdentifier, t.ClientID), t)
	s.log("saved tokens", "user", t.UserIdentifier)
	return nil
}

// others returns the user's tokens that clientID's do not replace.
func (s *memStore) others(user, clientID string) []pluginproto.Tokens {
	var kept []pluginproto.Tokens
	for _, t := range s.tokens[user] {
		if pluginproto.ClientMatch(t.ClientID, clientID) == 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

func (s *memStore) Get(ctx context.Context, user string) (pluginproto.Tokens, error) {
	return s.GetClient(ctx, user, "")
}

func (s *memStore) GetClient(_ context.Context, user, clientID string) (pluginproto.Tokens, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	best, found := 0, pluginproto.Tokens{}
	for _, t := range s.tokens[user] {
		if m := pluginproto.ClientMatch(t.ClientID, clientID); m > best {
			best, found = m, t
		}
	}
	if best == 0 {
		return found, fmt.Errorf("%w: %q", pluginproto.ErrNotFound, user)
	}
	return found, nil
}

func (s *memStore) Delete(ctx context.Context, user string) error {
	return s.DeleteClient(ctx, user, "")
}

func (s *memStore) DeleteClient(_ context.Context, user, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[user] = s.others(user, clientID)
	return nil
}

func (s *memStore) List(context.Context) ([]pluginproto.TokenInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var infos []pluginproto.TokenInfo
	for _, all := range s.tokens {
		for _, t := range all {
			infos = append(infos, pluginproto.TokenInfo{UserIdentifier: t.UserIdentifier, ExpiryTime: t.ExpiryTime, ClientID: t.ClientID})
		}
	}
	return infos, nil
}

// lockingStore adds a per-user lock: a one-slot channel per user.
type lockingStore struct {
	*memStore
	slots sync.Map // user -> chan struct{}
}

func (s *lockingStore) Lock(ctx context.Context, user string, _ time.Duration) (func(context.Context) error, error) {
	v, _ := s.slots.LoadOrStore(user, make(chan struct{}, 1))
	slot := v.(chan struct{})
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	return func(context.Context) error {
		once.Do(func() { <-slot })
		return nil
	}, nil
}

func main() {
	logger := pluginproto.NewLogger("testplugin")
	if path := os.Getenv("ZCRM_TESTPLUGIN_ENV_FILE"); path != "" {
		if err := os.WriteFile(path, []byte(strings.Join(os.Environ(), "\x00")), 0o600); err != nil {
			pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
			return
		}
	}
	if msg := os.Getenv("ZCRM_TESTPLUGIN_CONFIG_ERROR"); msg != "" {
		pluginproto.ServeConfigError(errors.New(msg), pluginproto.WithLogger(logger))
		return
	}
	mem := &memStore{tokens: map[string][]pluginproto.Tokens{}, log: logger.Info}
	if n := os.Getenv("ZCRM_TESTPLUGIN_MAX_CHARS"); n != "" {
		var err error
		if mem.maxChars, err = strconv.Atoi(n); err != nil {
			pluginproto.ServeConfigError(fmt.Errorf("ZCRM_TESTPLUGIN_MAX_CHARS: %w", err), pluginproto.WithLogger(logger))
			return
		}
	}
	var store pluginproto.TokenStore = &lockingStore{memStore: mem}
	if os.Getenv("ZCRM_TESTPLUGIN_NOLOCK") == "1" {
		store = mem
	}
	if os.Getenv("ZCRM_TESTPLUGIN_NOCLIENTS") == "1" {
		store = struct{ pluginproto.TokenStore }{store}
	}
	var opts []pluginproto.ServeOption
	if name := os.Getenv("ZCRM_TESTPLUGIN_NAME"); name != "" {
		opts = append(opts, pluginproto.WithName(name))
	}
	pluginproto.Serve(store, append(opts, pluginproto.WithLogger(logger))...)
}
