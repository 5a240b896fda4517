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
type callLimiter struct {
	all, complex int // 0: unlimited

	mu    sync.Mutex
	users map[string]*userSlots
}

type userSlots struct {
	all, complex *adaptiveSemaphore
}

func newCallLimiter(all, complex int) *callLimiter {
	return &callLimiter{all: all, complex: complex, users: map[string]*userSlots{}}
}

func (l *callLimiter) slots(user string) *userSlots {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.users[user]
	if !ok {
		s = &userSlots{all: newAdaptiveSemaphore(l.all), complex: newAdaptiveSemaphore(l.complex)}
		l.users[user] = s
	}
	return s
}

// acquire waits for the slots of one call of user, units of them among
// all calls (a composite request takes five); release gives them back.
func (l *callLimiter) acquire(ctx context.Context, user string, complex bool, units int) (release func(), err error) {
	s := l.slots(user)
	if complex {
		if err := s.complex.acquire(ctx, 1); err != nil {
			return nil, err
		}
	}
	units = s.all.fit(units)
	if err := s.all.acquire(ctx, units); err != nil {
		if complex {
			s.complex.release(1)
		}
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			s.all.release(units)
			if complex {
				s.complex.release(1)
			}
		})
	}, nil
}

// throttled tells the limiter Zoho answered 429 to one of user's calls.
func (l *callLimiter) throttled(user string, complex bool) {
	s := l.slots(user)
	s.all.withhold()
	if complex {
		s.complex.withhold()
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

func (a *adaptiveSemaphore) withhold() {
	if a.sem == nil {
		return
	}
	a.mu.Lock()
	if a.withheld >= a.size-1 {
		a.mu.Unlock()
		return
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
		})
	}()
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
