package weblogin_test

import (
	"context"
	"log"
	"net/http"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/weblogin"
)

// An application with "Login with Zoho": the login route, the callback at
// the redirect URI's path, and its own session started in OnLogin.
func ExampleNew() {
	client, err := sdk.NewClient(context.Background(), sdk.Config{
		ClientID:     "1000.XXXXXXXX",
		ClientSecret: "xxxxxxxx",
		// A secret per data centre, when the API console's Multi-DC setting
		// gives each its own.
		ClientSecrets:        map[string]string{"eu": "yyyyyyyy"},
		RedirectURI:          "https://app.example.com/oauth/callback",
		TokenPersistencePath: "/var/lib/myapp",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	login, err := weblogin.New(weblogin.Options{
		Client: client,
		Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "AaaServer.profile.READ"},
		Prompt: "consent",
		OnLogin: func(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner) {
			// Start the application's session for owner.UserIdentifier;
			// client.ForUser(owner.UserIdentifier) then works for them, in
			// their data centre (owner.Location).
			http.Redirect(w, r, "/", http.StatusSeeOther)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", login.Login)
	mux.HandleFunc("GET /oauth/callback", login.Callback)
	log.Fatal(http.ListenAndServe("localhost:8080", mux))
}
