package sdk_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/zcrm-go/zcrm/sdk"
)

// The package doc's snippet (TestPackageDocSnippetsAreExamples keeps them
// identical). It has no Output: it needs a Zoho client and a grant token.
func Example() {
	ctx := context.Background()
	client, err := sdk.NewClient(ctx, sdk.Config{
		ClientID:             "1000.XXXX",
		ClientSecret:         os.Getenv("ZCRM_CLIENT_SECRET"),
		RedirectURI:          "https://example.com/callback",
		TokenPersistencePath: "/var/lib/myapp",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	// A store that cannot be read is an error, not a reason to spend the
	// single-use grant token.
	ok, err := client.IsTokenGenerated(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if !ok {
		if _, err := client.GenerateTokens(ctx, os.Getenv("ZCRM_GRANT_TOKEN")); err != nil {
			log.Fatal(err)
		}
	}
	me, _, err := client.Users.Current(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.Email)
}
