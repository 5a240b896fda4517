// Command getuser is the seed's sample: it checks whether tokens were
// generated for the user, exchanges a grant token when they were not, then
// prints a user's details: the one whose id is given as an argument, or the
// current user.
//
// With no ZCRM_ variables it runs against an emulated Zoho.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/zcrm-go/zcrm/examples/internal/demo"
	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}

func run(args []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
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

	ok, err := client.IsTokenGenerated(ctx)
	if err != nil {
		return err
	}
	if !ok {
		if _, err := client.GenerateTokens(ctx, setup.GrantToken); err != nil {
			return err
		}
	}

	var user *sdk.User
	if len(args) > 0 {
		user, _, err = client.Users.Get(ctx, args[0])
	} else {
		user, _, err = client.Users.Current(ctx)
	}
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(user, "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}
