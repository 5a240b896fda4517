package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// These examples run in the test binary against the emulator, with no
// plugin binary anywhere: the binary serves its token store itself, as
// every program that imports the SDK does.

// A client needs the OAuth client's settings and a place for the tokens:
// here a folder for the file store. The store runs as a subprocess started
// from the program's own executable; Close ends it.
func ExampleNewClient() {
	srv := zohotest.NewServer() // stands in for Zoho
	defer srv.Close()
	dir, err := os.MkdirTemp("", "tokens")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	cfg := sdk.Config{
		ClientID:             srv.ClientID,
		ClientSecret:         srv.ClientSecret,
		RedirectURI:          srv.RedirectURI,
		AccountsURL:          srv.URL, // https://accounts.zoho.com by default
		TokenPersistencePath: dir,
	}
	fmt.Println("store:", cfg.Store())
	client, err := sdk.NewClient(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ok, err := client.IsTokenGenerated(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tokens:", ok)
	// Output:
	// store: file
	// tokens: false
}

// A grant token (from Zoho's API console, or a web app's callback) is
// exchanged once; the store then keeps the tokens, and later runs check
// IsTokenGenerated instead.
func ExampleClient_GenerateTokens() {
	client, srv, done := newExampleClient()
	defer done()
	ctx := context.Background()

	ok, err := client.IsTokenGenerated(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tokens before:", ok)
	user, err := client.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tokens saved for", user)
	ok, _ = client.IsTokenGenerated(ctx)
	fmt.Println("tokens after:", ok)
	// Output:
	// tokens before: false
	// tokens saved for p.boyle@zylker.com
	// tokens after: true
}

// One client serves many users: ForUser makes calls with another user's
// tokens, sharing the store, the HTTP client and the limits.
func ExampleClient_ForUser() {
	client, srv, done := newExampleClient()
	defer done()
	ctx := context.Background()
	rep := srv.AddUser(zohotest.User{FirstName: "Rosa", LastName: "Rep", Email: "rosa.rep@zylker.com"})

	for _, email := range []string{srv.Admin().Email, rep.Email} {
		user := client.ForUser(email)
		if _, err := user.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, email)); err != nil {
			log.Fatal(err)
		}
		me, _, err := user.Users.Current(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(me.FullName)
	}
	// Output:
	// Patricia Boyle
	// Rosa Rep
}

// Zoho's error answers are *APIError values: errors.Is matches a sentinel
// for the code, errors.As gives the details.
func ExampleAPIError() {
	client, srv, done := newExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := client.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email)); err != nil {
		log.Fatal(err)
	}

	_, _, err := client.Records.List(ctx, "Leeds", nil) // a typo
	fmt.Println("invalid module:", errors.Is(err, sdk.ErrInvalidModule))
	var apiErr *sdk.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	// Output:
	// invalid module: true
	// 400 INVALID_MODULE
}

// The accounts server's refusals are *AuthError values: a grant token is
// single-use, so exchanging it twice fails with ErrInvalidGrant.
func ExampleAuthError() {
	client, srv, done := newExampleClient()
	defer done()
	ctx := context.Background()
	grant := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	if _, err := client.GenerateTokens(ctx, grant); err != nil {
		log.Fatal(err)
	}

	_, err := client.GenerateTokens(ctx, grant)
	fmt.Println("used grant:", errors.Is(err, sdk.ErrInvalidGrant))
	var authErr *sdk.AuthError
	if errors.As(err, &authErr) {
		fmt.Println(authErr.Op, authErr.Code)
	}
	// Output:
	// used grant: true
	// grant token exchange invalid_code
}

// WriteErrors joins the refusals of a write of many records; nil means
// every record was written.
func ExampleWriteErrors() {
	client, _, done := exampleClient("v8")
	defer done()
	ctx := context.Background()

	results, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{
		{"Last_Name": "Lovelace"},
		{"First_Name": "Nameless"},
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := sdk.WriteErrors(results); err != nil {
		fmt.Println("some refused:", errors.Is(err, sdk.ErrMandatoryNotFound))
	}
	fmt.Println("created:", results[0].OK(), results[1].OK())
	// Output:
	// some refused: true
	// created: true false
}

// TokenSource hands the SDK's tokens to golang.org/x/oauth2 users, and
// HTTPClient authenticates any request to Zoho with them: one cache, one
// refresh path.
func ExampleClient_TokenSource() {
	client, srv, done := exampleClient("v8")
	defer done()

	tok, err := client.TokenSource().Token()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("valid:", tok.Valid(), "type:", tok.Type())

	resp, err := client.HTTPClient().Get(srv.URL + "/crm/v8/users?type=CurrentUser")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	fmt.Println(resp.StatusCode == http.StatusOK)
	// Output:
	// valid: true type: Zoho-oauthtoken
	// true
}

// newExampleClient is a client of a fresh emulator with no tokens yet.
func newExampleClient() (*sdk.Client, *zohotest.Server, func()) {
	srv := zohotest.NewServer()
	dir, err := os.MkdirTemp("", "zcrm-example")
	if err != nil {
		log.Fatal(err)
	}
	c, err := sdk.NewClient(context.Background(), sdk.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, TokenPersistencePath: dir,
	})
	if err != nil {
		log.Fatal(err)
	}
	return c, srv, func() { c.Close(); srv.Close(); os.RemoveAll(dir) }
}
