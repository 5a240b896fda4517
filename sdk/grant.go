package sdk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Grant is a grant code with the data centre Zoho named for its user, as
// the redirect to a web client's callback carries them: code, location and
// accounts-server. Location and AccountsServer may be empty (a Self Client's
// code): then the code is exchanged at the configured accounts_url.
type Grant struct {
	Code           string
	Location       string // "eu"
	AccountsServer string // "https://accounts.zoho.eu"
}

// GrantOwner is the user Zoho says a grant belongs to, and where they live.
type GrantOwner struct {
	// UserIdentifier is what the tokens are stored under: the user's
	// email, or the client's user (ForUser, current_user_email) when Zoho
	// could not be asked.
	UserIdentifier string
	Email          string
	DisplayName    string
	FirstName      string
	LastName       string
	ZUID           string // the Zoho account's id, when Zoho gave it
	Location       string // the data centre's location, "eu"
	AccountsServer string // the data centre's accounts server
	APIDomain      string // where the user's CRM calls go
}

// ErrUserMismatch means Zoho says a grant belongs to another user than the
// one the client was told to act for: nothing was saved. The error is a
// *UserMismatchError.
var ErrUserMismatch = errors.New("zcrm: the grant belongs to another user")

// UserMismatchError reports a grant Zoho says belongs to Owner while the
// client acts for User. Nothing was saved, and the refresh token the grant
// brought was revoked, so that no live token is left that nobody holds.
// If that revoke failed, RevokeErr says why and Tokens holds the live
// tokens (under Owner) for the caller to keep or revoke; Error() never
// shows them. errors.Is(err, ErrUserMismatch) holds, and so does
// errors.Is(err, target) for what RevokeErr matches.
type UserMismatchError struct {
	Owner, User string
	// Revoked: the grant's refresh token was revoked. It is false when
	// the refresh token was the caller's own (GenerateTokensFromRefreshToken),
	// which is left alone, or when RevokeErr is set.
	Revoked   bool
	RevokeErr error
	Tokens    pluginproto.Tokens // only when RevokeErr is set
}

func (e *UserMismatchError) Error() string {
	what := ""
	switch {
	case e.RevokeErr != nil:
		what = fmt.Sprintf(", and the tokens Zoho issued could not be revoked (%v) and are still live: UserMismatchError.Tokens holds them", e.RevokeErr)
	case e.Revoked:
		what = ", and the tokens Zoho issued were revoked"
	}
	return fmt.Sprintf("%v: Zoho says the grant token belongs to %s, but the client acts for %s; nothing was saved%s (generate the grant token as %s, or use ForUser(%q))",
		ErrUserMismatch, e.Owner, e.User, what, e.User, e.Owner)
}

func (e *UserMismatchError) Unwrap() []error {
	if e.RevokeErr == nil {
		return []error{ErrUserMismatch}
	}
	return []error{ErrUserMismatch, e.RevokeErr}
}

// GenerateTokens exchanges a grant token for access and refresh tokens at
// the configured accounts_url and saves them in the token store under the
// user Zoho says owns them (their email), which becomes the client's
// default user when it has none. It returns that user. If the client acts
// for a given user (ForUser, current_user_email) and Zoho names another,
// it fails with ErrUserMismatch, saves nothing and revokes the tokens Zoho
// issued for the other user (a *UserMismatchError says if that failed).
func (c *Client) GenerateTokens(ctx context.Context, grantToken string) (string, error) {
	owner, err := c.exchangeGrant(ctx, Grant{Code: grantToken}, true)
	return owner.UserIdentifier, err
}

// ExchangeGrant is GenerateTokens for a web client's callback: the code is
// exchanged at the user's own data centre (g.AccountsServer, checked with
// Config.CheckAccountsServer before anything is sent), the tokens are
// saved under the grant's owner, and their refreshes, revocation and API
// calls go to that data centre from then on. It does not change the
// client's default user.
func (c *Client) ExchangeGrant(ctx context.Context, g Grant) (GrantOwner, error) {
	return c.exchangeGrant(ctx, g, false)
}

func (c *Client) exchangeGrant(ctx context.Context, g Grant, becomeDefault bool) (GrantOwner, error) {
	if strings.TrimSpace(g.Code) == "" {
		return GrantOwner{}, &ValidationError{Field: "grantToken", Problem: "is empty; generate one in Zoho's API console (Self Client) or through a web login (package weblogin)"}
	}
	dc, err := c.grantDataCenter(g)
	if err != nil {
		return GrantOwner{}, err
	}
	if want := c.actingFor(); want != "" {
		// A grant is single-use: do not spend it on tokens the store
		// would refuse to keep.
		if err := c.core.store.CheckUserIdentifier(want); err != nil {
			return GrantOwner{}, fmt.Errorf("zcrm: the grant token was not used: %w", err)
		}
	}
	gr, err := c.core.oauth.exchange(ctx, dc, g.Code)
	if err != nil {
		return GrantOwner{}, err
	}
	return c.keep(ctx, gr, becomeDefault)
}

// grantDataCenter picks where a grant code is exchanged: the accounts
// server the redirect named, if accepted, else the location's, else the
// configured one.
func (c *Client) grantDataCenter(g Grant) (DataCenter, error) {
	cfg := c.core.cfg
	if g.AccountsServer != "" {
		dc, err := cfg.CheckAccountsServer(g.AccountsServer)
		if err != nil {
			return DataCenter{}, err
		}
		if g.Location != "" && dc.Location != "" && !strings.EqualFold(dc.Location, g.Location) {
			return DataCenter{}, &locationMismatch{location: g.Location, accountsServer: g.AccountsServer}
		}
		return dc, nil
	}
	if g.Location != "" {
		if dc, ok := cfg.dataCenterOfLocation(g.Location); ok {
			return dc, nil
		}
		return DataCenter{}, fmt.Errorf("%w: no accepted data centre has the location %q (%s)", ErrUnknownAccountsServer, g.Location, cfg.locations())
	}
	return cfg.homeDataCenter(), nil
}

// GenerateTokensFromRefreshToken saves tokens for a refresh token obtained
// elsewhere (the seed's generate_access_token_from_refresh_token), of a
// user of the configured accounts_url's data centre.
func (c *Client) GenerateTokensFromRefreshToken(ctx context.Context, refreshToken string) (string, error) {
	if strings.TrimSpace(refreshToken) == "" {
		return "", &ValidationError{Field: "refreshToken", Problem: "is empty"}
	}
	user := c.actingFor()
	g, err := c.core.oauth.refresh(ctx, user, pluginproto.Tokens{RefreshToken: refreshToken})
	if err != nil {
		return "", err
	}
	owner, err := c.keep(ctx, g, true)
	return owner.UserIdentifier, err
}

// actingFor is the user the client was told to act for, if any.
func (c *Client) actingFor() string {
	if c.user != "" {
		return c.user
	}
	return c.core.cfg.CurrentUserEmail
}

// keep learns whose tokens these are, saves them under that user and
// caches them. Zoho is asked once per grant: its user info, else the CRM's
// current user.
func (c *Client) keep(ctx context.Context, g grant, becomeDefault bool) (GrantOwner, error) {
	want := c.actingFor()
	owner, err := c.core.oauth.userInfo(ctx, g)
	if err != nil {
		var ae *AuthError
		if errors.As(err, &ae) {
			owner, err = c.core.oauth.crmCurrentUser(ctx, g)
		}
	}
	switch {
	case err != nil && want == "":
		t := c.core.tokens.tokensFrom("", g)
		return GrantOwner{}, &GrantOwnerError{Tokens: t, Err: err}
	case err != nil:
		// A Self Client's grant often lacks the profile scopes; the
		// configured user is then taken at its word, as before.
		c.core.logger.Warn("could not ask Zoho whose tokens these are; saving them under the configured user", "user", want, "error", err)
		owner = GrantOwner{UserIdentifier: want}
	case want != "" && !strings.EqualFold(owner.Email, want):
		return GrantOwner{}, c.refuseGrant(ctx, g, owner.Email, want)
	case want != "":
		owner.UserIdentifier = want // the spelling the application uses
	}
	owner.Location, owner.AccountsServer, owner.APIDomain = g.DC.Location, g.DC.AccountsURL, g.APIDomain

	t := c.core.tokens.tokensFrom(owner.UserIdentifier, g)
	if err := c.core.store.CheckUserIdentifier(owner.UserIdentifier); err != nil {
		// Known only now: the tokens are handed back rather than lost.
		return owner, &TokenSaveError{Tokens: t, Err: err}
	}
	c.core.tokens.remember(t)
	if becomeDefault && c.user == "" {
		c.setDefaultUser(owner.UserIdentifier)
	}
	if err := c.core.store.Save(ctx, t); err != nil {
		return owner, &TokenSaveError{Tokens: t, Err: err}
	}
	c.core.logger.Info("tokens generated and saved", "user", owner.UserIdentifier, "data_centre", g.DC.AccountsURL)
	return owner, nil
}

// refuseGrant revokes the refresh token g brought for owner, which the
// client will not keep since it acts for user. A refresh token the caller
// brought (GenerateTokensFromRefreshToken) is theirs, and left alone.
func (c *Client) refuseGrant(ctx context.Context, g grant, owner, user string) error {
	e := &UserMismatchError{Owner: owner, User: user}
	if !g.Issued {
		return e
	}
	t := c.core.tokens.tokensFrom(owner, g)
	// Cleanup the caller's giving up must not cut short: bounded by Timeout.
	revokeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.core.cfg.Timeout)
	defer cancel()
	if err := c.core.oauth.revoke(revokeCtx, owner, t); err != nil {
		e.RevokeErr, e.Tokens = err, t
		c.core.logger.Error("the grant belongs to another user, and revoking the tokens Zoho issued for them failed; they are still live", "owner", owner, "user", user, "error", err)
		return e
	}
	e.Revoked = true
	c.core.logger.Warn("the grant belongs to another user; the tokens Zoho issued for them were revoked", "owner", owner, "user", user)
	return e
}

// GrantOwnerError reports tokens Zoho issued for a user the SDK could not
// name: they are in Tokens (UserIdentifier empty), for the caller to save
// with a name of its own. Error() never shows them.
type GrantOwnerError struct {
	Tokens pluginproto.Tokens
	Err    error
}

func (e *GrantOwnerError) Error() string {
	return fmt.Sprintf("zcrm: Zoho issued tokens but would not say whose (%v); set current_user_email or use ForUser, or keep GrantOwnerError.Tokens some other way", e.Err)
}

func (e *GrantOwnerError) Unwrap() error { return e.Err }
