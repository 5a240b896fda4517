// Command typed works with the records of an org through the Go types
// that zcrm gen wrote for it (package crm, generated from the emulator's
// org): it creates a property with a field of every kind, checked before
// it is sent, reads it back, updates its subform, shows a write refused
// before sending, and bulk-reads the module into the same struct.
//
// It runs against the emulator (its org has the custom module Properties).
// Regenerate the package with go generate after changing the org.
package main

//go:generate go run ../../cmd/zcrm gen --emulator --modules Leads,Properties --out crm

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zcrm-go/zcrm/examples/internal/demo"
	"github.com/zcrm-go/zcrm/examples/typed/crm"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
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

	properties := crm.Properties(client)
	checked := &sdk.WriteOptions{Validate: true} // checked against the org's fields before sending
	results, _, err := properties.Create(ctx, []crm.Property{{
		Name:      "12 Elm Street",
		Status:    crm.PropertyStatusAvailable,
		Features:  crmtype.MultiSelect[crm.PropertyFeatures]{crm.PropertyFeaturesGarden, crm.PropertyFeaturesSolarPanels},
		ListedOn:  crmtype.Date{Year: 2024, Month: time.May, Day: 1},
		Price:     crmtype.MustDecimal("450000.00"),
		Rooms:     crmtype.IntOf(3),
		Furnished: crmtype.BoolOf(false),
		RoomsList: []crm.PropertyRoomsListRow{
			{RoomName: "Kitchen", Area: "20.5"},
			{RoomName: "Attic", Area: "12"},
		},
	}}, checked)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	id := results[0].ID()
	fmt.Printf("1. Created property %s\n", id)

	p, _, err := properties.Get(ctx, id, nil)
	if err != nil {
		return err
	}
	fmt.Printf("2. Read back: %s, %s, listed on %s, %s a room, %s m² in %d rooms\n",
		p.PropertyCode, p.Status, p.ListedOn, p.PricePerRoom, p.TotalRoomArea, len(p.RoomsList))

	// Keep the kitchen, leave the attic out (Zoho deletes it), add a cellar.
	p.RoomsList = []crm.PropertyRoomsListRow{{ID: p.RoomsList[0].ID}, {RoomName: "Cellar", Area: "9.5"}}
	p.Status = crm.PropertyStatusUnderOffer
	if results, _, err = properties.Update(ctx, []crm.Property{*p}, checked); err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	if p, _, err = properties.Get(ctx, id, nil); err != nil {
		return err
	}
	fmt.Printf("3. Updated: %s, rooms %s and %s\n", p.Status, p.RoomsList[0].RoomName, p.RoomsList[1].RoomName)

	_, _, err = properties.Create(ctx, []crm.Property{{Name: "No status"}}, checked)
	var invalid *sdk.ValidationError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("a property without its mandatory status was not refused: %v", err)
	}
	fmt.Printf("4. Refused before sending: record %d, field %s %s\n", invalid.Index, invalid.APIName, invalid.Problem)

	wait := &bulk.WaitOptions{MinInterval: 100 * time.Millisecond, MaxInterval: time.Second}
	req := &bulk.ReadRequest{Module: crm.PropertiesModule, Fields: []string{"Name", "Status", "Price", "Rooms"}}
	for row, err := range bulk.ReadAs[crm.Property](ctx, bulk.New(client), req, wait) {
		if err != nil {
			return err
		}
		fmt.Printf("5. Bulk read: %s, %s, %s, %s rooms\n", row.Name, row.Status, row.Price, row.Rooms)
	}
	return nil
}
