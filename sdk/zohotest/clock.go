package zohotest

import (
	"sync"
	"time"
)

// clock is the emulator's own time. Token and grant expiry, the refresh
// throttle window, the API credit window, page-token expiry and record
// timestamps all read it, so a test can move time instead of waiting.
//
// By default it follows the wall clock, shifted by whatever Advance and
// SetNow added; WithFrozenClock makes it stand still between calls.
type clock struct {
	mu     sync.Mutex
	frozen bool
	at     time.Time     // frozen: the current time
	offset time.Duration // flowing: added to the wall clock
}

func newClock(cfg config) *clock {
	c := &clock{frozen: cfg.frozen}
	switch {
	case cfg.frozen:
		c.at = cfg.start
	case !cfg.start.IsZero():
		c.offset = time.Until(cfg.start)
	}
	return c
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return time.Now().Add(c.offset).Round(0)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = c.at.Add(d)
		return
	}
	c.offset += d
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = t
		return
	}
	c.offset = time.Until(t)
}

// Now returns the emulator's current time.
func (s *Server) Now() time.Time { return s.clock.now() }

// Advance moves the emulator's clock forward by d (or back, if d is
// negative): access tokens and grant codes age, the refresh throttle window
// and the API credit window slide, page tokens expire.
func (s *Server) Advance(d time.Duration) { s.clock.advance(d) }

// SetNow sets the emulator's clock to t.
func (s *Server) SetNow(t time.Time) { s.clock.set(t) }

// zohoTimeLayout is how Zoho writes times: ISO 8601 with an offset, to the
// second, e.g. 2019-01-02T14:44:13+05:30.
const zohoTimeLayout = "2006-01-02T15:04:05-07:00"

// formatTime writes t as Zoho does, in the org's time zone. The last
// answer is kept: a batch of writes shares one time.
func (s *Server) formatTime(t time.Time) string {
	if last := s.lastTime.Load(); last != nil && last.t.Equal(t) {
		return last.text
	}
	text := t.In(s.cfg.location).Format(zohoTimeLayout)
	s.lastTime.Store(&formattedTime{t: t, text: text})
	return text
}

type formattedTime struct {
	t    time.Time
	text string
}

// parseZohoTime reads an If-Modified-Since value or a datetime field:
// Zoho's ISO 8601 form first, then RFC 3339 and the HTTP date format.
func parseZohoTime(v string) (time.Time, bool) {
	for _, layout := range []string{zohoTimeLayout, time.RFC3339Nano, time.RFC1123, time.RFC1123Z} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
