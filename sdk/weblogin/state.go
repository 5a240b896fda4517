package weblogin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sync"
	"time"
)

// A state is nonce | expiry | binding | mac, base64url without padding:
//
//   - nonce: 16 random bytes, the login's identity; used once.
//   - expiry: Unix milliseconds, big-endian, after which the state is refused.
//   - binding: the first 16 bytes of SHA-256 of the browser secret, which
//     only the login cookie carries; the state travels through Zoho and the
//     browser's history, the secret does not.
//   - mac: HMAC-SHA256 under the state key of everything before it.
//
// Nothing is kept on the server for an open login; only states already used
// are remembered, until they expire.
const (
	nonceLen   = 16
	expiryLen  = 8
	bindingLen = 16
	macLen     = sha256.Size
	stateLen   = nonceLen + expiryLen + bindingLen + macLen
	secretLen  = 32

	// MinStateKeyLen is the shortest state key Options accepts.
	MinStateKeyLen = 32
)

var b64 = base64.RawURLEncoding

type nonce [nonceLen]byte

// states issues and checks states under one key.
type states struct {
	key []byte
	now func() time.Time

	mu        sync.Mutex
	used      map[nonce]time.Time // nonce -> its state's expiry
	nextPrune time.Time
}

func newStates(key []byte, now func() time.Time) *states {
	return &states{key: key, now: now, used: make(map[nonce]time.Time)}
}

// issue returns a new state and the browser secret for the login cookie,
// both valid for ttl.
func (s *states) issue(ttl time.Duration) (state, cookie string, err error) {
	var n nonce
	secret := make([]byte, secretLen)
	if _, err := rand.Read(n[:]); err != nil {
		return "", "", fmt.Errorf("weblogin: reading random bytes: %w", err)
	}
	if _, err := rand.Read(secret); err != nil {
		return "", "", fmt.Errorf("weblogin: reading random bytes: %w", err)
	}
	raw := make([]byte, 0, stateLen)
	raw = append(raw, n[:]...)
	raw = binary.BigEndian.AppendUint64(raw, uint64(s.now().Add(ttl).UnixMilli()))
	raw = append(raw, binding(secret)...)
	raw = append(raw, s.mac(raw)...)
	return b64.EncodeToString(raw), b64.EncodeToString(secret), nil
}

// check accepts state once, from the browser holding cookie. The order of
// the checks decides what a user is told: a state this process did not sign
// is forged whatever else is wrong with it, and an expired one is expired
// even when its cookie has gone too.
func (s *states) check(state, cookie string) error {
	if state == "" {
		return ErrStateMissing
	}
	raw, ok := s.open(state)
	if !ok {
		return ErrStateInvalid
	}
	var n nonce
	copy(n[:], raw[:nonceLen])
	expiry := time.UnixMilli(int64(binary.BigEndian.Uint64(raw[nonceLen : nonceLen+expiryLen])))
	now := s.now()
	if !now.Before(expiry) {
		return ErrStateExpired
	}
	if !boundTo(raw, cookie) {
		return ErrOtherBrowser
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	if _, seen := s.used[n]; seen {
		return ErrStateReused
	}
	s.used[n] = expiry
	return nil
}

// belongs reports whether state is one this process signed for the
// browser holding cookie, expired or used or not: an answer for the login
// in progress in that browser.
func (s *states) belongs(state, cookie string) bool {
	raw, ok := s.open(state)
	return ok && boundTo(raw, cookie)
}

// open decodes a state and checks its signature.
func (s *states) open(state string) ([]byte, bool) {
	raw, err := b64.DecodeString(state)
	if err != nil || len(raw) != stateLen {
		return nil, false
	}
	signed, mac := raw[:stateLen-macLen], raw[stateLen-macLen:]
	return raw, hmac.Equal(mac, s.mac(signed))
}

// boundTo reports whether the opened state raw is bound to the browser
// secret of cookie.
func boundTo(raw []byte, cookie string) bool {
	secret, err := b64.DecodeString(cookie)
	if cookie == "" || err != nil {
		return false
	}
	want := raw[nonceLen+expiryLen : nonceLen+expiryLen+bindingLen]
	return subtle.ConstantTimeCompare(binding(secret), want) == 1
}

// prune forgets used states that have expired (they would be refused as
// expired anyway), at most once a minute.
func (s *states) prune(now time.Time) {
	if now.Before(s.nextPrune) {
		return
	}
	for n, expiry := range s.used {
		if !now.Before(expiry) {
			delete(s.used, n)
		}
	}
	s.nextPrune = now.Add(time.Minute)
}

func (s *states) mac(signed []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("zcrm weblogin state v1\x00"))
	m.Write(signed)
	return m.Sum(nil)
}

func binding(secret []byte) []byte {
	sum := sha256.Sum256(secret)
	return sum[:bindingLen]
}
