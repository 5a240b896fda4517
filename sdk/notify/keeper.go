package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
)

// Keeper renews channels before they lapse. Several processes may run a
// Keeper for the same channels: each reads the channel's expiry before it
// renews, so a channel another process renewed is left alone, and two
// renewals that cross set nearly the same expiry, which harms nothing.
type Keeper struct {
	Client     *sdk.Client
	ChannelIDs []string
	// RenewBefore renews a channel this long before its expiry; default
	// a quarter of the lifetime.
	RenewBefore time.Duration
	// Lifetime is how long a renewal keeps a channel; default the most the
	// API version allows (a day before v4, a week from v4 on).
	Lifetime time.Duration
	// Interval is how often Run looks; default RenewBefore / 4.
	Interval time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

func (k *Keeper) lifetime() time.Duration {
	max := k.Client.Notifications.MaxChannelLifetime()
	if k.Lifetime <= 0 || k.Lifetime > max {
		return max
	}
	return k.Lifetime
}

func (k *Keeper) renewBefore() time.Duration {
	if k.RenewBefore > 0 {
		return k.RenewBefore
	}
	return k.lifetime() / 4
}

func (k *Keeper) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// ErrChannelGone means a channel the Keeper keeps no longer exists at Zoho
// (it lapsed, or was disabled): enable it again.
var ErrChannelGone = errors.New("notify: the channel is not subscribed any more")

// RenewDue renews the channels whose expiry is within RenewBefore, and
// returns the ids it renewed. A channel Zoho no longer has is an error
// wrapping ErrChannelGone; the others are still renewed.
func (k *Keeper) RenewDue(ctx context.Context) ([]string, error) {
	expiry := map[string]time.Time{}
	for ch, err := range k.Client.Notifications.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("notify: listing channels: %w", err)
		}
		if t, ok := expiry[ch.ChannelID]; !ok || ch.ChannelExpiry.Before(t) {
			expiry[ch.ChannelID] = ch.ChannelExpiry
		}
	}
	var due []string
	var errs []error
	deadline := k.now().Add(k.renewBefore())
	for _, id := range k.ChannelIDs {
		t, ok := expiry[id]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%w: channel %s", ErrChannelGone, id))
		case t.Before(deadline):
			due = append(due, id)
		}
	}
	if len(due) > 0 {
		results, _, err := k.Client.Notifications.Renew(ctx, k.lifetime(), due...)
		if err != nil {
			return nil, fmt.Errorf("notify: renewing channels %v: %w", due, err)
		}
		renewed := due[:0:0]
		for i, r := range results {
			if r.OK() {
				renewed = append(renewed, due[i])
			} else {
				errs = append(errs, fmt.Errorf("notify: renewing channel %s: %s %s", due[i], r.Code, r.Message))
			}
		}
		due = renewed
	}
	return due, errors.Join(errs...)
}

// Run renews channels until ctx ends, looking every Interval. Errors go to
// report (nil ignores them); Run goes on after them, since the next look
// may succeed.
func (k *Keeper) Run(ctx context.Context, report func(error)) {
	interval := k.Interval
	if interval <= 0 {
		interval = max(k.renewBefore()/4, time.Second)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := k.RenewDue(ctx); err != nil && report != nil && ctx.Err() == nil {
			report(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
