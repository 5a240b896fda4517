package mysql

import (
	"context"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// warmUpTimeout bounds the connection made at start, in the background.
const warmUpTimeout = 10 * time.Second

// Serve runs the MySQL store as a token store plugin, configured from the
// environment the SDK sets from its db_* keys (ConfigFromEnv), and returns
// when the host is done with it. It is the whole of the
// zcrm-persistence-mysql binary, and what an application that imports the
// SDK runs when the SDK starts it again to serve its tokens. A wrong
// setting is answered to the host as a configuration error
// (pluginproto.ServeConfigError).
func Serve() {
	// Nothing may go to stdout: go-plugin's handshake uses it.
	logger := pluginproto.NewLogger("mysql-store")

	cfg, err := ConfigFromEnv(os.LookupEnv)
	if err != nil {
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	cfg.Logger = logger
	store, err := New(cfg)
	if err != nil {
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	defer store.Close()

	logger.Debug("starting", "address", store.Address(), "database", store.Database(), "table", cfg.Table, "user", cfg.User)
	// Connect and check the table without delaying the handshake. If MySQL
	// is down the plugin still serves: each call then says so. Run by hand,
	// the binary only explains itself and must not create anything.
	if launchedByHost() {
		go warmUp(store, logger)
	}

	var served pluginproto.TokenStore = store
	if cfg.Layout != LayoutZohoV8 {
		served = withoutClientIDs{store, store, store, store}
	}
	pluginproto.Serve(served, pluginproto.WithLogger(logger))
}

// withoutClientIDs serves the seed's table, which has no column for a
// client id: the Store without ClientKeeper, so that the host knows.
type withoutClientIDs struct {
	pluginproto.TokenStore
	pluginproto.Locker
	pluginproto.RefreshBudgeter
	pluginproto.IdentifierLimiter
}

func launchedByHost() bool {
	return os.Getenv(pluginproto.Handshake.MagicCookieKey) == pluginproto.Handshake.MagicCookieValue
}

func warmUp(store *Store, logger hclog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), warmUpTimeout)
	defer cancel()
	if err := store.Prepare(ctx); err != nil {
		logger.Warn("MySQL is not ready; calls will try again", "error", err.Error())
	}
}
