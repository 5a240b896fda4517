package mysql

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkDataCentreCost is the cost of keeping the data centre in a side
// table, in process so that only the SQL differs. Get: "seed_only" (the
// baseline) is the query on the seed's table alone, as the store ran it
// before; "with_data_centre" is Get with its join and fingerprint check.
// Save: "without_data_centre" (the baseline) saves tokens with no data
// centre, "with_data_centre" saves one (a side row deleted and inserted
// in the same transaction).
func BenchmarkDataCentreCost(b *testing.B) {
	srv := testServer(b)
	store := newStore(b, srv.config(srv.freshDatabase(b)))
	ctx := context.Background()
	require.NoError(b, store.Prepare(ctx))
	withDC := benchTokens
	withDC.APIDomain, withDC.AccountsServer = "https://www.zohoapis.eu", "https://accounts.zoho.eu"
	require.NoError(b, store.Save(ctx, withDC))

	seedOnly, err := store.db.PrepareContext(ctx, "SELECT useridentifier, accesstoken, refreshtoken, expirytime FROM "+store.table+
		" WHERE useridentifier = ? ORDER BY expirytime DESC LIMIT 1")
	require.NoError(b, err)
	defer seedOnly.Close()

	b.Run("get/seed_only", func(b *testing.B) {
		var user, access, refresh sql.NullString
		var expiry sql.NullInt64
		for b.Loop() {
			if err := seedOnly.QueryRowContext(ctx, withDC.UserIdentifier).Scan(&user, &access, &refresh, &expiry); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("get/with_data_centre", func(b *testing.B) {
		for b.Loop() {
			got, err := store.Get(ctx, withDC.UserIdentifier)
			if err != nil || got.AccountsServer == "" {
				b.Fatal(err, got)
			}
		}
	})
	for name, t := range map[string]struct{ api, accounts string }{"without_data_centre": {}, "with_data_centre": {withDC.APIDomain, withDC.AccountsServer}} {
		b.Run("save/"+name, func(b *testing.B) {
			in := benchTokens
			in.APIDomain, in.AccountsServer = t.api, t.accounts
			for b.Loop() {
				in.ExpiryTime++
				if err := store.Save(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
