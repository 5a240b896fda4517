package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func emulatorCommand() *cobra.Command {
	var addr, dcs, redirectURI string
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve an emulated Zoho (accounts server and CRM API) on a port",
		Long: "Serve the SDK's Zoho emulator (package zohotest) on a port until interrupted, and\n" +
			"print the ZCRM_ variables that point zcrm, the SDK or another Zoho SDK at it, with a\n" +
			"grant token. GET /_emulator/grant?email=... mints more grant tokens.\n\n" +
			"With --dcs, several data centres, each its own org, accounts server and API on ports\n" +
			"counted up from --addr's, with a consent page a browser can use (Login with Zoho).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dcs != "" {
				return serveDataCenters(cmd.Context(), dcs, addr, redirectURI, cmd.OutOrStdout())
			}
			if redirectURI != "" {
				return usagef("--redirect-uri goes with --dcs")
			}
			return serveEmulator(cmd.Context(), addr, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8765", "address to listen on (port 0 picks a free one, without --dcs)")
	cmd.Flags().StringVar(&dcs, "dcs", "", "data centres to serve, e.g. us,eu,in: each its own org, accounts server and API")
	cmd.Flags().StringVar(&redirectURI, "redirect-uri", "", "with --dcs: the OAuth client's redirect URI (your web app's callback)")
	return cmd
}

// serveEmulator runs zohotest on addr until ctx ends. It listens before it
// prints anything, so that a busy port fails without a banner of
// credentials that would not work.
func serveEmulator(ctx context.Context, addr string, out io.Writer) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("emulator: %w (is another emulator running there? choose another address with --addr)", err)
	}
	srv := zohotest.NewUnstartedServer()
	base := "http://" + l.Addr().String()
	hs := &http.Server{Handler: emulatorHandler(srv), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	printEmulatorBanner(out, srv, base)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// emulatorHandler serves the emulator and the command line's own
// /_emulator/grant, which mints a grant token for ?email= (default: the
// admin).
func emulatorHandler(srv *zohotest.Server) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_emulator/grant", func(w http.ResponseWriter, r *http.Request) {
		email := r.URL.Query().Get("email")
		if email == "" {
			email = srv.Admin().Email
		}
		if _, ok := srv.User(email); !ok {
			http.Error(w, "no such user: "+email, http.StatusNotFound)
			return
		}
		fmt.Fprintln(w, srv.GrantToken(srv.ClientID, email))
	})
	mux.Handle("/", srv.Handler())
	return mux
}

// printEmulatorBanner says how to point a client at the emulator at base.
func printEmulatorBanner(out io.Writer, srv *zohotest.Server, base string) {
	admin := srv.Admin().Email
	fmt.Fprintf(out, `Zoho emulator on %s (accounts and CRM)
  export ZCRM_ACCOUNTS_URL=%s ZCRM_API_BASE_URL=%s
  export ZCRM_CLIENT_ID=%s ZCRM_CLIENT_SECRET=%s ZCRM_REDIRECT_URI=%s
  grant token for %s: %s
  more grant tokens: curl '%s/_emulator/grant?email=%s'
or, instead of a grant token, client credentials for the org:
  export ZCRM_SOID=%s
then choose a token store (export ZCRM_TOKEN_PERSISTENCE_PATH=$(mktemp -d) for a file),
  zcrm tokens generate <grant-token> (not with ZCRM_SOID), and zcrm api GET org
`, base, base, base, srv.ClientID, srv.ClientSecret, srv.RedirectURI,
		admin, srv.GrantToken(srv.ClientID, admin), base, url.QueryEscape(admin), srv.SOID())
}
