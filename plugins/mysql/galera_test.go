package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/pluginproto/storetest"
)

// The Galera tests run against the 3-node cluster .ci/galera.sh starts on
// loopback (CI starts it; by hand: .ci/galera.sh start).

// galera returns a root connection to the cluster's first node, as a
// *server, and the SQL addresses of its nodes.
func galera(t testing.TB) (*server, []string) {
	t.Helper()
	addrs := testenv.Galera(t)
	return nodeServer(t, addrs[0]), addrs
}

// nodeServer is a root connection to one node.
func nodeServer(t testing.TB, addr string) *server {
	t.Helper()
	host, portText, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	dc := driver.NewConfig()
	dc.Net, dc.Addr, dc.User = "tcp", addr, "root"
	connector, err := driver.NewConnector(dc)
	require.NoError(t, err)
	root := sql.OpenDB(connector)
	t.Cleanup(func() { root.Close() })
	return &server{host: host, port: port, user: "root", root: root}
}

// clusterConfig lists every node, starting with node first (0-based), so
// that the store connects there and fails over to the others.
func clusterConfig(addrs []string, first int, database string) Config {
	rotated := append(append([]string{}, addrs[first:]...), addrs[:first]...)
	return Config{Host: strings.Join(rotated, ","), Port: 3306, User: "root", Database: database}
}

func TestGaleraConformance(t *testing.T) {
	srv, addrs := galera(t)
	db := srv.freshDatabase(t)
	storetest.Run(t, storetest.Harness{
		Launch:          storetest.LaunchBinary(pluginPath, env(clusterConfig(addrs, 0, db))...),
		LaunchElsewhere: storetest.LaunchBinary(pluginPath, env(clusterConfig(addrs, 1, db))...),
	})
	// The lock was a lease on the cluster.
	var n int
	require.NoError(t, srv.root.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", db, LeaseTableName).Scan(&n))
	assert.Equal(t, 1, n, "no lease table: the store did not see the cluster")
}

// TestGaleraDetectsCluster: the store finds it is on a cluster, and on the
// single server that it is not.
func TestGaleraDetectsCluster(t *testing.T) {
	srv, addrs := galera(t)
	s := newStore(t, clusterConfig(addrs, 2, srv.freshDatabase(t)))
	require.NoError(t, s.Prepare(testCtx(t)))
	assert.Equal(t, galeraCluster, clusterKind(s.cluster.Load()))
	assert.True(t, s.usesLease())

	single := testServer(t)
	s1 := newStore(t, single.config(single.freshDatabase(t)))
	require.NoError(t, s1.Prepare(testCtx(t)))
	assert.Equal(t, singleServer, clusterKind(s1.cluster.Load()))
	assert.False(t, s1.usesLease(), "GET_LOCK stays the lock of a single server")
}

// TestGaleraSeedTable creates the seed's table by plain SQL (no primary
// key) on the cluster. Without consent the store uses it as it is and says
// what to run; with consent (db_add_primary_key) it adds the invisible key,
// and the Ruby and Node SDKs' statements, run as plain SQL on another node,
// still work on it.
func TestGaleraSeedTable(t *testing.T) {
	srv, addrs := galera(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	mustExec(t, srv.root, "CREATE DATABASE "+quoteIdentifier(db))
	mustExec(t, srv.usingDatabase(t, db), seedTable)
	before := showCreateTable(t, srv, db)

	logs := &testenv.Buffer{}
	cfg := clusterConfig(addrs, 0, db)
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Info})
	withoutConsent := newStore(t, cfg)
	tok := pluginproto.Tokens{UserIdentifier: "seed@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 1_900_000_000_000,
		APIDomain: "https://www.zohoapis.eu", AccountsServer: "https://accounts.zoho.eu"}
	require.NoError(t, withoutConsent.Save(ctx, tok))
	got, err := withoutConsent.Get(ctx, tok.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, tok, got)
	assert.Equal(t, before, showCreateTable(t, srv, db), "altered without consent")
	assert.Contains(t, logs.String(), "ALTER TABLE", "the store must say what to run")
	assert.Contains(t, logs.String(), "db_add_primary_key")

	cfg = clusterConfig(addrs, 1, db)
	cfg.AddPrimaryKey = true
	withConsent := newStore(t, cfg)
	got, err = withConsent.Get(ctx, tok.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, tok, got, "the rows survive the new key")
	after := showCreateTable(t, srv, db)
	assert.Contains(t, after, "INVISIBLE")
	assert.Contains(t, after, "PRIMARY KEY (`"+invisibleKeyColumn+"`)")

	// The Zoho SDKs' SQL, on node 3.
	sdk := nodeServer(t, addrs[2]).usingDatabase(t, db)
	rows := selectStar(t, sdk, "select * from oauthtokens where useridentifier='seed@example.com'")
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]string{"useridentifier": tok.UserIdentifier, "accesstoken": "1000.a", "refreshtoken": "1000.r", "expirytime": "1900000000000"}, rows[0],
		"select * must give the four columns only")
	mustExec(t, sdk, "update oauthtokens set accesstoken = '1000.node' , expirytime=1900000000360 where useridentifier = 'seed@example.com'")
	got, err = withConsent.Get(ctx, tok.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, "1000.node", got.AccessToken)
	mustExec(t, sdk, "delete from oauthtokens where useridentifier='seed@example.com'")
	mustExec(t, sdk, "insert into oauthtokens(useridentifier,accesstoken,refreshtoken,expirytime) values('seed@example.com','1000.ruby','1000.ruby-r',1900000000720)")
	got, err = withConsent.Get(ctx, tok.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: tok.UserIdentifier, AccessToken: "1000.ruby", RefreshToken: "1000.ruby-r", ExpiryTime: 1_900_000_000_720}, got)
	require.NoError(t, withConsent.Save(ctx, tok))
	assert.Len(t, selectStar(t, sdk, "select * from oauthtokens where useridentifier='seed@example.com'"), 1)
	mustExec(t, sdk, "delete from oauthtokens where useridentifier='seed@example.com'")
	_, err = withConsent.Get(ctx, tok.UserIdentifier)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
}

// TestGaleraNewTableHasKey: a table the store creates on a cluster gets the
// invisible key at once (nobody else's table is altered).
func TestGaleraNewTableHasKey(t *testing.T) {
	srv, addrs := galera(t)
	db := srv.freshDatabase(t)
	require.NoError(t, newStore(t, clusterConfig(addrs, 0, db)).Prepare(testCtx(t)))
	assert.Contains(t, showCreateTable(t, srv, db), "INVISIBLE")
}

// TestGaleraNodeKilled: a store listing every node keeps working when the
// node it uses is killed: calls in flight may fail, later ones go through
// the others, and nothing saved is lost.
func TestGaleraNodeKilled(t *testing.T) {
	srv, addrs := galera(t)
	db := srv.freshDatabase(t)
	t.Cleanup(func() { require.NoError(t, testenv.GaleraScript("start"), "restarting the killed node") })
	logs := &testenv.Buffer{}
	cfg := clusterConfig(addrs, 2, db) // node 3 first: the one killed
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Warn})
	cfg.DialTimeout = 2 * time.Second
	s := newStore(t, cfg)
	require.NoError(t, s.Prepare(testCtx(t)))

	var saved sync.Map
	var calls, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				tok := pluginproto.Tokens{UserIdentifier: fmt.Sprintf("w%d-%d@example.com", w, i), AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: int64(i)}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				err := s.Save(ctx, tok)
				cancel()
				calls.Add(1)
				if err != nil {
					failed.Add(1)
					t.Logf("call failed while a node was down: %v", err)
					continue
				}
				saved.Store(tok.UserIdentifier, tok)
			}
		}()
	}
	succeeded := func() int64 { return calls.Load() - failed.Load() }
	testenv.WaitFor(t, "saves before the kill", func() bool { return succeeded() >= 20 })
	require.NoError(t, testenv.GaleraScript("kill", "3"))
	afterKill, savedBeforeKill := calls.Load(), succeeded()
	// Waits on the saves, not on a window: the cluster takes seconds to
	// evict the dead node, more on a loaded machine.
	testenv.WaitFor(t, "saves through the other nodes after the kill", func() bool { return succeeded()-savedBeforeKill > 20 })
	close(stop)
	wg.Wait()
	t.Logf("calls: %d (%d after the kill), failed: %d", calls.Load(), calls.Load()-afterKill, failed.Load())
	assert.Greater(t, calls.Load()-afterKill, int64(20), "calls did not go on through the other nodes")
	assert.LessOrEqual(t, failed.Load(), int64(4), "only calls in flight when the node died may fail")

	// Nothing saved is lost: read back through node 1 alone.
	check := newStore(t, Config{Host: addrs[0], User: "root", Database: db})
	n := 0
	saved.Range(func(k, v any) bool {
		got, err := check.Get(testCtx(t), k.(string))
		require.NoError(t, err, "saved before or after the kill, lost: %s", k)
		assert.Equal(t, v.(pluginproto.Tokens), got)
		n++
		return true
	})
	t.Logf("checked %d saved users", n)
}

// TestGaleraLeaseOutlivesItsNode: a refresh lease taken through a node
// that then dies is still held on the others, so no second process takes
// it meanwhile (both would refresh); its holder releases it through a
// surviving node, and then the other gets it.
func TestGaleraLeaseOutlivesItsNode(t *testing.T) {
	srv, addrs := galera(t)
	db := srv.freshDatabase(t)
	t.Cleanup(func() { require.NoError(t, testenv.GaleraScript("start"), "restarting the killed node") })
	ctx := testCtx(t)
	holder := newStore(t, clusterConfig(addrs, 2, db)) // through node 3, which dies
	require.NoError(t, holder.Prepare(ctx))
	other := newStore(t, clusterConfig(addrs, 0, db))
	require.NoError(t, other.Prepare(ctx))

	release, err := holder.Lock(ctx, "lease@example.com", time.Minute)
	require.NoError(t, err)
	require.NoError(t, testenv.GaleraScript("kill", "3"))
	testenv.WaitFor(t, "the cluster to go on without node 3", func() bool {
		var name string
		var size int
		err := srv.root.QueryRow("SHOW STATUS LIKE 'wsrep_cluster_size'").Scan(&name, &size)
		return err == nil && size == 2
	})

	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	_, err = other.Lock(short, "lease@example.com", time.Minute)
	cancel()
	require.ErrorIs(t, err, context.DeadlineExceeded, "another process took a lease still held through a dead node")

	require.NoError(t, release(ctx), "the holder releases its lease through a surviving node")
	wait, cancel := context.WithTimeout(ctx, testenv.Patience)
	defer cancel()
	release2, err := other.Lock(wait, "lease@example.com", time.Minute)
	require.NoError(t, err, "the released lease is free")
	require.NoError(t, release2(ctx))
}

// BenchmarkRefreshLock takes and releases a user's refresh lock: GET_LOCK
// on the single server (the baseline), the lease on the single server, and
// the lease on the Galera cluster. p50-ms is the median take-and-release.
func BenchmarkRefreshLock(b *testing.B) {
	single := testServer(b)
	run := func(b *testing.B, s *Store) {
		ctx := context.Background()
		require.NoError(b, s.Prepare(ctx))
		took := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			release, err := s.Lock(ctx, "bench@example.com", time.Minute)
			require.NoError(b, err)
			require.NoError(b, release(ctx))
			took = append(took, time.Since(start))
		}
		b.StopTimer()
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	}
	b.Run("single_get_lock", func(b *testing.B) {
		run(b, newStore(b, single.config(single.freshDatabase(b))))
	})
	b.Run("single_lease", func(b *testing.B) {
		s := newStore(b, single.config(single.freshDatabase(b)))
		s.forceLease = true
		run(b, s)
	})
	b.Run("galera_lease", func(b *testing.B) {
		srv, addrs := galera(b)
		run(b, newStore(b, clusterConfig(addrs, 0, srv.freshDatabase(b))))
	})
}
