package file

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// BudgetFileSuffix names the sidecar that counts refreshes per refresh
// token for the SDK's fleet-wide refresh budget:
// zcrm_oauthtokens.txt.refreshes, a JSON object from a key (a fingerprint
// the SDK computes, never a token) to the epoch milliseconds of the
// refreshes still in the window, locked through zcrm_oauthtokens.txt.refreshes.lock
// beside it. The token file itself is unchanged.
const BudgetFileSuffix = ".refreshes"

var _ pluginproto.RefreshBudgeter = (*Store)(nil)

// SpendRefresh records a refresh of the refresh token key at at if fewer
// than limit were recorded in the window before it. The sidecar is read
// and rewritten under an exclusive flock on itself, so every process
// sharing the folder sees one count.
func (s *Store) SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (pluginproto.RefreshBudget, error) {
	if err := pluginproto.CheckBudgetRequest(key, limit, window); err != nil {
		return pluginproto.RefreshBudget{}, err
	}
	var budget pluginproto.RefreshBudget
	err := s.updateBudget(ctx, key, at, func(times []time.Time) []time.Time {
		var kept []time.Time
		budget, kept = pluginproto.Spend(times, at, limit, window)
		return kept
	})
	return budget, err
}

// RefundRefresh removes one refresh of key recorded at at.
func (s *Store) RefundRefresh(ctx context.Context, key string, at time.Time) error {
	if err := pluginproto.CheckBudgetRequest(key, 1, time.Millisecond); err != nil {
		return err
	}
	return s.updateBudget(ctx, key, at, func(times []time.Time) []time.Time { return pluginproto.Refund(times, at) })
}

// updateBudget rewrites key's refresh times with change, under an
// exclusive lock on the sidecar's own lock file (flock, or LockFileEx on
// Windows), beside it in the token folder.
func (s *Store) updateBudget(ctx context.Context, key string, at time.Time, change func([]time.Time) []time.Time) error {
	path := s.path + BudgetFileSuffix
	lock, err := takeLock(ctx, path+".lock", true)
	if err != nil {
		return fmt.Errorf("waiting for the lock on refresh budget file %s: %w", path, err)
	}
	defer func() { _ = lock.Unlock() }()
	f, err := openNoFollow(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening refresh budget file %s: %v; check that the folder is writable", path, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("reading refresh budget file %s: %v", path, unwrapPath(err))
	}
	counts := map[string][]int64{}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &counts); err != nil {
			// Only counts are lost, never tokens: start again, and say so.
			s.logger.Warn("the refresh budget file does not parse; starting a new count", "path", path, "error", err)
			counts = map[string][]int64{}
		}
	}
	var times []time.Time
	for _, ms := range counts[key] {
		times = append(times, time.UnixMilli(ms))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	kept := change(times)
	counts[key] = nil
	for _, t := range kept {
		counts[key] = append(counts[key], t.UnixMilli())
	}
	// Forget refresh tokens with nothing recorded lately.
	for k, v := range counts {
		if len(v) == 0 || (k != key && time.UnixMilli(slices.Max(v)).Before(at.Add(-24*time.Hour))) {
			delete(counts, k)
		}
	}
	out, err := json.Marshal(counts)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("writing refresh budget file %s: %v", path, unwrapPath(err))
	}
	if _, err := f.WriteAt(out, 0); err != nil {
		return fmt.Errorf("writing refresh budget file %s: %v", path, unwrapPath(err))
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing refresh budget file %s: %v", path, unwrapPath(err))
	}
	return nil
}
