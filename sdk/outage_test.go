package sdk_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// outageLength is how long the outage tests keep a part down at least:
// 1.5s, or ZCRM_TEST_OUTAGE (such as 5s) to measure longer ones. What a
// test counts, it waits for (runLoad's done); this only lengthens it.
func outageLength(t *testing.T) time.Duration {
	if v := os.Getenv("ZCRM_TEST_OUTAGE"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, "ZCRM_TEST_OUTAGE")
		return d
	}
	return 1500 * time.Millisecond
}

// load calls call from many goroutines for d and counts the calls and
// the failures; it keeps the first failure.
type load struct {
	calls, failed atomic.Int64
	mu            sync.Mutex
	first         error
}

// runLoad calls call from goroutines goroutines until at least d has
// passed and done (nil: nothing) holds, or testenv.Patience has passed:
// a test checks afterwards that what done waits for happened.
func runLoad(goroutines int, d time.Duration, done func() bool, call func() error) *load {
	l := &load{}
	start := time.Now()
	over := func() bool {
		took := time.Since(start)
		return took >= d && (done == nil || done()) || took > testenv.Patience
	}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !over() {
				l.calls.Add(1)
				if err := call(); err != nil {
					l.failed.Add(1)
					l.mu.Lock()
					if l.first == nil {
						l.first = err
					}
					l.mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return l
}

// TestOutageInsideTheRefreshWindow: while the cached access token is valid,
// a store or accounts outage inside the refresh window fails no call; once
// it has expired, the caller gets the typed error.
func TestOutageInsideTheRefreshWindow(t *testing.T) {
	my := testenv.MySQL(t)
	cases := []struct {
		name          string
		store, oauth  bool
		wantAfter     []error
		wantAttempts  bool // the outage outlasted one refresh attempt
		wantRefreshed bool // the refresh token in memory got a new access token
	}{
		{name: "accounts down", oauth: true, wantAfter: []error{sdk.ErrAccountsUnavailable}, wantAttempts: true},
		{name: "store down", store: true, wantRefreshed: true},
		{name: "store and accounts down", store: true, oauth: true, wantAfter: []error{sdk.ErrAccountsUnavailable, sdk.ErrTokenStore}, wantAttempts: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := emulator(t)
			cfg := mysqlConfig(t, fileConfig(t, srv))
			proxy := newTCPProxy(t, my.Addr)
			cfg.DBAddress, cfg.DBPort = splitAddr(t, proxy.Addr())
			cfg.CurrentUserEmail = adminEmail
			cfg.Timeout = 2 * time.Second
			c := readyClient(t, srv, cfg)
			ctx := testCtx(t)
			_, _, err := c.Users.Current(ctx)
			require.NoError(t, err)

			// 55s left: inside the 60s refresh window, still valid, with
			// room for a loaded machine to reach what the load waits for.
			srv.Advance(time.Hour - 55*time.Second)
			var fault *zohotest.InjectedFault
			if tc.oauth {
				fault = srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token", Status: 500})
			}
			if tc.store {
				proxy.Stop()
			}
			srv.ResetCounters()
			outage := outageLength(t)
			// The load lasts until the outage has shown what it tests:
			// more refresh attempts than one attempt's retries, or the
			// refresh with the refresh token in memory.
			seen := func() bool { return srv.Counters().Refreshes >= 1 }
			if tc.wantAttempts {
				seen = func() bool { return fault.Hits() > sdk.DefaultMaxRetries+1 }
			}
			l := runLoad(16, outage, seen, func() error { _, _, err := c.Users.Current(ctx); return err })
			t.Logf("%s for %v: %d calls, %d failed, %d token requests", tc.name, outage, l.calls.Load(), l.failed.Load(), srv.Counters().TokenRequests)
			require.Zero(t, l.failed.Load(), "calls failed while the cached token was valid; first: %v", l.first)
			require.Positive(t, l.calls.Load())
			if tc.wantAttempts {
				assert.Greater(t, fault.Hits(), sdk.DefaultMaxRetries+1, "the outage lasted longer than one refresh attempt")
			}
			if tc.wantRefreshed {
				assert.Equal(t, 1, srv.Counters().Refreshes, "with the store down, the refresh token in memory is used, once")
			}

			if len(tc.wantAfter) > 0 {
				srv.Advance(time.Minute) // the cached token has expired
				_, _, err = c.Users.Current(ctx)
				for _, want := range tc.wantAfter {
					require.ErrorIs(t, err, want)
				}
				assert.NotContains(t, err.Error(), "context canceled")
			}

			if tc.oauth {
				fault.Remove()
			}
			if tc.store {
				proxy.Start()
			}
			_, _, err = c.Users.Current(ctx)
			require.NoError(t, err, "the client recovers with the parts that were down")
		})
	}
}

// TestStoreErrorDuringRestartIsNotACancellation kills the store plugin
// again and again under load: a call caught by a restart is retried on
// the new process, and never reads as the caller's cancellation.
func TestStoreErrorDuringRestartIsNotACancellation(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)

	stop := make(chan struct{})
	killed := make(chan int)
	go func() {
		kills := 0
		defer func() { killed <- kills }()
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(100+kills%3*25) * time.Millisecond):
			}
			if pid := sdk.StorePID(c); pid != 0 && testenv.Kill(pid) == nil {
				kills++
			}
		}
	}()
	var canceled, other atomic.Int64
	l := runLoad(32, 4*time.Second, nil, func() error {
		_, err := c.ForUser("nobody@example.com").IsTokenGenerated(ctx)
		if errors.Is(err, context.Canceled) {
			canceled.Add(1)
		}
		if err != nil && !errors.Is(err, pluginproto.ErrUnavailable) {
			other.Add(1)
		}
		return err
	})
	close(stop)
	kills := <-killed
	t.Logf("%d calls, %d kills, %d failed (%d as context.Canceled, %d not as the plugin's end), %d restarts",
		l.calls.Load(), kills, l.failed.Load(), canceled.Load(), other.Load(), c.Stats().StoreRestarts)
	require.Positive(t, kills)
	require.NoError(t, ctx.Err())
	assert.Zero(t, canceled.Load(), "a store error read as the caller's cancellation; first failure: %v", l.first)
	// A retry may still land on a process killed since: that failure says
	// the plugin stopped, nothing else.
	assert.Zero(t, other.Load(), "first failure: %v", l.first)
}
