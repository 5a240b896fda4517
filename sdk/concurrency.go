package sdk

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// Zoho's concurrency limits: calls in flight per user and app, by edition
// (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25), and a
// sub-concurrency of 10 on every edition for the "complex" calls (reads
// with a custom view or sort, lead conversion, writes of more than 10
// records, COQL, send mail), counted on top.
const (
	DefaultMaxConcurrentCalls        = 10
	DefaultMaxConcurrentComplexCalls = 10
	// complexWriteThreshold: a write of more records than this is complex.
	complexWriteThreshold = 10
	// compositeUnits: the slots a composite request takes.
	compositeUnits = 5
	// limitCooldown is how long a slot stays withheld after Zoho answered
	// 429 to a call the limit let through.
	limitCooldown = 30 * time.Second
)

// callLimiter keeps each user's calls in flight within Zoho's concurrency:
// one limit for all calls and one for complex calls. A 429 that gets
// through anyway (an edition below the configured limit, or other
// programs using the same user) withholds a slot for a while.
//
// A user's slots exist while a call holds or waits for them, or a slot is
// withheld: an idle user holds no memory, however many users were served.
type callLimiter struct {
	all, complex int // 0: unlimited

	mu    sync.Mutex
	users map[string]*userSlots
}

type userSlots struct {
	all, complex *adaptiveSemaphore
	refs         int // calls and cooldowns using the slots; callLimiter.mu guards it
}

func newCallLimiter(all, complex int) *callLimiter {
	return &callLimiter{all: all, complex: complex, users: map[string]*userSlots{}}
}

// hold returns user's slots, counting one more user of them; let ends
// that use, and the last one lets the slots go.
func (l *callLimiter) hold(user string) *userSlots {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.users[user]
	if !ok {
		s = &userSlots{all: newAdaptiveSemaphore(l.all), complex: newAdaptiveSemaphore(l.complex)}
		l.users[user] = s
	}
	s.refs++
	return s
}

func (l *callLimiter) let(user string, s *userSlots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.refs--; s.refs == 0 {
		delete(l.users, user)
	}
}

// acquire waits for the slots of one call of user, units of them among
// all calls (a composite request takes five); release gives them back.
func (l *callLimiter) acquire(ctx context.Context, user string, complex bool, units int) (release func(), err error) {
	s := l.hold(user)
	if complex {
		if err := s.complex.acquire(ctx, 1); err != nil {
			l.let(user, s)
			return nil, err
		}
	}
	units = s.all.fit(units)
	if err := s.all.acquire(ctx, units); err != nil {
		if complex {
			s.complex.release(1)
		}
		l.let(user, s)
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			s.all.release(units)
			if complex {
				s.complex.release(1)
			}
			l.let(user, s)
		})
	}, nil
}

// throttled tells the limiter Zoho answered 429 to one of user's calls.
func (l *callLimiter) throttled(user string, complex bool) {
	s := l.hold(user)
	defer l.let(user, s)
	l.withhold(user, s, s.all)
	if complex {
		l.withhold(user, s, s.complex)
	}
}

// withhold withholds a slot of a, one of user's semaphores, keeping the
// user's slots until the slot is given back.
func (l *callLimiter) withhold(user string, s *userSlots, a *adaptiveSemaphore) {
	l.hold(user)
	if !a.withhold(func() { l.let(user, s) }) {
		l.let(user, s)
	}
}

// adaptiveSemaphore is a semaphore whose capacity shrinks by one slot for
// limitCooldown each time withhold is called, down to one slot.
type adaptiveSemaphore struct {
	size int64
	sem  *semaphore.Weighted // nil: unlimited

	mu       sync.Mutex
	withheld int64
}

func newAdaptiveSemaphore(size int) *adaptiveSemaphore {
	a := &adaptiveSemaphore{size: int64(size)}
	if size > 0 {
		a.sem = semaphore.NewWeighted(int64(size))
	}
	return a
}

func (a *adaptiveSemaphore) acquire(ctx context.Context, n int) error {
	if a.sem == nil {
		return nil
	}
	return a.sem.Acquire(ctx, int64(n))
}

func (a *adaptiveSemaphore) release(n int) {
	if a.sem != nil {
		a.sem.Release(int64(n))
	}
}

// fit bounds the slots one call takes to the semaphore's size, so that a
// call heavier than the whole limit still runs, alone.
func (a *adaptiveSemaphore) fit(n int) int {
	if a.sem == nil {
		return n
	}
	return int(min(int64(n), a.size))
}

// withhold takes a slot away for limitCooldown, unless the semaphore is
// unlimited or down to one slot; it reports whether it did, and then
// calls done once the slot is back.
func (a *adaptiveSemaphore) withhold(done func()) bool {
	if a.sem == nil {
		return false
	}
	a.mu.Lock()
	if a.withheld >= a.size-1 {
		a.mu.Unlock()
		return false
	}
	a.withheld++
	a.mu.Unlock()
	// Taking the slot waits for a call to end; holding it for a while
	// lowers the limit without dropping calls in flight.
	go func() {
		_ = a.sem.Acquire(context.Background(), 1)
		time.AfterFunc(limitCooldown, func() {
			a.sem.Release(1)
			a.mu.Lock()
			a.withheld--
			a.mu.Unlock()
			done()
		})
	}()
	return true
}

// complexCall reports whether Zoho counts a call in its sub-concurrency.
func (r *Request) complexCall() bool {
	if r.records > complexWriteThreshold {
		return true
	}
	if r.Query.Has("cvid") || r.Query.Has("sort_by") {
		return true
	}
	path := strings.Trim(r.Path, "/")
	return path == "coql" || path == "__composite_requests" || strings.HasSuffix(path, "/actions/convert") || strings.HasSuffix(path, "/actions/send_mail")
}

// concurrencyUnits is how many of the concurrency limit's slots Zoho counts
// a call as: five for a composite request (which also takes one slot of
// the sub-concurrency), one for any other.
func (r *Request) concurrencyUnits() int {
	if strings.Trim(r.Path, "/") == "__composite_requests" {
		return compositeUnits
	}
	return 1
}
