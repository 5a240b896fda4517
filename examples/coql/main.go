// Command coql queries records with COQL, Zoho's SQL-like query language:
// one query with Query.Run, and every record a query selects with
// Query.All, which pages with LIMIT and OFFSET within Zoho's limits.
//
// With no ZCRM_ variables it runs against an emulated Zoho (see
// examples/quickstart for running it against Zoho; it creates a few
// contacts there and deletes them again).
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zcrm-go/zcrm/examples/internal/demo"
	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	setup, client, _, err := demo.Connect(ctx)
	if err != nil {
		return err
	}
	defer setup.Close()
	defer client.Close()

	tag := "Coql" + time.Now().Format("150405")
	departments := []string{"Sales", "Support", "Sales", "Research", "Sales"}
	contacts := make([]sdk.Record, len(departments))
	for i, d := range departments {
		contacts[i] = sdk.Record{"Last_Name": fmt.Sprintf("%s-%d", tag, i), "Department": d}
	}
	results, _, err := client.Records.Create(ctx, "Contacts", contacts, nil)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	ids := make([]string, len(results))
	for i, r := range results {
		ids[i] = r.ID()
	}
	fmt.Printf("1. Created %d contacts\n", len(ids))
	defer func() {
		if _, _, err := client.Records.Delete(ctx, "Contacts", ids...); err != nil {
			log.Printf("cleaning up: %v", err)
		}
	}()

	// One query: the selected fields and id come back.
	sales, resp, err := client.Query.Run(ctx, fmt.Sprintf(
		"select Last_Name, Department from Contacts where Department = 'Sales' and Last_Name like '%s%%' order by Last_Name desc", tag))
	if err != nil {
		return err
	}
	fmt.Printf("2. %d in Sales (more: %v):", resp.Info.Count, resp.Info.MoreRecords)
	for _, c := range sales {
		fmt.Printf(" %s", c.String("Last_Name"))
	}
	fmt.Println()

	// Every record a query selects: All adds LIMIT and OFFSET itself.
	n := 0
	for contact, err := range client.Query.All(ctx, fmt.Sprintf("select Last_Name from Contacts where Last_Name like '%s%%'", tag), &sdk.QueryOptions{PageSize: 2}) {
		if err != nil {
			return err
		}
		n++
		fmt.Printf("3. Record %d of the query: %s\n", n, contact.String("Last_Name"))
	}

	// A query Zoho refuses is an error matching ErrInvalidQuery.
	_, _, err = client.Query.Run(ctx, "select Last_Name from Contacts")
	if errors.Is(err, sdk.ErrInvalidQuery) {
		fmt.Println("4. Refused as expected: COQL wants a WHERE clause")
	}
	return nil
}
