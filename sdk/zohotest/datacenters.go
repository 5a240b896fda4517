package zohotest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Zoho's data centres (reference/zoho-oauth-web-and-limits.md, 1.6), each
// with the administrator its emulated org starts with. China lives in a
// world of its own: a login that starts elsewhere does not reach it.
var zohoDataCenters = []struct {
	location string
	name     string
	admin    User
}{
	{"us", "United States", User{FirstName: "Patricia", LastName: "Boyle", Email: "p.boyle@zylker.com"}},
	{"eu", "Europe", User{FirstName: "Klaus", LastName: "Becker", Email: "k.becker@zylker.eu"}},
	{"in", "India", User{FirstName: "Aarav", LastName: "Sharma", Email: "a.sharma@zylker.in"}},
	{"au", "Australia", User{FirstName: "Olivia", LastName: "Smith", Email: "o.smith@zylker.com.au"}},
	{"jp", "Japan", User{FirstName: "Haruto", LastName: "Sato", Email: "h.sato@zylker.jp"}},
	{"ca", "Canada", User{FirstName: "Emma", LastName: "Tremblay", Email: "e.tremblay@zylker.ca"}},
	{"sa", "Saudi Arabia", User{FirstName: "Omar", LastName: "Alharbi", Email: "o.alharbi@zylker.sa"}},
	{"cn", "China", User{FirstName: "Wei", LastName: "Zhang", Email: "w.zhang@zylker.com.cn"}},
}

// defaultDataCenters are the DCs NewMultiDC serves without WithDataCenters.
var defaultDataCenters = []string{"us", "eu", "in"}

func knownDataCenter(location string) bool {
	for _, dc := range zohoDataCenters {
		if dc.location == location {
			return true
		}
	}
	return false
}

func dataCenterName(location string) string {
	for _, dc := range zohoDataCenters {
		if dc.location == location {
			return dc.name
		}
	}
	return location
}

func dataCenterAdmin(location string) User {
	for _, dc := range zohoDataCenters {
		if dc.location == location {
			return dc.admin
		}
	}
	return zohoDataCenters[0].admin
}

// sameWorld: a login starting at one DC's accounts server may end in the
// other's (China's is separate from the rest).
func sameWorld(a, b string) bool { return (a == "cn") == (b == "cn") }

// DataCenter describes one emulated Zoho data centre.
type DataCenter struct {
	Location    string // lowercase code, as Zoho's redirect's location: "us", "eu", "in"...
	Name        string // "United States", "Europe", ...
	AccountsURL string // its accounts server, serving /oauth/ only
	APIURL      string // its CRM API, serving /crm/ only: the api_domain of its token answers
	UploadURL   string // its file upload host (bulk write uploads and results)
}

// MultiDC is an emulated Zoho with several data centres. Each DC is a
// *Server of its own (DC): its own org, users, records, tokens and
// counters, its accounts server and CRM API on two distinct loopback
// addresses. The DCs share one clock and one OAuth client registry: a
// client is registered once, with one client id for every DC. A user lives
// in one DC; a token, grant code or client secret of one DC is unknown in
// the others, which answer as Zoho does.
//
// Create it with NewMultiDC (or StartMultiDC); Close it when done.
type MultiDC struct {
	// ClientID, ClientSecret and RedirectURI are the OAuth client registered
	// at creation in every DC, with the same secret everywhere.
	ClientID     string
	ClientSecret string
	RedirectURI  string

	servers []*Server // in the order of WithDataCenters
	clock   *clock

	// usersMu serializes adding users, so that an email lives in one DC.
	usersMu sync.Mutex

	mu          sync.RWMutex
	consentUser string // email the consent pages approve for at once; "" shows the page
}

// MultiDCClient is an OAuth client registered in several DCs, as the API
// console's Multi-DC setting makes it.
type MultiDCClient struct {
	ID          string // one id for every DC; generated when empty
	Name        string // shown on the consent page; "zohotest app" when empty
	RedirectURI string
	// Secret is the one secret of every DC ("use the same OAuth credentials
	// for all data centers"); generated when empty unless PerDCSecrets.
	Secret string
	// PerDCSecrets gives each DC a secret of its own: Secrets[location]
	// when set, else generated.
	PerDCSecrets bool
	// Secrets holds the secret of each DC the client is enabled in (filled
	// in on the registered client).
	Secrets map[string]string
	// Locations are the DCs the client is enabled in; empty means all.
	// Elsewhere its token requests answer invalid_client and its users
	// cannot consent.
	Locations []string
}

// NewMultiDC starts an emulated Zoho with several data centres (us, eu and
// in unless WithDataCenters says otherwise) on free ports of 127.0.0.1
// (or from WithBasePort). It panics if it cannot listen; StartMultiDC
// returns the error instead. The options apply to every DC.
func NewMultiDC(opts ...Option) *MultiDC {
	m, err := StartMultiDC(opts...)
	if err != nil {
		panic("zohotest: " + err.Error())
	}
	return m
}

// StartMultiDC is NewMultiDC returning an error when a listener cannot be
// opened (a port of WithBasePort in use, say).
func StartMultiDC(opts ...Option) (*MultiDC, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	locations := cfg.dataCenters
	if !cfg.dataCentersSet {
		locations = defaultDataCenters
	}
	if err := checkDataCenters(locations); err != nil {
		return nil, fmt.Errorf("WithDataCenters: %w", err)
	}
	m := &MultiDC{clock: newClock(cfg)}
	for _, loc := range locations {
		s := buildServer(cfg, loc, m.clock, m)
		m.servers = append(m.servers, s)
	}
	// Every DC's addresses are known before any serves: a consent page
	// names other DCs' accounts servers.
	var serve []func()
	for i, s := range m.servers {
		start, err := s.listenDC(cfg.basePort, i)
		if err != nil {
			m.Close()
			return nil, err
		}
		serve = append(serve, start)
	}
	for _, start := range serve {
		start()
	}
	c := m.RegisterClient(MultiDCClient{RedirectURI: cfg.defaultRedirectURI()})
	m.ClientID, m.ClientSecret, m.RedirectURI = c.ID, c.Secret, c.RedirectURI
	return m, nil
}

// listenDC opens the DC's three listeners (accounts server, API, upload
// host), on free ports or on basePort+3i, +3i+1 and +3i+2, and returns
// what starts serving them.
func (s *Server) listenDC(basePort, i int) (func(), error) {
	addr := func(n int) string {
		if basePort == 0 {
			return "127.0.0.1:0"
		}
		return fmt.Sprintf("127.0.0.1:%d", basePort+3*i+n)
	}
	la, err := net.Listen("tcp", addr(0))
	if err != nil {
		return nil, fmt.Errorf("listen for the %s accounts server: %w", s.Location, err)
	}
	lapi, err := net.Listen("tcp", addr(1))
	if err != nil {
		la.Close()
		return nil, fmt.Errorf("listen for the %s API: %w", s.Location, err)
	}
	lup, err := net.Listen("tcp", addr(2))
	if err != nil {
		la.Close()
		lapi.Close()
		return nil, fmt.Errorf("listen for the %s upload host: %w", s.Location, err)
	}
	s.AccountsURL = "http://" + la.Addr().String()
	s.APIURL = "http://" + lapi.Addr().String()
	s.accountsSrv = newHTTPServer(s.AccountsHandler())
	s.srv = newHTTPServer(s.APIHandler())
	return func() {
		go func() { _ = s.accountsSrv.Serve(la) }()
		go func() { _ = s.srv.Serve(lapi) }()
		s.serveUploadHost(lup)
	}, nil
}

// Close stops every DC.
func (m *MultiDC) Close() {
	for _, s := range m.servers {
		s.Close()
	}
}

// DataCenters lists the DCs in the order of WithDataCenters.
func (m *MultiDC) DataCenters() []DataCenter {
	out := make([]DataCenter, len(m.servers))
	for i, s := range m.servers {
		out[i] = s.DataCenter()
	}
	return out
}

// DC returns the data centre with that location code (its Server: add users,
// seed records with Records, read its Counters...). It panics if the
// emulator does not serve that DC.
func (m *MultiDC) DC(location string) *Server {
	if s := m.dc(location); s != nil {
		return s
	}
	panic(fmt.Sprintf("zohotest: MultiDC.DC(%q): no such data centre here (serving %s)", location, strings.Join(m.locations(), ", ")))
}

func (m *MultiDC) dc(location string) *Server {
	for _, s := range m.servers {
		if s.Location == strings.ToLower(location) {
			return s
		}
	}
	return nil
}

func (m *MultiDC) locations() []string {
	out := make([]string, len(m.servers))
	for i, s := range m.servers {
		out[i] = s.Location
	}
	return out
}

// AddUser adds a user to the DC at location and returns it with its
// generated fields. It panics if the DC is unknown or the email is taken
// in any DC (a Zoho account lives in one DC).
func (m *MultiDC) AddUser(location string, u User) User {
	return m.DC(location).AddUser(u)
}

// User finds the user with this email (or id) in whichever DC holds it.
func (m *MultiDC) User(emailOrID string) (User, *Server, bool) {
	for _, s := range m.servers {
		if u, ok := s.User(emailOrID); ok {
			return u, s, true
		}
	}
	return User{}, nil, false
}

// userDC finds the DC of a user by email, among the DCs a login starting at
// from can reach.
func (m *MultiDC) userDC(from, email string) (User, *Server, bool) {
	for _, s := range m.servers {
		if !sameWorld(from, s.Location) {
			continue
		}
		if u, ok := s.userByEmail(email); ok {
			return u, s, true
		}
	}
	return User{}, nil, false
}

func (m *MultiDC) mustUser(caller, email string) (User, *Server) {
	u, s, ok := m.User(email)
	if !ok {
		panic(fmt.Sprintf("zohotest: %s: no user has email %q in any data centre (add one with AddUser)", caller, email))
	}
	return u, s
}

// emailTakenElsewhere reports the DC other than s holding this email.
func (m *MultiDC) emailTakenElsewhere(s *Server, email string) (string, bool) {
	for _, o := range m.servers {
		if o == s {
			continue
		}
		if _, ok := o.userByEmail(email); ok {
			return o.Location, true
		}
	}
	return "", false
}

// emailTakenElsewhere reports the other DC of the group holding this email.
func (s *Server) emailTakenElsewhere(email string) (string, bool) {
	if s.group == nil {
		return "", false
	}
	return s.group.emailTakenElsewhere(s, email)
}

// Now returns the emulator's time, one clock for every DC.
func (m *MultiDC) Now() time.Time { return m.clock.now() }

// Advance moves the clock of every DC by d.
func (m *MultiDC) Advance(d time.Duration) { m.clock.advance(d) }

// SetNow sets the clock of every DC to t.
func (m *MultiDC) SetNow(t time.Time) { m.clock.set(t) }

// ExpireAccessTokens expires every access token of every DC.
func (m *MultiDC) ExpireAccessTokens() {
	for _, s := range m.servers {
		s.ExpireAccessTokens()
	}
}

// RevokeAccessTokens revokes every access token of the user with this
// email, in their DC, as Zoho does when a user changes their password;
// refresh tokens stay good. It returns how many were revoked and panics if
// no DC has the user.
func (m *MultiDC) RevokeAccessTokens(email string) int {
	_, s := m.mustUser("RevokeAccessTokens", email)
	return s.RevokeAccessTokens(email)
}

// GrantToken mints a grant code for the client and the user, in the
// user's DC (see Server.GrantToken). It panics if no DC has the user or
// the client is not enabled in theirs.
func (m *MultiDC) GrantToken(clientID, userEmail string, scopes ...string) string {
	_, s := m.mustUser("GrantToken", userEmail)
	return s.GrantToken(clientID, userEmail, scopes...)
}

// IssueTokens mints access and refresh tokens for the client and the user
// in the user's DC (see Server.IssueTokens).
func (m *MultiDC) IssueTokens(clientID, userEmail string, scopes ...string) (accessToken, refreshToken string) {
	_, s := m.mustUser("IssueTokens", userEmail)
	return s.IssueTokens(clientID, userEmail, scopes...)
}

// Counters returns each DC's counters, by location.
func (m *MultiDC) Counters() map[string]Counters {
	out := make(map[string]Counters, len(m.servers))
	for _, s := range m.servers {
		out[s.Location] = s.Counters()
	}
	return out
}

// ResetCounters zeroes the counters of every DC.
func (m *MultiDC) ResetCounters() {
	for _, s := range m.servers {
		s.ResetCounters()
	}
}

// RegisterClient registers an OAuth client with one id in the DCs of
// c.Locations (all when empty), with one secret for all or one per DC
// (PerDCSecrets). The registered client is returned with Secrets filled in.
// It panics on an unknown location or an id already registered.
func (m *MultiDC) RegisterClient(c MultiDCClient) MultiDCClient {
	if c.ID == "" {
		c.ID = newClientID()
	}
	if c.Name == "" {
		c.Name = defaultClientName
	}
	locations := c.Locations
	if len(locations) == 0 {
		locations = m.locations()
	}
	for _, loc := range locations {
		if m.dc(loc) == nil {
			panic(fmt.Sprintf("zohotest: RegisterClient: no data centre %q here (serving %s)", loc, strings.Join(m.locations(), ", ")))
		}
	}
	if !c.PerDCSecrets && c.Secret == "" {
		c.Secret = newClientSecret()
	}
	given := c.Secrets
	c.Secrets = map[string]string{}
	c.Locations = nil
	for _, loc := range locations {
		loc = strings.ToLower(loc)
		secret := c.Secret
		if c.PerDCSecrets {
			if secret = given[loc]; secret == "" {
				secret = newClientSecret()
			}
		}
		m.dc(loc).RegisterClient(Client{ID: c.ID, Name: c.Name, Secret: secret, RedirectURI: c.RedirectURI})
		c.Secrets[loc] = secret
		c.Locations = append(c.Locations, loc)
	}
	return c
}

// SetRedirectURI sets the client's registered redirect URI in every DC
// it is enabled in (a test's web app listens on a port known only once it
// runs). It panics if no DC knows the client.
func (m *MultiDC) SetRedirectURI(clientID, redirectURI string) {
	found := false
	for _, s := range m.servers {
		if s.hasClient(clientID) {
			s.SetRedirectURI(clientID, redirectURI)
			found = true
		}
	}
	if !found {
		panic(fmt.Sprintf("zohotest: SetRedirectURI: no client %q is registered", clientID))
	}
	if clientID == m.ClientID {
		m.RedirectURI = redirectURI
	}
}

// SetConsentUser makes the consent page of every DC approve at once for
// the user with this email, in their DC, without showing the page (for
// tests without a browser). An empty email brings the page back. It
// panics if no DC has the user.
func (m *MultiDC) SetConsentUser(email string) {
	if email != "" {
		m.mustUser("SetConsentUser", email)
	}
	m.mu.Lock()
	m.consentUser = email
	m.mu.Unlock()
}

func (m *MultiDC) autoConsentUser() string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.consentUser
}

// clientSecretOfOtherDC reports whether secret is the client's secret in
// another DC than s: sent to the wrong DC, it answers invalid_client.
func (m *MultiDC) clientSecretOfOtherDC(s *Server, clientID, secret string) bool {
	for _, o := range m.servers {
		if o == s {
			continue
		}
		if c, ok := o.client(clientID); ok && c.Secret == secret {
			return true
		}
	}
	return false
}

// serverInfo maps location codes to accounts servers, as Zoho's
// /oauth/serverinfo does.
func (m *MultiDC) serverInfo(from string) map[string]string {
	out := map[string]string{}
	for _, s := range m.servers {
		if sameWorld(from, s.Location) {
			out[s.Location] = s.AccountsURL
		}
	}
	return out
}

func checkDataCenters(locations []string) error {
	if len(locations) == 0 {
		return errors.New("name at least one data centre")
	}
	var errs []error
	seen := map[string]bool{}
	for _, loc := range locations {
		switch {
		case !knownDataCenter(loc):
			known := make([]string, len(zohoDataCenters))
			for i, dc := range zohoDataCenters {
				known[i] = dc.location
			}
			errs = append(errs, fmt.Errorf("%q is not one of Zoho's data centres (%s)", loc, strings.Join(known, " ")))
		case seen[loc]:
			errs = append(errs, fmt.Errorf("%q is given twice", loc))
		}
		seen[loc] = true
	}
	return errors.Join(errs...)
}

// sortedLocations is for stable output.
func sortedLocations(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return slices.Clip(keys)
}

// Describe writes what a person needs to try the emulator: each DC's
// accounts, API and upload URLs, the OAuth client, the users to sign in as on the
// consent page (the first user of each DC) and the address where a login
// starts. It is what `zcrm emulator --dcs` prints.
func (m *MultiDC) Describe(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Zoho emulator, %d data centres (each its own CRM org):\n", len(m.servers))
	for _, s := range m.servers {
		fmt.Fprintf(&b, "  %-3s %-14s accounts %s  API %s  upload %s  soid %s\n", s.Location, dataCenterName(s.Location), s.AccountsURL, s.APIURL, s.UploadURL, s.SOID())
	}
	fmt.Fprintf(&b, "OAuth client, the same in every data centre:\n  client id     %s\n  client secret %s\n  redirect URI  %s\n",
		m.ClientID, m.ClientSecret, m.RedirectURI)
	b.WriteString("Users to sign in as on the consent page:\n")
	for _, s := range m.servers {
		u := s.Admin()
		fmt.Fprintf(&b, "  %-24s %-3s %s\n", u.Email, s.Location, u.FullName())
	}
	fmt.Fprintf(&b, "Login with Zoho starts at the %s accounts server; the consent page sends each user back with their own DC:\n  %s\n",
		m.servers[0].Location, m.LoginURL())
	_, err := io.WriteString(w, b.String())
	return err
}

// LoginURL is where a login of the registered client starts: the consent
// page of the first DC, asking for the CRM's modules, users and the
// user's profile.
func (m *MultiDC) LoginURL() string {
	q := url.Values{
		"client_id": {m.ClientID}, "response_type": {"code"}, "redirect_uri": {m.RedirectURI},
		"scope": {"ZohoCRM.modules.ALL,ZohoCRM.users.READ,AaaServer.profile.READ"}, "access_type": {"offline"}, "prompt": {"consent"},
	}
	return m.servers[0].AccountsURL + "/oauth/v2/auth?" + q.Encode()
}
