package file

import (
	"errors"
	"os"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Serve runs the file store as a token store plugin, with the folder the
// SDK passes in EnvPath, and returns when the host is done with it. It is
// the whole of the zcrm-persistence-file binary, and what an application
// that imports the SDK runs when the SDK starts it again to serve its
// tokens. A missing or unusable folder is answered to the host as a
// configuration error (pluginproto.ServeConfigError).
func Serve() {
	// Everything goes to stderr as JSON: stdout carries go-plugin's handshake.
	logger := pluginproto.NewLogger("file-store")
	path := os.Getenv(EnvPath)
	if path == "" {
		pluginproto.ServeConfigError(errors.New(EnvPath+" is not set; the SDK sets it from token_persistence_path, the folder that holds "+FileName), pluginproto.WithLogger(logger))
		return
	}
	format, err := ParseFormat(os.Getenv(EnvLayout))
	if err != nil {
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	store, err := New(path, WithLogger(logger), WithFormat(format))
	if err != nil {
		// The SDK's error then leads with this one, not with a failed handshake.
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	logger.Info("serving tokens", "path", store.Path())
	pluginproto.Serve(store, pluginproto.WithLogger(logger))
}
