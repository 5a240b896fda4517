// Command zcrm-persistence-example is a zcrm token store plugin written the
// way a third party would write one: against package pluginproto only.
// Copy it as the start of your own store; README.md explains the contract.
//
// It keeps every user's tokens in one file, encrypted with AES-256-GCM. It
// is configured by two environment variables, which the application passes
// on by naming them in persistence_handler_env (a plugin gets only the
// variables it is given, not the application's whole environment):
//
//	ZCRM_EXAMPLE_STORE_KEY   the key: 32 bytes written as 64 hex characters,
//	                         for instance from `openssl rand -hex 32`
//	ZCRM_EXAMPLE_STORE_PATH  the file that holds the tokens
package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/zcrm-go/zcrm/pluginproto"
)

const (
	keyEnv  = "ZCRM_EXAMPLE_STORE_KEY"
	pathEnv = "ZCRM_EXAMPLE_STORE_PATH"
)

func main() {
	logger := pluginproto.NewLogger("zcrm-persistence-example")
	store, err := storeFromEnv(logger)
	if err != nil {
		// Served as a configuration error, the SDK's error leads with it
		// and matches pluginproto.ErrPluginConfig.
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	logger.Info("serving encrypted token file", "path", store.path)

	// Served as "token_store", the SDK's default persistence_handler_class.
	// Add pluginproto.WithName("my_store") to serve it under another name.
	// Nothing may be written to stdout: go-plugin's handshake uses it.
	pluginproto.Serve(store, pluginproto.WithLogger(logger))
}

// storeFromEnv opens the store the environment describes, and checks that
// the key opens the file already there, so a wrong key stops the plugin now
// rather than failing every call later.
func storeFromEnv(log debugLogger) (*store, error) {
	key, err := keyFromEnv()
	if err != nil {
		return nil, err
	}
	path := os.Getenv(pathEnv)
	if path == "" {
		return nil, fmt.Errorf("%s is not set: set it to the file that should hold the tokens, e.g. %s=/var/lib/myapp/zcrm-tokens.enc", pathEnv, pathEnv)
	}
	s, err := openStore(path, key, log)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// keyFromEnv reads the AES-256 key. The key itself never appears in an
// error: it is as secret as the tokens it protects.
func keyFromEnv() ([]byte, error) {
	howTo := fmt.Sprintf("set it to 32 random bytes in hex (64 characters), e.g. export %s=$(openssl rand -hex 32), and keep it safe: the stored tokens cannot be read without it",
		keyEnv)
	text := strings.TrimSpace(os.Getenv(keyEnv))
	if text == "" {
		return nil, fmt.Errorf("%s is not set: %s", keyEnv, howTo)
	}
	key, err := hex.DecodeString(text)
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s is not a 32-byte key in hex: %s", keyEnv, howTo)
	}
	return key, nil
}
