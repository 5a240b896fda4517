package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// oauthClient speaks to Zoho's accounts servers: each user's own data
// centre's. The token endpoint's wire format (form body, JSON answer, errors
// in a 200 body) is golang.org/x/oauth2's; revoke and user info, which it
// lacks, are written here.
type oauthClient struct {
	cfg  Config
	http *http.Client
}

// grant is what Zoho answers a token request with, and where.
type grant struct {
	AccessToken  string
	RefreshToken string // empty on refresh: keep the old one
	ExpiresIn    time.Duration
	APIDomain    string
	DC           DataCenter // whose accounts server issued it
	// Issued: RefreshToken is new, from a grant exchange, and no one else
	// holds it; a refresh's is the caller's own.
	Issued bool
}

func newOAuthClient(cfg Config, hc *http.Client) *oauthClient {
	return &oauthClient{cfg: cfg, http: accountsHTTPClient(cfg, hc)}
}

// oauth2Config is x/oauth2's view of one data centre's accounts server,
// with that data centre's client secret.
func oauth2Config(cfg Config, dc DataCenter) *oauth2.Config {
	accounts := strings.TrimRight(dc.AccountsURL, "/")
	return &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.clientSecretFor(dc),
		RedirectURL:  cfg.RedirectURI,
		Endpoint: oauth2.Endpoint{
			AuthURL:  accounts + "/oauth/v2/auth",
			TokenURL: accounts + "/oauth/v2/token",
			// In the form body, never the query string, which ends up in
			// proxy logs (Zoho's own SDKs use the query string).
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthURLOptions shape the consent page a web client sends its user to.
type AuthURLOptions struct {
	// Scopes are Zoho's, such as ZohoCRM.modules.ALL; add
	// AaaServer.profile.READ so the SDK can learn whose tokens it gets.
	Scopes []string
	// State is echoed on the redirect; it must be unpredictable and bound
	// to the browser (package weblogin makes one).
	State string
	// Prompt "consent" shows the consent screen every time, which is how a
	// returning user gets a new refresh token; "" lets Zoho skip it.
	Prompt string
	// AccessType is "offline" (the default: a refresh token comes with the
	// first consent) or "online".
	AccessType string
}

// AuthorizationURL returns the consent page at the configured accounts
// server; Zoho sends users of other data centres on to their own, and
// redirects back to redirect_uri with code, state, location and
// accounts-server, which Client.ExchangeGrant takes.
func AuthorizationURL(cfg Config, opts AuthURLOptions) (string, error) {
	if strings.TrimSpace(opts.State) == "" {
		return "", &ValidationError{Field: "State", Problem: "is empty; a login without a state can be forged (package weblogin makes one)"}
	}
	if len(opts.Scopes) == 0 {
		return "", &ValidationError{Field: "Scopes", Problem: "is empty; give Zoho's scopes, such as ZohoCRM.modules.ALL and AaaServer.profile.READ"}
	}
	if strings.TrimSpace(cfg.RedirectURI) == "" {
		return "", &ValidationError{Field: "RedirectURI", Problem: "is empty; a web login needs redirect_uri, the callback URL registered for the client in Zoho's API console"}
	}
	access := oauth2.AccessTypeOffline
	switch opts.AccessType {
	case "", "offline":
	case "online":
		access = oauth2.AccessTypeOnline
	default:
		return "", &ValidationError{Field: "AccessType", Problem: fmt.Sprintf("is %q; Zoho knows offline and online", opts.AccessType)}
	}
	params := []oauth2.AuthCodeOption{access, oauth2.SetAuthURLParam("scope", strings.Join(opts.Scopes, ","))}
	switch opts.Prompt {
	case "":
	case "consent":
		params = append(params, oauth2.SetAuthURLParam("prompt", "consent"))
	default:
		return "", &ValidationError{Field: "Prompt", Problem: fmt.Sprintf("is %q; Zoho knows only consent", opts.Prompt)}
	}
	cfg = cfg.withDefaults()
	return oauth2Config(cfg, cfg.homeDataCenter()).AuthCodeURL(opts.State, params...), nil
}

func (o *oauthClient) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, o.http)
}

// exchange turns a grant token into access and refresh tokens at the
// accounts server of dc, which the caller has checked.
func (o *oauthClient) exchange(ctx context.Context, dc DataCenter, code string) (grant, error) {
	tok, err := oauth2Config(o.cfg, dc).Exchange(o.ctx(ctx), code)
	if err != nil {
		return grant{}, authError(opGrant, "", err)
	}
	g := o.grantFrom(tok, dc)
	if g.RefreshToken == "" {
		return grant{}, &AuthError{Op: opGrant, Description: "Zoho returned no refresh token; request the grant token with access_type=offline"}
	}
	g.Issued = true
	return g, nil
}

// dataCenterOf returns the data centre whose accounts server t names. For
// tokens stored without it (by an older plugin, or by another SDK: Zoho's
// v8 SDKs keep only the API domain) it is the accepted data centre whose
// API domain they carry, as those SDKs find it, else the configured one. A
// name that is not accepted is refused before any secret is sent: a store
// row must not choose where the refresh token goes.
func (o *oauthClient) dataCenterOf(t pluginproto.Tokens) (DataCenter, error) {
	if t.AccountsServer == "" {
		return o.cfg.dataCenterOfAPIDomain(t.APIDomain), nil
	}
	return o.cfg.CheckAccountsServer(t.AccountsServer)
}

// refresh mints a new access token for t's refresh token at t's data
// centre. Zoho keeps the refresh token.
func (o *oauthClient) refresh(ctx context.Context, user string, t pluginproto.Tokens) (grant, error) {
	dc, err := o.dataCenterOf(t)
	if err != nil {
		return grant{}, fmt.Errorf("zcrm: %s for %s: %w", opRefresh, orUnknown(user), err)
	}
	// An empty access token makes x/oauth2 refresh at once.
	tok, err := oauth2Config(o.cfg, dc).TokenSource(o.ctx(ctx), &oauth2.Token{RefreshToken: t.RefreshToken}).Token()
	if err != nil {
		return grant{}, authError(opRefresh, user, err)
	}
	g := o.grantFrom(tok, dc)
	if g.RefreshToken == "" {
		g.RefreshToken = t.RefreshToken
	}
	return g, nil
}

// maxTokenLifetime, in seconds, is the longest access token lifetime
// believed; Zoho's are an hour.
const maxTokenLifetime = 24 * 60 * 60

func (o *oauthClient) grantFrom(tok *oauth2.Token, dc DataCenter) grant {
	g := grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, DC: dc}
	d, _ := tok.Extra("api_domain").(string)
	g.APIDomain = o.cfg.apiDomainFor(dc, d)
	// Older answers carry expires_in_sec, and then expires_in is in
	// milliseconds; newer ones carry expires_in in seconds only.
	seconds := tok.ExpiresIn
	if sec, ok := tok.Extra("expires_in").(float64); ok && seconds == 0 {
		seconds = int64(sec) // x/oauth2's clientcredentials leaves ExpiresIn out
	}
	if sec, ok := tok.Extra("expires_in_sec").(float64); ok && sec > 0 {
		seconds = int64(sec)
	}
	// Zoho's documented lifetime stands in for one that is missing, or
	// past a day (which would also overflow a Duration from 292 years).
	if seconds <= 0 || seconds > maxTokenLifetime {
		seconds = 3600
	}
	g.ExpiresIn = time.Duration(seconds) * time.Second
	return g
}

// authError describes a failed token request without the request's secrets.
func authError(op, user string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		ae := &AuthError{Op: op, User: user, Code: re.ErrorCode, Description: re.ErrorDescription}
		if re.Response != nil {
			ae.StatusCode = re.Response.StatusCode
		}
		if ae.Code == "" && ae.Description == "" {
			ae.Description = shortBody(re.Body)
		}
		return ae
	}
	return fmt.Errorf("zcrm: %s for %s: %w", op, orUnknown(user), err)
}

func orUnknown(user string) string {
	if user == "" {
		return "a new user"
	}
	return user
}

// shortBody returns the start of an error body, scrubbed, for a message.
func shortBody(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return redact(s, "")
}

// revoke revokes t's refresh token (and the access tokens it minted) at
// t's data centre.
func (o *oauthClient) revoke(ctx context.Context, user string, t pluginproto.Tokens) error {
	dc, err := o.dataCenterOf(t)
	if err != nil {
		return fmt.Errorf("zcrm: %s for %s: %w", opRevoke, user, err)
	}
	token := t.RefreshToken
	if token == "" {
		token = t.AccessToken // client credentials: there is only the access token
	}
	form := url.Values{"token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, oauth2Config(o.cfg, dc).Endpoint.TokenURL+"/revoke", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var answer struct {
		Status           string `json:"status"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	status, err := o.doJSON(req, &answer)
	if err != nil {
		return fmt.Errorf("zcrm: %s for %s: %w", opRevoke, user, err)
	}
	if status/100 != 2 || answer.Error != "" || (answer.Status != "" && answer.Status != "success") {
		return &AuthError{Op: opRevoke, User: user, StatusCode: status, Code: answer.Error, Description: answer.ErrorDescription}
	}
	return nil
}

// userInfo asks the accounts server of g's data centre whose token g's
// access token is. It needs the AaaServer.profile.READ scope.
func (o *oauthClient) userInfo(ctx context.Context, g grant) (GrantOwner, error) {
	u := strings.TrimRight(g.DC.AccountsURL, "/") + "/oauth/user/info"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return GrantOwner{}, err
	}
	req.Header.Set("Authorization", authHeaderPrefix+g.AccessToken)
	var info struct {
		Email       string `json:"Email"`
		FirstName   string `json:"First_Name"`
		LastName    string `json:"Last_Name"`
		DisplayName string `json:"Display_Name"`
		ZUID        any    `json:"ZUID"` // a number in Zoho's examples, a string elsewhere
		Error       string `json:"error"`
	}
	status, err := o.doJSON(req, &info)
	if err != nil {
		return GrantOwner{}, fmt.Errorf("zcrm: %s: %w", opUserInfo, err)
	}
	if status/100 != 2 || info.Email == "" {
		return GrantOwner{}, &AuthError{Op: opUserInfo, StatusCode: status, Code: info.Error,
			Description: "could not learn whose tokens these are; include the AaaServer.profile.READ scope in the grant token (or ZohoCRM.users.READ)"}
	}
	return GrantOwner{
		UserIdentifier: info.Email,
		Email:          info.Email,
		FirstName:      info.FirstName,
		LastName:       info.LastName,
		DisplayName:    info.DisplayName,
		ZUID:           zuidString(info.ZUID),
	}, nil
}

func zuidString(v any) string {
	switch z := v.(type) {
	case string:
		return z
	case float64:
		return strconv.FormatFloat(z, 'f', -1, 64)
	}
	return ""
}

// crmCurrentUser asks the CRM of g's data centre who its current user is,
// as Zoho's v8 SDKs identify a grant's owner; it needs ZohoCRM.users.READ.
func (o *oauthClient) crmCurrentUser(ctx context.Context, g grant) (GrantOwner, error) {
	version := o.cfg.APIVersion
	if version == "" {
		version = DefaultAPIVersion
	}
	u := o.cfg.apiBaseFor(g.APIDomain) + "/crm/" + version + "/users?type=CurrentUser"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return GrantOwner{}, err
	}
	req.Header.Set("Authorization", authHeaderPrefix+g.AccessToken)
	var answer struct {
		Users []struct {
			Email     string `json:"email"`
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
			FullName  string `json:"full_name"`
			ZUID      any    `json:"zuid"`
		} `json:"users"`
		Code string `json:"code"`
	}
	status, err := o.doJSON(req, &answer)
	if err != nil {
		return GrantOwner{}, fmt.Errorf("zcrm: %s: %w", opUserInfo, err)
	}
	if status/100 != 2 || len(answer.Users) == 0 || answer.Users[0].Email == "" {
		return GrantOwner{}, &AuthError{Op: opUserInfo, StatusCode: status, Code: answer.Code,
			Description: "could not learn whose tokens these are; include the AaaServer.profile.READ or ZohoCRM.users.READ scope in the grant token"}
	}
	cu := answer.Users[0]
	return GrantOwner{
		UserIdentifier: cu.Email,
		Email:          cu.Email,
		FirstName:      cu.FirstName,
		LastName:       cu.LastName,
		DisplayName:    cu.FullName,
		ZUID:           zuidString(cu.ZUID),
	}, nil
}

func (o *oauthClient) doJSON(req *http.Request, v any) (int, error) {
	resp, err := o.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	if len(body) > 0 {
		_ = json.Unmarshal(body, v) // a non-JSON body leaves v empty: reported by the caller
	}
	return resp.StatusCode, nil
}
