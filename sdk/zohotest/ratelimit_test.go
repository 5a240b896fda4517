package zohotest

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPICredits(t *testing.T) {
	start := time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)
	s := newServer(t, WithFrozenClock(start), WithAPICredits(3, time.Hour))
	a := newAPI(t, s, "v2")
	for want := 2; want >= 0; want-- {
		ans := a.get("org")
		require.Equal(t, http.StatusOK, ans.status)
		assert.Equal(t, "3", ans.header.Get("X-RATELIMIT-LIMIT"))
		assert.Equal(t, strconv.Itoa(want), ans.header.Get("X-RATELIMIT-REMAINING"))
		assert.Equal(t, strconv.FormatInt(start.Add(time.Hour).UnixMilli(), 10), ans.header.Get("X-RATELIMIT-RESET"))
		assert.Equal(t, "2025-02-01T18:30:00+05:30", ans.header.Get("X-ACCESSTOKEN-RESET"), "the token's expiry")
	}
	ans := a.get("org")
	assert.Equal(t, http.StatusTooManyRequests, ans.status)
	assert.Equal(t, "TOO_MANY_REQUESTS", ans.json(t)["code"])
	assert.Equal(t, "0", ans.header.Get("X-RATELIMIT-REMAINING"))
	assert.Equal(t, 1, s.Counters().APIRateLimited)
	assert.Equal(t, RateLimit{Limit: 3, Remaining: 0, Reset: start.Add(time.Hour)}, s.RateLimit())

	// Unauthenticated calls cost nothing and carry no rate headers.
	a2 := &api{t: t, s: s, version: "v2"}
	assert.Empty(t, a2.get("org").header.Get("X-RATELIMIT-LIMIT"))

	s.Advance(time.Hour)
	a = newAPI(t, s, "v2")
	assert.Equal(t, http.StatusOK, a.get("org").status, "a new window")
	assert.Equal(t, 2, s.RateLimit().Remaining)

	s.SetAPICredits(100, time.Minute)
	assert.Equal(t, 100, s.RateLimit().Remaining)
}

// A CRM route that holds its caller until released, to test concurrency.
var hold = struct {
	sync.Mutex
	entered chan struct{}
	release chan struct{}
}{}

func init() {
	handleCRM("GET", "zohotest_hold", "", func(s *Server, c *call) {
		hold.Lock()
		entered, release := hold.entered, hold.release
		hold.Unlock()
		entered <- struct{}{}
		<-release
		writeJSON(c.w, http.StatusOK, obj{{"ok", true}})
	})
}

func TestConcurrencyLimit(t *testing.T) {
	s := newServer(t, WithConcurrencyLimit(2))
	a := newAPI(t, s, "v2")
	hold.Lock()
	hold.entered, hold.release = make(chan struct{}), make(chan struct{})
	entered, release := hold.entered, hold.release
	hold.Unlock()

	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = a.get("zohotest_hold").status
		}()
	}
	<-entered
	<-entered
	ans := a.get("org")
	assert.Equal(t, http.StatusTooManyRequests, ans.status, "a third call while two are in progress")
	close(release)
	wg.Wait()
	assert.Equal(t, []int{http.StatusOK, http.StatusOK}, statuses)
	assert.Equal(t, http.StatusOK, a.get("org").status)
}
