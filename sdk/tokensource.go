package sdk

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"github.com/zcrm-go/zcrm/internal/calltrace"
)

// TokenSource returns a golang.org/x/oauth2 TokenSource for the client's
// user, backed by the client's cache, refresh coordination and token store:
// other libraries, and other Zoho APIs that share Zoho's OAuth, get the same
// tokens without a refresh path of their own. Its tokens' type is
// Zoho-oauthtoken, so oauth2.Transport sends the header Zoho expects.
// Token has no context; each call is bounded by Config.Timeout.
func (c *Client) TokenSource() oauth2.TokenSource { return tokenSource{c} }

type tokenSource struct{ c *Client }

func (s tokenSource) Token() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.c.core.cfg.Timeout)
	defer cancel()
	return s.c.oauth2Token(ctx)
}

// oauth2Token is the user's current access token as x/oauth2 sees one.
func (c *Client) oauth2Token(ctx context.Context) (*oauth2.Token, error) {
	user, err := c.resolveUser(ctx)
	if err != nil {
		return nil, err
	}
	t, err := c.core.tokens.token(ctx, user)
	if err != nil {
		return nil, err
	}
	return &oauth2.Token{
		AccessToken: t.AccessToken,
		TokenType:   strings.TrimSpace(authHeaderPrefix),
		Expiry:      t.Expiry(),
	}, nil
}

// HTTPClient returns an *http.Client that authenticates every request it
// sends with the client user's access token (Authorization:
// Zoho-oauthtoken ...), refreshed as the SDK's own calls are, for Zoho APIs
// the SDK does not cover. It shares the SDK's connections. An answer 401 is
// returned as it is: unlike the CRM's, other APIs' 401s do not say whether
// the token or a scope was refused, and refreshing for a missing scope
// would spend Zoho's refresh budget for nothing.
func (c *Client) HTTPClient() *http.Client {
	base := c.core.oauth.http.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if calltrace.Enabled() {
		base = rawMarker{base}
	}
	return &http.Client{Transport: &oauth2.Transport{Source: c.TokenSource(), Base: base}}
}

// rawMarker marks every request as raw for the coverage ledger of the
// SDK's tests (internal/calltrace): HTTPClient is for what the SDK's typed
// calls do not cover.
type rawMarker struct{ base http.RoundTripper }

func (m rawMarker) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(calltrace.Header, "raw")
	return m.base.RoundTrip(r)
}
