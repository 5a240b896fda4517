package testenv

import (
	"testing"
	"time"
)

// Patience is how long WaitFor waits before it fails the test: a safety
// net against a hang, not a measure. A loaded CI machine (two cores, a
// load of 8) makes what takes milliseconds on an idle one take seconds,
// so it is generous; a test that must bound a duration asserts that
// duration itself.
const Patience = 2 * time.Minute

// WaitFor polls cond every 10 ms until it holds, and fails t, naming what
// it waited for, if Patience passes first. Tests synchronise on events
// with it rather than sleep for a window of wall-clock time.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > Patience {
			t.Fatalf("waited %v for %s; it did not happen", Patience, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
