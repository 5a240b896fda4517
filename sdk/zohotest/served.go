package zohotest

import (
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/zcrm-go/zcrm/internal/calltrace"
)

// What the emulators of a process served, for coverage: the SDK's tests
// match it against the ledger of Zoho's endpoints (sdk/testdata). A request
// the SDK marked as raw (sent through Client.Do by a test, not by a typed
// call) is left out.

// ServedRequest is a request an emulator of this process answered: its
// method and escaped path, numeric segments (record, job and other ids)
// written as "0", so that one endpoint is one entry however many ids the
// tests used.
type ServedRequest struct {
	Method string
	Path   string
}

var served struct {
	mu  sync.Mutex
	set map[ServedRequest]struct{}
}

// noteServed notes r as served.
func noteServed(r *http.Request) {
	if r.Header.Get(calltrace.Header) != "" {
		return
	}
	key := ServedRequest{Method: r.Method, Path: numbersAsZero(r.URL.EscapedPath())}
	served.mu.Lock()
	defer served.mu.Unlock()
	if served.set == nil {
		served.set = map[ServedRequest]struct{}{}
	}
	served.set[key] = struct{}{}
}

// Served returns what the emulators of this process have answered so far,
// sorted by path then method.
func Served() []ServedRequest {
	served.mu.Lock()
	out := make([]ServedRequest, 0, len(served.set))
	for k := range served.set {
		out = append(out, k)
	}
	served.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

func numbersAsZero(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			segs[i] = "0"
		}
	}
	return strings.Join(segs, "/")
}
