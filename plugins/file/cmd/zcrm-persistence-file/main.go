// Command zcrm-persistence-file is zcrm's file token store plugin. The SDK
// starts it when token_persistence_path is set, passing that path in
// ZCRM_TOKEN_PERSISTENCE_PATH; the tokens live in zcrm_oauthtokens.txt in
// that folder. It is not meant to be run by hand.
package main

import (
	"errors"
	"os"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/plugins/file"
)

func main() {
	// Everything goes to stderr as JSON: stdout carries go-plugin's handshake.
	logger := pluginproto.NewLogger("file-store")
	path := os.Getenv(file.EnvPath)
	if path == "" {
		pluginproto.ServeConfigError(errors.New(file.EnvPath+" is not set; the SDK sets it from token_persistence_path, the folder that holds "+file.FileName), pluginproto.WithLogger(logger))
		return
	}
	store, err := file.New(path, file.WithLogger(logger))
	if err != nil {
		// The SDK's error then leads with this one, not with a failed handshake.
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	logger.Info("serving tokens", "path", store.Path())
	pluginproto.Serve(store, pluginproto.WithLogger(logger))
}
