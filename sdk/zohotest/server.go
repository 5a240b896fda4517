package zohotest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server is an in-memory Zoho data centre: the accounts server (OAuth) and
// the CRM API of one org. Create it with NewServer, which serves both on
// one address: point both accounts_url and api_base_url at its URL. A
// MultiDC holds one Server per DC, each on two addresses. All its methods
// are safe for concurrent use.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port, once started.
	// The accounts endpoints live under /oauth/ and the CRM under /crm/.
	// It is empty for a DC of a MultiDC, whose accounts server and API
	// have addresses of their own: AccountsURL and APIURL.
	URL string

	// Location is the DC's lowercase code, as Zoho's redirect gives it:
	// "us" unless WithDataCenters or NewMultiDC says otherwise.
	Location string
	// AccountsURL is where the accounts server (/oauth/) answers and APIURL
	// where the CRM (/crm/) does: both URL for NewServer, two distinct
	// addresses for a DC of a MultiDC.
	AccountsURL string
	APIURL      string
	// UploadURL is the DC's file upload host (bulk write uploads and
	// results), an address of its own once started.
	UploadURL string

	// ClientID, ClientSecret and RedirectURI are the OAuth client the
	// server registers at creation; GrantToken(s.ClientID, ...) mints codes
	// for it.
	ClientID     string
	ClientSecret string
	RedirectURI  string

	cfg      config
	group    *MultiDC // nil for NewServer
	clock    *clock
	ids      idGenerator
	accounts *http.ServeMux

	tokens   tokenStore
	people   userStore
	org      orgStore
	modules  moduleRegistry
	pages    pageTokens
	massJobs massUpdateJobs
	// converting serializes lead conversions (convert.go).
	converting sync.Mutex
	faults     faultSet
	counters   counterSet
	limiter    rateLimiter
	layouts    sync.Map  // field-name sequence -> *layout
	bulk       bulkStore // bulk.go
	uploadSrv  *http.Server
	lastTime   atomic.Pointer[formattedTime]

	// What hangs off records: attachments, photos, tags, blueprints
	// (subresources.go).
	sub subresources

	// Taxes, variables, relations, metadata ids (settings_common.go).
	settings settingsState
	// The keyed settings resources (keyed.go), made on first use.
	keyedMu sync.Mutex
	keyed   map[*keyedSpec]*keyedStore
	// The emails of records, their sharing and blocked addresses
	// (email_related_records.go).
	emails emailState

	// The record actions' state: locks, shares, currencies, territories,
	// user groups, files, jobs (actions.go); txn lets a composite request
	// run alone (composite.go).
	actions actionState
	txn     sync.RWMutex
	// Background jobs and their clock (jobs.go).
	jobs jobStore
	// The cadences records are enrolled in (cadences_execution.go).
	cadences cadenceState

	// Notification channels and their callbacks (notifications.go).
	notify notificationState

	// consents are the consent pages shown and not yet answered (consent.go).
	consents consentPages

	// devices are the device flow's codes (device.go).
	devices deviceStore

	startOnce   sync.Once
	srv         *http.Server
	accountsSrv *http.Server // a DC of a MultiDC: the accounts address
}

const (
	defaultRedirectURI = "http://127.0.0.1/zohotest/callback"
	defaultClientName  = "zohotest app"
)

func (c config) defaultRedirectURI() string {
	if c.redirectURI != "" {
		return c.redirectURI
	}
	return defaultRedirectURI
}

// NewServer starts an emulator on 127.0.0.1 at a free port, like
// httptest.NewServer. Close it when done.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns an emulator that does not listen yet: call
// Start, or serve Handler on a listener of your own (the command line does,
// on a fixed port; give it WithAPIDomain if clients reach it by another
// name than the Host they send).
func NewUnstartedServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	location := "us"
	if cfg.dataCentersSet {
		if err := checkDataCenters(cfg.dataCenters); err != nil {
			panic("zohotest: WithDataCenters: " + err.Error())
		}
		if len(cfg.dataCenters) > 1 {
			panic("zohotest: NewServer serves one data centre; use NewMultiDC for " + strings.Join(cfg.dataCenters, ", "))
		}
		location = cfg.dataCenters[0]
	}
	s := buildServer(cfg, location, newClock(cfg), nil)
	c := s.RegisterClient(Client{RedirectURI: cfg.defaultRedirectURI()})
	s.ClientID, s.ClientSecret, s.RedirectURI = c.ID, c.Secret, c.RedirectURI
	return s
}

// buildServer builds one DC's org, on the clock it is given.
func buildServer(cfg config, location string, clk *clock, group *MultiDC) *Server {
	s := &Server{cfg: cfg, clock: clk, group: group, Location: location}
	s.ids.prefix = 1_000_000 + randomInt(9_000_000)
	s.tokens.init()
	s.limiter.init(cfg)
	s.pages.init()
	s.consents.init()
	s.org.init(s)
	s.people.init(s)
	s.modules.init(s)
	s.settings.init(s)
	s.accounts = s.accountsMux()
	return s
}

// Start listens on 127.0.0.1 at a free port (or WithBasePort's) and serves
// in the background; it sets URL, AccountsURL and APIURL. Starting twice,
// or starting a DC of a MultiDC, panics.
func (s *Server) Start() {
	if s.group != nil {
		panic("zohotest: a data centre of a MultiDC is started by NewMultiDC")
	}
	started := false
	s.startOnce.Do(func() {
		started = true
		addr := "127.0.0.1:0"
		if s.cfg.basePort != 0 {
			addr = fmt.Sprintf("127.0.0.1:%d", s.cfg.basePort)
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			panic(fmt.Sprintf("zohotest: listen on %s: %v", addr, err))
		}
		s.URL = "http://" + l.Addr().String()
		s.AccountsURL, s.APIURL = s.URL, s.URL
		s.srv = newHTTPServer(s.Handler())
		go func() { _ = s.srv.Serve(l) }()
		s.startUploadHost()
	})
	if !started {
		panic("zohotest: Server started twice")
	}
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 30 * time.Second,
		// Dropped connections and client hang-ups are part of the job.
		ErrorLog: log.New(io.Discard, "", 0),
	}
}

// Close stops the server and closes its connections.
func (s *Server) Close() {
	if s.srv != nil {
		_ = s.srv.Close()
	}
	if s.accountsSrv != nil {
		_ = s.accountsSrv.Close()
	}
	if s.uploadSrv != nil {
		_ = s.uploadSrv.Close()
	}
}

// DataCenter describes the server's DC: its location code and where its
// accounts server and API answer.
func (s *Server) DataCenter() DataCenter {
	return DataCenter{Location: s.Location, Name: dataCenterName(s.Location), AccountsURL: s.AccountsURL, APIURL: s.APIURL, UploadURL: s.UploadURL}
}

// Handler returns the emulator as an http.Handler: accounts under /oauth/,
// the CRM under /crm/{version}/.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// AccountsHandler serves the accounts server alone (/oauth/); anything
// else is 404 and counts nowhere.
func (s *Server) AccountsHandler() http.Handler { return s.only("/oauth/") }

// APIHandler serves the CRM API alone (/crm/); anything else is 404 and
// counts nowhere.
func (s *Server) APIHandler() http.Handler { return s.only("/crm/") }

func (s *Server) only(prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		s.serveHTTP(w, r)
	})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	noteServed(r)
	s.counters.arrive(r)
	if s.faults.apply(s, w, r, s.dispatch) {
		return
	}
	s.dispatch(w, r)
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/crm/"):
		s.serveCRM(w, r)
	case strings.HasPrefix(r.URL.Path, "/oauth/"):
		s.accounts.ServeHTTP(w, r)
	default:
		failURL(w)
	}
}

// apiDomain is what token answers give as api_domain.
func (s *Server) apiDomain(r *http.Request) string {
	switch {
	case s.cfg.apiDomain != "":
		return s.cfg.apiDomain
	case s.APIURL != "":
		return s.APIURL
	default:
		return "http://" + r.Host
	}
}

// accountsServer is what the consent redirect gives as accounts-server.
func (s *Server) accountsServer(r *http.Request) string {
	if s.AccountsURL != "" {
		return s.AccountsURL
	}
	return "http://" + r.Host
}

// idGenerator mints Zoho-like ids: 19 digits, an org prefix then a sequence
// (e.g. 3652397000000388085), increasing so that id order is creation order.
type idGenerator struct {
	prefix int64
	seq    atomic.Int64
}

func (g *idGenerator) next() string {
	return fmt.Sprintf("%d%012d", g.prefix, 2_000_000+g.seq.Add(1))
}

// zuid mints a Zoho user id (ZUID): 8 to 9 digits.
func (g *idGenerator) zuid() string {
	return fmt.Sprintf("%d", 60_000_000+g.seq.Add(1)*7+randomInt(7))
}

func randomHex(nBytes int) string {
	b := make([]byte, nBytes)
	if _, err := rand.Read(b); err != nil {
		panic("zohotest: crypto/rand: " + err.Error())
	}
	return hex.EncodeToString(b)
}

func randomInt(n int64) int64 {
	v, err := rand.Int(rand.Reader, big.NewInt(n))
	if err != nil {
		panic("zohotest: crypto/rand: " + err.Error())
	}
	return v.Int64()
}

// newToken mints a token or grant code shaped like Zoho's:
// 1000.<32 hex>.<32 hex>.
func newToken() string { return "1000." + randomHex(16) + "." + randomHex(16) }
