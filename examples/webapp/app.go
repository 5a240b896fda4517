package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"html/template"
	"log"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/weblogin"
)

// Scopes the app asks each user for: their leads, their CRM user, and who
// they are (the SDK asks Zoho whose tokens it got).
var scopes = []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "ZohoCRM.org.READ", "AaaServer.profile.READ"}

// leadsShown is how many of a user's leads the home page lists.
const leadsShown = 5

const sessionCookie = "webapp_session"

// appOptions configure the web app.
type appOptions struct {
	// Client keeps every user's tokens in its store and calls Zoho for them.
	Client *sdk.Client
	// Banner, when set, is shown on every page (which Zoho this is).
	Banner string
	// StateKey and SecureCookie are passed on to weblogin.Options.
	StateKey     []byte
	SecureCookie bool
	Logger       *log.Logger
}

// app is a small multi-user web app: each visitor logs in with their own
// Zoho account, in whichever data centre it lives, and sees their own CRM.
// Its sessions live in memory: a restart logs everyone out, while their
// tokens stay in the token store.
type app struct {
	opts     appOptions
	login    *weblogin.Handler
	callback string // path of the redirect URI
	sessions sessions
}

type session struct {
	owner   sdk.GrantOwner
	started time.Time
}

type sessions struct {
	mu   sync.Mutex
	byID map[string]session
}

func newApp(opts appOptions) (*app, error) {
	if opts.Logger == nil {
		opts.Logger = log.Default()
	}
	redirect, err := url.Parse(opts.Client.Config().RedirectURI)
	if err != nil || redirect.Path == "" {
		return nil, errors.New("webapp: redirect_uri must be this app's callback URL, such as http://127.0.0.1:8080/oauth/callback")
	}
	a := &app{opts: opts, callback: redirect.Path, sessions: sessions{byID: map[string]session{}}}
	a.login, err = weblogin.New(weblogin.Options{
		Client:       opts.Client,
		Scopes:       scopes,
		Prompt:       "consent", // a new refresh token at every login: the app may have lost the old one
		OnLogin:      a.loggedIn,
		OnError:      a.loginFailed,
		LoginPath:    "/login",
		StateKey:     opts.StateKey,
		SecureCookie: opts.SecureCookie,
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Handler serves the app's routes.
func (a *app) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /login", a.login.Login)
	mux.HandleFunc("GET "+a.callback, a.login.Callback)
	mux.HandleFunc("POST /logout", a.logout)
	mux.HandleFunc("POST /disconnect", a.disconnect)
	return mux
}

// loggedIn starts the app's session for the user Zoho named, whose tokens
// the SDK has saved under owner.UserIdentifier.
func (a *app) loggedIn(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner) {
	id, err := newSessionID()
	if err != nil {
		http.Error(w, "could not start a session", http.StatusInternalServerError)
		return
	}
	a.sessions.mu.Lock()
	a.sessions.byID[id] = session{owner: owner, started: time.Now()}
	a.sessions.mu.Unlock()
	http.SetCookie(w, a.sessionCookie(r, id, 0))
	a.opts.Logger.Printf("login: %s (data centre %s)", owner.UserIdentifier, owner.Location)
	// Away from the callback URL, which holds the spent grant code.
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (a *app) loginFailed(w http.ResponseWriter, r *http.Request, err *weblogin.Error) {
	a.opts.Logger.Printf("login failed (%d): %v", err.Status, err) // carries no secret
	weblogin.ErrorPage(w, err, "/login")
}

func (a *app) current(r *http.Request) (string, session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", session{}, false
	}
	a.sessions.mu.Lock()
	defer a.sessions.mu.Unlock()
	s, ok := a.sessions.byID[c.Value]
	return c.Value, s, ok
}

func (a *app) end(w http.ResponseWriter, r *http.Request, id string) {
	a.sessions.mu.Lock()
	delete(a.sessions.byID, id)
	a.sessions.mu.Unlock()
	http.SetCookie(w, a.sessionCookie(r, "", -1))
}

func (a *app) sessionCookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		// Lax: a cross-site form cannot post /logout or /disconnect with it.
		SameSite: http.SameSiteLaxMode,
		Secure:   r.TLS != nil || a.opts.SecureCookie,
	}
}

type lead struct{ Name, Company, Email string }

type homeView struct {
	Banner   string
	LoggedIn bool
	Owner    sdk.GrantOwner
	Leads    []lead
	Problem  string
}

// home shows the login link, or the user's name and their first leads,
// fetched with their own tokens from their own data centre.
func (a *app) home(w http.ResponseWriter, r *http.Request) {
	v := homeView{Banner: a.opts.Banner}
	status := http.StatusOK
	if _, s, ok := a.current(r); ok {
		v.LoggedIn, v.Owner = true, s.owner
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		records, _, err := a.opts.Client.ForUser(s.owner.UserIdentifier).Records.List(ctx, "Leads", &sdk.RecordListOptions{
			Fields:      []string{"First_Name", "Last_Name", "Company", "Email"},
			ListOptions: sdk.ListOptions{PerPage: leadsShown},
		})
		if err != nil {
			// SDK errors carry no token or secret.
			a.opts.Logger.Printf("leads of %s: %v", s.owner.UserIdentifier, err)
			v.Problem = "Your leads could not be read: " + err.Error()
			if errors.Is(err, sdk.ErrRefreshTokenRevoked) {
				v.Problem = "Zoho no longer accepts this app's access to your CRM. Log out and log in again."
			}
			status = http.StatusBadGateway
		}
		for _, rec := range records {
			name := rec.String("Last_Name")
			if first := rec.String("First_Name"); first != "" {
				name = first + " " + name
			}
			v.Leads = append(v.Leads, lead{Name: name, Company: rec.String("Company"), Email: rec.String("Email")})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := homePage.Execute(w, v); err != nil {
		a.opts.Logger.Printf("home page: %v", err)
	}
}

// logout ends the app's session only: the user's tokens stay in the store
// (the app could go on working for them) and Zoho is not told.
func (a *app) logout(w http.ResponseWriter, r *http.Request) {
	if id, s, ok := a.current(r); ok {
		a.end(w, r, id)
		a.opts.Logger.Printf("logout: %s", s.owner.UserIdentifier)
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// disconnect revokes the user's refresh token at Zoho (in their data
// centre), deletes their tokens from the store and ends the session.
func (a *app) disconnect(w http.ResponseWriter, r *http.Request) {
	id, s, ok := a.current(r)
	if !ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if err := a.opts.Client.ForUser(s.owner.UserIdentifier).RevokeTokens(r.Context()); err != nil {
		a.opts.Logger.Printf("disconnect %s: %v", s.owner.UserIdentifier, err)
		http.Error(w, "Zoho did not confirm the revocation; your session is still open. Try again later.", http.StatusBadGateway)
		return
	}
	a.end(w, r, id)
	a.opts.Logger.Printf("disconnect: %s (tokens revoked and deleted)", s.owner.UserIdentifier)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func newSessionID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

var homePage = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>zcrm example web app</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto}.banner{color:#555}</style></head>
<body>
{{if .Banner}}<p class="banner" id="banner">{{.Banner}}</p>{{end}}
{{if .LoggedIn}}
<h1>Hello, <span id="user-name">{{.Owner.DisplayName}}</span></h1>
<p>Signed in as <span id="user-email">{{.Owner.Email}}</span>, in Zoho's <span id="user-dc">{{.Owner.Location}}</span> data centre.</p>
{{if .Problem}}<p id="problem" role="alert">{{.Problem}}</p>{{end}}
<h2>Your first leads</h2>
<ul id="leads">{{range .Leads}}<li class="lead">{{.Name}}{{if .Company}} ({{.Company}}){{end}}</li>{{else}}<li id="no-leads">No leads yet.</li>{{end}}</ul>
<form method="post" action="/logout"><button id="logout" type="submit">Log out</button> ends your session here; the app keeps its access to your CRM.</form>
<form method="post" action="/disconnect"><button id="disconnect" type="submit">Disconnect</button> also revokes that access at Zoho and deletes the tokens.</form>
{{else}}
<h1>zcrm example web app</h1>
<p>See your Zoho CRM leads, whichever Zoho data centre your account lives in.</p>
<p><a id="login" href="/login">Login with Zoho</a></p>
{{end}}
</body>
</html>
`))
