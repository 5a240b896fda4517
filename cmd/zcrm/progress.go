package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows long work on a terminal: what it is at (a job's state,
// a page), the rows done and bytes moved, the rate and the time left. Where stderr is not a terminal it shows nothing, so that scripts
// and logs get no control characters.
type progress struct {
	mu     sync.Mutex
	out    io.Writer
	bar    *progressbar.ProgressBar // nil when quiet
	what   string                   // "Leads"
	status string                   // "page 2: QUEUED"
	bytes  int64                    // bytes moved, shown beside the rows
	shown  time.Time                // when the description was last redrawn
	total  int64                    // -1: unknown
	done   int64
}

// newProgress starts a display on stderr for work on what counting rows,
// total of them (-1 when unknown), with the bytes moved beside them; quiet
// or a stderr that is no terminal gives a display that shows nothing.
func newProgress(stderr io.Writer, quiet bool, what string, total int64) *progress {
	p := &progress{out: stderr, what: what, total: total}
	if quiet || !isTerminal(stderr) {
		return p
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionSetWidth(20),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionSpinnerType(14),
		// The spinner turns on each update: a ticker of its own would go
		// on drawing after the display stops.
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
	}
	p.bar = progressbar.NewOptions64(total, opts...)
	return p
}

// setStatus shows what the work is at, such as a job's state.
func (p *progress) setStatus(format string, a ...any) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = fmt.Sprintf(format, a...)
	p.describe()
}

// add counts n more rows done, and bytes more moved.
func (p *progress) add(n, bytes int64) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.bytes += bytes
	if p.total >= 0 && p.done > p.total {
		// Zoho's counts lag: more came than it counted.
		p.total = -1
		p.bar.ChangeMax64(-1)
	}
	_ = p.bar.Add64(n)
	if bytes > 0 && time.Since(p.shown) > 250*time.Millisecond {
		p.describe()
	}
}

func (p *progress) describe() {
	desc := p.what
	if p.status != "" {
		desc += " " + p.status
	}
	if p.bytes > 0 {
		desc += " " + humanBytes(p.bytes)
	}
	p.bar.Describe(desc)
	p.shown = time.Now()
}

// finish shows the work complete and ends the line.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total < 0 {
		p.total = p.done
		p.bar.ChangeMax64(max(p.done, 1))
	}
	p.status = "done"
	p.describe()
	_ = p.bar.Finish()
	fmt.Fprintln(p.out)
	p.bar = nil
}

// stop leaves the display as it is (interrupted, failed) and ends the line.
func (p *progress) stop() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Exit()
	fmt.Fprintln(p.out)
	p.bar = nil
}

// visible reports whether the display is on a terminal.
func (p *progress) visible() bool { return p.bar != nil }

// humanBytes writes n in B, kB, MB or GB (powers of 1000, as progressbar
// shows rates).
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
