package sdk

import (
	"fmt"
	"os"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

// serveStoreEnv is the marker that makes a program serve a built-in token
// store instead of running. The SDK puts it, with go-plugin's handshake
// cookie, only into the minimal environment it builds for the store
// process it starts from the program's own executable (see
// pluginproto.LaunchConfig.Env); a program's own environment never
// carries it, so a program that re-executes itself is not affected.
const serveStoreEnv = "ZCRM_SERVE_BUILTIN_STORE"

// builtinServer returns the function that serves a built-in store from
// this executable, or nil when it cannot (MySQL in a zcrm_nomysql build).
func builtinServer(kind StoreKind) func() {
	switch kind {
	case StoreFile:
		return file.Serve
	case StoreMySQL:
		return serveMySQL
	}
	return nil
}

// init serves the token store when this process is the store process the
// SDK started from its own executable (and then exits, so main never
// runs); otherwise it does nothing. It runs in init rather than in a call
// from main so that every program, test binary (go test) and go run build
// that imports the SDK works with nothing to add: the packages that import
// this one, the main package among them, are not initialised in the store
// process. Packages the SDK does not depend on may be initialised before
// it, as Go orders them; those must not write to stdout, which carries
// go-plugin's handshake.
func init() {
	kind := os.Getenv(serveStoreEnv)
	if kind == "" || os.Getenv(pluginproto.Handshake.MagicCookieKey) != pluginproto.Handshake.MagicCookieValue {
		return
	}
	serve := builtinServer(StoreKind(kind))
	if serve == nil {
		// Only an SDK from another build of this program could ask for it.
		fmt.Fprintf(os.Stderr, "zcrm: this program cannot serve the %q token store\n", kind)
		os.Exit(1)
	}
	serve()
	os.Exit(0)
}
