// Command zcrm-persistence-mysql is zcrm's default token store plugin: the
// oauthtokens table of the Zoho SDKs in MySQL or MariaDB. The SDK launches
// it; run by hand it only explains that.
//
// Configuration comes from the environment, which the SDK sets from its
// db_* keys: ZCRM_DB_ADDRESS (127.0.0.1), ZCRM_DB_PORT (3306),
// ZCRM_DB_USERNAME (root), ZCRM_DB_PASSWORD (empty), ZCRM_DB_NAME
// (zohooauth), and the aliases ZCRM_MYSQL_USERNAME, ZCRM_MYSQL_PASSWORD and
// ZCRM_MYSQL_PORT.
package main

import (
	"context"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/zcrm-go/zcrm/pluginproto"
	mysqlstore "github.com/zcrm-go/zcrm/plugins/mysql"
)

// warmUpTimeout bounds the connection made at start, in the background.
const warmUpTimeout = 10 * time.Second

func main() {
	// Nothing may go to stdout: go-plugin's handshake uses it.
	logger := pluginproto.NewLogger("mysql-store")

	cfg, err := mysqlstore.ConfigFromEnv(os.LookupEnv)
	if err != nil {
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	cfg.Logger = logger
	store, err := mysqlstore.New(cfg)
	if err != nil {
		pluginproto.ServeConfigError(err, pluginproto.WithLogger(logger))
		return
	}
	defer store.Close()

	logger.Debug("starting", "address", store.Address(), "database", store.Database(), "user", cfg.User)
	// Connect and check the table without delaying the handshake. If MySQL
	// is down the plugin still serves: each call then says so. Run by hand,
	// the binary only explains itself and must not create anything.
	if launchedByHost() {
		go warmUp(store, logger)
	}

	pluginproto.Serve(store, pluginproto.WithLogger(logger))
}

func launchedByHost() bool {
	return os.Getenv(pluginproto.Handshake.MagicCookieKey) == pluginproto.Handshake.MagicCookieValue
}

func warmUp(store *mysqlstore.Store, logger hclog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), warmUpTimeout)
	defer cancel()
	if err := store.Prepare(ctx); err != nil {
		logger.Warn("MySQL is not ready; calls will try again", "error", err.Error())
	}
}
