package zohotest

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The consent page: GET {accounts}/oauth/v2/auth shows the app, the scopes
// it asks for, a sign-in field and Accept and Reject buttons; the form posts
// back to the same path. As at Zoho, the login may start at one DC's
// accounts server (the app's) and end in the user's own: Accept mints the
// grant code in the user's DC and redirects with that DC's location and
// accounts-server.
//
// Reject redirects with error=access_denied, the state when one was sent,
// and the location and accounts-server of the DC that showed the page
// (Zoho's exact answer to a refusal is unconfirmed; an app must read error
// first whatever else comes).

// consentPageLifetime is how long a shown page can be answered, on the
// emulator's clock.
const consentPageLifetime = 30 * time.Minute

// consentRequest is what the page was shown for; the form carries only its
// token, so nothing the browser posts can change the client, redirect or
// scopes.
type consentRequest struct {
	client      Client
	redirectURI string
	scope       string
	state       string
	hasState    bool
	offline     bool
	expires     time.Time
}

type consentPages struct {
	mu      sync.Mutex
	pending map[string]*consentRequest // by page token, single use
}

func (cp *consentPages) init() { cp.pending = map[string]*consentRequest{} }

func (cp *consentPages) add(req *consentRequest) string {
	token := randomHex(24)
	cp.mu.Lock()
	defer cp.mu.Unlock()
	now := req.expires.Add(-consentPageLifetime)
	for t, r := range cp.pending {
		if r.expires.Before(now) {
			delete(cp.pending, t) // expired: keep the map small
		}
	}
	cp.pending[token] = req
	return token
}

// take removes and returns the request of a page token: a page answers once.
func (cp *consentPages) take(token string, now time.Time) (*consentRequest, bool) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	req, ok := cp.pending[token]
	if !ok {
		return nil, false
	}
	delete(cp.pending, token)
	return req, now.Before(req.expires)
}

// findClient looks a client up in this DC, then in the DCs a login starting
// here can reach (the client id is the same in all of them).
func (s *Server) findClient(id string) (Client, bool) {
	if c, ok := s.client(id); ok {
		return c, true
	}
	if s.group != nil {
		for _, o := range s.group.servers {
			if sameWorld(s.Location, o.Location) {
				if c, ok := o.client(id); ok {
					return c, true
				}
			}
		}
	}
	return Client{}, false
}

// handleConsent validates the authorization request as Zoho does (an error
// page, no redirect, for a bad client or redirect URI), then shows the
// consent page, or approves at once for the consent user.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID, redirect := q.Get("client_id"), q.Get("redirect_uri")
	c, ok := s.findClient(clientID)
	switch {
	case !ok:
		http.Error(w, "zohotest: invalid client_id: no such client is registered", http.StatusBadRequest)
		return
	case redirect != c.RedirectURI:
		http.Error(w, "zohotest: invalid redirect_uri: it must be the client's registered one", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "zohotest: response_type must be code", http.StatusBadRequest)
		return
	}
	if _, err := url.Parse(redirect); err != nil {
		http.Error(w, "zohotest: redirect_uri does not parse: "+err.Error(), http.StatusBadRequest)
		return
	}
	req := &consentRequest{
		client:      c,
		redirectURI: redirect,
		scope:       q.Get("scope"),
		state:       q.Get("state"),
		hasState:    q.Has("state"),
		offline:     strings.EqualFold(q.Get("access_type"), "offline"),
		expires:     s.Now().Add(consentPageLifetime),
	}
	if dc, userID, ok := s.autoConsent(); ok {
		if !dc.hasClient(c.ID) {
			s.consentError(w, http.StatusBadRequest, "This application is not enabled for the consent user's data centre ("+dataCenterName(dc.Location)+").")
			return
		}
		s.approve(w, r, dc, userID, req)
		return
	}
	s.showConsent(w, req, "", "", http.StatusOK)
}

// autoConsent says whom to approve for without showing the page: the
// group's consent user, else this server's when it approves at once.
func (s *Server) autoConsent() (*Server, string, bool) {
	if s.group != nil {
		if email := s.group.autoConsentUser(); email != "" {
			if u, dc, ok := s.group.User(email); ok {
				return dc, u.ID, true
			}
		}
	}
	s.people.mu.RLock()
	defer s.people.mu.RUnlock()
	if s.people.autoConsent {
		return s, s.people.consent, true
	}
	return nil, "", false
}

// handleConsentAnswer takes the posted form: Accept with a known email
// approves in that user's DC, an unknown one shows the page again with an
// error, Reject redirects with access_denied.
func (s *Server) handleConsentAnswer(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "zohotest: the consent form does not parse", http.StatusBadRequest)
		return
	}
	req, ok := s.consents.take(r.PostForm.Get("consent_token"), s.Now())
	if !ok {
		// A forged post, a page answered twice, or one left open too long.
		s.consentError(w, http.StatusForbidden, "This sign-in page is not valid any more (already answered, expired, or not ours). Start the login again from the application.")
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	switch r.PostForm.Get("action") {
	case "reject":
		s.counters.count(func(c *Counters) { c.ConsentsRejected++ })
		s.redirectConsent(w, r, req, url.Values{"error": {"access_denied"}}, s.Location, s.accountsServer(r))
	case "accept":
		u, dc, problem, disabled := s.signingIn(email, req.client.ID)
		switch {
		case disabled:
			s.consentError(w, http.StatusBadRequest, problem)
		case problem != "":
			s.showConsent(w, req, email, problem, http.StatusOK)
		default:
			s.counters.count(func(c *Counters) { c.ConsentsAccepted++ })
			s.approve(w, r, dc, u.ID, req)
		}
	default:
		s.showConsent(w, req, email, "Choose Accept or Reject.", http.StatusOK)
	}
}

// signingIn finds the person signing in on a page of this DC (the consent
// page, the device page), in their DC; else it says what is wrong, and
// whether it is that the client is not enabled in the person's DC.
func (s *Server) signingIn(email, clientID string) (u User, dc *Server, problem string, disabled bool) {
	u, dc, found := s.findConsentUser(email)
	switch {
	case email == "":
		return u, dc, "Enter the email address of your Zoho account.", false
	case !found:
		return u, dc, "No Zoho account has this email address.", false
	case u.Status != "active":
		return u, dc, "This account is " + u.Status + ".", false
	case !dc.hasClient(clientID):
		return u, dc, "This application is not enabled for your data centre (" + dataCenterName(dc.Location) + ").", true
	}
	return u, dc, "", false
}

// findConsentUser finds the user who signs in, in whichever DC (of this
// world) holds them.
func (s *Server) findConsentUser(email string) (User, *Server, bool) {
	if s.group != nil {
		return s.group.userDC(s.Location, email)
	}
	u, ok := s.userByEmail(email)
	return u, s, ok
}

// approve mints the grant code in dc, the user's DC, and redirects to the
// app with code, location, accounts-server and state, as Zoho does.
func (s *Server) approve(w http.ResponseWriter, r *http.Request, dc *Server, userID string, req *consentRequest) {
	now := dc.Now()
	code := newToken()
	dc.tokens.mu.Lock()
	dc.tokens.grants[code] = &grantCode{
		clientID: req.client.ID,
		userID:   userID,
		scopes:   parseScopes([]string{req.scope}),
		expires:  now.Add(dc.cfg.grantLifetime),
		offline:  req.offline,
	}
	dc.tokens.mu.Unlock()
	accounts := dc.AccountsURL
	if dc == s || accounts == "" {
		accounts = s.accountsServer(r)
	}
	s.redirectConsent(w, r, req, url.Values{"code": {code}}, dc.Location, accounts)
}

// redirectConsent sends the browser to the redirect URI with the answer
// first, then location, accounts-server and state, each URL-encoded
// (accounts-server=https%3A%2F%2Faccounts.zoho.eu), keeping the redirect
// URI's own query.
func (s *Server) redirectConsent(w http.ResponseWriter, r *http.Request, req *consentRequest, answer url.Values, location, accounts string) {
	target, _ := url.Parse(req.redirectURI) // checked when the page was asked for
	var params []string
	if target.RawQuery != "" {
		params = append(params, target.RawQuery)
	}
	for _, k := range []string{"code", "error"} {
		if v, ok := answer[k]; ok {
			params = append(params, k+"="+url.QueryEscape(v[0]))
		}
	}
	params = append(params, "location="+url.QueryEscape(location), "accounts-server="+url.QueryEscape(accounts))
	if req.hasState {
		params = append(params, "state="+url.QueryEscape(req.state))
	}
	target.RawQuery = strings.Join(params, "&")
	http.Redirect(w, r, target.String(), http.StatusFound)
}

type consentView struct {
	App         string
	Redirect    string
	Scopes      []string
	Offline     bool
	DataCenter  string
	Token       string
	Email       string
	Error       string
	Suggestions []string
}

// showConsent renders the page with a fresh single-use token.
func (s *Server) showConsent(w http.ResponseWriter, req *consentRequest, email, problem string, status int) {
	req.expires = s.Now().Add(consentPageLifetime)
	v := consentView{
		App:        req.client.Name,
		Redirect:   req.redirectURI,
		Offline:    req.offline,
		DataCenter: dataCenterName(s.Location),
		Token:      s.consents.add(req),
		Email:      email,
		Error:      problem,
	}
	v.Scopes = strings.FieldsFunc(req.scope, func(r rune) bool { return r == ',' || r == ' ' })
	v.Suggestions = s.consentSuggestions()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY") // no clickjacking of Accept
	w.WriteHeader(status)
	_ = consentTemplate.Execute(w, v)
}

// consentSuggestions lists the emails a person trying the emulator can
// sign in with (a datalist: typing any other still works).
func (s *Server) consentSuggestions() []string {
	servers := []*Server{s}
	if s.group != nil {
		servers = s.group.servers
	}
	var out []string
	for _, o := range servers {
		if !sameWorld(s.Location, o.Location) {
			continue
		}
		for _, u := range o.Users() {
			if u.Status == "active" {
				out = append(out, u.Email)
			}
		}
	}
	return out
}

func (s *Server) consentError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = consentErrorTemplate.Execute(w, message)
}

var consentTemplate = template.Must(template.New("consent").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Zoho Accounts (emulator): {{.App}} asks for access</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}.error{color:#b00020}button{margin-right:1em}</style>
</head><body>
<h1>Sign in to Zoho</h1>
<p class="dc">Zoho Accounts, {{.DataCenter}} (emulator)</p>
<p><strong id="app">{{.App}}</strong> would like to access your Zoho CRM account:</p>
<ul id="scopes">{{range .Scopes}}<li>{{.}}</li>{{else}}<li>everything it may</li>{{end}}</ul>
{{if .Offline}}<p>It will keep access while you are away (offline access).</p>{{end}}
<p>You will be sent back to <code>{{.Redirect}}</code>.</p>
{{if .Error}}<p class="error" id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/oauth/v2/auth">
<input type="hidden" name="consent_token" value="{{.Token}}">
<label for="email">Email address</label>
<input type="email" id="email" name="email" value="{{.Email}}" list="accounts" autocomplete="username" autofocus>
<datalist id="accounts">{{range .Suggestions}}<option value="{{.}}">{{end}}</datalist>
<p><button type="submit" id="accept" name="action" value="accept">Accept</button>
<button type="submit" id="reject" name="action" value="reject" formnovalidate>Reject</button></p>
</form>
</body></html>
`))

var consentErrorTemplate = template.Must(template.New("consent-error").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Zoho Accounts (emulator): error</title></head>
<body><h1>Something went wrong</h1><p id="error" role="alert">{{.}}</p></body></html>
`))
