package mysql

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	driver "github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// seedTable is the seed's table, created by plain SQL exactly as the seed
// describes it: no key, no character set of its own.
const seedTable = "create table oauthtokens(useridentifier varchar(100), accesstoken varchar(100), refreshtoken varchar(100), expirytime bigint)"

// readmeDataCentreColumns returns the column part of the README's CREATE
// TABLE for the data centre table, so the tests create it as a reader would.
func readmeDataCentreColumns(t testing.TB) string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?s)CREATE TABLE IF NOT EXISTS zohooauth\.oauthtokens_dc( \(.*?\) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin);`).FindSubmatch(readme)
	require.NotNil(t, m, "README.md has no CREATE TABLE for oauthtokens_dc")
	return string(m[1])
}

// usingDatabase opens a connection pool whose default database is db, as
// Zoho's SDKs connect (database: 'zohooauth'), so their unqualified SQL
// runs as they send it.
func (s *server) usingDatabase(t testing.TB, db string) *sql.DB {
	t.Helper()
	dc := driver.NewConfig()
	dc.Net, dc.Addr = "tcp", fmt.Sprintf("%s:%d", s.host, s.port)
	dc.User, dc.Passwd, dc.DBName = s.user, s.password, db
	connector, err := driver.NewConnector(dc)
	require.NoError(t, err)
	conn := sql.OpenDB(connector)
	t.Cleanup(func() { conn.Close() })
	return conn
}

// selectStar runs an SDK's `select *` and returns the rows as they see
// them: every column, by name.
func selectStar(t testing.TB, conn *sql.DB, query string) []map[string]string {
	t.Helper()
	rows, err := conn.QueryContext(testCtx(t), query)
	require.NoError(t, err, "%s", query)
	defer rows.Close()
	names, err := rows.Columns()
	require.NoError(t, err)
	var out []map[string]string
	for rows.Next() {
		values := make([]sql.NullString, len(names))
		ptrs := make([]any, len(names))
		for i := range values {
			ptrs[i] = &values[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		row := map[string]string{}
		for i, name := range names {
			row[name] = values[i].String
		}
		out = append(out, row)
	}
	require.NoError(t, rows.Err())
	return out
}

// TestDataCentresBesideTheSeedTable creates the seed's table by plain SQL,
// uses the store on it, then runs the statements of Zoho's Ruby SDK
// (ZCRMSDK gem, persistence.rb) and Node SDK (mysql_util.js) against it as
// they send them (values concatenated into the SQL): their SQL keeps
// working, the store reads the rows they write, and a row they rewrote
// with a new refresh token falls back to the configured data centre rather
// than to the data centre of the tokens it replaced.
func TestDataCentresBesideTheSeedTable(t *testing.T) {
	// The seed's table in the server's default character set, and in two
	// others a table made long ago may have: the join to the side table
	// must work whatever the seed table's collation.
	for name, charset := range map[string]string{"server default": "", "latin1": " DEFAULT CHARSET=latin1", "utf8mb4 general": " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"} {
		t.Run(name, func(t *testing.T) { testDataCentresBesideTheSeedTable(t, charset) })
	}
}

func testDataCentresBesideTheSeedTable(t *testing.T, charset string) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	mustExec(t, srv.root, "CREATE DATABASE "+quoteIdentifier(db))
	sdk := srv.usingDatabase(t, db) // what Zoho's SDKs connect with
	mustExec(t, sdk, seedTable+charset)
	schemaBefore := showCreateTable(t, srv, db)

	store := launch(t, srv.config(db), nil)
	eu := pluginproto.Tokens{UserIdentifier: "eu.user@example.com", AccessToken: "1000.eu-access", RefreshToken: "1000.eu-refresh",
		ExpiryTime: 1_900_000_000_000, APIDomain: "https://www.zohoapis.eu", AccountsServer: "https://accounts.zoho.eu"}
	ca := pluginproto.Tokens{UserIdentifier: "ca.user@example.com", AccessToken: "1000.ca-access", RefreshToken: "1000.ca-refresh",
		ExpiryTime: 1_900_000_000_001, APIDomain: "https://www.zohoapis.ca", AccountsServer: "https://accounts.zohocloud.ca"}
	require.NoError(t, store.Save(ctx, eu))
	require.NoError(t, store.Save(ctx, ca))

	// The round trip, in this process and in another.
	for _, c := range []*pluginproto.Client{store, launch(t, srv.config(db), nil)} {
		for _, want := range []pluginproto.Tokens{eu, ca} {
			got, err := c.Get(ctx, want.UserIdentifier)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		}
	}
	assert.Equal(t, schemaBefore, showCreateTable(t, srv, db), "the seed's table must not be altered")

	// The side table keeps a fingerprint of the refresh token, not the token.
	var fp string
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT refreshtokensha256 FROM "+quoteIdentifier(db)+".oauthtokens_dc WHERE useridentifier = ?", eu.UserIdentifier).Scan(&fp))
	sum := sha256.Sum256([]byte(eu.RefreshToken))
	assert.Equal(t, hex.EncodeToString(sum[:]), fp)
	var clear int
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdentifier(db)+".oauthtokens_dc WHERE CONCAT_WS(',', useridentifier, refreshtokensha256, apidomain, accountsserver) LIKE ?",
		"%"+eu.RefreshToken+"%").Scan(&clear))
	assert.Zero(t, clear, "the side table holds a refresh token in clear")

	// Ruby's and Node's reads: select * gives the four columns, and the values the store saved.
	ruby := selectStar(t, sdk, fmt.Sprintf("select * from oauthtokens where useridentifier='%s'", eu.UserIdentifier))
	node := selectStar(t, sdk, fmt.Sprintf("Select * from oauthtokens where useridentifier = '%s'", eu.UserIdentifier))
	want := []map[string]string{{"useridentifier": eu.UserIdentifier, "accesstoken": eu.AccessToken, "refreshtoken": eu.RefreshToken, "expirytime": "1900000000000"}}
	assert.Equal(t, want, ruby)
	assert.Equal(t, want, node)

	// Node's refresh: an update of the access token and expiry. The refresh
	// token, and so the data centre, stay.
	mustExec(t, sdk, fmt.Sprintf("update oauthtokens set accesstoken = '%s' , expirytime=%d where useridentifier = '%s'", "1000.eu-node-refreshed", 1_900_000_360_000, eu.UserIdentifier))
	got, err := store.Get(ctx, eu.UserIdentifier)
	require.NoError(t, err)
	refreshed := eu
	refreshed.AccessToken, refreshed.ExpiryTime = "1000.eu-node-refreshed", 1_900_000_360_000
	assert.Equal(t, refreshed, got, "a refresh by the Node SDK keeps the user's data centre")

	// Ruby's save of a new grant: delete, then insert with a new refresh
	// token. The side row now belongs to tokens that are gone.
	mustExec(t, sdk, fmt.Sprintf("delete from oauthtokens where useridentifier='%s'", eu.UserIdentifier))
	mustExec(t, sdk, fmt.Sprintf("insert into oauthtokens(useridentifier,accesstoken,refreshtoken,expirytime) values('%s','%s','%s',%d)",
		eu.UserIdentifier, "1000.ruby-access", "1000.ruby-refresh", 1_900_000_720_000))
	got, err = store.Get(ctx, eu.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: eu.UserIdentifier, AccessToken: "1000.ruby-access", RefreshToken: "1000.ruby-refresh", ExpiryTime: 1_900_000_720_000},
		got, "a stale side row must not give tokens another SDK saved the data centre of the tokens they replaced")

	// Node's save of a user the store never saw.
	const nodeUser = "node.user@example.com"
	mustExec(t, sdk, fmt.Sprintf("delete from oauthtokens where useridentifier='%s'", nodeUser))
	mustExec(t, sdk, fmt.Sprintf("INSERT INTO oauthtokens (useridentifier, accesstoken,refreshtoken,expirytime) VALUES ('%s','%s','%s',%d)",
		nodeUser, "1000.node-access", "1000.node-refresh", 1_900_000_000_002))
	got, err = store.Get(ctx, nodeUser)
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: nodeUser, AccessToken: "1000.node-access", RefreshToken: "1000.node-refresh", ExpiryTime: 1_900_000_000_002}, got)
	infos, err := store.List(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []pluginproto.TokenInfo{
		{UserIdentifier: eu.UserIdentifier, ExpiryTime: 1_900_000_720_000},
		{UserIdentifier: ca.UserIdentifier, ExpiryTime: ca.ExpiryTime},
		{UserIdentifier: nodeUser, ExpiryTime: 1_900_000_000_002},
	}, infos)

	// Ruby's delete removes the user for the store too; the side row left
	// behind does not bring them back.
	mustExec(t, sdk, fmt.Sprintf("delete from oauthtokens where useridentifier='%s'", ca.UserIdentifier))
	_, err = store.Get(ctx, ca.UserIdentifier)
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)

	// The store saving over both: side rows replaced, one row in each table.
	in := ca
	in.RefreshToken = "1000.ca-refresh-2"
	require.NoError(t, store.Save(ctx, in))
	eu2 := eu
	eu2.APIDomain, eu2.AccountsServer = "https://www.zohoapis.in", "https://accounts.zoho.in"
	require.NoError(t, store.Save(ctx, eu2))
	for _, want := range []pluginproto.Tokens{in, eu2} {
		got, err := store.Get(ctx, want.UserIdentifier)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		assert.Equal(t, 1, countRows(t, srv, db, want.UserIdentifier))
	}
	var sideRows int
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdentifier(db)+".oauthtokens_dc").Scan(&sideRows))
	assert.Equal(t, 2, sideRows, "one side row per user the store saved with a data centre")

	// And the SDKs still read what the store wrote last.
	ruby = selectStar(t, sdk, fmt.Sprintf("select * from oauthtokens where useridentifier='%s'", eu2.UserIdentifier))
	assert.Equal(t, []map[string]string{{"useridentifier": eu2.UserIdentifier, "accesstoken": eu2.AccessToken, "refreshtoken": eu2.RefreshToken, "expirytime": "1900000000000"}}, ruby)

	require.NoError(t, store.Delete(ctx, eu2.UserIdentifier))
	require.NoError(t, srv.root.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdentifier(db)+".oauthtokens_dc WHERE useridentifier = ?", eu2.UserIdentifier).Scan(&sideRows))
	assert.Zero(t, sideRows, "Delete removes the user's side row too")
	assert.Equal(t, schemaBefore, showCreateTable(t, srv, db), "the seed's table must not be altered")
}

// TestSaveIsOneTransaction: a save whose data centre row is refused (an
// API domain too long for its column) changes nothing, the tokens of the
// seed's table included.
func TestSaveIsOneTransaction(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	store := launch(t, srv.config(db), nil)
	kept := pluginproto.Tokens{UserIdentifier: "tx@example.com", AccessToken: "1000.kept-a", RefreshToken: "1000.kept-r",
		ExpiryTime: 7, APIDomain: "https://www.zohoapis.eu", AccountsServer: "https://accounts.zoho.eu"}
	require.NoError(t, store.Save(ctx, kept))

	bad := pluginproto.Tokens{UserIdentifier: kept.UserIdentifier, AccessToken: "1000.new-a", RefreshToken: "1000.new-r",
		ExpiryTime: 8, APIDomain: "https://" + strings.Repeat("x", 300) + ".example", AccountsServer: "https://accounts.zoho.eu"}
	err := store.Save(ctx, bad)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), bad.AccessToken)
	assert.NotContains(t, err.Error(), bad.RefreshToken)

	got, err := store.Get(ctx, kept.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, kept, got, "a failed save must leave the tokens as they were")
	assert.Equal(t, 1, countRows(t, srv, db, kept.UserIdentifier))
}

// TestStatesItsIdentifierLimit: the plugin says 100 characters, which is
// what its columns keep: 100 four-byte characters are kept, 101 refused.
func TestStatesItsIdentifierLimit(t *testing.T) {
	srv := testServer(t)
	store := launch(t, srv.config(srv.freshDatabase(t)), nil)
	limits := store.Capabilities().UserIdentifiers
	require.Equal(t, MaxUserIdentifierCharacters, limits.MaxCharacters)

	longest := strings.Repeat("😀", 100)
	in := pluginproto.Tokens{UserIdentifier: longest, AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 1, AccountsServer: "https://accounts.zoho.eu"}
	require.NoError(t, store.Save(testCtx(t), in))
	got, err := store.Get(testCtx(t), longest)
	require.NoError(t, err)
	assert.Equal(t, in, got)

	in.UserIdentifier = longest + "x"
	require.ErrorIs(t, limits.Check(in.UserIdentifier), pluginproto.ErrUserIdentifier)
	assert.Error(t, store.Save(testCtx(t), in), "the column refuses what the stated limit refuses")
}

// TestDataCentreTableDroppedWhileRunning: with the side table gone, the
// next call creates it again and the tokens are still there, in the
// configured data centre until saved with one again.
func TestDataCentreTableDroppedWhileRunning(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	store := launch(t, srv.config(db), nil)
	ctx := testCtx(t)
	in := pluginproto.Tokens{UserIdentifier: "dropped-dc@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 5,
		APIDomain: "https://www.zohoapis.in", AccountsServer: "https://accounts.zoho.in"}
	require.NoError(t, store.Save(ctx, in))

	mustExec(t, srv.root, "DROP TABLE "+quoteIdentifier(db)+"."+DataCentreTableName)
	got, err := store.Get(ctx, in.UserIdentifier)
	require.NoError(t, err)
	noDC := in
	noDC.APIDomain, noDC.AccountsServer = "", ""
	assert.Equal(t, noDC, got)
	require.NoError(t, store.Save(ctx, in))
	got, err = store.Get(ctx, in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, in, got)
}
