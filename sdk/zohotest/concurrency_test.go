package zohotest

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Many clients at once, every kind of operation; run with -race.
func TestConcurrentUse(t *testing.T) {
	s := newServer(t, WithRefreshThrottle(1000, time.Minute))
	s.Records("Leads").Insert(map[string]any{"Last_Name": "seed"})
	var created, deleted atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAPI(t, s, []string{"v2", "v8"}[w%2])
			_, rt := s.IssueTokens(s.ClientID, s.Admin().Email)
			for i := range 15 {
				ans := a.do("POST", "Leads", records(
					map[string]any{"Last_Name": fmt.Sprint("w", w, "-", i), "Email": fmt.Sprintf("w%d-%d@example.com", w, i)},
					map[string]any{"Last_Name": "dup", "Email": "seed-dup@example.com"},
				))
				require.Contains(t, []int{http.StatusCreated, http.StatusAccepted, http.StatusMultiStatus}, ans.status, "%s", ans.body)
				var ids []string
				for _, r := range ans.data(t) {
					if r["code"] == "SUCCESS" {
						ids = append(ids, r["details"].(map[string]any)["id"].(string))
						created.Add(1)
					}
				}
				require.Equal(t, http.StatusOK, a.do("PUT", "Leads/"+ids[0], records(map[string]any{"Company": "C"})).status)
				require.Contains(t, []int{http.StatusOK}, a.get("Leads?fields=Last_Name,Email&per_page=50").status)
				require.Contains(t, []int{http.StatusOK, http.StatusNoContent}, a.get("Leads/search?criteria=(Company:equals:C)").status)
				if i%3 == 0 {
					for _, id := range ids {
						if a.do("DELETE", "Leads/"+id, nil).status == http.StatusOK {
							deleted.Add(1)
						}
					}
				}
				require.Empty(t, refresh(t, s, rt).Error)
				f := s.InjectFault(Fault{Path: "/crm/v2/nowhere", Status: 500})
				_ = s.Counters()
				_ = s.RateLimit()
				f.Remove()
				s.Records("Contacts").Insert(map[string]any{"Last_Name": "direct"})
				_ = s.Records("Leads").Len()
			}
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 1+created.Load()-deleted.Load(), s.Records("Leads").Len())
	assert.Equal(t, 8*15, s.Records("Contacts").Len())
	leads := s.Records("Leads").List()
	emails := map[string]bool{}
	for _, l := range leads {
		if e, ok := l["Email"].(string); ok {
			assert.False(t, emails[e], "Email is unique: %s", e)
			emails[e] = true
		}
	}
	assert.Equal(t, 8*15, s.Counters().Refreshes)
}
