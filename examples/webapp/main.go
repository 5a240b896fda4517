// Command webapp is a small multi-user web app with "Login with Zoho": each
// visitor logs in with their own Zoho account, in whichever data centre it
// lives, and sees their name and their first leads. Their tokens are kept
// in the configured token store, each under the user Zoho names.
//
// With no ZCRM_ variables it starts an emulated Zoho with two data centres
// (US and EU) and one user in each, and prints the URL to open and the
// users to sign in as:
//
//	go run ./examples/webapp
//
// Against `zcrm emulator --dcs us,eu`, paste the exports it prints, choose
// a token store (export ZCRM_TOKEN_PERSISTENCE_PATH=$(mktemp -d)) and run
// it: the emulator registers this app's default callback.
//
// Against Zoho, register a web-based client whose redirect URI is this
// app's /oauth/callback (see the README's "Web apps"), then:
//
//	export ZCRM_CLIENT_ID=1000.XXXX ZCRM_CLIENT_SECRET=... ZCRM_REDIRECT_URI=http://localhost:8080/oauth/callback
//	export ZCRM_TOKEN_PERSISTENCE_PATH=$HOME/.zcrm-webapp
//	go run ./examples/webapp -addr localhost:8080
//
// Logging out ends the app's session and leaves the tokens in the store;
// Disconnect revokes them at Zoho and deletes them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run serves the app until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("webapp", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	tokenDir := flags.String("tokens", "", "with the emulator: folder for the token file (default: a new temporary folder, removed at exit)")
	secureCookies := flags.Bool("secure-cookies", false, "mark cookies Secure: set it behind a proxy that terminates TLS")
	if err := flags.Parse(args); err != nil {
		return err
	}

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer listener.Close()
	base := "http://" + listener.Addr().String()

	var cfg sdk.Config
	var banner string
	var emu *emulated
	if os.Getenv("ZCRM_CLIENT_ID") != "" {
		if cfg, err = sdk.ConfigFromEnv(); err != nil {
			return err
		}
		banner = "Zoho CRM"
		if u, err := url.Parse(cfg.RedirectURI); err == nil && u.Host != "" {
			base = u.Scheme + "://" + u.Host
		}
	} else {
		dir := *tokenDir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "zcrm-webapp-tokens"); err != nil {
				return err
			}
			defer os.RemoveAll(dir)
		}
		emu, err = startEmulator(emulatorOptions{RedirectURI: base + "/oauth/callback", TokenDir: dir, PluginDir: defaultPluginDir()})
		if err != nil {
			return err
		}
		defer emu.Close()
		cfg = emu.Config
		banner = "Emulated Zoho (zohotest): no real account is involved."
		fmt.Fprintf(stdout, "No ZCRM_CLIENT_ID set: using a Zoho emulator with data centres %s, tokens in %s\n",
			locations(emu), filepath.Join(dir, "zcrm_oauthtokens.txt"))
		fmt.Fprintln(stdout, "Sign in on its consent page as:")
		for _, u := range emu.Users {
			fmt.Fprintf(stdout, "  %-24s %s (%s data centre)\n", u.Email, u.Name, u.Location)
		}
	}

	client, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		return err
	}
	defer client.Close()
	a, err := newApp(appOptions{Client: client, Banner: banner, SecureCookie: *secureCookies})
	if err != nil {
		return err
	}

	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	fmt.Fprintf(stdout, "Open %s/ (Ctrl-C stops)\n", base)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func locations(e *emulated) string {
	s := ""
	for i, dc := range e.Zoho.DataCenters() {
		if i > 0 {
			s += " and "
		}
		s += dc.Location
	}
	return s
}
