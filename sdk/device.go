package sdk

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// The device flow (Zoho's "Non-browser Applications"): the program asks
// Zoho for a code, a person enters it on Zoho's page in any browser and
// approves, and the program, polling meanwhile, gets access and refresh
// tokens. Zoho answers slow_down to two polls within 30 seconds, and
// other_dc when the person lives in another data centre, whose accounts
// server then takes the polls.

var (
	// ErrDeviceLoginDenied: the person denied the program access on Zoho's
	// page (access_denied). Nothing was saved.
	ErrDeviceLoginDenied = errors.New("zcrm: the device login was denied")
	// ErrDeviceCodeExpired: nobody approved the code within its lifetime
	// (Zoho's: five minutes). Nothing was saved; start again for a new code.
	ErrDeviceCodeExpired = errors.New("zcrm: the device login's code expired")
)

const opDeviceLogin = "device login"

// devicePollInterval is Zoho's: at most one poll per 30 seconds.
const devicePollInterval = 30 * time.Second

// deviceSlowDownStep lengthens the interval after a slow_down, as RFC
// 8628 asks, in case the clocks disagree.
const deviceSlowDownStep = 5 * time.Second

// profileScope lets the SDK ask Zoho whose tokens a login got.
const profileScope = "AaaServer.profile.READ"

// DeviceLoginOptions shape a device login.
type DeviceLoginOptions struct {
	// Scopes asked for; nil: Config.Scopes (DefaultScopes unless set),
	// with AaaServer.profile.READ added so the SDK can learn whose tokens
	// it got.
	Scopes []string
	// Prompt is Zoho's prompt: "consent" (the default) shows the consent
	// screen every time, which is what brings a refresh token to a person
	// who approved the program before; "none" leaves it out.
	Prompt string
}

// DeviceLogin is a device login under way: show UserCode and
// VerificationURL to the person (or open VerificationURLComplete in their
// browser), then Wait.
type DeviceLogin struct {
	UserCode        string
	VerificationURL string
	// VerificationURLComplete is the page with the code filled in, when
	// Zoho gives one.
	VerificationURLComplete string
	// ExpiresAt is when the code stops working, by Config.Now.
	ExpiresAt time.Time
	// Interval is the wait between polls: Zoho's, never under 30 s.
	Interval time.Duration

	client     *Client
	deviceCode string // with the client secret, it collects the tokens: never shown
	dc         DataCenter
	started    time.Time
}

// String tells the person what to do; it never shows the device code.
func (d *DeviceLogin) String() string {
	return fmt.Sprintf("enter the code %s at %s before %s", d.UserCode, d.VerificationURL, d.ExpiresAt.Format(time.Kitchen))
}

// StartDeviceLogin asks the configured accounts server (accounts_url, the
// data centre the client was registered in) for a device code. The caller
// shows the person the user code and the verification URL, then calls
// Wait.
func (c *Client) StartDeviceLogin(ctx context.Context, opts DeviceLoginOptions) (*DeviceLogin, error) {
	cfg := c.core.cfg
	scopes := opts.Scopes
	if scopes == nil {
		scopes = cfg.Scopes
		if !slices.ContainsFunc(scopes, func(s string) bool { return strings.EqualFold(s, profileScope) }) {
			scopes = append(slices.Clip(scopes), profileScope)
		}
	}
	if len(scopes) == 0 {
		return nil, &ValidationError{Field: "Scopes", Problem: "is empty; give Zoho's scopes, such as ZohoCRM.modules.ALL"}
	}
	form := url.Values{
		"client_id":   {cfg.ClientID},
		"grant_type":  {"device_request"},
		"scope":       {strings.Join(scopes, ",")},
		"access_type": {"offline"},
	}
	switch opts.Prompt {
	case "", "consent":
		form.Set("prompt", "consent")
	case "none":
	default:
		return nil, &ValidationError{Field: "Prompt", Problem: fmt.Sprintf("is %q; consent or none", opts.Prompt)}
	}
	dc := cfg.homeDataCenter()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(dc.AccountsURL, "/")+"/oauth/v3/device/code", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// x/oauth2's DeviceAuth would drop the errors Zoho sends with HTTP 200
	// and date the expiry by the wall clock: this one request is read here.
	var answer struct {
		UserCode                string      `json:"user_code"`
		DeviceCode              string      `json:"device_code"`
		VerificationURL         string      `json:"verification_url"`
		VerificationURI         string      `json:"verification_uri"`
		VerificationURIComplete string      `json:"verification_uri_complete"`
		ExpiresIn               json.Number `json:"expires_in"`
		Interval                json.Number `json:"interval"`
		Error                   string      `json:"error"`
		ErrorDescription        string      `json:"error_description"`
	}
	started := cfg.Now()
	status, err := c.core.oauth.doJSON(req, &answer)
	if err != nil {
		return nil, fmt.Errorf("zcrm: %s: %w", opDeviceLogin, err)
	}
	if status/100 != 2 || answer.Error != "" || answer.DeviceCode == "" || answer.UserCode == "" {
		return nil, &AuthError{Op: opDeviceLogin, StatusCode: status, Code: answer.Error, Description: answer.ErrorDescription}
	}
	d := &DeviceLogin{
		UserCode:                answer.UserCode,
		VerificationURL:         cmp.Or(answer.VerificationURL, answer.VerificationURI),
		VerificationURLComplete: answer.VerificationURIComplete,
		ExpiresAt:               started.Add(zohoDuration(answer.ExpiresIn, 5*time.Minute)),
		Interval:                max(zohoDuration(answer.Interval, devicePollInterval), devicePollInterval),
		client:                  c,
		deviceCode:              answer.DeviceCode,
		dc:                      dc,
		started:                 started,
	}
	c.core.logger.Info("device login started", "verification_url", d.VerificationURL, "expires", d.ExpiresAt.UTC().Format(time.RFC3339))
	return d, nil
}

// zohoDuration reads a duration Zoho gives in seconds, or in milliseconds
// as its older device pages say: a value of 10,000 or more (nearly three
// hours in seconds, which no device code lives) is taken as milliseconds.
func zohoDuration(n json.Number, missing time.Duration) time.Duration {
	v, err := n.Int64()
	switch {
	case err != nil || v <= 0:
		return missing
	case v >= 10_000:
		return time.Duration(v) * time.Millisecond
	}
	return time.Duration(v) * time.Second
}

// Wait polls Zoho until the person approves the code, then saves the
// tokens under the user Zoho names, as GenerateTokens does (that user
// becomes the client's default one), and returns them. It polls at
// Zoho's pace, never twice within Interval by Config.Now (waiting with
// Config.Sleep), slows down when Zoho says so and follows the person to
// their data centre. It fails with ErrDeviceLoginDenied,
// ErrDeviceCodeExpired (as *AuthError), or ctx's error when ctx ends.
func (d *DeviceLogin) Wait(ctx context.Context) (GrantOwner, error) {
	cfg := d.client.core.cfg
	last := d.started
	for {
		if wait := last.Add(d.Interval).Sub(cfg.Now()); wait > 0 {
			if err := cfg.Sleep(ctx, wait); err != nil {
				return GrantOwner{}, fmt.Errorf("zcrm: %s: waiting for the code %s to be approved: %w", opDeviceLogin, d.UserCode, err)
			}
			continue // the clock may have moved less than asked
		}
		if !cfg.Now().Before(d.ExpiresAt) {
			return GrantOwner{}, &AuthError{Op: opDeviceLogin, Code: "expired", Description: "the code " + d.UserCode + " was not approved in time"}
		}
		g, code, err := d.poll(ctx)
		last = cfg.Now()
		switch code {
		case "":
		case "authorization_pending":
			continue
		case "slow_down":
			d.Interval += deviceSlowDownStep
			d.client.core.logger.Warn("Zoho asked the device login to poll less often", "interval", d.Interval)
			continue
		case "other_dc":
			continue // d.dc is the person's data centre now
		}
		if err != nil {
			return GrantOwner{}, err
		}
		return d.client.keep(ctx, g, true)
	}
}

// poll asks d's data centre once for the tokens. It returns Zoho's error
// code for the answers that mean "poll again", and an error for the rest.
func (d *DeviceLogin) poll(ctx context.Context) (grant, string, error) {
	o := d.client.core.oauth
	oc := oauth2Config(o.cfg, d.dc)
	oc.RedirectURL = ""
	oc.Endpoint.TokenURL = strings.TrimRight(d.dc.AccountsURL, "/") + "/oauth/v3/device/token"
	// Zoho's poll is a token request with its own grant type and the
	// device code as code: x/oauth2's Exchange with the grant type set
	// sends exactly that, and reads the answer and its errors as for a
	// grant token.
	tok, err := oc.Exchange(o.ctx(ctx), d.deviceCode, oauth2.SetAuthURLParam("grant_type", "device_token"))
	if err == nil {
		g := o.grantFrom(tok, d.dc)
		if g.RefreshToken == "" {
			return grant{}, "", &AuthError{Op: opDeviceLogin, Description: "Zoho returned no refresh token"}
		}
		return g, "", nil
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return grant{}, "", fmt.Errorf("zcrm: %s: %w", opDeviceLogin, err)
	}
	switch re.ErrorCode {
	case "authorization_pending", "slow_down":
		return grant{}, re.ErrorCode, nil
	case "other_dc":
		var answer struct {
			UserLocation string `json:"user_location"`
		}
		_ = json.Unmarshal(re.Body, &answer)
		dc, ok := o.cfg.dataCenterOfLocation(answer.UserLocation)
		if !ok {
			return grant{}, "", fmt.Errorf("%w: the person approved from the data centre %q, which is not accepted (%s); set Config.DataCenters to accept it",
				ErrUnknownAccountsServer, answer.UserLocation, o.cfg.locations())
		}
		d.client.core.logger.Info("the device login continues in the person's data centre", "location", dc.Location, "accounts_url", dc.AccountsURL)
		d.dc = dc
		return grant{}, re.ErrorCode, nil
	}
	return grant{}, "", authError(opDeviceLogin, "", err)
}

// signInSentinel matches the answers of client credentials and device
// logins.
func (e *AuthError) signInSentinel() error {
	switch {
	case e.Code == "missing_org_info":
		return ErrOrgNotFound
	case e.Op == opDeviceLogin && e.Code == "access_denied":
		return ErrDeviceLoginDenied
	case e.Op == opDeviceLogin && e.Code == "expired":
		return ErrDeviceCodeExpired
	}
	return nil
}

func (e *AuthError) signInHint() string {
	switch e.sentinel() {
	case ErrOrgNotFound:
		return "set soid to ZohoCRM.{org id} (CRM shows the org id under the profile picture), and accounts_url to the data centre the org lives in"
	case ErrDeviceLoginDenied:
		return "access was denied on Zoho's page; start the login again to ask again"
	case ErrDeviceCodeExpired:
		return "start the login again for a new code, and enter it within five minutes"
	}
	return ""
}

// sleepOnWallClock is Config.Sleep's default.
func sleepOnWallClock(ctx context.Context, d time.Duration) error {
	if !sleepCtx(ctx, d) {
		return ctx.Err()
	}
	return nil
}
