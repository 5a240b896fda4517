package pluginproto

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// RefreshBudgeter is implemented by stores that count, for a whole fleet,
// the refreshes of each refresh token in a sliding window: Zoho allows 10
// access tokens per refresh token in 10 minutes and locks the token out
// beyond that. It is optional: a store without it leaves each process to
// its own count.
type RefreshBudgeter interface {
	// SpendRefresh records one refresh of the refresh token named by key
	// at time at, if fewer than limit were recorded in the window before
	// at, and says so. Otherwise it records nothing. Checking and
	// recording are one atomic step for every process sharing the store.
	SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (RefreshBudget, error)
	// RefundRefresh removes one refresh of key recorded at at (the SDK
	// calls it when the refresh it spent failed and minted no token).
	// Refunding a refresh not recorded is not an error.
	RefundRefresh(ctx context.Context, key string, at time.Time) error
}

// RefreshBudget is a store's answer to SpendRefresh.
type RefreshBudget struct {
	// Allowed: the refresh was recorded and may be sent.
	Allowed bool
	// Used is how many refreshes are recorded in the window, this one
	// included when Allowed.
	Used int
	// NextAllowed, when not Allowed, is when the oldest recorded refresh
	// leaves the window and a refresh will be allowed again.
	NextAllowed time.Time
}

// ErrBudgetUnsupported is returned by SpendRefresh when the store keeps no
// refresh budget.
var ErrBudgetUnsupported = errors.New("token store keeps no refresh budget")

// CheckBudgetRequest checks SpendRefresh's arguments; stores call it first.
// The key is a fingerprint (hex, at most 64 characters), never a token.
func CheckBudgetRequest(key string, limit int, window time.Duration) error {
	if len(key) == 0 || len(key) > 64 {
		return fmt.Errorf("refresh budget key must have 1 to 64 characters, has %d", len(key))
	}
	for _, r := range key {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return errors.New("refresh budget key must be lowercase hex")
		}
	}
	if limit < 1 {
		return fmt.Errorf("refresh budget limit %d must be at least 1", limit)
	}
	if window <= 0 {
		return fmt.Errorf("refresh budget window %v must be positive", window)
	}
	return nil
}

// Spend is the budget's arithmetic, for stores to share: given the
// recorded refresh times (oldest first), it drops those outside the window
// ending at at, records at if fewer than limit remain, and returns the
// answer and the times to keep.
func Spend(times []time.Time, at time.Time, limit int, window time.Duration) (RefreshBudget, []time.Time) {
	kept := times[:0:0]
	for _, t := range times {
		if t.After(at.Add(-window)) {
			kept = append(kept, t)
		}
	}
	if len(kept) < limit {
		kept = append(kept, at)
		return RefreshBudget{Allowed: true, Used: len(kept)}, kept
	}
	// The refresh that would make limit+1: allowed once the one limit
	// places back leaves the window.
	oldest := kept[len(kept)-limit]
	return RefreshBudget{Used: len(kept), NextAllowed: oldest.Add(window)}, kept
}

// Refund removes one refresh recorded at at from times, if there is one.
func Refund(times []time.Time, at time.Time) []time.Time {
	for i, t := range times {
		if t.UnixMilli() == at.UnixMilli() {
			return append(times[:i:i], times[i+1:]...)
		}
	}
	return times
}
