package weblogin

import (
	"encoding/binary"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestStates(t *testing.T) (*states, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	return newStates([]byte(strings.Repeat("k", MinStateKeyLen)), c.now), c
}

func TestStateAcceptedOnceFromItsBrowser(t *testing.T) {
	s, _ := newTestStates(t)
	state, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	require.NoError(t, s.check(state, cookie))
	assert.ErrorIs(t, s.check(state, cookie), ErrStateReused)
}

func TestStatesAreUnpredictable(t *testing.T) {
	s, _ := newTestStates(t)
	seen := map[string]bool{}
	for range 100 {
		state, cookie, err := s.issue(time.Minute)
		require.NoError(t, err)
		assert.False(t, seen[state] || seen[cookie], "a state or cookie came out twice")
		seen[state], seen[cookie] = true, true
		assert.NotContains(t, state, cookie, "the state must not carry the cookie's secret")
	}
}

func TestStateRefusals(t *testing.T) {
	s, c := newTestStates(t)
	state, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	_, otherCookie, err := s.issue(time.Minute)
	require.NoError(t, err)

	raw, err := b64.DecodeString(state)
	require.NoError(t, err)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return b64.EncodeToString(b)
	}
	// A later expiry, re-encoded without the key: the MAC no longer fits.
	extended := append([]byte(nil), raw...)
	binary.BigEndian.PutUint64(extended[nonceLen:], uint64(c.now().Add(time.Hour).UnixMilli()))

	other, _ := newTestStates(t)
	other.key = []byte(strings.Repeat("x", MinStateKeyLen))
	foreignState, foreignCookie, err := other.issue(time.Minute)
	require.NoError(t, err)

	for _, tc := range []struct {
		name          string
		state, cookie string
		want          error
	}{
		{"no state", "", cookie, ErrStateMissing},
		{"not base64", "!!!" + state, cookie, ErrStateInvalid},
		{"too short", state[:len(state)-4], cookie, ErrStateInvalid},
		{"too long", state + "AAAA", cookie, ErrStateInvalid},
		{"nonce tampered", flip(0), cookie, ErrStateInvalid},
		{"expiry tampered", b64.EncodeToString(extended), cookie, ErrStateInvalid},
		{"binding tampered", flip(nonceLen + expiryLen), cookie, ErrStateInvalid},
		{"mac tampered", flip(stateLen - 1), cookie, ErrStateInvalid},
		{"signed with another key", foreignState, foreignCookie, ErrStateInvalid},
		{"no cookie", state, "", ErrOtherBrowser},
		{"cookie not base64", state, "%%%", ErrOtherBrowser},
		{"another login's cookie", state, otherCookie, ErrOtherBrowser},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, s.check(tc.state, tc.cookie), tc.want)
		})
	}
	// None of the refusals spent the state.
	require.NoError(t, s.check(state, cookie))
}

func TestStateExpires(t *testing.T) {
	s, c := newTestStates(t)
	state, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	c.advance(time.Minute)
	assert.ErrorIs(t, s.check(state, cookie), ErrStateExpired)
	// Expired wins over a missing cookie: the browser drops the cookie at
	// about the same time, and "too late" is what the user needs to hear.
	assert.ErrorIs(t, s.check(state, ""), ErrStateExpired)

	fresh, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	c.advance(time.Minute - time.Millisecond)
	assert.NoError(t, s.check(fresh, cookie))
}

func TestUsedStatesAreForgottenOnceExpired(t *testing.T) {
	s, c := newTestStates(t)
	for range 10 {
		state, cookie, err := s.issue(time.Minute)
		require.NoError(t, err)
		require.NoError(t, s.check(state, cookie))
	}
	assert.Len(t, s.used, 10)
	c.advance(2 * time.Minute)
	state, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	require.NoError(t, s.check(state, cookie))
	assert.Len(t, s.used, 1, "the expired states were pruned")
}

func TestConcurrentReplayAcceptsOne(t *testing.T) {
	s, _ := newTestStates(t)
	state, cookie, err := s.issue(time.Minute)
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for range 20 {
		wg.Go(func() {
			if s.check(state, cookie) == nil {
				mu.Lock()
				accepted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, accepted)
}

func TestZohoErrorCodeIsSafeToShow(t *testing.T) {
	assert.Equal(t, "access_denied", zohoErrorCode("access_denied"))
	assert.Equal(t, "invalid_scope", zohoErrorCode("invalid scope"))
	assert.Equal(t, "scriptalert1script", zohoErrorCode("<script>alert(1)</script>"))
	assert.Equal(t, "unknown_error", zohoErrorCode("<>\"'"))
	assert.Len(t, zohoErrorCode(strings.Repeat("a", 1000)), 64)
}
