package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// exampleClient is a client of a fresh emulator whose admin has tokens.
func exampleClient(version string) (*sdk.Client, *zohotest.Server, func()) {
	srv := zohotest.NewServer()
	dir, err := os.MkdirTemp("", "zcrm-example")
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	c, err := sdk.NewClient(ctx, sdk.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, TokenPersistencePath: dir, APIVersion: version,
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email)); err != nil {
		log.Fatal(err)
	}
	return c, srv, func() { c.Close(); srv.Close(); os.RemoveAll(dir) }
}

// Writes take any number of records and report on each one.
func ExampleRecordsService_Create() {
	client, _, done := exampleClient("v8")
	defer done()
	ctx := context.Background()

	results, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{
		{"Last_Name": "Lovelace", "Email": "ada@example.com"},
		{"First_Name": "Nameless"},
		{"Last_Name": "Hopper", "Email": "not an email"},
	}, nil)
	if err != nil {
		log.Fatal(err) // the call failed as a whole
	}
	for _, r := range results {
		var rerr *sdk.RecordError
		switch {
		case r.OK():
			fmt.Printf("record %d created\n", r.Index)
		case errors.As(r.Err(), &rerr):
			fmt.Printf("record %d refused: %s (%s)\n", r.Index, rerr.Code, rerr.Field())
		}
	}
	// Output:
	// record 0 created
	// record 1 refused: MANDATORY_NOT_FOUND (Last_Name)
	// record 2 refused: INVALID_DATA (Email)
}

// All walks every page; with API v5 and later it goes past record 2000
// with page tokens.
func ExampleRecordsService_All() {
	client, srv, done := exampleClient("v8")
	defer done()
	for i := range 2500 {
		srv.Records("Contacts").Insert(map[string]any{"Last_Name": fmt.Sprintf("C%04d", i)})
	}

	n := 0
	opts := &sdk.RecordListOptions{Fields: []string{"Last_Name"}, SortBy: "Last_Name", SortOrder: "asc"}
	for contact, err := range client.Records.All(context.Background(), "Contacts", opts) {
		if err != nil {
			log.Fatal(err)
		}
		if n++; n == 1 || n == 2500 {
			fmt.Println(n, contact.String("Last_Name"))
		}
	}
	// Output:
	// 1 C0000
	// 2500 C2499
}

// Query.All pages a COQL query with LIMIT and OFFSET.
func ExampleQueryService_All() {
	client, srv, done := exampleClient("v8")
	defer done()
	srv.Records("Deals").Insert(
		map[string]any{"Deal_Name": "Big", "Stage": "Closed Won", "Amount": 90000},
		map[string]any{"Deal_Name": "Small", "Stage": "Closed Won", "Amount": 900},
		map[string]any{"Deal_Name": "Lost", "Stage": "Closed Lost", "Amount": 50000},
	)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for deal, err := range client.Query.All(ctx, "select Deal_Name, Amount from Deals where Stage = 'Closed Won' order by Amount desc", nil) {
		if err != nil {
			log.Fatal(err)
		}
		amount, _ := deal.Float("Amount")
		fmt.Printf("%s: %.0f\n", deal.String("Deal_Name"), amount)
	}
	// Output:
	// Big: 90000
	// Small: 900
}
