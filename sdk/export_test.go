package sdk

import "github.com/hashicorp/go-hclog"

// StorePID exposes the token store plugin's process id to the external
// tests, which kill it to check that the client recovers.
func StorePID(c *Client) int { return c.core.store.Pid() }

// Unredacted gives cfg.Logger the SDK's lines as they are, without the
// redaction every other logger gets: a test that looks for secrets in them
// checks what the SDK writes, not what the redactor hides.
func Unredacted(cfg Config) Config {
	cfg.unredacted = true
	return cfg
}

// LoggerOf is the logger a client built from cfg would log to.
func LoggerOf(cfg Config) hclog.Logger {
	l, _, err := newLogger(cfg.withDefaults())
	if err != nil {
		panic(err)
	}
	return l
}

// ServeStoreEnv is the marker of a self-served store process.
const ServeStoreEnv = serveStoreEnv
