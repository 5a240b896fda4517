package mysql

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
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

func TestConformance(t *testing.T) {
	srv := testServer(t)
	cfg := srv.config(srv.freshDatabase(t))
	storetest.Run(t, storetest.Harness{
		Launch: storetest.LaunchBinary(pluginPath, env(cfg)...),
	})
}

func mustExec(t testing.TB, db *sql.DB, query string, args ...any) {
	t.Helper()
	_, err := db.ExecContext(testCtx(t), query, args...)
	require.NoError(t, err, "%s", query)
}

func showCreateTable(t testing.TB, srv *server, database string) string {
	t.Helper()
	var name, create string
	require.NoError(t, srv.root.QueryRowContext(testCtx(t), "SHOW CREATE TABLE "+quoteIdentifier(database)+".oauthtokens").Scan(&name, &create))
	return create
}

func countRows(t testing.TB, srv *server, database, user string) int {
	t.Helper()
	var n int
	require.NoError(t, srv.root.QueryRowContext(testCtx(t),
		"SELECT COUNT(*) FROM "+quoteIdentifier(database)+".oauthtokens WHERE useridentifier = ?", user).Scan(&n))
	return n
}

// TestTableOfZohoSDKs works on the table as Zoho's Ruby, Python and Node
// SDKs leave it: no key, and several rows for one user, because they save
// with a delete and an insert outside any transaction.
func TestTableOfZohoSDKs(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	mustExec(t, srv.root, "CREATE DATABASE "+quoteIdentifier(db))
	mustExec(t, srv.root, "CREATE TABLE "+quoteIdentifier(db)+".oauthtokens(useridentifier varchar(100), accesstoken varchar(100), refreshtoken varchar(100), expirytime bigint)")
	schemaBefore := showCreateTable(t, srv, db)

	const user = "zoho.admin@example.com"
	const other = "someone.else@example.com"
	base := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC).UnixMilli()
	rows := []pluginproto.Tokens{
		{UserIdentifier: user, AccessToken: "1000.middle", RefreshToken: "1000.r-middle", ExpiryTime: base + 1_000},
		{UserIdentifier: user, AccessToken: "1000.latest", RefreshToken: "1000.r-latest", ExpiryTime: base + 3_600_000},
		{UserIdentifier: user, AccessToken: "1000.oldest", RefreshToken: "1000.r-oldest", ExpiryTime: base},
		{UserIdentifier: other, AccessToken: "1000.other", RefreshToken: "1000.r-other", ExpiryTime: base + 5},
	}
	for _, r := range rows {
		// The Ruby SDK's insert, built by string concatenation as it does.
		mustExec(t, srv.root, fmt.Sprintf("insert into %s.oauthtokens(useridentifier,accesstoken,refreshtoken,expirytime) values('%s','%s','%s',%d)",
			quoteIdentifier(db), r.UserIdentifier, r.AccessToken, r.RefreshToken, r.ExpiryTime))
	}

	store := launch(t, srv.config(db), nil)

	got, err := store.Get(ctx, user)
	require.NoError(t, err)
	assert.Equal(t, rows[1], got, "Get must return the row with the latest expiry")

	infos, err := store.List(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []pluginproto.TokenInfo{
		{UserIdentifier: user, ExpiryTime: rows[1].ExpiryTime},
		{UserIdentifier: other, ExpiryTime: rows[3].ExpiryTime},
	}, infos, "List must give each user once, with the latest expiry")

	saved := pluginproto.Tokens{UserIdentifier: user, AccessToken: "1000.saved", RefreshToken: "1000.r-saved", ExpiryTime: base - 60_000}
	require.NoError(t, store.Save(ctx, saved))
	assert.Equal(t, 1, countRows(t, srv, db, user), "Save must leave exactly one row for the user")
	assert.Equal(t, 1, countRows(t, srv, db, other), "Save touched another user's rows")

	// The Ruby SDK's read: a plain select of every column.
	var read pluginproto.Tokens
	require.NoError(t, srv.root.QueryRowContext(ctx, fmt.Sprintf("select * from %s.oauthtokens where useridentifier='%s'", quoteIdentifier(db), user)).
		Scan(&read.UserIdentifier, &read.AccessToken, &read.RefreshToken, &read.ExpiryTime))
	assert.Equal(t, saved, read)

	got, err = store.Get(ctx, user)
	require.NoError(t, err)
	assert.Equal(t, saved, got, "an earlier expiry saved last must win over the rows it replaced")

	assert.Equal(t, schemaBefore, showCreateTable(t, srv, db), "the store must not alter an existing table")
}

func TestCreatesDatabaseAndTable(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	var n int
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", db).Scan(&n))
	require.Zero(t, n, "fresh database exists already")

	store := launch(t, srv.config(db), nil)
	in := pluginproto.Tokens{UserIdentifier: "first@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 1_900_000_000_000}
	require.NoError(t, store.Save(ctx, in))

	type column struct {
		Name, Type string
		Length     sql.NullInt64
	}
	rows, err := srv.root.QueryContext(ctx, `SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
		WHERE table_schema = ? AND table_name = 'oauthtokens' ORDER BY ordinal_position`, db)
	require.NoError(t, err)
	var columns []column
	for rows.Next() {
		var c column
		require.NoError(t, rows.Scan(&c.Name, &c.Type, &c.Length))
		columns = append(columns, c)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	hundred := sql.NullInt64{Int64: 100, Valid: true}
	assert.Equal(t, []column{
		{"useridentifier", "varchar", hundred},
		{"accesstoken", "varchar", hundred},
		{"refreshtoken", "varchar", hundred},
		{"expirytime", "bigint", sql.NullInt64{}},
	}, columns, "the seed's schema")

	var collation string
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT table_collation FROM information_schema.tables WHERE table_schema = ? AND table_name = 'oauthtokens'", db).Scan(&collation))
	assert.True(t, strings.HasPrefix(collation, "utf8mb4"), "table collation %s", collation)

	// A Zoho SDK's plain insert into the table the store created reads back.
	mustExec(t, srv.root, fmt.Sprintf("insert into %s.oauthtokens(useridentifier,accesstoken,refreshtoken,expirytime) values('%s','%s','%s',%d)",
		quoteIdentifier(db), "ruby@example.com", "1000.ruby", "1000.r-ruby", 1_900_000_000_001))
	got, err := store.Get(ctx, "ruby@example.com")
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: "ruby@example.com", AccessToken: "1000.ruby", RefreshToken: "1000.r-ruby", ExpiryTime: 1_900_000_000_001}, got)
}

// TestSimultaneousFirstSavesLeaveOneRow starts several saves of a new user
// at once, many times: at READ COMMITTED each could find no row and insert
// one, unless saves of a user are serialised.
func TestSimultaneousFirstSavesLeaveOneRow(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	store := newStore(t, srv.config(db))
	ctx := testCtx(t)
	const rounds, writers = 60, 6
	for round := range rounds {
		user := fmt.Sprintf("first-%d@example.com", round)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				assert.NoError(t, store.Save(ctx, pluginproto.Tokens{UserIdentifier: user, AccessToken: fmt.Sprint(i), ExpiryTime: int64(i)}))
			}()
		}
		close(start)
		wg.Wait()
		require.Equal(t, 1, countRows(t, srv, db, user), "round %d: simultaneous saves left several rows", round)
	}
}

// TestSaveWhileHoldingTheRefreshLock is the SDK's refresh: take the lock,
// save the new tokens, release. Save must not wait for that lock.
func TestSaveWhileHoldingTheRefreshLock(t *testing.T) {
	srv := testServer(t)
	store := launch(t, srv.config(srv.freshDatabase(t)), nil)
	ctx := testCtx(t)
	release, err := store.Lock(ctx, "refreshing@example.com", time.Minute)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	require.NoError(t, store.Save(short, pluginproto.Tokens{UserIdentifier: "refreshing@example.com", AccessToken: "1000.new"}))
	require.NoError(t, release(ctx))
}

// TestTableDroppedWhileRunning: a table dropped under a running store is
// created again by the next call, as at the start.
func TestTableDroppedWhileRunning(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	store := launch(t, srv.config(db), nil)
	ctx := testCtx(t)
	in := pluginproto.Tokens{UserIdentifier: "dropped@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 5}
	require.NoError(t, store.Save(ctx, in))

	mustExec(t, srv.root, "DROP DATABASE "+quoteIdentifier(db))
	_, err := store.Get(ctx, in.UserIdentifier)
	require.ErrorIs(t, err, pluginproto.ErrNotFound, "the table was dropped with its rows")
	require.NoError(t, store.Save(ctx, in))
	got, err := store.Get(ctx, in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, in, got)
}

// TestPrivileges: on existing tables a user needs only SELECT, INSERT
// and DELETE; without CREATE, a missing table is an error saying so, the
// data centre table included.
func TestPrivileges(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	mustExec(t, srv.root, "CREATE DATABASE "+quoteIdentifier(db))
	table := quoteIdentifier(db) + ".oauthtokens"

	user, password := srv.tempUserWith(t, "SELECT, INSERT, DELETE ON "+quoteIdentifier(db)+".*")
	cfg := srv.config(db)
	cfg.User, cfg.Password = user, password
	limited := newStore(t, cfg)
	err := limited.Save(ctx, pluginproto.Tokens{UserIdentifier: "p@example.com", AccessToken: "1000.a"})
	require.Error(t, err, "the table is missing and the user may not create it")
	assert.Contains(t, err.Error(), "lacks a privilege")
	assert.Contains(t, err.Error(), "CREATE")

	mustExec(t, srv.root, "CREATE TABLE "+table+"(useridentifier varchar(100), accesstoken varchar(100), refreshtoken varchar(100), expirytime bigint)")
	err = limited.Save(ctx, pluginproto.Tokens{UserIdentifier: "p@example.com", AccessToken: "1000.a"})
	require.Error(t, err, "the data centre table is missing and the user may not create it")
	assert.Contains(t, err.Error(), "lacks a privilege")
	assert.Contains(t, err.Error(), DataCentreTableName)

	mustExec(t, srv.root, "CREATE TABLE "+quoteIdentifier(db)+"."+DataCentreTableName+readmeDataCentreColumns(t))
	in := pluginproto.Tokens{UserIdentifier: "p@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 9,
		APIDomain: "https://www.zohoapis.eu", AccountsServer: "https://accounts.zoho.eu"}
	require.NoError(t, limited.Save(ctx, in))
	got, err := limited.Get(ctx, in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, in, got)
	_, err = limited.List(ctx)
	require.NoError(t, err)
	release, err := limited.Lock(ctx, in.UserIdentifier, time.Minute)
	require.NoError(t, err)
	require.NoError(t, release(ctx))
	require.NoError(t, limited.Delete(ctx, in.UserIdentifier))
}

// TestSQLMetacharactersStoredLiterally checks values reach the table byte
// for byte: quotes, backslashes, wildcards and comment markers included.
func TestSQLMetacharactersStoredLiterally(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	store := launch(t, srv.config(db), nil)

	in := pluginproto.Tokens{
		UserIdentifier: "o'hara\"`\\%_;--@example.com",
		AccessToken:    "1000.'); DROP TABLE oauthtokens; -- \\' \\\\ %_`\"",
		RefreshToken:   "1000.\\0\\n\x1a\t'\"",
		ExpiryTime:     -1,
	}
	require.NoError(t, store.Save(ctx, in))
	require.NoError(t, store.Save(ctx, pluginproto.Tokens{UserIdentifier: "ohara@example.com", AccessToken: "x", RefreshToken: "y", ExpiryTime: 2}))

	var user, access, refresh string
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT HEX(useridentifier), HEX(accesstoken), HEX(refreshtoken) FROM "+
		quoteIdentifier(db)+".oauthtokens WHERE accesstoken LIKE '1000.%DROP%'").Scan(&user, &access, &refresh))
	assert.Equal(t, strings.ToUpper(hex.EncodeToString([]byte(in.UserIdentifier))), user)
	assert.Equal(t, strings.ToUpper(hex.EncodeToString([]byte(in.AccessToken))), access)
	assert.Equal(t, strings.ToUpper(hex.EncodeToString([]byte(in.RefreshToken))), refresh)

	got, err := store.Get(ctx, in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, in, got)
	var tables int
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?", db).Scan(&tables))
	assert.Equal(t, 2, tables, "the seed's table and the data centre table, nothing else")
}

// TestRetriesLostConnection kills the plugin's connections server-side
// between calls, as a server restart or an idle timeout would; every next
// call must succeed.
func TestRetriesLostConnection(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	user, password := srv.tempUser(t, db)
	cfg := srv.config(db)
	cfg.User, cfg.Password = user, password
	store := launch(t, cfg, nil)
	ctx := testCtx(t)

	tokens := pluginproto.Tokens{UserIdentifier: "killed@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 1}
	require.NoError(t, store.Save(ctx, tokens))
	calls := []struct {
		name string
		call func() error
	}{
		{"Get", func() error { _, err := store.Get(ctx, tokens.UserIdentifier); return err }},
		{"Save", func() error { tokens.ExpiryTime++; return store.Save(ctx, tokens) }},
		{"List", func() error { _, err := store.List(ctx); return err }},
		{"Lock", func() error {
			release, err := store.Lock(ctx, tokens.UserIdentifier, time.Minute)
			if err == nil {
				err = release(ctx)
			}
			return err
		}},
		{"Delete", func() error { return store.Delete(ctx, tokens.UserIdentifier) }},
	}
	for _, c := range calls {
		killed := srv.killConnections(t, user)
		require.Positive(t, killed, "before %s: the plugin holds no connection to kill", c.name)
		require.NoError(t, c.call(), "%s after its connections were killed", c.name)
	}
	_, err := store.Get(ctx, tokens.UserIdentifier)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)
	assert.Equal(t, `no tokens stored for this user: "killed@example.com" has no row in `+db+".oauthtokens", err.Error())
}

// TestLockWaiterSurvivesLostConnection kills the connection of a Lock
// that is waiting inside GET_LOCK: the store must retry on a new
// connection and get the lock once it is free.
func TestLockWaiterSurvivesLostConnection(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	user, password := srv.tempUser(t, db)
	logs := &testenv.Buffer{}
	cfg := srv.config(db)
	cfg.User, cfg.Password = user, password
	cfg.Logger = hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug})
	waiter := newStore(t, cfg)
	holder := newStore(t, srv.config(db)) // root: not killed
	ctx := testCtx(t)

	release, err := holder.Lock(ctx, "contended@example.com", time.Minute)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		r, err := waiter.Lock(ctx, "contended@example.com", time.Minute)
		if err == nil {
			err = r(ctx)
		}
		done <- err
	}()
	testenv.WaitFor(t, "the waiter to reach GET_LOCK", func() bool {
		var n int
		require.NoError(t, srv.root.QueryRow("SELECT COUNT(*) FROM information_schema.processlist WHERE user = ? AND info LIKE 'SELECT GET_LOCK%'", user).Scan(&n))
		return n == 1
	})
	require.Equal(t, 1, srv.killConnections(t, user))
	testenv.WaitFor(t, "the waiter to notice its connection was killed", func() bool { return strings.Contains(logs.String(), "lost the connection") })
	select {
	case err := <-done:
		t.Fatalf("the waiter returned while the lock was held: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	require.NoError(t, release(ctx))
	select {
	case err := <-done:
		require.NoError(t, err, "the waiter did not get the lock after retrying")
	case <-time.After(testenv.Patience):
		t.Fatal("the waiter did not get the lock after it was released")
	}
}

// TestLockFreedWhenItsConnectionDies: the server frees a GET_LOCK with its
// session, so a holder whose connection was killed does not block others.
func TestLockFreedWhenItsConnectionDies(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	user, password := srv.tempUser(t, db)
	cfg := srv.config(db)
	cfg.User, cfg.Password = user, password
	first := newStore(t, cfg)
	second := newStore(t, srv.config(db))
	ctx := testCtx(t)

	release, err := first.Lock(ctx, "held@example.com", time.Minute)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	_, err = second.Lock(short, "held@example.com", time.Minute)
	cancel()
	require.ErrorIs(t, err, context.DeadlineExceeded, "the lock was not held")

	require.Equal(t, 1, srv.killConnections(t, user))
	wait, cancel := context.WithTimeout(ctx, testenv.Patience)
	defer cancel()
	release2, err := second.Lock(wait, "held@example.com", time.Minute)
	require.NoError(t, err, "the lock of a killed connection was not freed")
	assert.NoError(t, release(ctx), "releasing a lock whose connection died must be harmless")
	require.NoError(t, release2(ctx))
}

func TestLockNamesFitMySQL(t *testing.T) {
	a := lockName("refresh", "zohooauth", strings.Repeat("u", 100))
	assert.LessOrEqual(t, len(a), 64)
	assert.LessOrEqual(t, len(lockName("save", strings.Repeat("d", 64), strings.Repeat("u", 100))), 64)
	assert.NotEqual(t, a, lockName("refresh", "zohooauth", strings.Repeat("u", 99)))
	assert.NotEqual(t, a, lockName("save", "zohooauth", strings.Repeat("u", 100)), "Save must not wait for the refresh lock the SDK holds while saving")
	assert.NotEqual(t, a, lockName("refresh", "other", strings.Repeat("u", 100)), "stores on two databases must not share locks")
}

// TestUnreachableServer needs no MariaDB: the plugin starts with nothing
// listening on its port and each call says which address failed.
func TestUnreachableServer(t *testing.T) {
	port := freePort(t)
	cfg := Config{Host: "127.0.0.1", Port: port, User: "zcrm", Password: "pw-" + randomHex(12), Database: "zohooauth"}
	logs := &testenv.Buffer{}
	store := launch(t, cfg, logs)
	ctx := testCtx(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)

	calls := map[string]func() error{
		"Save": func() error {
			return store.Save(ctx, pluginproto.Tokens{UserIdentifier: "u@example.com", AccessToken: "1000.secret-access", RefreshToken: "1000.secret-refresh"})
		},
		"Get":    func() error { _, err := store.Get(ctx, "u@example.com"); return err },
		"Delete": func() error { return store.Delete(ctx, "u@example.com") },
		"List":   func() error { _, err := store.List(ctx); return err },
		"Lock":   func() error { _, err := store.Lock(ctx, "u@example.com", time.Minute); return err },
	}
	for name, call := range calls {
		err := call()
		require.Error(t, err, name)
		msg := err.Error()
		assert.Contains(t, msg, "could not connect to MySQL at "+addr, name)
		assert.Contains(t, msg, "db_address", name)
		assert.Contains(t, msg, "db_port", name)
		assert.NotContains(t, msg, cfg.Password, name)
		assert.NotContains(t, msg, "secret-access", name)
		assert.NotContains(t, msg, "secret-refresh", name)
	}
	assert.False(t, store.Exited(), "the plugin must keep serving while MySQL is down")
	assert.NotContains(t, logs.String(), cfg.Password)
}

// TestNoSecretsInErrorsOrLogs runs the plugin as a MariaDB user with a
// password, through normal calls and failures, and looks for the password
// and the tokens in every error and in the plugin's log.
func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	user, password := srv.tempUser(t, db)
	cfg := srv.config(db)
	cfg.User, cfg.Password = user, password
	logs := &testenv.Buffer{}
	store := launch(t, cfg, logs)
	ctx := testCtx(t)

	tokens := pluginproto.Tokens{
		UserIdentifier: "secret-test@example.com",
		AccessToken:    "1000." + randomHex(32),
		RefreshToken:   "1000." + randomHex(32),
		ExpiryTime:     1,
	}
	secrets := []string{password, tokens.AccessToken, tokens.RefreshToken}
	var errs []error

	require.NoError(t, store.Save(ctx, tokens))
	_, err := store.Get(ctx, tokens.UserIdentifier)
	require.NoError(t, err)
	srv.killConnections(t, user)
	_, err = store.List(ctx)
	require.NoError(t, err)
	release, err := store.Lock(ctx, tokens.UserIdentifier, time.Minute)
	require.NoError(t, err)
	require.NoError(t, release(ctx))

	// A token too long for its column.
	long := tokens
	long.AccessToken = "1000." + randomHex(60)
	secrets = append(secrets, long.AccessToken)
	err = store.Save(ctx, long)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too long")
	errs = append(errs, err)

	// A wrong password.
	wrong := cfg
	wrong.Password = "wrong-" + randomHex(12)
	secrets = append(secrets, wrong.Password)
	refused := launch(t, wrong, logs)
	err = refused.Save(ctx, tokens)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "db_password")
	errs = append(errs, err)
	_, err = refused.Lock(ctx, tokens.UserIdentifier, time.Minute)
	require.Error(t, err)
	errs = append(errs, err)

	// The plugin's warm-up runs in the background; give its log line a
	// moment to arrive before reading the log.
	testenv.WaitFor(t, "the plugin's log line", func() bool { return strings.Contains(logs.String(), "MySQL is not ready") })
	logText := logs.String()
	require.Contains(t, logText, "mysql-store", "the plugin's log lines were not captured")
	for _, secret := range secrets {
		assert.NotContains(t, logText, secret)
		for _, err := range errs {
			assert.NotContains(t, err.Error(), secret)
		}
	}
}

func TestScrubRemovesQuotedValues(t *testing.T) {
	token := "1000.abcdef0123456789"
	err := scrub(&driver.MySQLError{Number: erDupEntry, SQLState: [5]byte{'2', '3', '0', '0', '0'},
		Message: "Duplicate entry 'u@example.com-" + token + "' for key 'PRIMARY'"}, token)
	assert.NotContains(t, err.Error(), token)
	assert.NotContains(t, err.Error(), "abcdef")
	assert.Equal(t, uint16(erDupEntry), mysqlErrorNumber(err), "the error number must survive")

	err = scrub(fmt.Errorf("wrapped: %s", token), token)
	assert.NotContains(t, err.Error(), token)
	plain := fmt.Errorf("nothing secret")
	assert.Same(t, plain, scrub(plain, token))
}

func TestBadPortStopsThePluginWithAClearError(t *testing.T) {
	_, err := pluginproto.Launch(testCtx(t), pluginproto.LaunchConfig{Path: pluginPath, Env: []string{EnvPort + "=33o6"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "33o6")
	assert.Contains(t, err.Error(), "is not a port number")
	assert.Contains(t, err.Error(), "db_port")
}

func TestConfigFromEnv(t *testing.T) {
	lookup := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	cfg, err := ConfigFromEnv(lookup(nil))
	require.NoError(t, err)
	assert.Equal(t, Config{Host: "127.0.0.1", Port: 3306, User: "root", Password: "", Database: "zohooauth", DialTimeout: DefaultDialTimeout}, cfg)

	cfg, err = ConfigFromEnv(lookup(map[string]string{
		EnvAddress: "db.internal", EnvPort: "3307", EnvUsername: "zoho", EnvPassword: "p", EnvDatabase: "tokens",
	}))
	require.NoError(t, err)
	assert.Equal(t, Config{Host: "db.internal", Port: 3307, User: "zoho", Password: "p", Database: "tokens", DialTimeout: DefaultDialTimeout}, cfg)

	cfg, err = ConfigFromEnv(lookup(map[string]string{EnvMySQLPort: "3308", EnvMySQLUsername: "seed", EnvMySQLPassword: "old"}))
	require.NoError(t, err)
	assert.Equal(t, 3308, cfg.Port)
	assert.Equal(t, "seed", cfg.User)
	assert.Equal(t, "old", cfg.Password)

	cfg, err = ConfigFromEnv(lookup(map[string]string{EnvAddress: "db1:3307, db2 ,[::1]:3308", EnvPort: "3310", EnvAddPrimaryKey: "true"}))
	require.NoError(t, err, "several addresses")
	addrs, err := cfg.Addresses()
	require.NoError(t, err)
	assert.Equal(t, []string{"db1:3307", "db2:3310", "[::1]:3308"}, addrs, "hosts without a port take db_port")
	assert.True(t, cfg.AddPrimaryKey)

	cfg, err = ConfigFromEnv(lookup(map[string]string{EnvPort: "3309", EnvMySQLPort: "3309"}))
	require.NoError(t, err, "agreeing aliases are fine")
	assert.Equal(t, 3309, cfg.Port)

	bad := map[string]struct {
		vars map[string]string
		want string
	}{
		"port not a number":    {map[string]string{EnvPort: "abc"}, `port "abc" is not a port number`},
		"port out of range":    {map[string]string{EnvPort: "70000"}, `port "70000" is not a port number`},
		"alias port bad":       {map[string]string{EnvMySQLPort: "-1"}, `port "-1"`},
		"ports disagree":       {map[string]string{EnvPort: "1", EnvMySQLPort: "2"}, "ZCRM_DB_PORT=\"1\" and ZCRM_MYSQL_PORT=\"2\" disagree"},
		"passwords disagree":   {map[string]string{EnvPassword: "first-secret", EnvMySQLPassword: "second-secret"}, "both set, to different values"},
		"database name":        {map[string]string{EnvDatabase: "zoho`; DROP"}, "check db_name"},
		"host with bad port":   {map[string]string{EnvAddress: "db:33o6"}, "not a number from 1 to 65535"},
		"empty address entry":  {map[string]string{EnvAddress: "db1,,db2"}, "empty entry"},
		"consent not a bool":   {map[string]string{EnvAddPrimaryKey: "yes please"}, "db_add_primary_key"},
		"database too long":    {map[string]string{EnvDatabase: strings.Repeat("d", 65)}, "1 to 64"},
		"host with slash":      {map[string]string{EnvAddress: "/var/run/mysqld.sock"}, "check db_address"},
		"host with whitespace": {map[string]string{EnvAddress: "db host"}, "check db_address"},
	}
	for name, c := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := ConfigFromEnv(lookup(c.vars))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

func TestConfigPrintsWithoutPassword(t *testing.T) {
	cfg := Config{User: "u", Password: "hunter2-secret"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		assert.NotContains(t, s, "hunter2")
		assert.Contains(t, s, "<redacted>")
	}
}
