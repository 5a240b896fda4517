// Package bulk moves data in and out of Zoho CRM with its Bulk Read and
// Bulk Write APIs: jobs that export a module as ZIP'd CSV, 200,000 records
// a page, and import CSV files of up to 25,000 records each.
//
//	svc := bulk.New(client)
//	for rec, err := range svc.Read(ctx, &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name"}}, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(rec.ID(), rec.String("Last_Name"))
//	}
//
//	report, err := svc.WriteRecords(ctx, &bulk.WriteRequest{Module: "Leads", Operation: bulk.Insert,
//		Columns: []string{"Last_Name", "Email"}}, records, nil)
//	if err != nil {
//		return err
//	}
//	for _, row := range report.Failed() {
//		fmt.Println(row.Index, row.Err())
//	}
//
// Jobs are polled with backoff within the caller's context, or woken by
// Zoho's callback when the application serves Callbacks at a URL. Results
// stream: neither an export nor an import is held in memory.
package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
)

// Service is the bulk API of one client's user.
type Service struct {
	client *sdk.Client
	// maxFileRecords is Zoho's per-file record limit for bulk write.
	maxFileRecords int

	mu   sync.Mutex
	zgid string // the org id, for uploads
}

// MaxFileRecords is Zoho's limit of records in one bulk write file.
const MaxFileRecords = 25_000

// PageSize is how many records one bulk read job exports.
const PageSize = 200_000

// Option configures a Service.
type Option func(*Service)

// WithMaxFileRecords lowers the records a bulk write puts in one file (and
// so one job) below Zoho's 25,000.
func WithMaxFileRecords(n int) Option {
	return func(s *Service) {
		if n > 0 && n < MaxFileRecords {
			s.maxFileRecords = n
		}
	}
}

// New returns the bulk API for client's user.
func New(client *sdk.Client, opts ...Option) *Service {
	s := &Service{client: client, maxFileRecords: MaxFileRecords}
	for _, o := range opts {
		o(s)
	}
	return s
}

// ErrJobFailed is matched by a *JobFailedError.
var ErrJobFailed = errors.New("zcrm: bulk job failed")

// JobFailedError is a bulk job Zoho ended in FAILURE (read) or FAILED
// (write), with Zoho's error when it gave one.
type JobFailedError struct {
	JobID     string
	Operation string // "read", "insert", "update", "upsert"
	Code      string
	Message   string
	Details   map[string]any
}

func (e *JobFailedError) Error() string {
	msg := fmt.Sprintf("zcrm: bulk %s job %s failed", e.Operation, e.JobID)
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is matches ErrJobFailed.
func (e *JobFailedError) Is(target error) bool { return target == ErrJobFailed }

// Callback asks Zoho to POST the job's details to URL when it ends.
type Callback struct {
	URL    string `json:"url"`
	Method string `json:"method"` // "post", the only method Zoho takes
}

// User is who created a job.
type User struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Module names a module: {"api_name","id"} from v3 on, a plain string in
// v2. It is encoded the way it was decoded, and as an object when built.
type Module struct {
	APIName string `json:"api_name"`
	ID      string `json:"id,omitempty"`
	// Plain: the v2 form, a string.
	Plain bool `json:"-"`
}

// MarshalJSON writes the v2 string or the object.
func (m Module) MarshalJSON() ([]byte, error) {
	if m.Plain {
		return json.Marshal(m.APIName)
	}
	type object Module
	return json.Marshal(object(m))
}

// UnmarshalJSON reads either form.
func (m *Module) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		m.Plain = true
		return json.Unmarshal(b, &m.APIName)
	}
	type object Module
	return json.Unmarshal(b, (*object)(m))
}

func moduleFor(name string, v2 bool) Module { return Module{APIName: name, Plain: v2} }

// v2 reports whether the client speaks API v2, whose bulk bodies differ.
func (s *Service) v2() bool { return major(s.client.APIVersion()) <= 2 }

func major(version string) int {
	v := strings.TrimPrefix(version, "v")
	v, _, _ = strings.Cut(v, ".")
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (s *Service) version() string { return s.client.APIVersion() }

// WaitOptions tune how a job is waited for.
type WaitOptions struct {
	// MinInterval is the first wait between polls (default 2 s); each
	// wait doubles up to MaxInterval (default 30 s).
	MinInterval, MaxInterval time.Duration
	// Callbacks, when the job was created with a Callback whose URL serves
	// them, wakes the wait as soon as Zoho calls back; polls go on at
	// MaxInterval in case the callback is lost.
	Callbacks *Callbacks
	// OnPoll, when set, is told the job's state after each poll (a
	// ReadState or WriteState as text), so that a caller can show it.
	OnPoll func(state string)
}

func (o *WaitOptions) polled(state string) {
	if o != nil && o.OnPoll != nil {
		o.OnPoll(state)
	}
}

func (o *WaitOptions) intervals() (time.Duration, time.Duration) {
	lo, hi := 2*time.Second, 30*time.Second
	if o != nil && o.MinInterval > 0 {
		lo = o.MinInterval
	}
	if o != nil && o.MaxInterval > 0 {
		hi = o.MaxInterval
	}
	return lo, max(lo, hi)
}

// wait polls until done says the job ended, backing off, and wakes early
// on a callback for jobID.
func wait(ctx context.Context, jobID string, opts *WaitOptions, poll func() (bool, error)) error {
	interval, maxInterval := opts.intervals()
	var woken <-chan struct{}
	if opts != nil && opts.Callbacks != nil {
		var cancel func()
		woken, cancel = opts.Callbacks.subscribe(jobID)
		defer cancel()
		interval = maxInterval
	}
	for {
		done, err := poll()
		if err != nil || done {
			return err
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("zcrm: waiting for bulk job %s: %w", jobID, ctx.Err())
		case <-t.C:
		case <-woken:
			t.Stop()
			woken = nil
		}
		interval = min(2*interval, maxInterval)
	}
}

// Callbacks is an http.Handler for Zoho's bulk job callbacks. It answers at
// once and only wakes the wait for the job named; the wait then asks Zoho
// for the job's state, so a forged callback can do no more than cause one
// extra poll.
type Callbacks struct {
	mu      sync.Mutex
	waiters map[string][]chan struct{}
}

// NewCallbacks returns a handler to mount at the callback URL's path.
func NewCallbacks() *Callbacks { return &Callbacks{waiters: map[string][]chan struct{}{}} }

func (cb *Callbacks) subscribe(id string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	cb.mu.Lock()
	cb.waiters[id] = append(cb.waiters[id], ch)
	cb.mu.Unlock()
	return ch, func() {
		cb.mu.Lock()
		defer cb.mu.Unlock()
		list := cb.waiters[id]
		for i, c := range list {
			if c == ch {
				cb.waiters[id] = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(cb.waiters[id]) == 0 {
			delete(cb.waiters, id)
		}
	}
}

// ServeHTTP reads a bulk read ({"data":[job]}) or bulk write (flat job)
// callback and wakes the waits for its job.
func (cb *Callbacks) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	var body struct {
		ID   string `json:"id"`
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		http.Error(w, "not a bulk job callback", http.StatusBadRequest)
		return
	}
	id := body.ID
	if len(body.Data) > 0 {
		id = body.Data[0].ID
	}
	cb.mu.Lock()
	for _, ch := range cb.waiters[id] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	cb.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
