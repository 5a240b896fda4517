package zohotest

import (
	"fmt"
	"strings"
	"time"
)

// Zoho's limits and lifetimes (reference/zoho-api.md, "OAuth").
const (
	defaultAccessTokenLifetime = time.Hour
	defaultGrantLifetime       = 3 * time.Minute // v7/v8 docs; v2/v3 said 2 minutes
	defaultRefreshLimit        = 10              // access tokens one refresh token may mint...
	defaultRefreshWindow       = 10 * time.Minute
	maxAccessTokensPerRefresh  = 15 // the 16th invalidates the oldest
	maxRefreshTokensPerUser    = 20 // per user and client; the 21st deletes the oldest
	defaultAPICredits          = 1_000_000
	defaultCreditWindow        = 24 * time.Hour
	pageTokenLifetime          = 24 * time.Hour
)

type config struct {
	accessTokenLifetime time.Duration
	grantLifetime       time.Duration
	legacyExpiresIn     bool
	refreshLimit        int
	refreshWindow       time.Duration
	apiCredits          int
	creditWindow        time.Duration
	concurrency         int
	callLatency         time.Duration
	start               time.Time
	frozen              bool
	location            *time.Location
	apiDomain           string
	dataCenters         []string // lowercase location codes
	dataCentersSet      bool
	basePort            int
	consentPage         bool
	redirectURI         string
}

func defaultConfig() config {
	return config{
		accessTokenLifetime: defaultAccessTokenLifetime,
		grantLifetime:       defaultGrantLifetime,
		refreshLimit:        defaultRefreshLimit,
		refreshWindow:       defaultRefreshWindow,
		apiCredits:          defaultAPICredits,
		creditWindow:        defaultCreditWindow,
		// Zoho's samples are full of +05:30: an offset other than UTC keeps
		// clients honest about parsing it.
		location: time.FixedZone("IST", 5*3600+1800),
	}
}

// Option configures a Server.
type Option func(*config)

// WithAccessTokenLifetime sets how long access tokens live (default one
// hour, as at Zoho); the token answer's expires_in follows it.
func WithAccessTokenLifetime(d time.Duration) Option {
	mustPositive("WithAccessTokenLifetime", d)
	return func(c *config) { c.accessTokenLifetime = d }
}

// WithGrantTokenLifetime sets how long a grant code from GrantToken or the
// consent page stays usable (default three minutes).
func WithGrantTokenLifetime(d time.Duration) Option {
	mustPositive("WithGrantTokenLifetime", d)
	return func(c *config) { c.grantLifetime = d }
}

// WithLegacyExpiresIn makes token answers use Zoho's older format:
// expires_in_sec in seconds and expires_in in milliseconds.
func WithLegacyExpiresIn() Option {
	return func(c *config) { c.legacyExpiresIn = true }
}

// WithRefreshThrottle sets how many access tokens one refresh token may mint
// by refreshing within a sliding window (default 10 in 10 minutes).
func WithRefreshThrottle(n int, window time.Duration) Option {
	if n < 1 {
		panic(fmt.Sprintf("zohotest: WithRefreshThrottle(%d, ...): n must be at least 1", n))
	}
	mustPositive("WithRefreshThrottle", window)
	return func(c *config) { c.refreshLimit, c.refreshWindow = n, window }
}

// WithAPICredits sets the CRM API budget: credits per window of the
// emulator's clock (default 1,000,000 a day). Every CRM call costs one;
// past the budget the CRM answers 429 TOO_MANY_REQUESTS until the window
// resets (X-RATELIMIT-RESET).
func WithAPICredits(credits int, window time.Duration) Option {
	if credits < 1 {
		panic(fmt.Sprintf("zohotest: WithAPICredits(%d, ...): credits must be at least 1", credits))
	}
	mustPositive("WithAPICredits", window)
	return func(c *config) { c.apiCredits, c.creditWindow = credits, window }
}

// WithConcurrencyLimit makes the CRM answer 429 TOO_MANY_REQUESTS to a call
// arriving while n others are in progress, as Zoho does per org and app
// (Free 5, Standard 10, Professional 15). Default: no limit.
func WithConcurrencyLimit(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("zohotest: WithConcurrencyLimit(%d): n must be at least 1", n))
	}
	return func(c *config) { c.concurrency = n }
}

// WithCallLatency makes every CRM call take d (wall-clock time) once it is
// admitted, counting in the concurrency limit as a slow Zoho call does;
// unlike a Fault's Latency, which is spent before the call arrives.
func WithCallLatency(d time.Duration) Option {
	return func(c *config) { c.callLatency = d }
}

// WithClock starts the emulator's clock at t; it then runs with the wall
// clock (plus whatever Advance and SetNow add).
func WithClock(t time.Time) Option {
	return func(c *config) { c.start, c.frozen = t, false }
}

// WithFrozenClock starts the emulator's clock at t and keeps it there: time
// moves only through Advance and SetNow. Record timestamps then repeat.
func WithFrozenClock(t time.Time) Option {
	return func(c *config) { c.start, c.frozen = t, true }
}

// WithTimeZone sets the org's time zone, in which times are written
// (default +05:30, as in Zoho's samples).
func WithTimeZone(loc *time.Location) Option {
	if loc == nil {
		panic("zohotest: WithTimeZone(nil)")
	}
	return func(c *config) { c.location = loc }
}

// WithAPIDomain sets the api_domain the token answers carry. By default it is
// the server's URL, or for a Handler served elsewhere, http://{Host}.
func WithAPIDomain(url string) Option {
	return func(c *config) { c.apiDomain = url }
}

// WithDataCenters names the data centres an emulator serves, by Zoho's
// location codes: us, eu, in, au, jp, ca, sa, cn. NewMultiDC serves them
// all (default us, eu, in); NewServer takes one, its Location (default us).
// An unknown or repeated code makes NewServer and NewMultiDC panic and
// StartMultiDC fail.
func WithDataCenters(locations ...string) Option {
	lower := make([]string, len(locations))
	for i, l := range locations {
		lower[i] = strings.ToLower(strings.TrimSpace(l))
	}
	return func(c *config) { c.dataCenters, c.dataCentersSet = lower, true }
}

// WithBasePort makes the emulator listen on fixed ports of 127.0.0.1 rather
// than free ones: NewServer on port; NewMultiDC gives its i-th DC's
// accounts server port+3i, its API port+3i+1 and its upload host
// port+3i+2.
func WithBasePort(port int) Option {
	if port < 1 || port > 65535 {
		panic(fmt.Sprintf("zohotest: WithBasePort(%d): not a port", port))
	}
	return func(c *config) { c.basePort = port }
}

// WithConsentPage makes NewServer's consent page (GET /oauth/v2/auth) a
// real sign-in and consent form, as NewMultiDC's is, instead of approving
// at once for the consent user. SetConsentUser turns approval at once back
// on.
func WithConsentPage() Option {
	return func(c *config) { c.consentPage = true }
}

// WithRedirectURI sets the redirect URI of the OAuth client registered at
// creation (default http://127.0.0.1/zohotest/callback): a web app's
// callback. SetRedirectURI changes it later.
func WithRedirectURI(uri string) Option {
	return func(c *config) { c.redirectURI = uri }
}

func mustPositive(name string, d time.Duration) {
	if d <= 0 {
		panic(fmt.Sprintf("zohotest: %s(%v): the duration must be positive", name, d))
	}
}
