package sdk_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// reportP50 reports the median of the durations in milliseconds.
func reportP50(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2])/float64(time.Millisecond), "p50-ms")
}

// BenchmarkStoreStart: NewClient until its file store answers, served by
// this executable (self) against the separate binary (binary).
func BenchmarkStoreStart(b *testing.B) {
	srv := emulator(b)
	for _, mode := range []string{"self", "binary"} {
		b.Run(mode, func(b *testing.B) {
			cfg := fileConfig(b, srv)
			if mode == "binary" {
				cfg.PluginDir = pluginDir
			}
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				c, err := sdk.NewClient(testCtx(b), cfg)
				require.NoError(b, err)
				took = append(took, time.Since(start))
				c.Close()
			}
			reportP50(b, took)
		})
	}
}

// BenchmarkNewClientToFirstCall: NewClient, with tokens stored already,
// to the answer of the first API call, the store served by this
// executable.
func BenchmarkNewClientToFirstCall(b *testing.B) {
	srv := emulator(b)
	cfg := fileConfig(b, srv)
	readyClient(b, srv, cfg).Close()
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		c, err := sdk.NewClient(testCtx(b), cfg)
		require.NoError(b, err)
		_, _, err = c.Users.Current(testCtx(b))
		require.NoError(b, err)
		took = append(took, time.Since(start))
		c.Close()
	}
	reportP50(b, took)
}

// minimalApp is the smallest program that uses the SDK.
const minimalApp = `package main

import (
	"context"

	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	c, err := sdk.NewClient(context.Background(), sdk.Config{})
	if err == nil {
		c.Close()
	}
}
`

// BenchmarkBinarySize reports the size of a minimal application with the
// MySQL store linked (the default) and without it (-tags zcrm_nomysql).
func BenchmarkBinarySize(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "main.go")
	require.NoError(b, os.WriteFile(src, []byte(minimalApp), 0o644))
	for _, tc := range []struct{ name, tags string }{{"mysql", ""}, {"nomysql", "zcrm_nomysql"}} {
		b.Run(tc.name, func(b *testing.B) {
			out := filepath.Join(dir, tc.name)
			cmd := exec.Command("go", "build", "-tags", tc.tags, "-o", out, src)
			msg, err := cmd.CombinedOutput()
			require.NoError(b, err, "%s", msg)
			info, err := os.Stat(out)
			require.NoError(b, err)
			for b.Loop() {
			}
			b.ReportMetric(float64(info.Size())/1e6, "MB")
		})
	}
}
