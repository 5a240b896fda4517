// Command records creates, searches, updates and deletes leads: records
// as plain maps of field API names, written in batches with one result per
// record, and read back through search and an iterator.
//
// With no ZCRM_ variables it runs against an emulated Zoho (see
// examples/quickstart for running it against Zoho; it creates three leads
// there and deletes them again).
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

	// Create: one call for up to 100 records; longer slices are split.
	// Emails are unique in Leads, so a run tag keeps reruns apart.
	tag := time.Now().Format("150405")
	leads := []sdk.Record{
		{"First_Name": "Ada", "Last_Name": "Lovelace", "Company": "zcrm demo " + tag, "Email": "ada." + tag + "@example.com"},
		{"First_Name": "Grace", "Last_Name": "Hopper", "Company": "zcrm demo " + tag, "Email": "grace." + tag + "@example.com"},
		{"First_Name": "Alan", "Last_Name": "Turing", "Company": "zcrm demo " + tag, "Email": "alan." + tag + "@example.com"},
	}
	results, _, err := client.Records.Create(ctx, "Leads", leads, nil)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err // one error per refused record, naming it and its field
	}
	ids := make([]string, len(results))
	for i, r := range results {
		ids[i] = r.ID()
	}
	fmt.Printf("1. Created %d leads\n", len(ids))

	// A record Zoho refuses is a result, not an error.
	bad, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{{"First_Name": "No last name"}}, nil)
	if err != nil {
		return err
	}
	var rerr *sdk.RecordError
	if errors.As(bad[0].Err(), &rerr) {
		fmt.Printf("2. Refused as expected: %s on field %s\n", rerr.Code, rerr.Field())
	}

	// Search by email, then by criteria with the iterator over all pages.
	found, _, err := client.Records.Search(ctx, "Leads", &sdk.SearchOptions{Email: "grace." + tag + "@example.com"})
	if err != nil {
		return err
	}
	for _, lead := range found {
		fmt.Printf("3. Found by email: %s %s (%s)\n", lead.String("First_Name"), lead.String("Last_Name"), lead.ID())
	}
	criteria := sdk.AllOf(
		sdk.Criterion("Company", sdk.OpEquals, "zcrm demo "+tag),
		sdk.AnyOf(sdk.Criterion("Last_Name", sdk.OpStartsWith, "T"), sdk.Criterion("Last_Name", sdk.OpStartsWith, "L")),
	)
	for lead, err := range client.Records.SearchAll(ctx, "Leads", &sdk.SearchOptions{Criteria: criteria}) {
		if err != nil {
			return err
		}
		fmt.Printf("4. Found by criteria: %s\n", lead.String("Last_Name"))
	}

	// Update: send the id and the fields to change; the others stay.
	results, _, err = client.Records.Update(ctx, "Leads", []sdk.Record{{"id": ids[0], "Lead_Status": "Contacted"}},
		&sdk.WriteOptions{Trigger: []string{sdk.TriggerWorkflow}})
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	ada, _, err := client.Records.Get(ctx, "Leads", ids[0], nil)
	if err != nil {
		return err
	}
	fmt.Printf("5. Updated: %s is now %q, modified by %s\n", ada.String("Full_Name"), ada.String("Lead_Status"), ada.ModifiedBy().Name)

	// Delete: they go to the recycle bin.
	results, _, err = client.Records.Delete(ctx, "Leads", ids...)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	fmt.Printf("6. Deleted %d leads\n", len(results))
	deleted, _, err := client.Records.ListDeleted(ctx, "Leads", &sdk.DeletedListOptions{Type: sdk.DeletedRecycle})
	if err != nil {
		return err
	}
	if len(deleted) > 0 {
		fmt.Printf("7. Most recent in the recycle bin: %s, deleted by %s\n", deleted[0].DisplayName, deleted[0].DeletedBy.Name)
	}
	return nil
}
