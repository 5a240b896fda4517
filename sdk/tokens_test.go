package sdk_test

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestValidTokenCostsNoStoreCall(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)

	before := c.Stats()
	for range 50 {
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
	}
	after := c.Stats()
	assert.Equal(t, before.StoreCalls, after.StoreCalls, "a cached, valid token must not touch the store")
	assert.Equal(t, before.APIRequests+50, after.APIRequests)
}

func TestExpiryRefreshesBeforeTheCall(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	srv.ResetCounters()

	srv.Advance(59*time.Minute + 30*time.Second) // inside the 60s skew
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	counters := srv.Counters()
	assert.Equal(t, 1, counters.Refreshes)
	assert.Equal(t, 1, counters.APIRequests, "the refresh came before the call, not after a 401")
}

func TestOneRefreshForManyGoroutines(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	srv.Advance(2 * time.Hour)
	srv.ResetCounters()

	const callers = 1000
	var wg sync.WaitGroup
	errs := make([]error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = c.Users.Current(testCtx(t))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "caller %d", i)
	}
	assert.Equal(t, 1, srv.Counters().Refreshes, "1000 callers with an expired token must share one refresh")
	assert.Equal(t, int64(1), c.Stats().TokenRefreshes)
}

// TestRenewalOutlivesTheCallerThatGaveUp: a caller that gives up leaves
// its renewal running for the others, and Stats().TokenRenewals shows it
// until it ends (the fleet tests wait on it before moving the clock).
func TestRenewalOutlivesTheCallerThatGaveUp(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	srv.Advance(2 * time.Hour)
	srv.ResetCounters()
	arrived, release := make(chan struct{}), make(chan struct{})
	srv.InjectFault(zohotest.Fault{Path: "/oauth/v2/token", Times: 1, Match: func(*http.Request) bool {
		close(arrived)
		<-release // Zoho is slow to answer the refresh
		return false
	}})

	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan error)
	go func() { _, _, err := c.Users.Current(ctx); done <- err }()
	<-arrived
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	assert.Equal(t, int64(1), c.Stats().TokenRenewals, "the renewal goes on without its caller")

	close(release)
	testenv.WaitFor(t, "the renewal to end", func() bool { return c.Stats().TokenRenewals == 0 })
	assert.Equal(t, 1, srv.Counters().Refreshes)
	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Counters().Refreshes, "the next call takes the token the renewal brought")
}

func TestInvalidTokenRefreshesAndRetriesOnce(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	srv.ExpireAccessTokens() // Zoho-side only: the SDK still thinks it is valid
	srv.ResetCounters()

	_, _, err := c.Users.Current(testCtx(t))
	require.NoError(t, err)
	counters := srv.Counters()
	assert.Equal(t, 1, counters.Refreshes)
	assert.Equal(t, 2, counters.APIRequests, "one 401, one retry")

	// A 401 that refreshes do not cure is returned, after two renewals only.
	srv.InjectFault(zohotest.Fault{Path: "/crm/", Status: 401, Body: `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`})
	srv.ResetCounters()
	_, _, err = c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrInvalidToken)
	assert.Equal(t, 3, srv.Counters().APIRequests)
	assert.Equal(t, 2, srv.Counters().Refreshes)
}

// TestInvalidTokenAfterAnotherProcessRefreshed: Zoho expires every access
// token at once, after another process saved one newer than this one's.
// This process's 401 renews with the other's token from the store, which
// Zoho rejects too; the second 401 is renewed under the store's lock: one
// refresh, and the call succeeds (issue 14 item 11: a Galera fleet lost
// calls so).
func TestInvalidTokenAfterAnotherProcessRefreshed(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	slow := readyClient(t, srv, cfg)
	_, _, err := slow.Users.Current(testCtx(t)) // caches the first access token
	require.NoError(t, err)

	other := newClient(t, cfg) // another process on the same store
	srv.ExpireAccessTokens()
	_, _, err = other.Users.Current(testCtx(t))
	require.NoError(t, err)
	require.Equal(t, 1, srv.Counters().Refreshes, "the other process refreshed and saved")

	srv.ExpireAccessTokens() // reaches the other's token too
	srv.ResetCounters()
	_, _, err = slow.Users.Current(testCtx(t))
	require.NoError(t, err, "a 401 with the store's token, after a 401, is renewed under the lock")
	c := srv.Counters()
	assert.Equal(t, 1, c.Refreshes, "one refresh for the expiry")
	assert.Equal(t, 3, c.APIRequests, "the cached token's 401, the stored token's 401, the success")

	_, _, err = other.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Counters().Refreshes, "the other process takes the refreshed token from the store")
}

func TestRefreshFailuresKeepStoredTokens(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	c := readyClient(t, srv, cfg)
	stored := readTokens(t, cfg)

	t.Run("revoked refresh token", func(t *testing.T) {
		require.True(t, srv.RevokeRefreshToken(stored.RefreshToken))
		srv.Advance(2 * time.Hour)
		_, _, err := c.Users.Current(testCtx(t))
		require.ErrorIs(t, err, sdk.ErrRefreshTokenRevoked)
		assert.Contains(t, err.Error(), "generate a new grant token")
		assert.Equal(t, stored, readTokens(t, cfg), "a failed refresh must keep the stored tokens")
	})
}

func TestRefreshThrottle(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.DisableRefreshBudget = true // Zoho's throttle itself, which the budget would prevent
	c := readyClient(t, srv, cfg)
	// Ten refreshes are allowed in ten minutes.
	for i := range 10 {
		srv.ExpireAccessTokens()
		_, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err, "refresh %d", i+1)
	}
	stored := readTokens(t, cfg)
	srv.ExpireAccessTokens()
	_, _, err := c.Users.Current(testCtx(t))
	require.ErrorIs(t, err, sdk.ErrRefreshThrottled)
	var authErr *sdk.AuthError
	require.ErrorAs(t, err, &authErr)
	assert.Contains(t, err.Error(), "wait a few minutes")
	assert.Equal(t, stored, readTokens(t, cfg))
	assert.Equal(t, 1, srv.Counters().RefreshesThrottled)

	srv.Advance(11 * time.Minute)
	_, _, err = c.Users.Current(testCtx(t))
	require.NoError(t, err, "the throttle lifts after its window")
}

// readTokens reads the stored tokens of the emulator's admin through a
// plugin of the configuration's store.
func readTokens(t testing.TB, cfg sdk.Config) pluginproto.Tokens {
	t.Helper()
	store := storeFor(t, cfg)
	defer store.Close()
	tok, err := store.Get(testCtx(t), adminEmail)
	require.NoError(t, err)
	return tok
}

const adminEmail = "p.boyle@zylker.com"

// storeFor launches the store plugin a configuration selects, as a second
// process would.
func storeFor(t testing.TB, cfg sdk.Config) *pluginproto.Client {
	t.Helper()
	lc := pluginproto.LaunchConfig{}
	switch cfg.Store() {
	case sdk.StoreFile:
		lc.Path = pluginDir + "/" + sdk.FilePluginName
		lc.Env = []string{"ZCRM_TOKEN_PERSISTENCE_PATH=" + cfg.TokenPersistencePath}
	case sdk.StoreMySQL:
		lc.Path = pluginDir + "/" + sdk.MySQLPluginName
		lc.Env = []string{"ZCRM_DB_ADDRESS=" + cfg.DBAddress, "ZCRM_DB_PORT=" + strconv.Itoa(cfg.DBPort),
			"ZCRM_DB_USERNAME=" + cfg.DBUsername, "ZCRM_DB_PASSWORD=" + cfg.DBPassword, "ZCRM_DB_NAME=" + cfg.DBName}
	default:
		t.Fatalf("storeFor: %s", cfg.Store())
	}
	c, err := pluginproto.Launch(testCtx(t), lc)
	require.NoError(t, err)
	return c
}

// expireStored makes the stored access token of the admin an expired one,
// as if the application had been stopped for a while.
func expireStored(t testing.TB, cfg sdk.Config) {
	store := storeFor(t, cfg)
	defer store.Close()
	tok, err := store.Get(testCtx(t), adminEmail)
	require.NoError(t, err)
	tok.ExpiryTime = time.Now().Add(-time.Hour).UnixMilli()
	require.NoError(t, store.Save(testCtx(t), tok))
}

func TestTwoProcessesShareOneRefresh(t *testing.T) {
	for _, kind := range []string{"file", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			srv := emulator(t)
			cfg := fileConfig(t, srv)
			cfg.Now = nil // two processes share the wall clock, and so does the emulator
			m := map[string]string{
				"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "redirect_uri": srv.RedirectURI,
				"accounts_url": srv.URL, "current_user_email": adminEmail, "plugin_dir": pluginDir,
			}
			if kind == "mysql" {
				cfg = mysqlConfig(t, cfg)
				m["db_address"], m["db_port"], m["db_username"], m["db_password"], m["db_name"] =
					cfg.DBAddress, strconv.Itoa(cfg.DBPort), cfg.DBUsername, cfg.DBPassword, cfg.DBName
				// The seed's table has no column for api_domain.
				m["api_base_url"] = srv.URL
			} else {
				m["token_persistence_path"] = cfg.TokenPersistencePath
			}
			readyClient(t, srv, cfg).Close()
			expireStored(t, cfg)
			srv.ResetCounters()

			a, b := startChild(t, m), startChild(t, m)
			var reports [2]string
			var wg sync.WaitGroup
			for i, ch := range []*child{a, b} {
				wg.Add(1)
				go func() { defer wg.Done(); reports[i] = ch.goAndReport() }()
			}
			wg.Wait()
			for _, r := range reports {
				require.Regexp(t, `^ok refreshes=[01]$`, r)
			}
			assert.Equal(t, 1, srv.Counters().Refreshes, "two processes with one expired token must refresh once in all: %v", reports)
		})
	}
}

// mysqlConfig points cfg at a fresh database on the test MariaDB, dropped
// when the test ends.
func mysqlConfig(t testing.TB, cfg sdk.Config) sdk.Config {
	my := testenv.MySQL(t)
	host, port := splitAddr(t, my.Addr)
	cfg.TokenPersistencePath = ""
	cfg.DBAddress, cfg.DBPort, cfg.DBUsername, cfg.DBPassword = host, port, my.User, my.Passwd
	cfg.DBName = fmt.Sprintf("zcrm_sdk_test_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		conn, err := mysql.NewConnector(my)
		if err != nil {
			return
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS `"+cfg.DBName+"`")
	})
	return cfg
}

func splitAddr(t testing.TB, addr string) (string, int) {
	host, portText, err := net.SplitHostPort(addr)
	require.NoError(t, err, "MySQL address %q", addr)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	return host, port
}
