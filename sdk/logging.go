package sdk

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"
)

// newLogger builds the logger the configuration asks for: the log file
// (appended to), the console (stderr), both or neither. Whatever reaches it,
// the plugins' lines included, passes through a redactor.
func newLogger(cfg Config) (hclog.Logger, io.Closer, error) {
	level := hclog.Info
	if cfg.LogLevel != "" {
		level = hclog.LevelFromString(cfg.LogLevel)
	}
	switch {
	case cfg.Logger != nil && cfg.unredacted:
		return cfg.Logger, nopCloser{}, nil
	case cfg.Logger != nil:
		return redactingLogger{cfg.Logger, configSecrets(cfg)}, nopCloser{}, nil
	case cfg.Slog != nil:
		return newSlogLogger(cfg.Slog, level, configSecrets(cfg)), nopCloser{}, nil
	}
	var outputs []io.Writer
	var closer io.Closer = nopCloser{}
	if cfg.ApplicationLogFilePath != "" {
		f, err := os.OpenFile(cfg.ApplicationLogFilePath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("zcrm: opening application_log_file_path: %w", err)
		}
		outputs = append(outputs, f)
		closer = f
	}
	if cfg.LogInConsole {
		outputs = append(outputs, os.Stderr)
	}
	if len(outputs) == 0 {
		return hclog.NewNullLogger(), closer, nil
	}
	return hclog.New(&hclog.LoggerOptions{
		Name:   "zcrm",
		Level:  level,
		Output: newSecretsRedactor(io.MultiWriter(outputs...), configSecrets(cfg)),
	}), closer, nil
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// zohoSecret matches Zoho's grant codes, access tokens and refresh tokens
// (1000.<hex>.<hex>).
var zohoSecret = regexp.MustCompile(`1000\.[0-9a-fA-F]{16,}\.[0-9a-fA-F]{16,}`)

// redactor is the last line of defence: the SDK never logs a token on
// purpose, but a plugin, a library or a future change might. It scrubs
// anything shaped like a Zoho token, and the client secret, from each write.
type redactor struct {
	mu      sync.Mutex
	w       io.Writer
	secrets []string
}

// NewRedactingWriter returns a writer that scrubs Zoho tokens and, when
// given, the client secret from whatever is written through it. Use it under
// a logger of your own (Config.Logger) to keep the SDK's guarantee.
func NewRedactingWriter(w io.Writer, clientSecret string) io.Writer {
	return newRedactor(w, clientSecret)
}

func newRedactor(w io.Writer, secret string) *redactor {
	return &redactor{w: w, secrets: []string{secret}}
}

// newSecretsRedactor scrubs several secrets: every data centre's client
// secret.
func newSecretsRedactor(w io.Writer, secrets []string) *redactor {
	return &redactor{w: w, secrets: secrets}
}

func (r *redactor) Write(p []byte) (int, error) {
	clean := redactSecrets(string(p), r.secrets)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := io.WriteString(r.w, clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

func redact(s, secret string) string {
	s = zohoSecret.ReplaceAllString(s, "[redacted]")
	if len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}
