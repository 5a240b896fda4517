// Command quickstart goes from sign-in to a first record: it signs in by
// client credentials (ZCRM_SOID set) or exchanges a grant token, keeps the
// tokens in the file store (a plugin process started from this program's
// own executable), says who or which org it works for, then creates a lead
// and reads it back.
//
// With no ZCRM_ variables it runs against an emulated Zoho. Against Zoho,
// with a Self Client's id and secret and the org's id:
//
//	export ZCRM_CLIENT_ID=1000.XXXX ZCRM_CLIENT_SECRET=... ZCRM_SOID=ZohoCRM.600012345
//	export ZCRM_TOKEN_PERSISTENCE_PATH=$HOME/.zcrm
//	go run ./examples/quickstart
//
// or, instead of ZCRM_SOID, a grant token: ZCRM_GRANT_TOKEN=1000.xxxx.yyyy.
package main

import (
	"context"
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

	setup, err := demo.New()
	if err != nil {
		return err
	}
	defer setup.Close()

	client, err := sdk.NewClient(ctx, setup.Config)
	if err != nil {
		return err
	}
	defer client.Close()

	generated, err := client.IsTokenGenerated(ctx)
	if err != nil {
		return err
	}
	switch {
	case setup.Config.SOID != "":
		fmt.Printf("1. Client credentials for the org %s: no grant token, no refresh token\n", setup.Config.SOID)
	case !generated:
		if setup.GrantToken == "" {
			return fmt.Errorf("no tokens stored yet: set %s to a grant token from Zoho's API console (Self Client)", demo.GrantTokenEnv)
		}
		user, err := client.GenerateTokens(ctx, setup.GrantToken)
		if err != nil {
			return err
		}
		fmt.Printf("1. Grant token exchanged; tokens saved for %s\n", user)
	default:
		fmt.Println("1. Tokens already stored")
	}

	if setup.Config.SOID != "" {
		// The org's token acts for no one person.
		org, _, err := client.Org.Get(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("2. Org: %s (%s)\n", org.CompanyName, setup.Config.SOID)
	} else {
		me, _, err := client.Users.Current(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("2. Current user: %s <%s>, %s\n", me.FullName, me.Email, roleName(me))
	}

	results, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{{
		"Last_Name":  "Quickstart",
		"First_Name": "Ada",
		"Company":    "zcrm demo",
		// Unique, so that the demo runs again against the same CRM.
		"Email": fmt.Sprintf("ada.quickstart.%d@example.com", time.Now().UnixNano()),
	}}, nil)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	id := results[0].ID()
	fmt.Printf("3. Lead created: %s\n", id)

	lead, _, err := client.Records.Get(ctx, "Leads", id, nil)
	if err != nil {
		return err
	}
	fmt.Printf("4. Lead read back: %s %s, %s, created %s by %s\n",
		lead.String("First_Name"), lead.String("Last_Name"), lead.String("Email"),
		lead.CreatedTime().Format(time.RFC3339), lead.CreatedBy().Name)
	return nil
}

func roleName(u *sdk.User) string {
	if u.Role == nil {
		return "no role"
	}
	return "role " + u.Role.Name
}
