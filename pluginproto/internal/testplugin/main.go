// Command testplugin is a token store kept in memory, for pluginproto's own
// tests: it exercises the gRPC adapters without any storage of its own.
// ZCRM_TESTPLUGIN_NOLOCK=1 leaves out the refresh lock;
// ZCRM_TESTPLUGIN_NAME serves the store under another name;
// ZCRM_TESTPLUGIN_CONFIG_ERROR serves that text as a configuration error;
// ZCRM_TESTPLUGIN_ENV_FILE names a file it writes its environment to, one
// variable after another, NUL-separated, before it serves;
// ZCRM_TESTPLUGIN_MAX_CHARS=N states a limit of N characters per user
// identifier.
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
	tokens   map[string]pluginproto.Tokens
	log      func(msg string, args ...any)
	maxChars int
}

func (s *memStore) UserIdentifierLimits() pluginproto.UserIdentifierLimits {
	return pluginproto.UserIdentifierLimits{MaxCharacters: s.maxChars}
}

func (s *memStore) Save(_ context.Context, t pluginproto.Tokens) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[t.UserIdentifier] = t
	s.log("saved tokens", "user", t.UserIdentifier)
	return nil
}

func (s *memStore) Get(_ context.Context, user string) (pluginproto.Tokens, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[user]
	if !ok {
		return t, fmt.Errorf("%w: %q", pluginproto.ErrNotFound, user)
	}
	return t, nil
}

func (s *memStore) Delete(_ context.Context, user string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, user)
	return nil
}

func (s *memStore) List(context.Context) ([]pluginproto.TokenInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	infos := make([]pluginproto.TokenInfo, 0, len(s.tokens))
	for _, t := range s.tokens {
		infos = append(infos, pluginproto.TokenInfo{UserIdentifier: t.UserIdentifier, ExpiryTime: t.ExpiryTime})
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
	mem := &memStore{tokens: map[string]pluginproto.Tokens{}, log: logger.Info}
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
	var opts []pluginproto.ServeOption
	if name := os.Getenv("ZCRM_TESTPLUGIN_NAME"); name != "" {
		opts = append(opts, pluginproto.WithName(name))
	}
	pluginproto.Serve(store, append(opts, pluginproto.WithLogger(logger))...)
}
