// Package calltrace lets the SDK's own tests tell a typed call from a raw
// one. The coverage ledger (sdk/testdata/crm-oas-v8.0.ledger) counts an
// endpoint as reached only when a typed call of the SDK reached it; a test
// that sends a request itself through Client.Do, DoStream or HTTPClient
// proves nothing about the SDK's coverage.
//
// Nothing happens unless a test binary calls Enable: an application pays
// one atomic load per request.
package calltrace

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
)

// Header marks a raw request for the emulator, which then leaves it out of
// what it records as served.
const Header = "X-Zcrm-Test-Call"

var enabled atomic.Bool

// Enable turns the marking on for the rest of the process.
func Enable() { enabled.Store(true) }

// Enabled reports whether Enable was called.
func Enabled() bool { return enabled.Load() }

type rawKey struct{}

// sdkPackages are the packages whose calls of Client.Do are typed calls.
var sdkPackages = []string{
	"github.com/zcrm-go/zcrm/sdk",
	"github.com/zcrm-go/zcrm/sdk/bulk",
	"github.com/zcrm-go/zcrm/sdk/notify",
	"github.com/zcrm-go/zcrm/sdk/weblogin",
}

// MarkRaw returns ctx marked as a raw call when the SDK's public entry
// point named entry (such as "(*Client).Do") was called from outside the
// SDK's packages. It must be called by entry itself.
func MarkRaw(ctx context.Context, entry string) context.Context {
	if !enabled.Load() {
		return ctx
	}
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	seen := false
	for {
		f, more := frames.Next()
		if seen {
			if !inSDK(f.Function) {
				return context.WithValue(ctx, rawKey{}, true)
			}
			return ctx
		}
		seen = strings.HasSuffix(f.Function, "."+entry)
		if !more {
			return ctx
		}
	}
}

// IsRaw reports whether ctx was marked by MarkRaw.
func IsRaw(ctx context.Context) bool {
	raw, _ := ctx.Value(rawKey{}).(bool)
	return raw
}

// Mark sets Header on a request whose context is marked raw.
func Mark(ctx context.Context, h http.Header) {
	if enabled.Load() && IsRaw(ctx) {
		h.Set(Header, "raw")
	}
}

// inSDK reports whether the function (runtime's full name) belongs to one
// of the SDK's packages.
func inSDK(function string) bool {
	slash := strings.LastIndex(function, "/")
	dot := strings.Index(function[slash+1:], ".")
	if dot < 0 {
		return false
	}
	pkg := function[:slash+1+dot]
	for _, p := range sdkPackages {
		if pkg == p {
			return true
		}
	}
	return false
}
