// Package storetest is the conformance suite for token store plugins.
//
// Every store that ships with zcrm passes it, and a third-party store should
// too. The suite drives the store through real plugin processes, the way the
// SDK does, so it also checks the handshake, the error mapping across gRPC
// and that data survives the end of a process. A store in any language can
// run it from a small Go test:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Harness{
//			Launch: storetest.LaunchBinary("./bin/my-store", "MY_STORE_DIR="+t.TempDir()),
//		})
//	}
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Harness says how to start the store under test.
type Harness struct {
	// Launch starts a new plugin process. Every process it starts must
	// reach the same stored data, so that two of them act like two
	// application processes sharing one store. The suite closes what it
	// launches.
	Launch func(t testing.TB) *pluginproto.Client
	// NoDataCentre says the store keeps neither the API domain nor the
	// accounts server (a store written before the contract carried the
	// accounts server), so Get returns both empty. The SDK then puts every
	// user in its configured data centre: such a store suits applications
	// whose users are all in one.
	NoDataCentre bool
	// NoAccountsServer says the store keeps the API domain but not the
	// accounts server, as the token table and file of Zoho's v8 SDKs do:
	// Get returns AccountsServer empty, and the SDK finds the data centre
	// from the API domain, as those SDKs do.
	NoAccountsServer bool
	// LaunchElsewhere, when set, starts a process that reaches the same
	// data through another server: another node of a cluster. The lock
	// cases then also check holders on two nodes.
	LaunchElsewhere func(t testing.TB) *pluginproto.Client
	// Deprecated: NoAPIDomain is the older name of NoDataCentre, from when
	// the API domain was the only data-centre field.
	NoAPIDomain bool
}

// LaunchBinary returns a Launch function that starts the plugin at path with
// env added to its environment, and closes it when the test ends.
func LaunchBinary(path string, env ...string) func(testing.TB) *pluginproto.Client {
	return func(t testing.TB) *pluginproto.Client {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: path, Env: env})
		require.NoError(t, err, "launching plugin %s", path)
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
}

// Run runs the whole suite as subtests of t.
func Run(t *testing.T, h Harness) {
	require.NotNil(t, h.Launch, "storetest.Harness needs Launch")
	s := &suite{h: h, run: randomSuffix()}
	store := h.Launch(t)
	t.Cleanup(func() { _ = store.Close() })

	t.Run("RoundTrip", func(t *testing.T) { s.roundTrip(t, store) })
	t.Run("DataCentres", func(t *testing.T) { s.dataCentres(t, store) })
	t.Run("NotFound", func(t *testing.T) { s.notFound(t, store) })
	t.Run("Delete", func(t *testing.T) { s.delete(t, store) })
	t.Run("Overwrite", func(t *testing.T) { s.overwrite(t, store) })
	t.Run("OddUserIdentifiers", func(t *testing.T) { s.oddUserIdentifiers(t, store) })
	t.Run("StatedIdentifierLimit", func(t *testing.T) { s.statedIdentifierLimit(t, store) })
	t.Run("ConcurrentSaves", func(t *testing.T) { s.concurrentSaves(t, store) })
	t.Run("ConcurrentOverwrites", func(t *testing.T) { s.concurrentOverwrites(t, store) })
	t.Run("List", func(t *testing.T) { s.list(t, store) })
	t.Run("SurvivesRestart", func(t *testing.T) { s.survivesRestart(t) })
	t.Run("Lock", func(t *testing.T) { s.lock(t, store) })
	t.Run("RefreshBudget", func(t *testing.T) { s.refreshBudget(t, store) })
	t.Run("ClientIDs", func(t *testing.T) { s.clientIDs(t, store) })
}

type suite struct {
	h   Harness
	run string // keeps this run's users apart from earlier runs' data
}

func randomSuffix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// user returns an identifier unique to this run and name.
func (s *suite) user(name string) string {
	return fmt.Sprintf("%s-%s@example.com", name, s.run)
}

func tokensFor(user string, n int) pluginproto.Tokens {
	return pluginproto.Tokens{
		UserIdentifier: user,
		AccessToken:    fmt.Sprintf("1000.%032x.%032x", n, n+1),
		RefreshToken:   fmt.Sprintf("1000.%032x.%032x", n+2, n+3),
		ExpiryTime:     time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli() + int64(n),
		APIDomain:      "https://www.zohoapis.eu",
		AccountsServer: "https://accounts.zoho.eu",
	}
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func (s *suite) want(t pluginproto.Tokens) pluginproto.Tokens {
	if s.h.NoDataCentre || s.h.NoAPIDomain {
		t.APIDomain, t.AccountsServer = "", ""
	}
	if s.h.NoAccountsServer {
		t.AccountsServer = ""
	}
	return t
}

func (s *suite) roundTrip(t *testing.T, store pluginproto.TokenStore) {
	in := tokensFor(s.user("roundtrip"), 1)
	require.NoError(t, store.Save(ctx(t), in))
	got, err := store.Get(ctx(t), in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, s.want(in), got)
}

// dataCentres saves users of several data centres, Canada's accounts host
// among them (not derivable from its API host), and checks each comes back
// with its own; then that saving a user again without them clears them
// rather than leaving a stale data centre behind.
func (s *suite) dataCentres(t *testing.T, store pluginproto.TokenStore) {
	centres := []struct{ name, apiDomain, accountsServer string }{
		{"us", "https://www.zohoapis.com", "https://accounts.zoho.com"},
		{"eu", "https://www.zohoapis.eu", "https://accounts.zoho.eu"},
		{"in", "https://www.zohoapis.in", "https://accounts.zoho.in"},
		{"ca", "https://www.zohoapis.ca", "https://accounts.zohocloud.ca"},
		{"none", "", ""},
	}
	for i, dc := range centres {
		t.Run(dc.name, func(t *testing.T) {
			in := tokensFor(s.user("dc-"+dc.name), 200+i)
			in.APIDomain, in.AccountsServer = dc.apiDomain, dc.accountsServer
			require.NoError(t, store.Save(ctx(t), in))
			got, err := store.Get(ctx(t), in.UserIdentifier)
			require.NoError(t, err)
			assert.Equal(t, s.want(in), got)
		})
	}
	for i, dc := range centres {
		got, err := store.Get(ctx(t), s.user("dc-"+dc.name))
		require.NoError(t, err)
		assert.Equal(t, s.want(tokensFor(s.user("dc-"+dc.name), 200+i)).ExpiryTime, got.ExpiryTime)
		if !s.h.NoDataCentre && !s.h.NoAPIDomain && !s.h.NoAccountsServer {
			assert.Equal(t, dc.accountsServer, got.AccountsServer, "user of %s after the others were saved", dc.name)
		}
		if !s.h.NoDataCentre && !s.h.NoAPIDomain {
			assert.Equal(t, dc.apiDomain, got.APIDomain, "user of %s after the others were saved", dc.name)
		}
	}

	user := s.user("dc-cleared")
	in := tokensFor(user, 300)
	require.NoError(t, store.Save(ctx(t), in))
	in = tokensFor(user, 301)
	in.APIDomain, in.AccountsServer = "", ""
	require.NoError(t, store.Save(ctx(t), in))
	got, err := store.Get(ctx(t), user)
	require.NoError(t, err)
	assert.Equal(t, in, got, "tokens saved without a data centre must not keep the one saved before")

	in = tokensFor(user, 302)
	in.AccountsServer = "https://accounts.zoho.in" // the API domain stays the EU one: fields are kept apart
	require.NoError(t, store.Save(ctx(t), in))
	got, err = store.Get(ctx(t), user)
	require.NoError(t, err)
	assert.Equal(t, s.want(in), got)
}

func (s *suite) notFound(t *testing.T, store pluginproto.TokenStore) {
	_, err := store.Get(ctx(t), s.user("never-saved"))
	require.Error(t, err)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
}

func (s *suite) delete(t *testing.T, store pluginproto.TokenStore) {
	kept := tokensFor(s.user("delete-kept"), 2)
	gone := tokensFor(s.user("delete-gone"), 3)
	require.NoError(t, store.Save(ctx(t), kept))
	require.NoError(t, store.Save(ctx(t), gone))

	require.NoError(t, store.Delete(ctx(t), gone.UserIdentifier))
	_, err := store.Get(ctx(t), gone.UserIdentifier)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "deleted user still found")
	got, err := store.Get(ctx(t), kept.UserIdentifier)
	require.NoError(t, err, "deleting one user removed another")
	assert.Equal(t, s.want(kept), got)

	assert.NoError(t, store.Delete(ctx(t), gone.UserIdentifier), "deleting a missing user must not be an error")
	assert.NoError(t, store.Delete(ctx(t), s.user("never-saved")), "deleting a missing user must not be an error")
}

func (s *suite) overwrite(t *testing.T, store pluginproto.TokenStore) {
	user := s.user("overwrite")
	require.NoError(t, store.Save(ctx(t), tokensFor(user, 10)))
	second := tokensFor(user, 20)
	second.ExpiryTime -= 3_600_000 // an earlier expiry must still win: it was saved last
	require.NoError(t, store.Save(ctx(t), second))

	got, err := store.Get(ctx(t), user)
	require.NoError(t, err)
	assert.Equal(t, s.want(second), got)
	assert.Equal(t, 1, countListed(t, store, user), "an overwritten user must be listed once")
}

func countListed(t *testing.T, store pluginproto.TokenStore, user string) int {
	infos, err := store.List(ctx(t))
	require.NoError(t, err)
	n := 0
	for _, info := range infos {
		if info.UserIdentifier == user {
			n++
		}
	}
	return n
}

// oddUserIdentifiers covers quoting, escaping, LIKE wildcards, unicode and
// the seed's 100-character column.
func (s *suite) oddUserIdentifiers(t *testing.T, store pluginproto.TokenStore) {
	long := s.user("long")
	long = long + strings.Repeat("x", 100-len([]rune(long)))
	users := map[string]string{
		"single quote":   s.user("o'brien"),
		"double quote":   s.user(`say "hi"`),
		"backslash":      s.user(`back\slash\`),
		"sql":            s.user("x'); DROP TABLE oauthtokens; --"),
		"like wildcards": s.user("100%_sure"),
		"unicode":        s.user("ユーザー.émilie.😀"),
		"newline":        s.user("line\nbreak"),
		"100 characters": long,
	}
	require.Len(t, []rune(long), 100)
	n := 100
	for name, user := range users {
		t.Run(name, func(t *testing.T) {
			n++
			in := tokensFor(user, n)
			require.NoError(t, store.Save(ctx(t), in))
			got, err := store.Get(ctx(t), user)
			require.NoError(t, err)
			assert.Equal(t, s.want(in), got)
			assert.Equal(t, 1, countListed(t, store, user))
		})
	}
	// A wildcard or a prefix must not reach other users.
	near := s.user("100a_sure")
	require.NoError(t, store.Save(ctx(t), tokensFor(near, 1)))
	require.NoError(t, store.Delete(ctx(t), users["like wildcards"]))
	_, err := store.Get(ctx(t), near)
	assert.NoError(t, err, "deleting %q also deleted %q", users["like wildcards"], near)
	for _, user := range users {
		require.NoError(t, store.Delete(ctx(t), user))
	}
}

// statedIdentifierLimit checks a store's stated limit is true: an
// identifier of exactly that many characters, four-byte ones included,
// is kept as it is.
func (s *suite) statedIdentifierLimit(t *testing.T, store *pluginproto.Client) {
	limits := store.Capabilities().UserIdentifiers
	if limits.MaxCharacters == 0 {
		t.Log("the store states no limit on user identifiers")
		return
	}
	prefix := s.user("limit")
	n := limits.MaxCharacters - len([]rune(prefix))
	require.Positive(t, n, "a store that keeps at most %d characters cannot keep %q", limits.MaxCharacters, prefix)
	longest := prefix + strings.Repeat("😀", n)
	require.NoError(t, limits.Check(longest))
	require.Error(t, limits.Check(longest+"x"))

	in := tokensFor(longest, 400)
	require.NoError(t, store.Save(ctx(t), in), "an identifier of the stated %d characters", limits.MaxCharacters)
	got, err := store.Get(ctx(t), longest)
	require.NoError(t, err)
	assert.Equal(t, s.want(in), got)
	require.NoError(t, store.Delete(ctx(t), longest))
}

func (s *suite) concurrentSaves(t *testing.T, store pluginproto.TokenStore) {
	const writers = 50
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = store.Save(ctx(t), tokensFor(s.user(fmt.Sprintf("concurrent-%02d", i)), i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "writer %d", i)
	}
	listed := map[string]bool{}
	infos, err := store.List(ctx(t))
	require.NoError(t, err)
	for _, info := range infos {
		listed[info.UserIdentifier] = true
	}
	for i := range writers {
		user := s.user(fmt.Sprintf("concurrent-%02d", i))
		got, err := store.Get(ctx(t), user)
		if assert.NoError(t, err, "save of writer %d was lost", i) {
			assert.Equal(t, s.want(tokensFor(user, i)), got)
		}
		assert.True(t, listed[user], "writer %d missing from List", i)
	}
}

func (s *suite) concurrentOverwrites(t *testing.T, store pluginproto.TokenStore) {
	const writers = 20
	user := s.user("contended")
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, store.Save(ctx(t), tokensFor(user, i)))
		}()
	}
	wg.Wait()
	got, err := store.Get(ctx(t), user)
	require.NoError(t, err)
	found := false
	for i := range writers {
		if got == s.want(tokensFor(user, i)) {
			found = true
		}
	}
	assert.True(t, found, "after concurrent saves the stored tokens are none of those saved: %v", got)
	assert.Equal(t, 1, countListed(t, store, user))
}

func (s *suite) list(t *testing.T, store pluginproto.TokenStore) {
	in := tokensFor(s.user("listed"), 7)
	require.NoError(t, store.Save(ctx(t), in))
	infos, err := store.List(ctx(t))
	require.NoError(t, err)
	for _, info := range infos {
		if info.UserIdentifier == in.UserIdentifier {
			assert.Equal(t, in.ExpiryTime, info.ExpiryTime)
			return
		}
	}
	t.Fatalf("saved user %q is not listed", in.UserIdentifier)
}

func (s *suite) survivesRestart(t *testing.T) {
	first := s.h.Launch(t)
	in := tokensFor(s.user("restart"), 9)
	require.NoError(t, first.Save(ctx(t), in))
	require.NoError(t, first.Close())
	require.True(t, first.Exited(), "Close must end the plugin process")

	second := s.h.Launch(t)
	defer second.Close()
	got, err := second.Get(ctx(t), in.UserIdentifier)
	require.NoError(t, err, "tokens saved before the process ended are gone")
	assert.Equal(t, s.want(in), got)
}

func (s *suite) lock(t *testing.T, store *pluginproto.Client) {
	if !store.Capabilities().Locking {
		// What the contract asks of a store without a lock: say so.
		_, err := store.Lock(ctx(t), s.user("lock"), time.Second)
		assert.ErrorIs(t, err, pluginproto.ErrLockUnsupported)
		t.Log("the store offers no refresh lock; the SDK will refresh without one")
		return
	}
	other := s.h.Launch(t) // a second process, as a second application would have
	defer other.Close()
	seconds := map[string]*pluginproto.Client{"same process": store, "other process": other}
	if s.h.LaunchElsewhere != nil {
		elsewhere := s.h.LaunchElsewhere(t)
		defer elsewhere.Close()
		seconds["other node"] = elsewhere
	}

	t.Run("ExcludesSecondHolder", func(t *testing.T) {
		for name, second := range seconds {
			t.Run(name, func(t *testing.T) {
				user := s.user("lock-" + strings.ReplaceAll(name, " ", "-"))
				release, err := store.Lock(ctx(t), user, time.Minute)
				require.NoError(t, err)
				requireLockedOut(t, second, user)

				require.NoError(t, release(ctx(t)))
				release2, err := second.Lock(ctx(t), user, time.Minute)
				require.NoError(t, err, "lock not free after release")
				require.NoError(t, release2(ctx(t)))
				assert.NoError(t, release(ctx(t)), "releasing twice must be harmless")
			})
		}
	})

	t.Run("OtherUsersUnaffected", func(t *testing.T) {
		release, err := store.Lock(ctx(t), s.user("lock-a"), time.Minute)
		require.NoError(t, err)
		defer release(ctx(t))
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		releaseB, err := other.Lock(c, s.user("lock-b"), time.Minute)
		require.NoError(t, err, "one user's lock blocked another user's")
		require.NoError(t, releaseB(ctx(t)))
	})

	t.Run("Expires", func(t *testing.T) {
		user := s.user("lock-ttl")
		const ttl = 1500 * time.Millisecond
		_, err := store.Lock(ctx(t), user, ttl) // never released
		require.NoError(t, err)
		requireLockedOut(t, other, user)

		c, cancel := context.WithTimeout(context.Background(), ttl+20*time.Second)
		defer cancel()
		release, err := other.Lock(c, user, time.Minute)
		require.NoError(t, err, "an abandoned lock did not expire after its ttl")
		require.NoError(t, release(ctx(t)))
	})

	// A holder that crashes never releases: its lock must not outlive
	// the ttl (a store may free it sooner, as a session lock does).
	t.Run("HolderCrash", func(t *testing.T) {
		user := s.user("lock-crash")
		holder := s.h.Launch(t)
		defer holder.Close()
		const ttl = 2 * time.Second
		_, err := holder.Lock(ctx(t), user, ttl)
		require.NoError(t, err)
		proc, err := os.FindProcess(holder.Pid())
		require.NoError(t, err)
		require.NoError(t, proc.Kill(), "killing the holder's plugin process")

		c, cancel := context.WithTimeout(context.Background(), ttl+20*time.Second)
		defer cancel()
		release, err := other.Lock(c, user, time.Minute)
		require.NoError(t, err, "the lock of a crashed holder did not expire")
		require.NoError(t, release(ctx(t)))
	})

	// A holder whose lock expired and went to another must not free the
	// other's lock by releasing late.
	t.Run("ReleaseByNonHolderRefused", func(t *testing.T) {
		user := s.user("lock-late")
		const ttl = 1500 * time.Millisecond
		lateRelease, err := store.Lock(ctx(t), user, ttl)
		require.NoError(t, err)
		c, cancel := context.WithTimeout(context.Background(), ttl+20*time.Second)
		defer cancel()
		release, err := other.Lock(c, user, time.Minute)
		require.NoError(t, err)
		_ = lateRelease(ctx(t)) // may report the loss; must change nothing
		requireLockedOut(t, store, user)
		for _, second := range seconds {
			requireLockedOut(t, second, user)
		}
		require.NoError(t, release(ctx(t)))
	})

	// Many holders in two processes (on two nodes, when the harness has a
	// second one) take one user's lock in turn: never two at once.
	t.Run("NeverTwoHolders", func(t *testing.T) {
		user := s.user("lock-turns")
		second := other
		if e, ok := seconds["other node"]; ok {
			second = e
		}
		const perWorker, workersEach = 8, 4
		var holders, most, taken atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, 2*workersEach)
		for _, p := range []*pluginproto.Client{store, second} {
			for range workersEach {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range perWorker {
						release, err := p.Lock(ctx(t), user, time.Minute)
						if err != nil {
							errs <- err
							return
						}
						n := holders.Add(1)
						for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
						}
						time.Sleep(2 * time.Millisecond)
						holders.Add(-1)
						taken.Add(1)
						if err := release(ctx(t)); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		assert.Equal(t, int32(1), most.Load(), "two holders had the lock at once")
		assert.Equal(t, int32(2*workersEach*perWorker), taken.Load())
	})
}

// refreshBudget checks a store's fleet-wide refresh budget: the limit holds
// across processes, the window slides, keys are apart.
func (s *suite) refreshBudget(t *testing.T, store *pluginproto.Client) {
	if !store.Capabilities().RefreshBudget {
		_, err := store.SpendRefresh(ctx(t), "ab", time.Now(), 10, 10*time.Minute)
		assert.ErrorIs(t, err, pluginproto.ErrBudgetUnsupported)
		t.Log("the store keeps no refresh budget; the SDK will count refreshes per process")
		return
	}
	other := s.h.Launch(t)
	defer other.Close()
	key := fmt.Sprintf("%064x", time.Now().UnixNano())
	otherKey := fmt.Sprintf("%063xf", time.Now().UnixNano())
	start := time.Date(2031, 5, 6, 7, 8, 0, 0, time.UTC)
	const limit, window = 10, 10 * time.Minute

	t.Run("LimitAcrossProcesses", func(t *testing.T) {
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for i := range 2 * limit {
			p := store
			if i%2 == 1 {
				p = other
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, err := p.SpendRefresh(ctx(t), key, start.Add(time.Duration(i)*time.Second), limit, window)
				assert.NoError(t, err)
				if b.Allowed {
					allowed.Add(1)
				} else {
					assert.False(t, b.NextAllowed.IsZero(), "a refused refresh must say when one will be allowed")
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, int32(limit), allowed.Load(), "refreshes allowed in one window")
	})
	t.Run("WindowSlides", func(t *testing.T) {
		late := start.Add(window + time.Hour)
		b, err := other.SpendRefresh(ctx(t), key, late, limit, window)
		require.NoError(t, err)
		assert.True(t, b.Allowed, "a refresh after the window must be allowed")
		assert.Equal(t, 1, b.Used)
		for i := 1; i < limit; i++ {
			b, err = store.SpendRefresh(ctx(t), key, late.Add(time.Duration(i)*time.Minute/2), limit, window)
			require.NoError(t, err)
			require.True(t, b.Allowed, "refresh %d", i+1)
		}
		b, err = store.SpendRefresh(ctx(t), key, late.Add(6*time.Minute), limit, window)
		require.NoError(t, err)
		assert.False(t, b.Allowed)
		assert.Equal(t, late.Add(window).UnixMilli(), b.NextAllowed.UnixMilli(), "allowed again when the first leaves the window")

		// A refund (the refresh failed) makes room for one more.
		require.NoError(t, other.RefundRefresh(ctx(t), key, late.Add(4*time.Minute)))
		require.NoError(t, other.RefundRefresh(ctx(t), key, late.Add(time.Hour)), "refunding what was never spent is harmless")
		b, err = store.SpendRefresh(ctx(t), key, late.Add(6*time.Minute), limit, window)
		require.NoError(t, err)
		assert.True(t, b.Allowed, "a refunded refresh must not count")
		b, err = store.SpendRefresh(ctx(t), key, late.Add(6*time.Minute), limit, window)
		require.NoError(t, err)
		assert.False(t, b.Allowed, "one refund, one more refresh")
	})
	t.Run("KeysApart", func(t *testing.T) {
		b, err := store.SpendRefresh(ctx(t), otherKey, start, limit, window)
		require.NoError(t, err)
		assert.True(t, b.Allowed, "another refresh token's count must not use this one's")
		assert.Equal(t, 1, b.Used)
	})
	t.Run("BadKeyRefused", func(t *testing.T) {
		_, err := store.SpendRefresh(ctx(t), "1000.not-a-fingerprint", start, limit, window)
		assert.Error(t, err, "a key that could be a token must be refused")
	})
}

// clientIDs checks a store that keeps client ids: one user's tokens of two
// OAuth clients kept apart, tokens saved without a client id serving any
// client until a client's save replaces them, deletes by client.
func (s *suite) clientIDs(t *testing.T, store *pluginproto.Client) {
	if !store.Capabilities().ClientIDs {
		t.Log("the store keeps one set of tokens per user, whatever the client")
		return
	}
	const web, self = "1000.WEBCLIENT0000000000000000000000", "1000.SELFCLIENT000000000000000000000"
	user := s.user("clients")
	get := func(client string) (pluginproto.Tokens, error) { return store.GetClient(ctx(t), user, client) }

	legacy := tokensFor(user, 500) // saved by a host that names no client
	require.NoError(t, store.Save(ctx(t), legacy))
	got, err := get(web)
	require.NoError(t, err, "tokens saved without a client id must be found for a client")
	assert.Equal(t, s.want(legacy), got)

	ofWeb := tokensFor(user, 501)
	ofWeb.ClientID = web
	require.NoError(t, store.Save(ctx(t), ofWeb))
	_, err = get(self)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "the web client's save must replace the tokens without a client id")

	ofSelf := tokensFor(user, 502)
	ofSelf.ClientID = self
	require.NoError(t, store.Save(ctx(t), ofSelf))
	for client, want := range map[string]pluginproto.Tokens{web: ofWeb, self: ofSelf} {
		got, err := get(client)
		require.NoError(t, err, "tokens of %s", client)
		assert.Equal(t, s.want(want), got, "tokens of %s", client)
	}
	_, err = get("1000.THIRDCLIENT00000000000000000000")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "a client with no tokens of the user")

	again := s.h.Launch(t) // another process sees the same
	defer again.Close()
	got, err = again.GetClient(ctx(t), user, self)
	require.NoError(t, err)
	assert.Equal(t, s.want(ofSelf), got)

	infos, err := store.List(ctx(t))
	require.NoError(t, err)
	var listed []pluginproto.TokenInfo
	for _, info := range infos {
		if info.UserIdentifier == user {
			listed = append(listed, info)
		}
	}
	assert.ElementsMatch(t, []pluginproto.TokenInfo{
		{UserIdentifier: user, ExpiryTime: ofWeb.ExpiryTime, ClientID: web},
		{UserIdentifier: user, ExpiryTime: ofSelf.ExpiryTime, ClientID: self},
	}, listed, "one entry per client")

	newer := tokensFor(user, 503)
	newer.ClientID = web
	require.NoError(t, store.Save(ctx(t), newer))
	got, err = get(web)
	require.NoError(t, err)
	assert.Equal(t, s.want(newer), got)
	got, err = get(self)
	require.NoError(t, err)
	assert.Equal(t, s.want(ofSelf), got, "a save of one client must leave the other's tokens")

	require.NoError(t, store.DeleteClient(ctx(t), user, web))
	_, err = get(web)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
	got, err = get(self)
	require.NoError(t, err, "deleting one client's tokens removed the other's")
	assert.Equal(t, s.want(ofSelf), got)

	require.NoError(t, store.Delete(ctx(t), user), "a delete naming no client")
	_, err = get(self)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound, "a delete naming no client removes every client's tokens")
}

// requireLockedOut checks that holder cannot take user's lock right now.
func requireLockedOut(t *testing.T, holder *pluginproto.Client, user string) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	release, err := holder.Lock(c, user, time.Minute)
	if err == nil {
		_ = release(context.Background())
		t.Fatalf("a second holder took the lock of %q while it was held", user)
	}
	require.True(t, errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled),
		"waiting for a held lock should end with the context, got %v", err)
}
