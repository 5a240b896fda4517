package sdk_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// BenchmarkIdleUsersHeap serves many distinct users one API call each, as a
// web app does, lets them go idle (the clock moves past the time the SDK
// keeps an idle user, and past their access tokens' expiry), and reports the heap they leave behind per 10,000
// users, against the heap measured before them in the same run. The users'
// tokens are rows of a MySQL store (indexed, so a user costs one lookup);
// they all hold the same Zoho user's tokens, since what the SDK keeps is
// per user identifier. Run it with -benchtime=1x (one iteration serves
// tens of thousands of users) and -timeout 30m.
func BenchmarkIdleUsersHeap(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			srv := emulator(b)
			cfg := mysqlConfig(b, fileConfig(b, srv))
			cfg.APIBaseURL = srv.URL // the rows name no data centre: the configured one's
			c := readyClient(b, srv, cfg)
			tokens := readTokens(b, cfg)
			serve := func(users []string) {
				ctx := context.Background() // 100,000 users take minutes on a busy machine
				var wg sync.WaitGroup
				next := make(chan string)
				for range 8 {
					wg.Go(func() {
						for u := range next {
							if _, _, err := c.ForUser(u).Org.Get(ctx); err != nil {
								b.Error(err)
							}
						}
					})
				}
				for _, u := range users {
					next <- u
				}
				close(next)
				wg.Wait()
			}
			// Whatever the first calls allocate once (connections, pools)
			// is not the users' doing.
			serve(insertUsers(b, cfg, tokens, "warm", 100))
			users := insertUsers(b, cfg, tokens, "user", b.N*n)
			before := heapInUse()

			b.ResetTimer()
			serve(users)
			b.StopTimer()
			// Every user idle, and their access tokens expired: the SDK
			// keeps a valid one, which rides out an outage of the store.
			srv.Advance(65 * time.Minute)
			serve([]string{adminEmail}) // a call lets the SDK see they are idle
			after := heapInUse()
			runtime.KeepAlive(users) // the test's list of users, live in both measures
			held, _, _ := sdk.HeldUsers(c)

			b.ReportMetric(float64(after-before)*10_000/float64(len(users)), "heap-B/10k-idle-users")
			b.ReportMetric(float64(after)/float64(before), "heap-after/before")
			b.ReportMetric(float64(held), "users-held")
		})
	}
}

// heapInUse is the live heap after a full collection.
func heapInUse() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// insertUsers writes n rows of the seed's oauthtokens table into cfg's
// MySQL store, users named by prefix holding tokens, 1,000 a statement.
func insertUsers(b *testing.B, cfg sdk.Config, tokens pluginproto.Tokens, prefix string, n int) []string {
	b.Helper()
	my := testenv.MySQL(b)
	my.DBName = cfg.DBName
	conn, err := mysql.NewConnector(my)
	require.NoError(b, err)
	db := sql.OpenDB(conn)
	defer db.Close()
	users := make([]string, n)
	for start := 0; start < n; start += 1000 {
		var rows []string
		var args []any
		for i := start; i < min(start+1000, n); i++ {
			users[i] = fmt.Sprintf("%s%d@example.com", prefix, i)
			rows = append(rows, "(?, ?, ?, ?)")
			args = append(args, users[i], tokens.AccessToken, tokens.RefreshToken, tokens.ExpiryTime)
		}
		_, err := db.ExecContext(context.Background(), "INSERT INTO oauthtokens (useridentifier, accesstoken, refreshtoken, expirytime) VALUES "+strings.Join(rows, ","), args...)
		require.NoError(b, err)
	}
	return users
}
