package zohotest

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault makes matching requests misbehave: answer a given status, wait,
// or drop the connection. It works on accounts and CRM paths alike.
//
// A request matches when Method (if set) equals its method, Path (if set)
// matches its path and Match (if set) returns true. Path is a prefix, such
// as "/crm/v2/Leads" or "/oauth/v2/token"; with a '*' in it, it is a
// path.Match pattern instead ("/crm/*/users", where * spans one segment).
//
// On a match the fault waits Latency (wall-clock time, cut short if the
// client goes away), handles the request if AfterHandling is set, then
// drops the connection if DropConnection is set, cuts the answer short if
// CutResponse is set, else answers Status with Header and Body if Status
// is set, else lets the request through. An empty Body with a Status of 400 or more becomes
// Zoho's error envelope for that status (429 TOO_MANY_REQUESTS, 500
// INTERNAL_ERROR, ...).
//
// Times limits how many requests the fault acts on; 0 means until removed.
type Fault struct {
	Method  string
	Path    string
	Match   func(*http.Request) bool
	Status  int
	Header  http.Header
	Body    string
	Latency time.Duration
	// DropConnection closes the connection without answering. Note that
	// Go's http.Transport retries an idempotent request (GET, DELETE...)
	// once, silently, when a reused keep-alive connection closes before
	// any byte of the answer; CutResponse gives an error every client sees.
	DropConnection bool
	// CutResponse starts the answer (a status line) and closes the
	// connection mid-way: the client fails with an unexpected EOF.
	CutResponse bool
	// AfterHandling lets the emulator handle the request first, its effects
	// standing, and then drops the connection, cuts the answer or answers
	// Status instead of the real answer: a write that happened though the
	// client saw it fail. Without one of those three it does nothing.
	AfterHandling bool
	Times         int
}

// InjectedFault is a fault in force; it reports its hits and can be removed.
type InjectedFault struct {
	f    Fault
	set  *faultSet
	hits int
}

// Hits returns how many requests the fault has acted on.
func (f *InjectedFault) Hits() int {
	f.set.mu.Lock()
	defer f.set.mu.Unlock()
	return f.hits
}

// Remove takes the fault out of force.
func (f *InjectedFault) Remove() {
	f.set.mu.Lock()
	defer f.set.mu.Unlock()
	f.set.removeLocked(f)
}

type faultSet struct {
	mu     sync.Mutex
	faults []*InjectedFault
}

// InjectFault puts a fault in force, after those already there: the first
// fault matching a request acts on it.
func (s *Server) InjectFault(f Fault) *InjectedFault {
	if f.Path != "" && strings.Contains(f.Path, "*") {
		// Matching the pattern against itself walks all of it, so a
		// malformed part is found now rather than at the first request.
		if _, err := path.Match(f.Path, f.Path); err != nil {
			panic("zohotest: InjectFault: bad Path pattern " + strconv.Quote(f.Path) + ": " + err.Error())
		}
	}
	if f.Times < 0 {
		panic("zohotest: InjectFault: Times must not be negative")
	}
	inj := &InjectedFault{f: f, set: &s.faults}
	s.faults.mu.Lock()
	s.faults.faults = append(s.faults.faults, inj)
	s.faults.mu.Unlock()
	return inj
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.faults = nil
	s.faults.mu.Unlock()
}

func (fs *faultSet) removeLocked(f *InjectedFault) {
	for i, g := range fs.faults {
		if g == f {
			fs.faults = append(fs.faults[:i:i], fs.faults[i+1:]...)
			return
		}
	}
}

func (f *Fault) matches(r *http.Request) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	if f.Path != "" {
		if strings.Contains(f.Path, "*") {
			if ok, _ := path.Match(f.Path, r.URL.Path); !ok {
				return false
			}
		} else if !strings.HasPrefix(r.URL.Path, f.Path) {
			return false
		}
	}
	return f.Match == nil || f.Match(r)
}

// take finds the fault acting on r, counting the hit.
func (fs *faultSet) take(r *http.Request) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, inj := range fs.faults {
		if !inj.f.matches(r) {
			continue
		}
		inj.hits++
		if inj.f.Times > 0 && inj.hits >= inj.f.Times {
			fs.removeLocked(inj)
		}
		return inj.f, true
	}
	return Fault{}, false
}

// apply acts on r if a fault matches; it reports whether it answered.
// handle is the emulator itself, for AfterHandling.
func (fs *faultSet) apply(s *Server, w http.ResponseWriter, r *http.Request, handle http.HandlerFunc) bool {
	f, ok := fs.take(r)
	if !ok {
		return false
	}
	s.counters.count(func(c *Counters) { c.FaultsApplied++ })
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	acts := f.DropConnection || f.CutResponse || f.Status != 0
	if f.AfterHandling && acts {
		handle(&discardWriter{header: http.Header{}}, r)
	}
	switch {
	case f.DropConnection:
		dropConnection(w, "")
		return true
	case f.CutResponse:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		dropConnection(w, "HTTP/1.1 "+strconv.Itoa(status)+" "+http.StatusText(status)+"\r\nContent-Type: "+jsonContentType+"\r\n")
		return true
	case f.Status != 0:
		for k, vs := range f.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if f.Body == "" && f.Status >= 400 {
			code, msg := faultError(f.Status)
			fail(w, f.Status, code, msg, nil)
			return true
		}
		if w.Header().Get("Content-Type") == "" && f.Body != "" {
			w.Header().Set("Content-Type", jsonContentType)
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
		return true
	}
	return false
}

// faultError is the Zoho error a bare injected status stands for.
func faultError(status int) (code, message string) {
	switch {
	case status == http.StatusTooManyRequests:
		return "TOO_MANY_REQUESTS", tooManyRequestsMessage
	case status == http.StatusUnauthorized:
		return "INVALID_TOKEN", "invalid oauth token"
	case status == http.StatusForbidden:
		return "NO_PERMISSION", "Permission denied"
	case status == http.StatusNotFound:
		return "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one"
	case status >= 500:
		return "INTERNAL_ERROR", "Internal Server Error"
	default:
		return "INVALID_DATA", "invalid data"
	}
}

// dropConnection closes the client's connection, after writing partial
// (the start of an answer) if there is any.
func dropConnection(w http.ResponseWriter, partial string) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, buf, err := hj.Hijack(); err == nil {
			if partial != "" {
				_, _ = buf.WriteString(partial)
				_ = buf.Flush()
			}
			_ = conn.Close()
			return
		}
	}
	// HTTP/2 or a wrapped writer: abort the handler, which resets the stream.
	panic(http.ErrAbortHandler)
}

// discardWriter takes the emulator's real answer when a fault replaces it.
type discardWriter struct {
	header http.Header
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
