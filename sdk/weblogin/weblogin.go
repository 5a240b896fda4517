package weblogin

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
)

// DefaultStateTTL is how long a login may take from the login route to the
// callback. Zoho's grant codes live 2 to 3 minutes; a person reading the
// consent page needs a little more.
const DefaultStateTTL = 5 * time.Minute

// DefaultCookieName names the login cookie.
const DefaultCookieName = "zcrm_login"

// Options configure a Handler. Client, Scopes and OnLogin are required.
type Options struct {
	// Client exchanges the grant codes and keeps the tokens in its token
	// store, under the user Zoho says owns them. Its configuration gives
	// the client id, the redirect URI (which must be the callback route's
	// URL, as registered in Zoho's API console) and the accounts servers
	// accepted.
	Client *sdk.Client

	// Scopes asked for, such as ZohoCRM.modules.ALL and ZohoCRM.users.READ.
	// Add AaaServer.profile.READ: the SDK asks Zoho whose tokens they are.
	Scopes []string
	// Prompt is Zoho's prompt parameter: "consent" shows the consent page
	// at every login, "" only at the first. Zoho issues a refresh token
	// only when the consent page was shown, so an application that logs a
	// user in again after losing their tokens wants "consent" (each one
	// counts towards Zoho's 20 refresh tokens per user; the 21st evicts the
	// oldest).
	Prompt string
	// AccessType is Zoho's access_type; empty means offline (with a
	// refresh token), the only kind the SDK keeps.
	AccessType string

	// OnLogin receives the browser once the tokens are saved: set the
	// application's own session for owner.UserIdentifier (the SDK's user:
	// client.ForUser(owner.UserIdentifier)) and redirect to a page of the
	// application. The callback URL holds the spent grant code; redirect
	// rather than render, so it leaves the address bar.
	OnLogin func(w http.ResponseWriter, r *http.Request, owner sdk.GrantOwner)
	// OnError answers a failed login. Nil: ErrorPage, linking to
	// LoginPath. Nothing was saved when it is called.
	OnError func(w http.ResponseWriter, r *http.Request, err *Error)
	// LoginPath, when set, is linked from the default error page.
	LoginPath string

	// StateKey signs the states (HMAC-SHA256), at least MinStateKeyLen
	// bytes. Nil: a random key for this process. Several instances behind
	// one address must share a key, or a callback reaching another
	// instance than its login is refused as forged. Used states are
	// remembered per process: an instance refuses a state it has seen;
	// across instances the grant code, which Zoho accepts once, is what
	// stops a replay.
	StateKey []byte
	// StateTTL bounds the time from the login route to the callback.
	// Zero: DefaultStateTTL.
	StateTTL time.Duration

	// CookieName names the login cookie. Empty: DefaultCookieName.
	CookieName string
	// CookiePath limits where the browser sends the login cookie. Empty:
	// the path of the configured redirect URI (the callback).
	CookiePath string
	// SecureCookie marks the login cookie Secure even when the request did
	// not come over TLS: set it behind a proxy that terminates TLS. A
	// request over TLS always gets a Secure cookie.
	SecureCookie bool

	// Now is the clock for state expiry. Nil: time.Now.
	Now func() time.Time
}

// Handler serves the login route and the callback route of "Login with
// Zoho". It is safe for concurrent use.
type Handler struct {
	opts   Options
	cfg    sdk.Config
	states *states
}

// New checks opts and returns a Handler.
func New(opts Options) (*Handler, error) {
	switch {
	case opts.Client == nil:
		return nil, errors.New("weblogin: Options.Client is required")
	case len(opts.Scopes) == 0:
		return nil, errors.New("weblogin: Options.Scopes is required")
	case opts.OnLogin == nil:
		return nil, errors.New("weblogin: Options.OnLogin is required")
	case opts.StateTTL < 0:
		return nil, fmt.Errorf("weblogin: Options.StateTTL is negative (%s)", opts.StateTTL)
	case opts.StateKey != nil && len(opts.StateKey) < MinStateKeyLen:
		return nil, fmt.Errorf("weblogin: Options.StateKey has %d bytes; it needs at least %d", len(opts.StateKey), MinStateKeyLen)
	}
	cfg := opts.Client.Config()
	if cfg.CurrentUserEmail != "" {
		// ExchangeGrant would refuse every other user's grant.
		return nil, fmt.Errorf("weblogin: the client acts for one user (current_user_email %s); a web login serves many, so leave it empty", cfg.CurrentUserEmail)
	}
	if opts.StateTTL == 0 {
		opts.StateTTL = DefaultStateTTL
	}
	if opts.CookieName == "" {
		opts.CookieName = DefaultCookieName
	}
	if opts.CookiePath == "" {
		opts.CookiePath = "/"
		if u, err := url.Parse(cfg.RedirectURI); err == nil && u.Path != "" {
			opts.CookiePath = u.Path
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	key := opts.StateKey
	if key == nil {
		key = make([]byte, MinStateKeyLen)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("weblogin: making a state key: %w", err)
		}
	}
	// Building one URL now reports bad scopes or a bad configuration at
	// start-up rather than at the first login.
	if _, err := sdk.AuthorizationURL(cfg, sdk.AuthURLOptions{Scopes: opts.Scopes, State: "check", Prompt: opts.Prompt, AccessType: opts.AccessType}); err != nil {
		return nil, fmt.Errorf("weblogin: %w", err)
	}
	return &Handler{opts: opts, cfg: cfg, states: newStates(append([]byte(nil), key...), opts.Now)}, nil
}

// Login is the login route: it binds a new state to the browser with the
// login cookie and redirects to Zoho's consent page.
func (h *Handler) Login(w http.ResponseWriter, r *http.Request) {
	state, secret, err := h.states.issue(h.opts.StateTTL)
	if err != nil {
		h.fail(w, r, &Error{Status: http.StatusInternalServerError, Reason: ErrLoginFailed, Err: err})
		return
	}
	to, err := sdk.AuthorizationURL(h.cfg, sdk.AuthURLOptions{
		Scopes:     h.opts.Scopes,
		State:      state,
		Prompt:     h.opts.Prompt,
		AccessType: h.opts.AccessType,
	})
	if err != nil {
		h.fail(w, r, &Error{Status: http.StatusInternalServerError, Reason: ErrLoginFailed, Err: err})
		return
	}
	http.SetCookie(w, h.cookie(r, secret, int(h.opts.StateTTL/time.Second)+1))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusFound)
}

// Callback is the route of the redirect URI. Zoho sends the browser back
// to it with code, state, location and accounts-server, or with error.
func (h *Handler) Callback(w http.ResponseWriter, r *http.Request) {
	// The URL holds a grant code: keep it out of caches and Referer headers.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	q := r.URL.Query()
	var secret string
	if c, err := r.Cookie(h.opts.CookieName); err == nil {
		secret = c.Value
	}
	// An answer for the login this browser started ends it, whatever the
	// outcome: its cookie has done its work. Any other (a forged or garbled
	// state, a link followed from elsewhere) leaves the cookie, so that a
	// login in progress here still completes.
	if h.states.belongs(q.Get("state"), secret) {
		http.SetCookie(w, h.cookie(r, "", -1))
	}

	// A valid state is spent even when Zoho reports an error.
	stateErr := h.states.check(q.Get("state"), secret)
	if zerr := q.Get("error"); zerr != "" {
		h.fail(w, r, &Error{Status: http.StatusForbidden, Reason: ErrDenied, ZohoError: zohoErrorCode(zerr)})
		return
	}
	if stateErr != nil {
		status := http.StatusBadRequest
		if stateErr == ErrStateInvalid || stateErr == ErrOtherBrowser {
			status = http.StatusForbidden
		}
		h.fail(w, r, &Error{Status: status, Reason: stateErr})
		return
	}
	grant := sdk.Grant{Code: q.Get("code"), Location: q.Get("location"), AccountsServer: q.Get("accounts-server")}
	if grant.Code == "" {
		h.fail(w, r, &Error{Status: http.StatusBadRequest, Reason: ErrNoCode})
		return
	}
	// ExchangeGrant checks the accounts server too; checking here first
	// tells the user which part of the answer was wrong.
	if grant.AccountsServer != "" {
		if _, err := h.cfg.CheckAccountsServer(grant.AccountsServer); err != nil {
			h.fail(w, r, &Error{Status: http.StatusForbidden, Reason: ErrForeignAccountsServer, Err: err})
			return
		}
	}
	owner, err := h.opts.Client.ExchangeGrant(r.Context(), grant)
	if err != nil {
		h.fail(w, r, exchangeError(err))
		return
	}
	h.opts.OnLogin(w, r, owner)
}

func exchangeError(err error) *Error {
	var authErr *sdk.AuthError
	var saveErr *sdk.TokenSaveError
	switch {
	case errors.Is(err, sdk.ErrLocationMismatch):
		return &Error{Status: http.StatusForbidden, Reason: ErrLocationMismatch, Err: err}
	case errors.Is(err, sdk.ErrUnknownAccountsServer):
		return &Error{Status: http.StatusForbidden, Reason: ErrForeignAccountsServer, Err: err}
	case errors.As(err, &saveErr):
		return &Error{Status: http.StatusInternalServerError, Reason: ErrLoginFailed, Err: err}
	case errors.As(err, &authErr) && authErr.Code != "":
		return &Error{Status: http.StatusBadRequest, Reason: ErrGrantRefused, Err: err}
	}
	return &Error{Status: http.StatusBadGateway, Reason: ErrLoginFailed, Err: err}
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err *Error) {
	if h.opts.OnError != nil {
		h.opts.OnError(w, r, err)
		return
	}
	ErrorPage(w, err, h.opts.LoginPath)
}

// cookie is the login cookie; maxAge < 0 deletes it.
func (h *Handler) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     h.opts.CookieName,
		Value:    value,
		Path:     h.opts.CookiePath,
		MaxAge:   maxAge,
		HttpOnly: true,
		// Lax: the browser sends it on Zoho's top-level redirect back to
		// the callback, and on no cross-site subrequest.
		SameSite: http.SameSiteLaxMode,
		Secure:   r.TLS != nil || h.opts.SecureCookie,
	}
}
