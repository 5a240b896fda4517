package main

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/cli/browser"
	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/weblogin"
)

// defaultLoopbackRedirect is where zcrm login --web takes Zoho's answer
// unless redirect_uri names another loopback address: register it for the
// client in Zoho's API console (Server-based Applications).
const defaultLoopbackRedirect = "http://127.0.0.1:8799/callback"

// addSignIn adds zcrm login, zcrm logout, zcrm profiles and the --profile
// flag.
func addSignIn(root *cobra.Command) {
	addProfiles(root)
	root.AddCommand(loginCommand(), logoutCommand(), profilesCommand())
}

type loginFlags struct {
	device, web, clientCredentials, noBrowser bool
	soid                                      string
	timeout                                   time.Duration
	asJSON                                    bool
}

func loginCommand() *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to Zoho CRM (a device code, the browser, or client credentials) and save the profile",
		Long: "Sign in without pasting a grant token, keep the tokens in the token store and save\n" +
			"the profile (its configuration keys, no secret) in " + displayConfigPath() + ",\n" +
			"as the current one:\n\n" +
			"  --device              print a code and a Zoho address; approve there in any browser\n" +
			"                        (a Non-browser Applications client)\n" +
			"  --web                 open the browser on Zoho's consent page; the answer comes back\n" +
			"                        to a listener on this machine at redirect_uri, by default\n" +
			"                        " + defaultLoopbackRedirect + " (a Server-based client with it registered)\n" +
			"  --client-credentials  the org's tokens from the client id, its secret and --soid\n" +
			"                        ZohoCRM.{org id} (a Self Client); no person signs in\n\n" +
			"Without one of them: client credentials when a soid is configured, else --device.\n" +
			"The client secret comes from ZCRM_CLIENT_SECRET, or the variable the profile names\n" +
			"with client_secret_env. Without a token store configured, the tokens go to a file\n" +
			"beside the profiles.\n\n" + configHelp,
		Example: "  ZCRM_CLIENT_ID=1000.XXXX ZCRM_CLIENT_SECRET=... zcrm login --client-credentials --soid ZohoCRM.600012345\n" +
			"  ZCRM_CLIENT_ID=1000.XXXX ZCRM_CLIENT_SECRET=... zcrm login --device --profile eu\n" +
			"  zcrm login --web --profile work",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return login(cmd, f) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.device, "device", false, "sign in with a code entered on Zoho's page, in any browser")
	fl.BoolVar(&f.web, "web", false, "sign in in this machine's browser, answered on a loopback address")
	fl.BoolVar(&f.clientCredentials, "client-credentials", false, "the org's tokens by client credentials (needs --soid or soid)")
	fl.StringVar(&f.soid, "soid", "", "the org: ZohoCRM.{org id}, or the org id (CRM shows it under the profile picture)")
	fl.BoolVar(&f.noBrowser, "no-browser", false, "print the address to open rather than opening a browser")
	fl.DurationVar(&f.timeout, "timeout", weblogin.DefaultStateTTL, "with --web: how long to wait for the browser")
	fl.BoolVar(&f.asJSON, "json", false, `print who signed in as JSON: {"user", "profile", "config"}`)
	return cmd
}

func login(cmd *cobra.Command, f loginFlags) error {
	chosen := 0
	for _, on := range []bool{f.device, f.web, f.clientCredentials} {
		if on {
			chosen++
		}
	}
	if chosen > 1 {
		return usagef("choose one of --device, --web and --client-credentials")
	}
	ctx := cmd.Context()
	sel, err := selectProfile(ctx, true)
	if err != nil {
		return err
	}
	env, err := sel.environ()
	if err != nil {
		return err
	}
	cfg, err := sdk.ConfigFromEnviron(append(env, os.Environ()...))
	if err != nil {
		return err
	}
	keys := sel.effectiveKeys()
	if f.soid != "" {
		cfg.SOID, keys["soid"] = f.soid, f.soid
	}
	if f.clientCredentials && cfg.SOID == "" {
		return usagef("--client-credentials needs the org: --soid ZohoCRM.{org id} (CRM shows the org id under the profile picture)")
	}
	if !storeNamed(keys) {
		dir := filepath.Join(filepath.Dir(sel.path), "tokens", sel.name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		cfg.TokenPersistencePath, keys["token_persistence_path"] = dir, dir
	}
	out, msgs := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var who string
	switch {
	case f.clientCredentials || (!f.device && !f.web && cfg.SOID != ""):
		who, err = loginClientCredentials(ctx, cfg)
		delete(keys, "current_user_email")
	default:
		// A person signs in: whoever it is becomes the profile's user.
		cfg.SOID, cfg.CurrentUserEmail = "", ""
		delete(keys, "soid")
		if f.web {
			who, err = loginWeb(ctx, cfg, f, msgs)
		} else {
			who, err = loginDevice(ctx, cfg, f, msgs)
		}
		keys["current_user_email"] = who
	}
	if err != nil {
		return err
	}
	if err := sel.save(keys); err != nil {
		return fmt.Errorf("signed in as %s, but saving the profile in %s failed: %w", who, sel.path, err)
	}
	if f.asJSON {
		return writeJSON(out, struct {
			User    string `json:"user"`
			Profile string `json:"profile"`
			Config  string `json:"config"`
		}{who, sel.name, sel.path})
	}
	fmt.Fprintf(out, "signed in as %s; profile %q saved in %s\n", who, sel.name, sel.path)
	return nil
}

// storeNamed reports whether the keys choose a token store.
func storeNamed(keys map[string]string) bool {
	for k := range keys {
		if k == "token_persistence_path" || k == "persistence_handler_class_path" || strings.HasPrefix(k, "db_") || strings.HasPrefix(k, "mysql_") {
			return true
		}
	}
	return os.Getenv(sdk.EnvPrefix+"DB_PASSWORD") != ""
}

// loginClientCredentials gets the org's first access token, which proves
// the client, its secret and the soid, and names the org.
func loginClientCredentials(ctx context.Context, cfg sdk.Config) (string, error) {
	c, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer c.Close()
	org, _, err := c.Org.Get(ctx)
	if err != nil {
		return "", err
	}
	user, err := c.User(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (%s, by client credentials)", user, org.CompanyName), nil
}

func loginDevice(ctx context.Context, cfg sdk.Config, f loginFlags, msgs io.Writer) (string, error) {
	c, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer c.Close()
	d, err := c.StartDeviceLogin(ctx, sdk.DeviceLoginOptions{})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(msgs, "First copy your one-time code: %s\nThen open %s and enter it, before %s.\n", d.UserCode, d.VerificationURL, d.ExpiresAt.Local().Format(time.Kitchen))
	target := d.VerificationURLComplete
	if target == "" {
		target = d.VerificationURL
	}
	if openBrowser(target, f.noBrowser) {
		fmt.Fprintln(msgs, "Opened it in your browser.")
	}
	fmt.Fprintln(msgs, "Waiting for the approval...")
	owner, err := d.Wait(ctx)
	if err != nil {
		return "", err
	}
	return owner.UserIdentifier, nil
}

// loginWeb serves "Login with Zoho" (package weblogin: its state, bound
// to the browser by a cookie and checked on the way back) on the loopback
// address of the redirect URI, opens the browser on it and waits for the
// callback.
func loginWeb(ctx context.Context, cfg sdk.Config, f loginFlags, msgs io.Writer) (string, error) {
	if cfg.RedirectURI == "" {
		cfg.RedirectURI = defaultLoopbackRedirect
	}
	back, err := url.Parse(cfg.RedirectURI)
	if err != nil || back.Scheme != "http" || back.Port() == "" || !loopback(back.Hostname()) {
		return "", &sdk.ConfigError{Invalid: []string{fmt.Sprintf("redirect_uri: --web takes Zoho's answer on this machine, so it must be http://127.0.0.1:PORT/PATH (registered for the client), not %q", cfg.RedirectURI)}}
	}
	c, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer c.Close()
	type result struct {
		owner sdk.GrantOwner
		err   error
	}
	done := make(chan result, 1)
	finish := func(r result) {
		select {
		case done <- r:
		default: // one login per run
		}
	}
	scopes := c.Config().Scopes
	if !slices.ContainsFunc(scopes, func(s string) bool { return strings.EqualFold(s, "AaaServer.profile.READ") }) {
		scopes = append(scopes, "AaaServer.profile.READ") // to learn whose tokens they are
	}
	h, err := weblogin.New(weblogin.Options{
		Client:    c,
		Scopes:    scopes,
		Prompt:    "consent",
		LoginPath: "/",
		StateTTL:  f.timeout,
		OnLogin: func(w http.ResponseWriter, _ *http.Request, owner sdk.GrantOwner) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = signedInPage.Execute(w, owner.UserIdentifier)
			finish(result{owner: owner})
		},
		OnError: func(w http.ResponseWriter, _ *http.Request, e *weblogin.Error) {
			weblogin.ErrorPage(w, e, "/")
			if errors.Is(e, weblogin.ErrDenied) {
				finish(result{err: &sdk.AuthError{Op: "web login", Code: e.ZohoError, Description: "access was not granted on Zoho's page"}})
				return
			}
			finish(result{err: fmt.Errorf("the login in the browser failed: %w", e)})
		},
	})
	if err != nil {
		return "", err
	}
	l, err := net.Listen("tcp", back.Host)
	if err != nil {
		return "", fmt.Errorf("listening for Zoho's answer on %s (the redirect URI's address): %w", back.Host, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.Login)
	mux.HandleFunc("GET "+back.EscapedPath(), h.Callback)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown) // lets the last page reach the browser
	}()

	start := "http://" + l.Addr().String() + "/"
	fmt.Fprintf(msgs, "Sign in at %s\n", start)
	if openBrowser(start, f.noBrowser) {
		fmt.Fprintln(msgs, "Opened it in your browser.")
	}
	timer := time.NewTimer(f.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.owner.UserIdentifier, r.err
	case <-timer.C:
		return "", fmt.Errorf("no sign-in within %v (--timeout)", f.timeout)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

var signedInPage = template.Must(template.New("signed-in").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>zcrm: signed in</title></head>
<body><h1>Signed in</h1><p id="signed-in">Signed in as {{.}}. You can close this tab and go back to the terminal.</p></body></html>
`))

// openBrowser opens url when a browser is at hand: not with --no-browser,
// nor on a Linux or BSD without a display (a server over SSH), where the
// person opens the printed address on a machine of theirs.
func openBrowser(url string, noBrowser bool) bool {
	if noBrowser {
		return false
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && os.Getenv("BROWSER") == "" &&
		os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return false
	}
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	return browser.OpenURL(url) == nil
}

func logoutCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "logout [user]",
		Short: "Revoke the tokens at Zoho and delete them from the token store",
		Long: "Revoke the tokens of the user (by default the profile's, or the configured or only\n" +
			"one) at Zoho, in their data centre, delete them from the token store, and forget the\n" +
			"user in the profile. If Zoho refuses, the tokens stay; 'zcrm tokens delete' removes\n" +
			"tokens Zoho no longer knows.",
		Args: argsBetween(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			sel, err := selectProfile(ctx, false)
			if err != nil {
				return err
			}
			c, user, err := userClient(cmd, args)
			if err != nil {
				return err
			}
			defer c.Close()
			if err := c.RevokeTokens(ctx); err != nil {
				return err
			}
			if sel.name != "" && strings.EqualFold(sel.keys["current_user_email"], user) {
				delete(sel.keys, "current_user_email")
				if err := sel.save(sel.keys); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					User    string `json:"user"`
					Revoked bool   `json:"revoked"`
				}{user, true})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "signed out %s: tokens revoked at Zoho and deleted from the store\n", user)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print who was signed out as JSON: {"user", "revoked"}`)
	return cmd
}
