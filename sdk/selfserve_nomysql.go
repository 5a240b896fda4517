//go:build zcrm_nomysql

package sdk

// serveMySQL is nil: built with the zcrm_nomysql tag, the program does not
// link the MySQL store and cannot serve it itself.
var serveMySQL func()
