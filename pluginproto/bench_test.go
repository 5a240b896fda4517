package pluginproto_test

import (
	"context"
	"testing"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// BenchmarkLaunch is the start-to-ready time of a plugin: process start,
// handshake, mTLS, and the first call.
func BenchmarkLaunch(b *testing.B) {
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: testPlugin})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		c.Close()
		cancel()
		b.StartTimer()
	}
}

// BenchmarkGetRoundTrip is the cost of the process boundary alone: a Get
// from a store that keeps its tokens in memory.
func BenchmarkGetRoundTrip(b *testing.B) {
	ctx := context.Background()
	c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: testPlugin})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Save(ctx, sample); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := c.Get(ctx, sample.UserIdentifier); err != nil {
			b.Fatal(err)
		}
	}
}
