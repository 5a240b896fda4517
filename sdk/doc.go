// Package sdk is a Go client for the Zoho CRM REST API.
//
// Programs exchange data with Zoho CRM through typed calls; the SDK looks
// after OAuth: it exchanges a one-time grant token for access and refresh
// tokens, refreshes before expiry, and keeps the tokens in a token store
// that runs as a plugin process (a file, MySQL, or a store of your own; see
// package pluginproto).
//
//	ctx := context.Background()
//	client, err := sdk.NewClient(ctx, sdk.Config{
//		ClientID:             "1000.XXXX",
//		ClientSecret:         os.Getenv("ZCRM_CLIENT_SECRET"),
//		RedirectURI:          "https://example.com/callback",
//		TokenPersistencePath: "/var/lib/myapp",
//	})
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer client.Close()
//
//	// A store that cannot be read is an error, not a reason to spend the
//	// single-use grant token.
//	ok, err := client.IsTokenGenerated(ctx)
//	if err != nil {
//		log.Fatal(err)
//	}
//	if !ok {
//		if _, err := client.GenerateTokens(ctx, os.Getenv("ZCRM_GRANT_TOKEN")); err != nil {
//			log.Fatal(err)
//		}
//	}
//	me, _, err := client.Users.Current(ctx)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println("signed in as", me.Email)
//
// Calls take a context and return the result, the *Response (HTTP answer,
// rate-limit headers, paging) and an error. Zoho's error answers are
// *APIError values that match sentinels such as ErrInvalidData with
// errors.Is; OAuth failures are *AuthError values (ErrRefreshTokenRevoked,
// ErrRefreshThrottled, ...). Lists have iterators over all pages.
//
// # One binary
//
// The built-in stores (file and MySQL) need nothing shipped beside the
// program. The SDK starts the program's own executable (os.Executable)
// again as the store's go-plugin subprocess, with the environment marker
// ZCRM_SERVE_BUILTIN_STORE and go-plugin's handshake cookie, and this
// package's init, seeing both, serves the store there and exits, so the
// program's main never runs in it. There is nothing to call from main; go
// run and go test binaries work the same. The marker is only ever in the
// minimal environment the SDK builds for that process (the store's
// settings, not the host's secrets), so a program that re-executes itself
// is not affected. Packages the SDK does not import may still run their
// init in the store process first: they must not write to stdout, which
// carries the handshake. Separate store binaries are used instead where
// Config.PluginDir or $ZCRM_PLUGIN_DIR points, or beside the executable,
// and refused when another user could have replaced them. Build with
// -tags zcrm_nomysql to leave the MySQL driver out.
//
// The package zohotest holds an emulator of Zoho's accounts server and CRM
// API for tests and demos.
package sdk
