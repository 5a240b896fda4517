package sdk

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
)

// configSecrets are the values no log line may carry: every client secret.
func configSecrets(cfg Config) []string {
	secrets := []string{cfg.ClientSecret}
	for _, s := range cfg.ClientSecrets {
		secrets = append(secrets, s)
	}
	return secrets
}

func redactSecrets(s string, secrets []string) string {
	s = redact(s, "")
	for _, secret := range secrets {
		if len(secret) >= 8 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// redactedArgs scrubs the values of hclog's key/value pairs.
func redactedArgs(args []any, secrets []string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = redactSecrets(v, secrets)
		case error:
			out[i] = redactSecrets(v.Error(), secrets)
		case fmt.Stringer:
			out[i] = redactSecrets(v.String(), secrets)
		case []byte:
			out[i] = redactSecrets(string(v), secrets)
		default:
			out[i] = a
		}
	}
	return out
}

// redactingLogger puts an application's own hclog.Logger (Config.Logger)
// behind the same redaction as the SDK's: messages and values are scrubbed
// of tokens and client secrets before they reach it.
type redactingLogger struct {
	hclog.Logger
	secrets []string
}

func (l redactingLogger) Log(level hclog.Level, msg string, args ...any) {
	l.Logger.Log(level, redactSecrets(msg, l.secrets), redactedArgs(args, l.secrets)...)
}
func (l redactingLogger) Trace(msg string, args ...any) { l.Log(hclog.Trace, msg, args...) }
func (l redactingLogger) Debug(msg string, args ...any) { l.Log(hclog.Debug, msg, args...) }
func (l redactingLogger) Info(msg string, args ...any)  { l.Log(hclog.Info, msg, args...) }
func (l redactingLogger) Warn(msg string, args ...any)  { l.Log(hclog.Warn, msg, args...) }
func (l redactingLogger) Error(msg string, args ...any) { l.Log(hclog.Error, msg, args...) }
func (l redactingLogger) With(args ...any) hclog.Logger {
	return redactingLogger{l.Logger.With(redactedArgs(args, l.secrets)...), l.secrets}
}
func (l redactingLogger) Named(name string) hclog.Logger {
	return redactingLogger{l.Logger.Named(name), l.secrets}
}
func (l redactingLogger) ResetNamed(name string) hclog.Logger {
	return redactingLogger{l.Logger.ResetNamed(name), l.secrets}
}
func (l redactingLogger) StandardLogger(opts *hclog.StandardLoggerOptions) *log.Logger {
	return log.New(l.StandardWriter(opts), "", 0)
}
func (l redactingLogger) StandardWriter(opts *hclog.StandardLoggerOptions) io.Writer {
	return lineWriter(func(line string) { l.Log(standardLevel(opts), line) })
}

func standardLevel(opts *hclog.StandardLoggerOptions) hclog.Level {
	if opts != nil && opts.ForceLevel != hclog.NoLevel {
		return opts.ForceLevel
	}
	return hclog.Info
}

// slogLogger is an hclog.Logger that writes to a log/slog handler, so an
// application on slog (Config.Slog) gets the SDK's lines and the plugins'
// (which go-plugin hands to the SDK's hclog logger) in its own logs,
// scrubbed as every line is.
type slogLogger struct {
	handler slog.Handler
	name    string
	implied []any
	level   *atomic.Int32 // an hclog.Level; shared by derived loggers
	secrets []string
}

func newSlogLogger(l *slog.Logger, level hclog.Level, secrets []string) hclog.Logger {
	lv := &atomic.Int32{}
	lv.Store(int32(level))
	return &slogLogger{handler: l.Handler(), level: lv, secrets: secrets}
}

func slogLevel(level hclog.Level) slog.Level {
	switch level {
	case hclog.Trace:
		return slog.LevelDebug - 4
	case hclog.Debug:
		return slog.LevelDebug
	case hclog.Warn:
		return slog.LevelWarn
	case hclog.Error:
		return slog.LevelError
	}
	return slog.LevelInfo
}

func (l *slogLogger) Log(level hclog.Level, msg string, args ...any) {
	if level == hclog.Off || level < hclog.Level(l.level.Load()) {
		return
	}
	ctx := context.Background()
	if !l.handler.Enabled(ctx, slogLevel(level)) {
		return
	}
	r := slog.NewRecord(time.Now(), slogLevel(level), redactSecrets(msg, l.secrets), 0)
	if l.name != "" {
		r.AddAttrs(slog.String("logger", l.name))
	}
	r.Add(redactedArgs(append(append([]any{}, l.implied...), args...), l.secrets)...)
	_ = l.handler.Handle(ctx, r)
}

func (l *slogLogger) Trace(msg string, args ...any) { l.Log(hclog.Trace, msg, args...) }
func (l *slogLogger) Debug(msg string, args ...any) { l.Log(hclog.Debug, msg, args...) }
func (l *slogLogger) Info(msg string, args ...any)  { l.Log(hclog.Info, msg, args...) }
func (l *slogLogger) Warn(msg string, args ...any)  { l.Log(hclog.Warn, msg, args...) }
func (l *slogLogger) Error(msg string, args ...any) { l.Log(hclog.Error, msg, args...) }

func (l *slogLogger) enabled(level hclog.Level) bool {
	return level >= hclog.Level(l.level.Load()) && l.handler.Enabled(context.Background(), slogLevel(level))
}
func (l *slogLogger) IsTrace() bool { return l.enabled(hclog.Trace) }
func (l *slogLogger) IsDebug() bool { return l.enabled(hclog.Debug) }
func (l *slogLogger) IsInfo() bool  { return l.enabled(hclog.Info) }
func (l *slogLogger) IsWarn() bool  { return l.enabled(hclog.Warn) }
func (l *slogLogger) IsError() bool { return l.enabled(hclog.Error) }

func (l *slogLogger) ImpliedArgs() []any { return l.implied }

func (l *slogLogger) With(args ...any) hclog.Logger {
	c := *l
	c.implied = append(append([]any{}, l.implied...), args...)
	return &c
}

func (l *slogLogger) Name() string { return l.name }

func (l *slogLogger) Named(name string) hclog.Logger {
	c := *l
	if c.name != "" {
		c.name += "." + name
	} else {
		c.name = name
	}
	return &c
}

func (l *slogLogger) ResetNamed(name string) hclog.Logger {
	c := *l
	c.name = name
	return &c
}

func (l *slogLogger) SetLevel(level hclog.Level) { l.level.Store(int32(level)) }
func (l *slogLogger) GetLevel() hclog.Level      { return hclog.Level(l.level.Load()) }

func (l *slogLogger) StandardLogger(opts *hclog.StandardLoggerOptions) *log.Logger {
	return log.New(l.StandardWriter(opts), "", 0)
}

func (l *slogLogger) StandardWriter(opts *hclog.StandardLoggerOptions) io.Writer {
	return lineWriter(func(line string) { l.Log(standardLevel(opts), line) })
}

// lineWriter logs each write as one line.
type lineWriter func(string)

func (w lineWriter) Write(p []byte) (int, error) {
	w(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
