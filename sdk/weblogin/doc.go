// Package weblogin is "Login with Zoho" for net/http: the two routes a
// web-based Zoho client needs to let many users connect their Zoho CRM,
// each in their own data centre.
//
//	login, err := weblogin.New(weblogin.Options{
//		Client:  client, // an *sdk.Client; its redirect_uri is the callback's URL
//		Scopes:  []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "AaaServer.profile.READ"},
//		Prompt:  "consent",
//		OnLogin: func(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner) {
//			// start the application's session for owner.UserIdentifier
//			http.Redirect(w, r, "/", http.StatusSeeOther)
//		},
//	})
//	mux.HandleFunc("GET /login", login.Login)
//	mux.HandleFunc("GET /oauth/callback", login.Callback)
//
// Login redirects the browser to Zoho's consent page with a new state and
// sets the login cookie. Zoho sends the browser back to the redirect URI
// with code, state, location and accounts-server. Callback checks the
// state against the cookie, refuses an accounts server that is neither
// Zoho's nor the configured one before any secret is sent, and hands the
// grant to sdk.Client.ExchangeGrant, which exchanges it in the user's data
// centre, asks Zoho whose tokens they are and saves them under that user.
// OnLogin then gets the browser and the user.
//
// # The state
//
// A state is 16 random bytes (crypto/rand), an expiry (Options.StateTTL,
// five minutes by default) and a hash of a second random secret that only
// the login cookie holds, signed with HMAC-SHA256 under Options.StateKey.
// The cookie is HttpOnly, SameSite=Lax, Secure over TLS (or with
// Options.SecureCookie behind a TLS-terminating proxy) and sent only to the
// callback's path; the callback deletes it. A state is accepted once: the
// process remembers used states until they expire.
//
// Instances of an application behind one address must share StateKey
// (without it each process signs with a random key of its own, and a
// callback reaching another instance is refused as forged). They need not
// share anything else: a replayed callback that reaches an instance which
// has not seen its state still carries a grant code Zoho has already
// accepted once, and fails there.
//
// # Failures
//
// A callback without a state, with a forged, expired or used state, from a
// browser without the login cookie, with Zoho's error redirect (the user
// clicked Reject), naming a foreign accounts server, or with a grant code
// Zoho refuses (used already, expired) ends on Options.OnError with an
// *Error: status 400 or 403, a reason to match with errors.Is (ErrStateMissing,
// ErrStateInvalid, ErrStateExpired, ErrStateReused, ErrOtherBrowser,
// ErrDenied, ErrForeignAccountsServer, ErrGrantRefused...) and a message
// for the browser. Nothing is saved then, and neither the page nor the
// error carries a token, a grant code or a secret. The default OnError is
// ErrorPage, a small HTML page.
//
// # Logging out
//
// The package keeps no session: logging out is the application ending its
// own. The user's tokens stay in the token store, so the application can
// go on working for them; sdk.Client.RevokeTokens, for
// client.ForUser(owner.UserIdentifier), revokes them at Zoho and deletes
// them.
package weblogin
