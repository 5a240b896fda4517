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
)

// Server is an in-memory Zoho: the accounts server (OAuth) and the CRM API,
// on one address. Create it with NewServer; point both accounts_url and
// api_base_url at its URL. All its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port, once started.
	// The accounts endpoints live under /oauth/ and the CRM under /crm/.
	URL string

	// ClientID, ClientSecret and RedirectURI are the OAuth client the
	// server registers at creation; GrantToken(s.ClientID, ...) mints codes
	// for it.
	ClientID     string
	ClientSecret string
	RedirectURI  string

	cfg      config
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
	layouts    sync.Map // field-name sequence -> *layout
	lastTime   atomic.Pointer[formattedTime]

	// What hangs off records: attachments, photos, tags, blueprints
	// (subresources.go).
	sub subresources

	// Taxes, variables, relations, metadata ids (settings_common.go).
	settings settingsState

	// The record actions' state: locks, shares, currencies, territories,
	// user groups, files, jobs (actions.go); txn lets a composite request
	// run alone (composite.go).
	actions actionState
	txn     sync.RWMutex

	startOnce sync.Once
	srv       *http.Server
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
	s := &Server{cfg: cfg, clock: newClock(cfg)}
	s.ids.prefix = 1_000_000 + randomInt(9_000_000)
	s.tokens.init()
	s.limiter.init(cfg)
	s.pages.init()
	s.org.init(s)
	s.people.init(s)
	s.modules.init(s)
	s.settings.init(s)
	s.accounts = s.accountsMux()

	c := s.RegisterClient(Client{RedirectURI: "http://127.0.0.1/zohotest/callback"})
	s.ClientID, s.ClientSecret, s.RedirectURI = c.ID, c.Secret, c.RedirectURI
	return s
}

// Start listens on 127.0.0.1 at a free port and serves in the background;
// it sets URL. Starting twice panics.
func (s *Server) Start() {
	started := false
	s.startOnce.Do(func() {
		started = true
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(fmt.Sprintf("zohotest: listen on 127.0.0.1: %v", err))
		}
		s.URL = "http://" + l.Addr().String()
		s.srv = &http.Server{
			Handler: s.Handler(),
			// Dropped connections and client hang-ups are part of the job.
			ErrorLog: log.New(io.Discard, "", 0),
		}
		go func() { _ = s.srv.Serve(l) }()
	})
	if !started {
		panic("zohotest: Server started twice")
	}
}

// Close stops the server and closes its connections.
func (s *Server) Close() {
	if s.srv != nil {
		_ = s.srv.Close()
	}
}

// Handler returns the emulator as an http.Handler: accounts under /oauth/,
// the CRM under /crm/{version}/.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
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
	case s.URL != "":
		return s.URL
	default:
		return "http://" + r.Host
	}
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
