package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// oauthClient speaks to Zoho's accounts server. The token endpoint's wire
// format (form body, JSON answer, errors in a 200 body) is golang.org/x/oauth2's;
// revoke and user info, which it lacks, are written here.
type oauthClient struct {
	cfg  Config
	conf *oauth2.Config
	http *http.Client
}

// grant is what Zoho answers a token request with.
type grant struct {
	AccessToken  string
	RefreshToken string // empty on refresh: keep the old one
	ExpiresIn    time.Duration
	APIDomain    string
}

func newOAuthClient(cfg Config, hc *http.Client) *oauthClient {
	return &oauthClient{
		cfg:  cfg,
		conf: oauth2Config(cfg),
		http: hc,
	}
}

func oauth2Config(cfg Config) *oauth2.Config {
	accounts := strings.TrimRight(cfg.AccountsURL, "/")
	if accounts == "" {
		accounts = DefaultAccountsURL
	}
	return &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
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

// AuthorizationURL returns the consent page a web client sends its user to.
// Zoho redirects back to redirect_uri with a grant code (and state) to pass
// to Client.GenerateTokens. Scopes are Zoho's, such as ZohoCRM.modules.ALL;
// add aaaserver.profile.READ so the SDK can look up the user's email.
func AuthorizationURL(cfg Config, scopes []string, state string) string {
	return oauth2Config(cfg).AuthCodeURL(state,
		oauth2.AccessTypeOffline,
		oauth2.SetAuthURLParam("prompt", "consent"),
		oauth2.SetAuthURLParam("scope", strings.Join(scopes, ",")),
	)
}

func (o *oauthClient) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, o.http)
}

// exchange turns a grant token into access and refresh tokens.
func (o *oauthClient) exchange(ctx context.Context, code string) (grant, error) {
	tok, err := o.conf.Exchange(o.ctx(ctx), code)
	if err != nil {
		return grant{}, authError(opGrant, "", err)
	}
	g := grantFrom(tok)
	if g.RefreshToken == "" {
		return grant{}, &AuthError{Op: opGrant, Description: "Zoho returned no refresh token; request the grant token with access_type=offline"}
	}
	return g, nil
}

// refresh mints a new access token. Zoho keeps the refresh token.
func (o *oauthClient) refresh(ctx context.Context, user, refreshToken string) (grant, error) {
	// An empty access token makes x/oauth2 refresh at once.
	tok, err := o.conf.TokenSource(o.ctx(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return grant{}, authError(opRefresh, user, err)
	}
	g := grantFrom(tok)
	if g.RefreshToken == "" {
		g.RefreshToken = refreshToken
	}
	return g, nil
}

// maxTokenLifetime, in seconds, is the longest access token lifetime
// believed; Zoho's are an hour.
const maxTokenLifetime = 24 * 60 * 60

func grantFrom(tok *oauth2.Token) grant {
	g := grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
	if d, ok := tok.Extra("api_domain").(string); ok {
		g.APIDomain = d
	}
	// Older answers carry expires_in_sec, and then expires_in is in
	// milliseconds; newer ones carry expires_in in seconds only.
	seconds := tok.ExpiresIn
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

// revoke revokes a refresh token (and the access tokens it minted).
func (o *oauthClient) revoke(ctx context.Context, user, refreshToken string) error {
	form := url.Values{"token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.conf.Endpoint.TokenURL+"/revoke", strings.NewReader(form.Encode()))
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

// userEmail asks the accounts server whose token this is. It needs the
// aaaserver.profile.READ scope.
func (o *oauthClient) userEmail(ctx context.Context, accessToken string) (string, error) {
	u := strings.TrimSuffix(o.conf.Endpoint.TokenURL, "/v2/token") + "/user/info"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", authHeaderPrefix+accessToken)
	var info struct {
		Email string `json:"Email"`
		Error string `json:"error"`
	}
	status, err := o.doJSON(req, &info)
	if err != nil {
		return "", fmt.Errorf("zcrm: %s: %w", opUserInfo, err)
	}
	if status/100 != 2 || info.Email == "" {
		return "", &AuthError{Op: opUserInfo, StatusCode: status, Code: info.Error,
			Description: "could not learn the user's email; set current_user_email, or include the aaaserver.profile.READ scope in the grant token"}
	}
	return info.Email, nil
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
