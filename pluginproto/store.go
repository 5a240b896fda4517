package pluginproto

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Tokens are the OAuth tokens of one Zoho CRM user.
//
// Tokens print without their secrets: fmt's %v, %+v and %#v show the user,
// the expiry, the API domain, the accounts server and the client id only,
// so a stray log line leaks nothing.
type Tokens struct {
	// UserIdentifier names the user, normally their email address.
	UserIdentifier string
	AccessToken    string
	RefreshToken   string
	// ExpiryTime is when the access token expires, in milliseconds since
	// the Unix epoch, as in the tables of Zoho's own SDKs.
	ExpiryTime int64
	// APIDomain is the API domain Zoho returned with the tokens, such as
	// https://www.zohoapis.eu. Empty when unknown; stores whose format has
	// no room for it (the seed's MySQL table) return it empty.
	APIDomain string
	// AccountsServer is the accounts server of the user's data centre,
	// such as https://accounts.zoho.eu, where the tokens are refreshed and
	// revoked. Empty when unknown (a store built before the field existed,
	// or a row written by another SDK): the SDK then uses its configured
	// accounts_url.
	AccountsServer string
	// ClientID is the OAuth client (Zoho's client_id) the tokens were
	// issued to. Empty when unknown: a store that keeps no client id, or
	// tokens stored before it did. The SDK takes such tokens as its
	// configured client's.
	ClientID string
}

// Expiry returns ExpiryTime as a time.Time.
func (t Tokens) Expiry() time.Time { return time.UnixMilli(t.ExpiryTime) }

// String describes the tokens without their secret values.
func (t Tokens) String() string {
	return fmt.Sprintf("Tokens{UserIdentifier:%q AccessToken:%s RefreshToken:%s ExpiryTime:%d APIDomain:%q AccountsServer:%q ClientID:%q}",
		t.UserIdentifier, redacted(t.AccessToken), redacted(t.RefreshToken), t.ExpiryTime, t.APIDomain, t.AccountsServer, t.ClientID)
}

// GoString is String, so %#v is as safe as %v.
func (t Tokens) GoString() string { return t.String() }

func redacted(secret string) string {
	if secret == "" {
		return "<empty>"
	}
	return "<redacted>"
}

// TokenInfo describes a stored user without any secret.
type TokenInfo struct {
	UserIdentifier string
	ExpiryTime     int64  // milliseconds since the Unix epoch
	ClientID       string // the tokens' OAuth client; empty when unknown
}

// TokenStore keeps tokens by user identifier. Implementations must be safe
// for concurrent use, and should be safe for several processes sharing the
// same backing storage.
type TokenStore interface {
	// Save stores t, replacing any tokens t.UserIdentifier had.
	Save(ctx context.Context, t Tokens) error
	// Get returns the tokens of a user, or an error wrapping ErrNotFound.
	Get(ctx context.Context, userIdentifier string) (Tokens, error)
	// Delete removes a user's tokens. Deleting a missing user is not an error.
	Delete(ctx context.Context, userIdentifier string) error
	// List returns every stored user.
	List(ctx context.Context) ([]TokenInfo, error)
}

// ClientKeeper is implemented by stores that keep one user's tokens of
// several OAuth clients apart (a web client and a self client of one org,
// say). Such a store's Save keeps Tokens.ClientID and replaces only the
// user's tokens of that client, and of no client (which become that
// client's); its Get and Delete, given no client id, act on the user's
// tokens of whichever client. Serve tells the host through Capabilities.
type ClientKeeper interface {
	// GetClient returns the user's tokens of clientID, else the user's
	// tokens stored without a client id (older rows, which the SDK takes
	// as its configured client's), else an error wrapping ErrNotFound.
	GetClient(ctx context.Context, userIdentifier, clientID string) (Tokens, error)
	// DeleteClient removes the user's tokens of clientID and those stored
	// without a client id, and leaves the user's tokens of other clients.
	DeleteClient(ctx context.Context, userIdentifier, clientID string) error
}

// Locker is implemented by stores that can keep two processes from
// refreshing the same user's tokens at once. It is optional: the SDK works
// with a store that lacks it, at the cost of duplicate refreshes.
type Locker interface {
	// Lock takes the refresh lock of a user, waiting until it is free or ctx
	// is done. The lock is held until release is called or ttl has passed.
	// When a store is served with Serve, Serve enforces ttl itself.
	Lock(ctx context.Context, userIdentifier string, ttl time.Duration) (release func(context.Context) error, err error)
}

var (
	// ErrNotFound means the store holds no tokens for the user.
	ErrNotFound = errors.New("no tokens stored for this user")
	// ErrLockUnsupported is returned by Lock when the store offers no lock.
	ErrLockUnsupported = errors.New("token store offers no refresh lock")
	// ErrUnavailable means the plugin process could not be reached: it
	// exited, was killed, or its connection broke.
	ErrUnavailable = errors.New("token store plugin is not reachable")
)

// Capabilities lists the optional parts of the contract a store offers.
type Capabilities struct {
	// Locking: the store implements Locker.
	Locking bool
	// RefreshBudget: the store implements RefreshBudgeter.
	RefreshBudget bool
	// ClientIDs: the store implements ClientKeeper, keeping one user's
	// tokens of several OAuth clients apart.
	ClientIDs bool
	// Names the store answers to.
	Names []string
	// UserIdentifiers says which user identifiers the store keeps; the
	// zero value (also what a store built before this field sends) states
	// no limit. Check an identifier with UserIdentifiers.Check.
	UserIdentifiers UserIdentifierLimits
}
