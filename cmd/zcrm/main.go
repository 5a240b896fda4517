// Command zcrm is the SDK on the command line: the Zoho emulator on a port,
// the token store, and raw API calls. The configuration comes from ZCRM_
// environment variables named after the configuration keys (ZCRM_CLIENT_ID,
// ZCRM_TOKEN_PERSISTENCE_PATH, ...).
//
//	zcrm emulator [-addr 127.0.0.1:8765]
//	zcrm tokens list
//	zcrm tokens generate <grant-token>
//	zcrm tokens revoke [user]
//	zcrm api <METHOD> <path> [json-body]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

const usage = `usage:
  zcrm emulator [-addr host:port]      serve an emulated Zoho (accounts and CRM)
        [-dcs us,eu,in [-redirect-uri URI]]  several data centres and a consent page for a browser
  zcrm tokens list                      users in the token store, with expiry
  zcrm tokens generate <grant-token>    exchange a grant token and store the tokens
  zcrm tokens revoke [user]             revoke the user's refresh token and delete the tokens
  zcrm api <METHOD> <path> [json-body]  call /crm/{version}/<path> and print the answer

The configuration comes from ZCRM_ variables named after the configuration
keys: ZCRM_CLIENT_ID, ZCRM_CLIENT_SECRET, ZCRM_REDIRECT_URI, and for the
store ZCRM_TOKEN_PERSISTENCE_PATH (file), ZCRM_DB_* (MySQL) or
ZCRM_PERSISTENCE_HANDLER_CLASS_PATH (a plugin of your own).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "zcrm:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageError("no command")
	}
	switch args[0] {
	case "emulator":
		return serveEmulator(ctx, args[1:], out)
	case "tokens":
		return tokens(ctx, args[1:], out)
	case "api":
		return api(ctx, args[1:], out)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	return usageError(fmt.Sprintf("unknown command %q", args[0]))
}

// serveEmulator runs zohotest on a port until interrupted. GET
// /_emulator/grant?email=... mints another grant token.
func serveEmulator(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8765", "address to listen on")
	dcs := fs.String("dcs", "", "data centres to serve, e.g. us,eu,in: each its own org, accounts and API on ports counted up from -addr's")
	redirectURI := fs.String("redirect-uri", "", "with -dcs: the OAuth client's redirect URI (your web app's callback)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dcs != "" {
		return serveDataCenters(ctx, *dcs, *addr, *redirectURI, out)
	}
	srv := zohotest.NewUnstartedServer()
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
	hs := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	base := "http://" + *addr
	fmt.Fprintf(out, `Zoho emulator on %s (accounts and CRM)
  export ZCRM_ACCOUNTS_URL=%s ZCRM_API_BASE_URL=%s
  export ZCRM_CLIENT_ID=%s ZCRM_CLIENT_SECRET=%s ZCRM_REDIRECT_URI=%s
  grant token for %s: %s
  more grant tokens: curl '%s/_emulator/grant?email=%s'
`, base, base, base, srv.ClientID, srv.ClientSecret, srv.RedirectURI,
		srv.Admin().Email, srv.GrantToken(srv.ClientID, srv.Admin().Email), base, url.QueryEscape(srv.Admin().Email))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(shutdown)
	}
}

// usageError is a mistake on the command line; its message ends with the
// usage text.
type usageError string

func (e usageError) Error() string { return string(e) + "\n" + strings.TrimRight(usage, "\n") }

func client(ctx context.Context) (*sdk.Client, error) {
	cfg, err := sdk.ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	return sdk.NewClient(ctx, cfg)
}

func tokens(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageError("tokens needs list, generate or revoke")
	}
	c, err := client(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	switch args[0] {
	case "list":
		users, err := c.StoredUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER\tACCESS TOKEN EXPIRES")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\n", u.UserIdentifier, time.UnixMilli(u.ExpiryTime).Format(time.RFC3339))
		}
		return tw.Flush()
	case "generate":
		if len(args) != 2 {
			return errors.New("usage: zcrm tokens generate <grant-token>")
		}
		user, err := c.GenerateTokens(ctx, args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "tokens stored for %s\n", user)
		return nil
	case "revoke":
		if len(args) == 2 {
			c = c.ForUser(args[1])
		}
		if err := c.RevokeTokens(ctx); err != nil {
			return err
		}
		user, _ := c.User(ctx)
		fmt.Fprintf(out, "tokens revoked and deleted for %s\n", user)
		return nil
	}
	return fmt.Errorf("unknown tokens command %q", args[0])
}

func api(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 2 || len(args) > 3 {
		return errors.New("usage: zcrm api <METHOD> <path> [json-body]")
	}
	path, rawQuery, _ := strings.Cut(args[1], "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return fmt.Errorf("query string: %w", err)
	}
	req := &sdk.Request{Method: strings.ToUpper(args[0]), Path: path, Query: query}
	if len(args) == 3 {
		if !json.Valid([]byte(args[2])) {
			return errors.New("the body is not valid JSON")
		}
		req.Body = json.RawMessage(args[2])
	}
	c, err := client(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	var answer json.RawMessage
	resp, err := c.Do(ctx, req, &answer)
	if err != nil {
		return err
	}
	if len(answer) == 0 {
		fmt.Fprintf(out, "%d %s (no body)\n", resp.StatusCode, http.StatusText(resp.StatusCode))
		return nil
	}
	pretty, err := json.MarshalIndent(answer, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(out, string(pretty))
	return nil
}
