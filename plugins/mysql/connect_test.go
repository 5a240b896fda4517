package mysql

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// fakeServer listens on loopback and, for each connection, either closes
// it at once (a proxy whose server is down) or says nothing (not MySQL).
func fakeServer(t *testing.T, closeAtOnce bool) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var open []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range open {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if closeAtOnce {
				c.Close()
				continue
			}
			mu.Lock()
			open = append(open, c)
			mu.Unlock()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// TestNeverConnectedIsNotALostConnection: a server that cannot be reached,
// or that is not MySQL, is reported by the plugin as a failure to connect,
// with the address and the cause, and is not retried as a lost connection.
func TestNeverConnectedIsNotALostConnection(t *testing.T) {
	for _, tc := range []struct {
		name  string
		port  func(*testing.T) int
		cause string
	}{
		{"closed port", func(t *testing.T) int { return freePort(t) }, "connection refused"},
		{"closed at once", func(t *testing.T) int { return fakeServer(t, true) }, "closed it before MySQL's greeting"},
		{"silent", func(t *testing.T) int { return fakeServer(t, false) }, "no answer within " + DefaultDialTimeout.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port := tc.port(t)
			cfg := Config{Host: "127.0.0.1", Port: port, User: "zcrm", Password: "pw-" + randomHex(12), Database: "zohooauth"}
			store := launch(t, cfg, nil)
			// Far longer than the dial timeout: the store must give up by
			// itself, and not be read as the caller's deadline.
			ctx, cancel := context.WithTimeout(context.Background(), 4*DefaultDialTimeout)
			defer cancel()
			_, err := store.Get(ctx, "u@example.com")
			require.Error(t, err)
			msg := err.Error()
			assert.Contains(t, msg, "could not connect to MySQL at 127.0.0.1:"+strconv.Itoa(port))
			assert.Contains(t, msg, tc.cause)
			assert.Contains(t, msg, "db_address and db_port")
			assert.NotContains(t, msg, "lost the connection")
			assert.NotContains(t, msg, "twice")
			assert.NotErrorIs(t, err, context.DeadlineExceeded, "the store's own timeout read as the caller's")
			assert.NoError(t, ctx.Err())
			assert.NotContains(t, msg, cfg.Password)
		})
	}
}

// TestInvalidSettingsAreAConfigurationError: the plugin reports settings it
// cannot use as a configuration error that leads with the cause.
func TestInvalidSettingsAreAConfigurationError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pluginproto.Launch(ctx, pluginproto.LaunchConfig{Path: pluginPath, Env: []string{EnvPort + "=33o6"}})
	if c != nil {
		c.Close()
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, pluginproto.ErrPluginConfig)
	assert.NotErrorIs(t, err, pluginproto.ErrHandshake)
	assert.True(t, strings.HasPrefix(err.Error(), `mysql token store: port "33o6" is not a port number`), err.Error())
}
