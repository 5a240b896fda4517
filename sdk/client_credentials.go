package sdk

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Client credentials: with Config.SOID set, the SDK gets access tokens
// for the org by Zoho's client credentials flow (a Self Client's id and
// secret, the scopes and the org's soid), with no grant token and no
// refresh token. Such a token is minted where a refresh would be: shortly
// before the last one expires, once per expiry across the processes
// sharing the store (its lock and a re-read), within the fleet's budget,
// and kept in the store like any token. Tokens are kept under the soid
// (ZohoCRM.{org id}) unless the client names a user.

// ErrOrgNotFound: Zoho could not tell which org a client credentials token
// is for (missing_org_info): the soid is missing, or names no org the
// client may reach in the data centre asked (accounts_url).
var ErrOrgNotFound = errors.New("zcrm: Zoho found no org for the soid")

const opClientCredentials = "client credentials token request"

// defaultScopes cover what the SDK's calls need: records, settings, users,
// the org, COQL, bulk jobs and their file uploads, notifications.
var defaultScopes = []string{
	"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.ALL", "ZohoCRM.org.ALL",
	"ZohoCRM.coql.READ", "ZohoCRM.bulk.ALL", "ZohoCRM.notifications.ALL", "ZohoFiles.files.ALL",
}

// DefaultScopes returns the scopes the SDK asks for when Config.Scopes is
// empty. The device flow adds AaaServer.profile.READ, to learn whose
// tokens it got.
func DefaultScopes() []string { return slices.Clone(defaultScopes) }

// scopeList reads the scope key: scopes separated by commas or spaces.
func scopeList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

// soidService is the service name of a CRM org's soid.
const soidService = "ZohoCRM"

// normalSOID returns soid in Zoho's form, ZohoCRM.{org id}; an org id
// alone gets the prefix.
func normalSOID(soid string) (string, error) {
	soid = strings.TrimSpace(soid)
	service, id, dotted := strings.Cut(soid, ".")
	if !dotted {
		service, id = soidService, soid
	}
	if service == "" || id == "" || strings.Trim(id, "0123456789") != "" {
		return "", fmt.Errorf("%q is not a soid such as ZohoCRM.600012345 (the org id: in CRM, under the profile picture)", soid)
	}
	return service + "." + id, nil
}

// clientCredentials asks dc's accounts server for an access token for the
// configured org.
func (o *oauthClient) clientCredentials(ctx context.Context, user string, dc DataCenter) (grant, error) {
	cc := clientcredentials.Config{
		ClientID:     o.cfg.ClientID,
		ClientSecret: o.cfg.clientSecretFor(dc),
		TokenURL:     oauth2Config(o.cfg, dc).Endpoint.TokenURL,
		AuthStyle:    oauth2.AuthStyleInParams,
		// Zoho separates scopes with commas, x/oauth2 with spaces: the
		// parameter is given whole.
		EndpointParams: url.Values{"scope": {strings.Join(o.cfg.Scopes, ",")}, "soid": {o.cfg.SOID}},
	}
	tok, err := cc.Token(o.ctx(ctx))
	if err != nil {
		return grant{}, authError(opClientCredentials, user, err)
	}
	return o.grantFrom(tok, dc), nil
}

// storedForMint reads the user's tokens before minting new ones. A client
// credentials client mints from nothing, so none stored is no error.
func (m *tokenManager) storedForMint(ctx context.Context, user string) (pluginproto.Tokens, error) {
	t, err := m.stored(ctx, user)
	if errors.Is(err, ErrNoTokens) && m.cfg.SOID != "" {
		return pluginproto.Tokens{UserIdentifier: user}, nil
	}
	return t, err
}

// mint obtains a new access token for t: with its refresh token, or by
// client credentials when it has none and the client has a soid.
func (m *tokenManager) mint(ctx context.Context, user string, t pluginproto.Tokens) (grant, error) {
	if t.RefreshToken != "" || m.cfg.SOID == "" {
		return m.oauth.refresh(ctx, user, t)
	}
	dc, err := m.oauth.dataCenterOf(t)
	if err != nil {
		return grant{}, fmt.Errorf("zcrm: %s for %s: %w", opClientCredentials, user, err)
	}
	return m.oauth.clientCredentials(ctx, user, dc)
}

// budgetCredential is what the fleet's budget counts the minting of t's
// next access token against: its refresh token, or the client and org of
// client credentials; "" when neither.
func (m *tokenManager) budgetCredential(t pluginproto.Tokens) string {
	switch {
	case t.RefreshToken != "":
		return t.RefreshToken
	case m.cfg.SOID != "":
		return "client credentials\x00" + m.cfg.ClientID + "\x00" + m.cfg.SOID
	}
	return ""
}
