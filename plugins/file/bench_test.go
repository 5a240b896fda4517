package file_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// benchUsers is how many users the benchmark file holds: a small team.
const benchUsers = 20

// BenchmarkPluginStart times Launch: from starting the process until it
// has answered its first call (Capabilities).
func BenchmarkPluginStart(b *testing.B) {
	dir := b.TempDir()
	cfg := pluginproto.LaunchConfig{Path: pluginPath, Env: []string{file.EnvPath + "=" + dir}}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		c, err := pluginproto.Launch(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = c.Close()
		b.StartTimer()
	}
}

// BenchmarkGet compares a Get through the plugin with the same Get on a
// Store in this process; the plugin case reports the ratio as x-in-process.
func BenchmarkGet(b *testing.B) {
	dir, inProcess := benchStore(b)
	user := fmt.Sprintf("user-%02d@example.com", benchUsers/2)
	get := func(s pluginproto.TokenStore) func() error {
		return func() error { _, err := s.Get(context.Background(), user); return err }
	}
	compare(b, get(inProcess), func() func() error { return get(mustLaunchAt(b, dir)) })
}

// BenchmarkSave is BenchmarkGet for Save: a read-modify-write of the whole
// file with two fsyncs, under the exclusive lock.
func BenchmarkSave(b *testing.B) {
	dir, inProcess := benchStore(b)
	save := func(s pluginproto.TokenStore) func() error {
		n := 0
		return func() error {
			n++
			return s.Save(context.Background(), tokens(fmt.Sprintf("user-%02d@example.com", n%benchUsers), n))
		}
	}
	compare(b, save(inProcess), func() func() error { return save(mustLaunchAt(b, dir)) })
}

// compare runs the in-process and plugin sub-benchmarks of an operation
// and reports the plugin's time per operation as a multiple of the
// in-process one (x-in-process). Run alone, the plugin case times its own
// in-process baseline.
func compare(b *testing.B, inProcess func() error, viaPlugin func() func() error) {
	var inProcessNs float64
	b.Run("in-process", func(b *testing.B) { inProcessNs = timeOp(b, inProcess) })
	b.Run("plugin", func(b *testing.B) {
		op := viaPlugin() // launched outside the timed loop
		perOp := timeOp(b, op)
		base := inProcessNs
		if base == 0 {
			base = baseline(b, inProcess)
		}
		b.ReportMetric(perOp/base, "x-in-process")
	})
}

// benchStore makes a folder holding benchUsers users and a Store on it.
func benchStore(b *testing.B) (string, *file.Store) {
	b.Helper()
	dir := b.TempDir()
	s, err := file.New(dir)
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchUsers {
		if err := s.Save(context.Background(), tokens(fmt.Sprintf("user-%02d@example.com", i), i)); err != nil {
			b.Fatal(err)
		}
	}
	return dir, s
}

// timeOp runs op b.N times and returns its mean time in nanoseconds.
func timeOp(b *testing.B, op func() error) float64 {
	b.Helper()
	b.ResetTimer()
	for range b.N {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	return float64(b.Elapsed().Nanoseconds()) / float64(b.N)
}

// baseline times op in this process, outside the benchmark's timer, as the
// denominator of a ratio.
func baseline(b *testing.B, op func() error) float64 {
	b.Helper()
	const runs = 300
	start := time.Now()
	for range runs {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(time.Since(start).Nanoseconds()) / runs
}
