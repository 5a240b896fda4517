package zohotest

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountersByPathAndReset(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	a.get("org")
	a.get("org")
	a.get("users?type=AllUsers")
	newAPI(t, s, "v8").get("Leads?fields=Email")
	c := s.Counters()
	assert.Equal(t, 4, c.APIRequests)
	assert.Equal(t, map[string]int{
		"GET /crm/v2/org":   2,
		"GET /crm/v2/users": 1,
		"GET /crm/v8/Leads": 1,
	}, c.APIRequestsBy)

	c.APIRequestsBy["GET /crm/v2/org"] = 100
	assert.Equal(t, 2, s.Counters().APIRequestsBy["GET /crm/v2/org"], "a snapshot, not the live map")

	s.ResetCounters()
	c = s.Counters()
	assert.Zero(t, c.APIRequests)
	assert.NotNil(t, c.APIRequestsBy)
	assert.Empty(t, c.APIRequestsBy)
}

func TestCountersUnderConcurrency(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				require.Equal(t, http.StatusOK, a.get("org").status)
				_ = s.Counters()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 160, s.Counters().APIRequests)
}
