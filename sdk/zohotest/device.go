package zohotest

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The device flow, as Zoho's accounts server serves "Non-browser
// Applications":
//
//   - POST /oauth/v3/device/code (client_id, grant_type=device_request,
//     scope, access_type, prompt) issues a user code, a device code and the
//     verification URL, /oauth/v3/device of this DC.
//   - GET /oauth/v3/device is the page where a person enters the user code
//     and an email, and approves or denies; a person of another DC (of the
//     same world) may approve there, as at Zoho.
//   - POST /oauth/v3/device/token (client_id, client_secret,
//     grant_type=device_token, code) polls: authorization_pending,
//     slow_down for two polls within 30 s of the emulator's clock,
//     access_denied, expired, other_dc with user_location when the person
//     lives in another DC (whose accounts server then answers the polls),
//     or the tokens, minted in the person's DC.
//
// Zoho documents expires_in and interval without saying their unit here
// (its older pages said milliseconds); the emulator answers seconds.

const (
	deviceCodeLifetime  = 5 * time.Minute
	devicePollInterval  = 30 * time.Second
	userCodeAlphabet    = "BCDFGHJKLMNPQRSTVWXZ23456789" // nothing to misread
	userCodeLen         = 8
	deviceVerifyPath    = "/oauth/v3/device"
	devicePending       = "pending"
	deviceApproved      = "approved"
	deviceDenied        = "denied"
	deviceCodeParamName = "user_code"
)

// deviceAuth is one device login, shared by the DC that issued it and,
// once approved, the person's DC.
type deviceAuth struct {
	mu         sync.Mutex
	clientID   string
	scopes     scopeSet
	offline    bool
	userCode   string
	deviceCode string
	expires    time.Time
	lastPoll   time.Time
	state      string
	userDC     *Server
	userID     string
	spent      bool // the tokens were collected
}

type deviceStore struct {
	mu       sync.Mutex
	byDevice map[string]*deviceAuth
	byUser   map[string]*deviceAuth // in the issuing DC only
}

func (ds *deviceStore) put(d *deviceAuth, withUserCode bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.byDevice == nil {
		ds.byDevice, ds.byUser = map[string]*deviceAuth{}, map[string]*deviceAuth{}
	}
	ds.byDevice[d.deviceCode] = d
	if withUserCode {
		ds.byUser[d.userCode] = d
	}
}

func (ds *deviceStore) byDeviceCode(code string) *deviceAuth {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return ds.byDevice[code]
}

func (ds *deviceStore) byUserCode(code string) *deviceAuth {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return ds.byUser[strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))]
}

func (s *Server) deviceRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /oauth/v3/device/code", s.handleDeviceCode)
	mux.HandleFunc("POST /oauth/v3/device/token", s.handleDeviceToken)
	mux.HandleFunc("GET "+deviceVerifyPath, s.handleDevicePage)
	mux.HandleFunc("POST "+deviceVerifyPath, s.handleDeviceAnswer)
}

func (s *Server) handleDeviceCode(w http.ResponseWriter, r *http.Request) {
	if err := parseParams(r); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	clientID := r.Form.Get("client_id")
	switch {
	case !s.hasClient(clientID):
		oauthError(w, "invalid_client")
		return
	case r.Form.Get("grant_type") != "device_request":
		oauthError(w, "unsupported_grant_type")
		return
	case strings.TrimSpace(r.Form.Get("scope")) == "":
		oauthError(w, "invalid_scope")
		return
	}
	code := make([]byte, userCodeLen)
	for i := range code {
		code[i] = userCodeAlphabet[randomInt(int64(len(userCodeAlphabet)))]
	}
	d := &deviceAuth{
		clientID:   clientID,
		scopes:     parseScopes([]string{r.Form.Get("scope")}),
		offline:    strings.EqualFold(r.Form.Get("access_type"), "offline"),
		userCode:   string(code),
		deviceCode: newToken(),
		expires:    s.Now().Add(deviceCodeLifetime),
		state:      devicePending,
	}
	s.devices.put(d, true)
	s.counters.count(func(c *Counters) { c.DeviceCodes++ })
	verify := s.accountsServer(r) + deviceVerifyPath
	writeJSON(w, http.StatusOK, obj{
		{"user_code", d.userCode},
		{"device_code", d.deviceCode},
		{"verification_url", verify},
		{"verification_uri_complete", verify + "?" + url.Values{deviceCodeParamName: {d.userCode}}.Encode()},
		{"expires_in", int(deviceCodeLifetime / time.Second)},
		{"interval", int(devicePollInterval / time.Second)},
	})
}

func (s *Server) handleDeviceToken(w http.ResponseWriter, r *http.Request) {
	if err := parseParams(r); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	s.tokens.mu.RLock()
	e := s.tokens.checkClient(r.Form.Get("client_id"), r.Form.Get("client_secret"))
	s.tokens.mu.RUnlock()
	if e != "" {
		oauthError(w, s.clientError(e, r))
		return
	}
	if r.Form.Get("grant_type") != "device_token" {
		oauthError(w, "unsupported_grant_type")
		return
	}
	d := s.devices.byDeviceCode(r.Form.Get("code"))
	if d == nil || d.clientID != r.Form.Get("client_id") {
		oauthError(w, "invalid_code")
		return
	}
	now := s.Now()
	d.mu.Lock()
	tooSoon := !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < devicePollInterval
	d.lastPoll = now
	answer, userDC, userID, offline, scopes := "", d.userDC, d.userID, d.offline, d.scopes
	switch {
	case tooSoon:
		answer = "slow_down"
	case d.spent:
		answer = "invalid_code"
	case d.state == devicePending && !now.Before(d.expires):
		answer = "expired"
	case d.state == devicePending:
		answer = "authorization_pending"
	case d.state == deviceDenied:
		answer = "access_denied"
	case userDC != s:
		answer = "other_dc"
	default:
		d.spent = true
	}
	d.mu.Unlock()
	s.counters.count(func(c *Counters) {
		c.DevicePolls++
		if tooSoon {
			c.DeviceSlowDowns++
		}
	})
	switch answer {
	case "":
	case "other_dc":
		writeJSON(w, http.StatusOK, obj{{"user_location", userDC.Location}, {"error", "other_dc"}})
		return
	default:
		oauthError(w, answer)
		return
	}
	clientID := r.Form.Get("client_id")
	s.tokens.mu.Lock()
	var rt *refreshToken
	if offline {
		rt = s.tokens.mintRefreshLocked(clientID, userID, scopes, now)
	}
	at := s.tokens.mintAccessLocked(rt, clientID, userID, scopes, now.Add(s.cfg.accessTokenLifetime))
	s.tokens.mu.Unlock()
	refresh := ""
	if rt != nil {
		refresh = rt.token
	}
	s.tokenAnswer(w, r, at.token, refresh)
}

type deviceView struct {
	DataCenter  string
	Code        string
	Email       string
	Error       string
	Done        string
	Suggestions []string
}

func (s *Server) handleDevicePage(w http.ResponseWriter, r *http.Request) {
	s.showDevicePage(w, deviceView{Code: r.URL.Query().Get(deviceCodeParamName)}, http.StatusOK)
}

// handleDeviceAnswer takes the person's answer: approve with a known
// email records the approval in that person's DC, deny records the
// refusal.
func (s *Server) handleDeviceAnswer(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "zohotest: the device form does not parse", http.StatusBadRequest)
		return
	}
	v := deviceView{Code: strings.TrimSpace(r.PostForm.Get(deviceCodeParamName)), Email: strings.TrimSpace(r.PostForm.Get("email"))}
	d := s.devices.byUserCode(v.Code)
	if d == nil {
		v.Error = "This code is not valid. Check the code your device shows."
		s.showDevicePage(w, v, http.StatusOK)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.state != devicePending:
		v.Error = "This code was used already."
	case !s.Now().Before(d.expires):
		v.Error = "This code has expired. Start again on your device."
	}
	if v.Error != "" {
		s.showDevicePage(w, v, http.StatusOK)
		return
	}
	switch r.PostForm.Get("action") {
	case "deny":
		d.state = deviceDenied
		s.counters.count(func(c *Counters) { c.DevicesDenied++ })
		v.Done = "Access denied. You can close this window."
	case "approve":
		u, dc, problem, _ := s.signingIn(v.Email, d.clientID)
		if problem != "" {
			v.Error = problem
			break
		}
		d.state, d.userDC, d.userID = deviceApproved, dc, u.ID
		if dc != s {
			dc.devices.put(d, false) // the device's polls will come to the person's DC
		}
		s.counters.count(func(c *Counters) { c.DevicesApproved++ })
		v.Done = "Approved. Return to your device."
	default:
		v.Error = "Choose Approve or Deny."
	}
	s.showDevicePage(w, v, http.StatusOK)
}

func (s *Server) showDevicePage(w http.ResponseWriter, v deviceView, status int) {
	v.DataCenter = dataCenterName(s.Location)
	v.Suggestions = s.consentSuggestions()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = deviceTemplate.Execute(w, v)
}

var deviceTemplate = template.Must(template.New("device").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Zoho Accounts (emulator): connect a device</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}.error{color:#b00020}button{margin-right:1em}</style>
</head><body>
<h1>Connect a device</h1>
<p class="dc">Zoho Accounts, {{.DataCenter}} (emulator)</p>
{{if .Done}}<p id="done" role="status">{{.Done}}</p>{{else}}
<p>Enter the code your device shows, and sign in to approve it.</p>
{{if .Error}}<p class="error" id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/oauth/v3/device">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" value="{{.Code}}" autocomplete="off" autofocus>
<label for="email">Email address</label>
<input type="email" id="email" name="email" value="{{.Email}}" list="accounts" autocomplete="username">
<datalist id="accounts">{{range .Suggestions}}<option value="{{.}}">{{end}}</datalist>
<p><button type="submit" id="approve" name="action" value="approve">Approve</button>
<button type="submit" id="deny" name="action" value="deny" formnovalidate>Deny</button></p>
</form>{{end}}
</body></html>
`))
