package sdk_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// fleetBudgetRun is what one run of the budget scenario saw.
type fleetBudgetRun struct {
	maxInWindow int // most refreshes sent (minted or throttled) in any 10 minutes
	throttled   int
	refreshes   int
	calls       int
	failed      int
}

// runFleetBudget runs processes fleet children sharing one file store for
// 30 emulated minutes. Access tokens live 100 s, so each process wants a
// refresh every 40 s of use (the SDK refreshes 60 s early), more than Zoho's
// 10 in 10 minutes; at minute 15 Zoho revokes every access token of the
// user at once. Every 15 emulated seconds each process makes a call.
func runFleetBudget(t *testing.T, processes int, budget bool) fleetBudgetRun {
	srv := emulator(t, zohotest.WithAccessTokenLifetime(100*time.Second))
	cfg := fileConfig(t, srv)
	readyClient(t, srv, cfg).Close()
	srv.ResetCounters()
	fleet := startFleet(t, processes, func(int) map[string]string {
		return map[string]string{
			"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "redirect_uri": srv.RedirectURI,
			"accounts_url": srv.URL, "current_user_email": adminEmail, "plugin_dir": pluginDir,
			"token_persistence_path": cfg.TokenPersistencePath, "disable_refresh_budget": strconv.FormatBool(!budget),
		}
	})
	const step, length, window = 15 * time.Second, 30 * time.Minute, 10 * time.Minute
	var run fleetBudgetRun
	var sent []time.Time // when each refresh was sent (by the emulator's clock), minted or throttled
	last := 0
	for at := time.Duration(0); at < length; at += step {
		if at == length/2 {
			srv.RevokeAccessTokens(adminEmail) // a password change: every process gets 401 at once
		}
		offset := time.Until(srv.Now())
		for _, a := range tell(t, fleet, fmt.Sprintf("clock %d", int64(offset))) {
			require.Equal(t, "ok", a)
		}
		r := call(t, fleet, 1, 1, 0)
		// A call may wait for the budget's window (real time, which the
		// emulator's clock follows): its refresh is sent at the end.
		sentAt := srv.Now()
		run.calls += r.calls
		run.failed += r.failed
		c := srv.Counters()
		for range c.Refreshes + c.RefreshesThrottled - last {
			sent = append(sent, sentAt)
		}
		last = c.Refreshes + c.RefreshesThrottled
		srv.Advance(step)
	}
	for i := range sent {
		n := 0
		for j := i; j < len(sent) && sent[j].Sub(sent[i]) < window; j++ {
			n++
		}
		run.maxInWindow = max(run.maxInWindow, n)
	}
	if testing.Verbose() {
		for i, at := range sent {
			t.Logf("refresh %d at %v", i+1, at.Sub(sent[0]).Round(time.Second/10))
		}
	}
	c := srv.Counters()
	run.throttled, run.refreshes = c.RefreshesThrottled, c.Refreshes
	t.Logf("budget=%t, %d processes, 30 emulated minutes: %d refreshes sent, at most %d in 10 minutes, %d throttled; %d calls, %d failed",
		budget, processes, len(sent), run.maxInWindow, run.throttled, run.calls, run.failed)
	return run
}

func fleetBudgetProcesses() int {
	if n, err := strconv.Atoi(os.Getenv("ZCRM_TEST_BUDGET_PROCESSES")); err == nil && n > 0 {
		return n
	}
	return 20
}

// TestFleetRefreshBudget: with the budget, a fleet never sends more than 10
// refreshes in any 10 minutes and Zoho never throttles it; without, the
// same fleet hits the throttle (so the test can fail).
func TestFleetRefreshBudget(t *testing.T) {
	n := fleetBudgetProcesses()
	with := runFleetBudget(t, n, true)
	assert.LessOrEqual(t, with.maxInWindow, 10, "refreshes in a 10-minute window with the budget")
	assert.Zero(t, with.throttled, "Zoho throttled the fleet despite the budget")
	assert.Positive(t, with.refreshes)

	without := runFleetBudget(t, n, false)
	assert.Greater(t, without.maxInWindow, 10, "without the budget the scenario must overrun Zoho's limit, or it proves nothing")
	assert.Positive(t, without.throttled, "without the budget Zoho's throttle must be hit")
}
