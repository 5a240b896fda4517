//go:build !zcrm_nomysql

package sdk

import mysqlstore "github.com/zcrm-go/zcrm/plugins/mysql"

// serveMySQL serves the MySQL store, the default one. It is linked into
// every program unless the program is built with the zcrm_nomysql tag
// (go build -tags zcrm_nomysql), which leaves out the MySQL driver (about
// 0.9 MB of a 22 MB minimal program: BenchmarkBinarySize); such a program needs a separate
// zcrm-persistence-mysql binary for MySQL, or another store.
var serveMySQL = mysqlstore.Serve
