package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func emulatorCommand() *cobra.Command {
	var addr, dcs, redirectURI string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve an emulated Zoho (accounts server, CRM API, upload host) on a port",
		Long: "Serve the SDK's Zoho emulator (package zohotest) until interrupted, and print the\n" +
			"ZCRM_ variables that point zcrm, the SDK or another Zoho SDK at it, with a grant\n" +
			"token. GET /_emulator/grant?email=... mints more grant tokens. The file upload host\n" +
			"of bulk writes answers on the next port (ZCRM_UPLOAD_URL).\n\n" +
			"With --dcs, several data centres, each its own org, accounts server, API and upload\n" +
			"host on ports counted up from --addr's (three each), with a consent page a browser\n" +
			"can use (Login with Zoho), and the variables of each (ZCRM_ACCOUNTS_URL_EU...).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dcs != "" {
				return serveDataCenters(cmd.Context(), dcs, addr, redirectURI, printer(cmd.OutOrStdout(), asJSON))
			}
			if redirectURI != "" {
				return usagef("--redirect-uri goes with --dcs")
			}
			return serveEmulator(cmd.Context(), addr, printer(cmd.OutOrStdout(), asJSON))
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8765", "address to listen on (port 0 picks free ones, without --dcs)")
	cmd.Flags().StringVar(&dcs, "dcs", "", "data centres to serve, e.g. us,eu,in: each its own org, accounts server, API and upload host")
	cmd.Flags().StringVar(&redirectURI, "redirect-uri", "", "with --dcs: the OAuth client's redirect URI, your web app's callback (default "+exampleCallback+", examples/webapp's)")
	jsonFlag(cmd, &asJSON, `{"data_centers": [{"location", "name", "accounts_url", "api_url", "upload_url"}], "client_id", "client_secret", "redirect_uri", "users": [{"email", "name", "location"}], "grant_token", "grant_url", "login_url", "env": {"ZCRM_...": ...}}`)
	return cmd
}

// exampleCallback is the callback of examples/webapp at its default
// address: the redirect URI `zcrm emulator --dcs` registers by default.
const exampleCallback = "http://127.0.0.1:8080/oauth/callback"

// serveEmulator runs zohotest on addr, and its upload host on the next
// port, until ctx ends. It listens before it prints anything, so that a
// busy port fails without a banner of credentials that would not work.
func serveEmulator(ctx context.Context, addr string, print func(*emulation) error) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("emulator: %w (is another emulator running there? choose another address with --addr)", err)
	}
	defer l.Close()
	uploadAddr, err := nextPort(l.Addr().String(), addr)
	if err != nil {
		return err
	}
	lu, err := net.Listen("tcp", uploadAddr)
	if err != nil {
		return fmt.Errorf("emulator: the upload host: %w (it takes the port after --addr's; choose another address with --addr)", err)
	}
	defer lu.Close()

	srv := zohotest.NewUnstartedServer()
	base := "http://" + l.Addr().String()
	srv.UploadURL = "http://" + lu.Addr().String() // bulk write results are fetched there
	api := &http.Server{Handler: emulatorHandler(srv), ReadHeaderTimeout: 10 * time.Second}
	upload := &http.Server{Handler: srv.UploadHandler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 2)
	go func() { errc <- api.Serve(l) }()
	go func() { errc <- upload.Serve(lu) }()

	admin := srv.Admin()
	e := &emulation{
		DataCenters:  []emulatedDC{{Location: srv.Location, Name: srv.DataCenter().Name, AccountsURL: base, APIURL: base, UploadURL: srv.UploadURL}},
		ClientID:     srv.ClientID,
		ClientSecret: srv.ClientSecret,
		RedirectURI:  srv.RedirectURI,
		Users:        []emulatedUser{{Email: admin.Email, Name: admin.FullName(), Location: srv.Location}},
		GrantToken:   srv.GrantToken(srv.ClientID, admin.Email),
		SOID:         srv.SOID(),
		GrantURL:     base + "/_emulator/grant?email=" + url.QueryEscape(admin.Email),
		env: [][]envVar{
			{{"ZCRM_ACCOUNTS_URL", base}, {"ZCRM_API_BASE_URL", base}, {"ZCRM_UPLOAD_URL", srv.UploadURL}},
			{{"ZCRM_CLIENT_ID", srv.ClientID}, {"ZCRM_CLIENT_SECRET", srv.ClientSecret}, {"ZCRM_REDIRECT_URI", srv.RedirectURI}},
		},
	}
	if err := print(e); err != nil {
		return err
	}
	var served error
	select {
	case served = <-errc:
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, hs := range []*http.Server{api, upload} {
		if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	if served != nil && !errors.Is(served, http.ErrServerClosed) {
		return served
	}
	return nil
}

// nextPort is the address after listening's: the port after it, or a free
// one when the port asked for was 0.
func nextPort(listening, asked string) (string, error) {
	host, port, err := net.SplitHostPort(listening)
	if err != nil {
		return "", err
	}
	if _, askedPort, err := net.SplitHostPort(asked); err == nil && askedPort == "0" {
		return net.JoinHostPort(host, "0"), nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n >= 65535 {
		return "", usagef("--addr %q: no port after it for the upload host", asked)
	}
	return net.JoinHostPort(host, strconv.Itoa(n+1)), nil
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
	// Bulk write's upload host, on the same port: a client whose API base
	// is not Zoho's uploads to its API host and is sent its results there.
	mux.Handle("POST /crm/{version}/upload", srv.UploadHandler())
	mux.Handle("GET /v2/crm/", srv.UploadHandler())
	mux.Handle("/", srv.Handler())
	return mux
}

// emulation is what `zcrm emulator` prints: where each data centre
// answers, the OAuth client, a user of each data centre, and the ZCRM_
// variables that point a client at it.
type emulation struct {
	DataCenters  []emulatedDC      `json:"data_centers"`
	ClientID     string            `json:"client_id"`
	ClientSecret string            `json:"client_secret"`
	RedirectURI  string            `json:"redirect_uri"`
	Users        []emulatedUser    `json:"users"`
	GrantToken   string            `json:"grant_token,omitempty"` // for the first user
	SOID         string            `json:"soid,omitempty"`        // the org, for client credentials instead
	GrantURL     string            `json:"grant_url,omitempty"`   // mints more
	LoginURL     string            `json:"login_url,omitempty"`   // the consent page (--dcs)
	Env          map[string]string `json:"env"`

	env  [][]envVar // Env by line, in order, for the text
	text string     // what --dcs prints before the variables (MultiDC.Describe)
}

type emulatedDC struct {
	Location    string `json:"location"`
	Name        string `json:"name"`
	AccountsURL string `json:"accounts_url"`
	APIURL      string `json:"api_url"`
	UploadURL   string `json:"upload_url"`
}

type emulatedUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Location string `json:"location"`
}

type envVar struct{ name, value string }

// printer prints an emulation to out as text or JSON.
func printer(out io.Writer, asJSON bool) func(*emulation) error {
	return func(e *emulation) error {
		e.Env = map[string]string{}
		for _, line := range e.env {
			for _, v := range line {
				e.Env[v.name] = v.value
			}
		}
		if asJSON {
			return writeJSON(out, e)
		}
		var b strings.Builder
		if e.text == "" {
			dc := e.DataCenters[0]
			fmt.Fprintf(&b, "Zoho emulator on %s (accounts and CRM), upload host %s\n", dc.APIURL, dc.UploadURL)
		} else {
			b.WriteString(e.text)
			b.WriteString("Point examples/webapp, zcrm or the SDK at it:\n")
		}
		for _, line := range e.env {
			b.WriteString("  export")
			for _, v := range line {
				fmt.Fprintf(&b, " %s=%s", v.name, v.value)
			}
			b.WriteString("\n")
		}
		if e.GrantToken != "" {
			fmt.Fprintf(&b, "  grant token for %s: %s\n  more grant tokens: curl '%s'\n", e.Users[0].Email, e.GrantToken, e.GrantURL)
		}
		if e.SOID != "" {
			fmt.Fprintf(&b, "or, instead of a grant token, client credentials for the org:\n  export ZCRM_SOID=%s\n", e.SOID)
		}
		b.WriteString("then choose a token store (export ZCRM_TOKEN_PERSISTENCE_PATH=$(mktemp -d) for a file)")
		if e.GrantToken != "" {
			b.WriteString(",\n  zcrm tokens generate <grant-token> (not with ZCRM_SOID), and zcrm api GET org")
		}
		b.WriteString(".\nCtrl-C stops the emulator.\n")
		_, err := io.WriteString(out, b.String())
		return err
	}
}
