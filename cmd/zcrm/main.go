// Command zcrm is the SDK on the command line: the Zoho emulator on a port,
// the token store, raw API calls, and CRM data (export, import, records,
// COQL, metadata). The configuration comes from ZCRM_
// environment variables named after the configuration keys (ZCRM_CLIENT_ID,
// ZCRM_TOKEN_PERSISTENCE_PATH, ...).
//
//	zcrm emulator [--addr 127.0.0.1:8765] [--dcs us,eu,in [--redirect-uri URI]] [--json]
//	zcrm tokens list [--json]
//	zcrm tokens generate [--json] <grant-token>
//	zcrm tokens revoke [--json] [user]
//	zcrm tokens delete [--json] [user]
//	zcrm api [--json] [--user email] [-H 'Name: value'] [--file f] [--output f] <METHOD> <path> [json-body]
//	zcrm login [--device | --web | --client-credentials --soid SOID] [--no-browser]
//	zcrm logout [user]
//	zcrm profiles [use <name>]
//	zcrm export <module> [-o file.csv] [--fields f,...] [--criteria C]
//	zcrm import <module> <file.csv> [--operation insert|update|upsert] [--find-by field]
//	zcrm records get|list|search|create|update|delete <module> ...
//	zcrm query 'select ... from <module> ...'
//	zcrm modules; zcrm fields <module>
//	zcrm gen [--emulator | --from-file f] [--out dir] [--package name]
//	zcrm version [--json]
//
// Every command takes -h/--help, --json where it prints, and --profile
// NAME: the profile of $XDG_CONFIG_HOME/zcrm/config.yaml whose keys the
// ZCRM_ variables override. Exit codes: 0 done, 1 failed, 2 wrong command
// line, 3 configuration, 4 OAuth or tokens, 5 Zoho refused the API call, 6
// token store, 130 interrupted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
