package mysql

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// BenchmarkPluginStart measures starting the plugin until it answers:
// "handshake" until Launch returns (process start, go-plugin handshake,
// capabilities call); "first_get" until the first Get has come back from
// MySQL (connect, table check, query). The baseline, "inprocess_first_get",
// is a new in-process Store's first Get. The table exists beforehand.
func BenchmarkPluginStart(b *testing.B) {
	srv := testServer(b)
	cfg := srv.config(srv.freshDatabase(b))
	require.NoError(b, newStore(b, cfg).Prepare(testCtx(b)))
	ctx := context.Background()

	start := func(b *testing.B, firstGet bool) {
		for i := 0; i < b.N; i++ {
			c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: pluginPath, Env: env(cfg)})
			require.NoError(b, err)
			if firstGet {
				_, err := c.Get(ctx, "nobody@example.com")
				require.True(b, errors.Is(err, pluginproto.ErrNotFound), "%v", err)
			}
			b.StopTimer()
			require.NoError(b, c.Close())
			b.StartTimer()
		}
	}
	b.Run("handshake", func(b *testing.B) { start(b, false) })
	b.Run("first_get", func(b *testing.B) { start(b, true) })
	b.Run("inprocess_first_get", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := New(cfg)
			require.NoError(b, err)
			_, err = s.Get(ctx, "nobody@example.com")
			require.True(b, errors.Is(err, pluginproto.ErrNotFound), "%v", err)
			b.StopTimer()
			require.NoError(b, s.Close())
			b.StartTimer()
		}
	})
}

// benchStores returns the two ways to reach one table: the Store in this
// process (the baseline) and the plugin over gRPC.
func benchStores(b *testing.B) map[string]pluginproto.TokenStore {
	srv := testServer(b)
	cfg := srv.config(srv.freshDatabase(b))
	inProcess := newStore(b, cfg)
	require.NoError(b, inProcess.Prepare(testCtx(b)))
	return map[string]pluginproto.TokenStore{"inprocess": inProcess, "plugin": launch(b, cfg, nil)}
}

var benchTokens = pluginproto.Tokens{
	UserIdentifier: "bench@example.com",
	AccessToken:    "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef",
	RefreshToken:   "1000.fedcba9876543210fedcba9876543210.fedcba9876543210fedcba9876543210",
	ExpiryTime:     1_900_000_000_000,
}

// BenchmarkGet: plugin/inprocess is the cost of the plugin boundary on a
// read. (The SDK only reads the store on a cache miss.)
func BenchmarkGet(b *testing.B) {
	stores := benchStores(b)
	ctx := context.Background()
	require.NoError(b, stores["inprocess"].Save(ctx, benchTokens))
	for _, name := range []string{"inprocess", "plugin"} {
		store := stores[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := store.Get(ctx, benchTokens.UserIdentifier); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSave: the same on a write (a transaction of a delete and an
// insert).
func BenchmarkSave(b *testing.B) {
	stores := benchStores(b)
	ctx := context.Background()
	for _, name := range []string{"inprocess", "plugin"} {
		store := stores[name]
		b.Run(name, func(b *testing.B) {
			t := benchTokens
			for b.Loop() {
				t.ExpiryTime++
				if err := store.Save(ctx, t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
