// Command zcrm-persistence-mysql is zcrm's MySQL token store (the
// oauthtokens table of the Zoho SDKs, in MySQL or MariaDB) as a separate
// plugin binary. Applications do not need it: by default the SDK serves the
// MySQL store from the application's own executable. Point plugin_dir or
// $ZCRM_PLUGIN_DIR at this binary's folder to use it instead, for instance
// with an application built with the zcrm_nomysql tag, which leaves the
// MySQL driver out. The SDK launches it; run by hand it only explains that.
//
// Configuration comes from the environment, which the SDK sets from its
// db_* keys: ZCRM_DB_ADDRESS (127.0.0.1), ZCRM_DB_PORT (3306),
// ZCRM_DB_USERNAME (root), ZCRM_DB_PASSWORD (empty), ZCRM_DB_NAME
// (zohooauth), and the aliases ZCRM_MYSQL_USERNAME, ZCRM_MYSQL_PASSWORD and
// ZCRM_MYSQL_PORT.
package main

import mysqlstore "github.com/zcrm-go/zcrm/plugins/mysql"

func main() { mysqlstore.Serve() }
