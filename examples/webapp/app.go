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

// Handler serves the app's routes. A page of another origin cannot post
// to them, nor frame them.
func (a *app) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /login", a.login.Login)
	mux.HandleFunc("GET "+a.callback, a.login.Callback)
	mux.HandleFunc("POST /logout", a.logout)
	mux.HandleFunc("POST /disconnect", a.disconnect)
	// SameSite=Lax keeps the session cookie from cross-site posts only: a
	// page of the same site (another port, a sibling subdomain) could post
	// /disconnect for the user. The browser says where a request comes
	// from (Sec-Fetch-Site, Origin), and only this origin may change state.
	origin := http.NewCrossOriginProtection()
	origin.SetDenyHandler(http.HandlerFunc(a.refused))
	return noFraming(origin.Handler(mux))
}

// noFraming forbids every page to be shown in a frame: a framing page
// could make the user click Disconnect.
func noFraming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
		w.Header().Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// refused answers a state-changing request that came from another origin.
func (a *app) refused(w http.ResponseWriter, r *http.Request) {
	a.opts.Logger.Printf("refused %s %s from another origin (%s)", r.Method, r.URL.Path, r.Header.Get("Origin"))
	a.render(w, http.StatusForbidden, errorPage, errorView{Banner: a.opts.Banner, Heading: "Request refused",
		Message: "This request came from a page of another site or origin, and was refused: nothing was changed."})
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

// loginFailed shows why a login failed, on a page of the app's own, with
// the way to sign in again.
func (a *app) loginFailed(w http.ResponseWriter, r *http.Request, err *weblogin.Error) {
	a.opts.Logger.Printf("login failed (%d): %v", err.Status, err) // carries no secret
	a.render(w, err.Status, errorPage, errorView{Banner: a.opts.Banner, Heading: "Sign-in failed", Message: err.Message()})
}

// render answers with a page of the app.
func (a *app) render(w http.ResponseWriter, status int, page *template.Template, view any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := page.Execute(w, view); err != nil {
		a.opts.Logger.Printf("page %s: %v", page.Name(), err)
	}
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
	// Disconnected: the session's user has no tokens any more (a
	// Disconnect in another session, a revocation at Zoho).
	Disconnected bool
}

type errorView struct {
	Banner, Heading, Message string
}

// home shows the login link, or the user's name and their first leads,
// fetched with their own tokens from their own data centre.
func (a *app) home(w http.ResponseWriter, r *http.Request) {
	v := homeView{Banner: a.opts.Banner}
	status := http.StatusOK
	if id, s, ok := a.current(r); ok {
		v.LoggedIn, v.Owner = true, s.owner
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		records, _, err := a.opts.Client.ForUser(s.owner.UserIdentifier).Records.List(ctx, "Leads", &sdk.RecordListOptions{
			Fields:      []string{"First_Name", "Last_Name", "Company", "Email"},
			ListOptions: sdk.ListOptions{PerPage: leadsShown},
		})
		switch {
		case errors.Is(err, sdk.ErrNoTokens), errors.Is(err, sdk.ErrRefreshTokenRevoked):
			// Nothing to work with: the session is over, and the user
			// connects again by logging in.
			a.opts.Logger.Printf("leads of %s: %v; ending the session", s.owner.UserIdentifier, err)
			a.end(w, r, id)
			v = homeView{Banner: a.opts.Banner, Disconnected: true}
		case err != nil:
			// The details go to the log; the page says what the user can do.
			a.opts.Logger.Printf("leads of %s: %v", s.owner.UserIdentifier, err)
			v.Problem = "Your leads could not be read from Zoho just now. Reload the page in a moment."
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
	a.render(w, status, homePage, v)
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
		a.render(w, http.StatusBadGateway, homePage, homeView{Banner: a.opts.Banner, LoggedIn: true, Owner: s.owner,
			Problem: "Zoho did not confirm the disconnection: the app is still connected to your CRM. Try again in a moment."})
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

// layout is every page's frame: the app's look and its banner.
var layout = template.Must(template.New("layout").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{block "title" .}}zcrm example web app{{end}}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto}.banner{color:#555}[role=alert]{color:#a00}</style></head>
<body>
{{if .Banner}}<p class="banner" id="banner">{{.Banner}}</p>{{end}}
{{block "content" .}}{{end}}
</body>
</html>
`))

func newPage(content string) *template.Template {
	return template.Must(template.Must(layout.Clone()).Parse(content))
}

var homePage = newPage(`{{define "content"}}
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
{{if .Disconnected}}<p id="disconnected" role="alert">This app is no longer connected to your Zoho CRM: it was disconnected, here or in another window, or Zoho ended its access. Log in with Zoho to connect again.</p>{{end}}
<p>See your Zoho CRM leads, whichever Zoho data centre your account lives in.</p>
<p><a id="login" href="/login">Login with Zoho</a></p>
{{end}}
{{end}}`)

// errorPage says why something failed, and always offers to sign in again.
var errorPage = newPage(`{{define "title"}}{{.Heading}}{{end}}{{define "content"}}
<h1 id="login-error">{{.Heading}}</h1>
<p id="login-error-message" role="alert">{{.Message}}</p>
<p><a id="login-again" href="/login">Sign in again</a> or go back to the <a id="home" href="/">home page</a>.</p>
{{end}}`)
