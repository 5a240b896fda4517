// Package demo gives the examples their configuration: Zoho itself when
// ZCRM_CLIENT_ID is set (with every ZCRM_ variable read as the matching
// configuration key), else an emulated Zoho started in the process, so that
// every example runs with no setup.
package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// GrantTokenEnv holds a grant token for runs against Zoho.
const GrantTokenEnv = "ZCRM_GRANT_TOKEN"

// Setup is what an example needs to run.
type Setup struct {
	Config sdk.Config
	// GrantToken to exchange when the store holds no tokens yet; from
	// ZCRM_GRANT_TOKEN, or minted by the emulator.
	GrantToken string
	// Emulator is set when the example runs against the emulator.
	Emulator *zohotest.Server
	cleanup  func()
}

// Close stops the emulator and removes the demo's token folder.
func (s *Setup) Close() {
	if s.cleanup != nil {
		s.cleanup()
	}
}

// New returns the setup: real Zoho from the environment, or the emulator
// with a file token store in a fresh folder.
func New() (*Setup, error) {
	if os.Getenv("ZCRM_CLIENT_ID") != "" {
		cfg, err := sdk.ConfigFromEnv()
		if err != nil {
			return nil, err
		}
		return &Setup{Config: cfg, GrantToken: os.Getenv(GrantTokenEnv)}, nil
	}
	srv := zohotest.NewServer()
	dir, err := os.MkdirTemp("", "zcrm-demo-tokens")
	if err != nil {
		srv.Close()
		return nil, err
	}
	fmt.Printf("No ZCRM_CLIENT_ID set: using the Zoho emulator at %s, tokens in %s\n", srv.URL, filepath.Join(dir, "zcrm_oauthtokens.txt"))
	return &Setup{
		Config: sdk.Config{
			ClientID:             srv.ClientID,
			ClientSecret:         srv.ClientSecret,
			RedirectURI:          srv.RedirectURI,
			AccountsURL:          srv.URL,
			TokenPersistencePath: dir,
		},
		GrantToken: srv.GrantToken(srv.ClientID, srv.Admin().Email),
		Emulator:   srv,
		cleanup: func() {
			srv.Close()
			os.RemoveAll(dir)
		},
	}, nil
}

// Connect sets up, starts a client, and exchanges the grant token when the
// store holds no tokens yet. It returns the user the tokens were generated
// for, or "" when they were stored already. Close the client, then the
// setup.
func Connect(ctx context.Context) (*Setup, *sdk.Client, string, error) {
	setup, err := New()
	if err != nil {
		return nil, nil, "", err
	}
	client, err := sdk.NewClient(ctx, setup.Config)
	if err != nil {
		setup.Close()
		return nil, nil, "", err
	}
	fail := func(err error) (*Setup, *sdk.Client, string, error) {
		client.Close()
		setup.Close()
		return nil, nil, "", err
	}
	if setup.Config.SOID != "" {
		return setup, client, "", nil // client credentials: no grant to exchange
	}
	ok, err := client.IsTokenGenerated(ctx)
	if err != nil {
		return fail(err)
	}
	if ok {
		return setup, client, "", nil
	}
	if setup.GrantToken == "" {
		return fail(fmt.Errorf("no tokens stored yet: set %s to a grant token from Zoho's API console (Self Client)", GrantTokenEnv))
	}
	user, err := client.GenerateTokens(ctx, setup.GrantToken)
	if err != nil {
		return fail(err)
	}
	return setup, client, user, nil
}
