package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/pluginproto/storetest"
)

// zohoV8CreateTable is the statement the README of Zoho's Node v8 SDK
// gives for its table.
const zohoV8CreateTable = `CREATE TABLE %s (
  id varchar(10) NOT NULL,
  user_name varchar(255),
  client_id varchar(255),
  client_secret varchar(255),
  refresh_token varchar(255),
  access_token varchar(255),
  grant_token varchar(255),
  expiry_time varchar(20),
  redirect_url varchar(255),
  api_domain varchar(255),
  primary key (id)
)`

func TestZohoV8Conformance(t *testing.T) {
	srv := testServer(t)
	cfg := srv.config(srv.freshDatabase(t))
	cfg.Layout, cfg.Table = LayoutZohoV8, "crm_tokens" // configurable, as in Zoho's DBStore
	storetest.Run(t, storetest.Harness{
		Launch:           storetest.LaunchBinary(pluginPath, env(cfg)...),
		NoAccountsServer: true,
	})
	var n int
	require.NoError(t, srv.root.QueryRowContext(testCtx(t), "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('oauthtoken', 'oauthtokens', 'oauthtokens_dc')", cfg.Database).Scan(&n))
	assert.Zero(t, n, "only the configured table is made, and no data centre side table")
}

// zohoRow is a row of the v8 table as Zoho's SDKs read it, every column.
type zohoRow struct {
	id, userName, clientID, clientSecret, refreshToken, accessToken, grantToken, expiryTime, redirectURL, apiDomain sql.NullString
}

func zohoRows(t testing.TB, srv *server, table string) []zohoRow {
	t.Helper()
	rows, err := srv.root.QueryContext(testCtx(t), "SELECT * FROM "+table+" ORDER BY CAST(id AS UNSIGNED)")
	require.NoError(t, err)
	defer rows.Close()
	var all []zohoRow
	for rows.Next() {
		var r zohoRow
		require.NoError(t, rows.Scan(&r.id, &r.userName, &r.clientID, &r.clientSecret, &r.refreshToken, &r.accessToken, &r.grantToken, &r.expiryTime, &r.redirectURL, &r.apiDomain))
		all = append(all, r)
	}
	require.NoError(t, rows.Err())
	return all
}

func str(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }

// TestZohoV8TableOfZohoSDKs works on the table made with the statement of
// Zoho's README and rows written with the Node SDK's own SQL: rows found by
// user name and client id, a refresh updating the row in place (client
// secret, grant token and redirect URL untouched) so that the Node SDK's
// lookup reads zcrm's access token and expiry, a row saved without a user
// name found by client id and refresh token, a new row numbered as Zoho
// numbers them, and the table never altered.
func TestZohoV8TableOfZohoSDKs(t *testing.T) {
	srv := testServer(t)
	db := srv.freshDatabase(t)
	ctx := testCtx(t)
	table := quoteIdentifier(db) + ".oauthtoken"
	mustExec(t, srv.root, "CREATE DATABASE "+quoteIdentifier(db))
	mustExec(t, srv.root, fmt.Sprintf(zohoV8CreateTable, table))
	var name, schemaBefore string
	require.NoError(t, srv.root.QueryRowContext(ctx, "SHOW CREATE TABLE "+table).Scan(&name, &schemaBefore))

	// The Node SDK's insert (db_store.js), values as it writes them.
	nodeInsert := "INSERT INTO " + table + "(id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain) VALUES ?"
	for _, values := range []string{
		"('1','p.boyle@example.com','1000.NODECLIENT','zoho-client-secret','1000.rt1','1000.at1','1000.grant1','1893456000000','https://example.com/cb','https://www.zohoapis.eu')",
		"('2',NULL,'1000.NODECLIENT','zoho-client-secret','1000.rt2','1000.at2',NULL,'1893456000001',NULL,'https://www.zohoapis.com')",
		"('3','p.boyle@example.com','1000.SELFCLIENT','self-secret','1000.rt3','1000.at3',NULL,'1893456000002',NULL,'https://www.zohoapis.eu')",
	} {
		mustExec(t, srv.root, strings.Replace(nodeInsert, "?", values, 1))
	}

	cfg := srv.config(db)
	cfg.Layout = LayoutZohoV8
	store := launch(t, cfg, nil)
	require.True(t, store.Capabilities().ClientIDs)
	assert.Equal(t, MaxZohoV8UserNameCharacters, store.Capabilities().UserIdentifiers.MaxCharacters)

	got, err := store.GetClient(ctx, "p.boyle@example.com", "1000.NODECLIENT")
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: "p.boyle@example.com", AccessToken: "1000.at1", RefreshToken: "1000.rt1",
		ExpiryTime: 1893456000000, APIDomain: "https://www.zohoapis.eu", ClientID: "1000.NODECLIENT"}, got)
	got, err = store.GetClient(ctx, "p.boyle@example.com", "1000.SELFCLIENT")
	require.NoError(t, err)
	assert.Equal(t, "1000.at3", got.AccessToken, "the user's row of the other client")
	_, err = store.GetClient(ctx, "p.boyle@example.com", "1000.THIRDCLIENT")
	assert.ErrorIs(t, err, pluginproto.ErrNotFound)

	refreshed := pluginproto.Tokens{UserIdentifier: "p.boyle@example.com", AccessToken: "1000.at1-new", RefreshToken: "1000.rt1",
		ExpiryTime: 1893459600000, APIDomain: "https://www.zohoapis.eu", ClientID: "1000.NODECLIENT"}
	require.NoError(t, store.Save(ctx, refreshed))
	claimed := pluginproto.Tokens{UserIdentifier: "q.adams@example.com", AccessToken: "1000.at2-new", RefreshToken: "1000.rt2",
		ExpiryTime: 1893459600001, ClientID: "1000.NODECLIENT"}
	require.NoError(t, store.Save(ctx, claimed))
	added := pluginproto.Tokens{UserIdentifier: "r.go@example.com", AccessToken: "1000.at4", RefreshToken: "1000.rt4",
		ExpiryTime: 1893459600002, APIDomain: "https://www.zohoapis.in", ClientID: "1000.GOCLIENT"}
	require.NoError(t, store.Save(ctx, added))

	assert.Equal(t, []zohoRow{
		{str("1"), str("p.boyle@example.com"), str("1000.NODECLIENT"), str("zoho-client-secret"), str("1000.rt1"), str("1000.at1-new"), str("1000.grant1"), str("1893459600000"), str("https://example.com/cb"), str("https://www.zohoapis.eu")},
		{str("2"), str("q.adams@example.com"), str("1000.NODECLIENT"), str("zoho-client-secret"), str("1000.rt2"), str("1000.at2-new"), sql.NullString{}, str("1893459600001"), sql.NullString{}, sql.NullString{}},
		{str("3"), str("p.boyle@example.com"), str("1000.SELFCLIENT"), str("self-secret"), str("1000.rt3"), str("1000.at3"), sql.NullString{}, str("1893456000002"), sql.NullString{}, str("https://www.zohoapis.eu")},
		{str("4"), str("r.go@example.com"), str("1000.GOCLIENT"), sql.NullString{}, str("1000.rt4"), str("1000.at4"), sql.NullString{}, str("1893459600002"), sql.NullString{}, str("https://www.zohoapis.in")},
	}, zohoRows(t, srv, table))

	// The Node SDK's lookup, spelt as db_store.js builds it.
	var access, expiry string
	require.NoError(t, srv.root.QueryRowContext(ctx, "select access_token, expiry_time from "+table+" where user_name='q.adams@example.com'limit 1;").Scan(&access, &expiry))
	assert.Equal(t, "1000.at2-new", access)
	assert.Equal(t, "1893459600001", expiry, "expiry_time is epoch milliseconds as text")

	infos, err := store.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []pluginproto.TokenInfo{
		{UserIdentifier: "p.boyle@example.com", ExpiryTime: 1893459600000, ClientID: "1000.NODECLIENT"},
		{UserIdentifier: "p.boyle@example.com", ExpiryTime: 1893456000002, ClientID: "1000.SELFCLIENT"},
		{UserIdentifier: "q.adams@example.com", ExpiryTime: 1893459600001, ClientID: "1000.NODECLIENT"},
		{UserIdentifier: "r.go@example.com", ExpiryTime: 1893459600002, ClientID: "1000.GOCLIENT"},
	}, infos)

	require.NoError(t, store.DeleteClient(ctx, "p.boyle@example.com", "1000.SELFCLIENT"))
	ids := []string{}
	for _, r := range zohoRows(t, srv, table) {
		ids = append(ids, r.id.String)
	}
	assert.Equal(t, []string{"1", "2", "4"}, ids, "only the self client's row went")

	var schemaAfter string
	require.NoError(t, srv.root.QueryRowContext(ctx, "SHOW CREATE TABLE "+table).Scan(&name, &schemaAfter))
	assert.Equal(t, schemaBefore, schemaAfter, "the store must not alter Zoho's table")
}

// TestZohoV8SimultaneousNewUsers: saves of new users at once each get a
// row of their own, numbered apart, though each picks one above the
// highest id (as Zoho's SDKs do).
func TestZohoV8SimultaneousNewUsers(t *testing.T) {
	srv := testServer(t)
	cfg := srv.config(srv.freshDatabase(t))
	cfg.Layout = LayoutZohoV8
	stores := []*Store{newStore(t, cfg), newStore(t, cfg)}
	const users = 16
	errs := make(chan error, users)
	for i := range users {
		go func() {
			errs <- stores[i%2].Save(context.Background(), pluginproto.Tokens{UserIdentifier: fmt.Sprintf("new-%02d@example.com", i),
				AccessToken: "1000.a", RefreshToken: "1000.r", ExpiryTime: 1, ClientID: "1000.C"})
		}()
	}
	for range users {
		require.NoError(t, <-errs)
	}
	rows := zohoRows(t, srv, quoteIdentifier(cfg.Database)+"."+quoteIdentifier(ZohoV8TableName))
	require.Len(t, rows, users)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.id.String)
	}
	slices.Sort(ids)
	assert.Len(t, slices.Compact(ids), users)
}

func TestZohoV8Configuration(t *testing.T) {
	lookup := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	cfg, err := ConfigFromEnv(lookup(map[string]string{EnvLayout: "zoho_v8"}))
	require.NoError(t, err)
	assert.Equal(t, ZohoV8TableName, cfg.Table)
	cfg, err = ConfigFromEnv(lookup(map[string]string{EnvLayout: "ZOHO_V8", EnvTable: "crm_tokens"}))
	require.NoError(t, err)
	assert.Equal(t, Config{Host: DefaultHost, Port: DefaultPort, User: DefaultUser, Database: DefaultDatabase, Layout: LayoutZohoV8, Table: "crm_tokens", DialTimeout: DefaultDialTimeout}, cfg)
	cfg, err = ConfigFromEnv(lookup(nil))
	require.NoError(t, err)
	assert.Equal(t, LayoutSeed, cfg.Layout, "the seed's table stays the default")
	assert.Equal(t, "`zohooauth`.`oauthtokens`", newStore(t, cfg).table)

	for vars, says := range map[string]string{
		EnvLayout + "=v9":                           `token_store_layout "v9" is not one the MySQL store knows`,
		EnvTable + "=crm_tokens":                    "needs token_store_layout=zoho_v8",
		EnvLayout + "=zoho_v8," + EnvTable + "=a`b": "table name \"a`b\" is not allowed",
	} {
		m := map[string]string{}
		for _, kv := range strings.Split(vars, ",") {
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
		}
		_, err := ConfigFromEnv(lookup(m))
		assert.ErrorContains(t, err, says)
	}
}

// BenchmarkGetByLayout: a Get of one user on Zoho's v8 table (text expiry,
// a client id, the best row chosen) against the seed's table (the
// baseline), in-process, each table holding 1000 users; ratio = v8/seed
// at p50.
func BenchmarkGetByLayout(b *testing.B) {
	srv := testServer(b)
	ctx := context.Background()
	const users = 1000
	stores := map[Layout]*Store{}
	for _, layout := range []Layout{LayoutSeed, LayoutZohoV8} {
		cfg := srv.config(srv.freshDatabase(b))
		cfg.Layout = layout
		s := newStore(b, cfg)
		for i := range users {
			t := benchTokens
			t.UserIdentifier, t.ClientID = fmt.Sprintf("bench-%04d@example.com", i), "1000.BENCHCLIENT"
			require.NoError(b, s.Save(ctx, t))
		}
		stores[layout] = s
	}
	p50 := map[Layout]time.Duration{}
	for _, layout := range []Layout{LayoutSeed, LayoutZohoV8} {
		name := map[Layout]string{LayoutSeed: "seed", LayoutZohoV8: "zoho_v8"}[layout]
		b.Run(name, func(b *testing.B) {
			var took []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now()
				if _, err := stores[layout].GetClient(ctx, fmt.Sprintf("bench-%04d@example.com", i%users), "1000.BENCHCLIENT"); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				i++
			}
			slices.Sort(took)
			p50[layout] = took[len(took)/2]
			b.ReportMetric(float64(p50[layout].Microseconds()), "p50-µs")
			if layout == LayoutZohoV8 && p50[LayoutSeed] > 0 {
				b.ReportMetric(float64(p50[LayoutZohoV8])/float64(p50[LayoutSeed]), "p50-ratio-vs-seed")
			}
		})
	}
}
