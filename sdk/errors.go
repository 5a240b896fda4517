package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is. An *APIError matches the sentinel of its code; an
// *AuthError matches the sentinel of its OAuth error.
var (
	// ErrInvalidToken: Zoho rejected the access token (INVALID_TOKEN). The
	// SDK refreshes and retries once before returning it.
	ErrInvalidToken = errors.New("zcrm: invalid oauth token")
	// ErrAuthenticationFailure: AUTHENTICATION_FAILURE.
	ErrAuthenticationFailure = errors.New("zcrm: authentication failure")
	// ErrScopeMismatch: the token lacks the scope the call needs
	// (OAUTH_SCOPE_MISMATCH): generate a grant token with that scope.
	ErrScopeMismatch = errors.New("zcrm: oauth scope mismatch")
	// ErrNoPermission: the user may not do this (NO_PERMISSION).
	ErrNoPermission = errors.New("zcrm: permission denied")
	// ErrRateLimited: Zoho answered 429 and the retries ran out.
	ErrRateLimited = errors.New("zcrm: rate limited")
	// ErrNotFound: the resource does not exist (404, or an invalid id).
	ErrNotFound = errors.New("zcrm: not found")
	// ErrInvalidModule: INVALID_MODULE.
	ErrInvalidModule = errors.New("zcrm: invalid module")
	// ErrInvalidData: INVALID_DATA.
	ErrInvalidData = errors.New("zcrm: invalid data")
	// ErrMandatoryNotFound: a mandatory field is missing (MANDATORY_NOT_FOUND).
	ErrMandatoryNotFound = errors.New("zcrm: mandatory field missing")
	// ErrDuplicateData: a unique field clashes with another record (DUPLICATE_DATA).
	ErrDuplicateData = errors.New("zcrm: duplicate data")
	// ErrLimitExceeded: LIMIT_EXCEEDED.
	ErrLimitExceeded = errors.New("zcrm: limit exceeded")
	// ErrServer: Zoho failed (5xx) and the retries ran out.
	ErrServer = errors.New("zcrm: server error")
	// ErrFileTooLarge: an upload is larger than Zoho takes
	// (FILE_SIZE_MORE_THAN_ALLOWED_SIZE).
	ErrFileTooLarge = errors.New("zcrm: file too large")
	// ErrNotInProcess: the record is in no blueprint (RECORD_NOT_IN_PROCESS).
	ErrNotInProcess = errors.New("zcrm: record not in a blueprint process")
	// ErrRecordLocked: the record is locked (RECORD_LOCKED); see
	// RecordLocking.
	ErrRecordLocked = errors.New("zcrm: record locked")

	// ErrNoTokens: the token store holds no tokens for the user. Exchange a
	// grant token first (Client.GenerateTokens).
	ErrNoTokens = errors.New("zcrm: no tokens stored for this user")
	// ErrNoUser: no user to make the call for.
	ErrNoUser = errors.New("zcrm: no current user")
	// ErrRefreshTokenRevoked: Zoho refused the refresh token (invalid_code):
	// it was revoked or deleted. Generate a new grant token.
	ErrRefreshTokenRevoked = errors.New("zcrm: refresh token revoked or invalid")
	// ErrInvalidGrant: Zoho refused the grant token (invalid_code): it was
	// used already, expired, or belongs to another client.
	ErrInvalidGrant = errors.New("zcrm: grant token invalid, used or expired")
	// ErrInvalidClient: Zoho refused the client id or secret.
	ErrInvalidClient = errors.New("zcrm: invalid client id or secret")
	// ErrRefreshThrottled: Zoho's limit of 10 access tokens per refresh
	// token in 10 minutes was hit ("Access Denied"). AuthError.RetryAfter
	// says when the SDK will ask again; until then it does not.
	ErrRefreshThrottled = errors.New("zcrm: too many token refreshes")
	// ErrAccountsUnavailable: Zoho's accounts server failed (5xx), cut the
	// connection, could not be reached or did not answer within
	// Config.Timeout, and the retries ran out. The stored tokens are kept;
	// try again later.
	ErrAccountsUnavailable = errors.New("zcrm: Zoho's accounts server is unavailable")
	// ErrTokenStore: the token store plugin could not read or write tokens
	// (its database down, its file unreadable, the plugin not running).
	ErrTokenStore = errors.New("zcrm: token store failed")
)

// codeSentinels maps Zoho's error codes to sentinels.
var codeSentinels = map[string]error{
	"INVALID_TOKEN":          ErrInvalidToken,
	"AUTHENTICATION_FAILURE": ErrAuthenticationFailure,
	"OAUTH_SCOPE_MISMATCH":   ErrScopeMismatch,
	"NO_PERMISSION":          ErrNoPermission,
	"TOO_MANY_REQUESTS":      ErrRateLimited,
	"RATE_LIMIT_EXCEEDED":    ErrRateLimited,
	"INVALID_MODULE":         ErrInvalidModule,
	"INVALID_DATA":           ErrInvalidData,
	"MANDATORY_NOT_FOUND":    ErrMandatoryNotFound,
	"DUPLICATE_DATA":         ErrDuplicateData,
	"LIMIT_EXCEEDED":         ErrLimitExceeded,
	"INVALID_URL_PATTERN":    ErrNotFound,
	"RECORD_NOT_FOUND":       ErrNotFound,

	"DISCRETE_PAGINATION_LIMIT_EXCEEDED": ErrPageLimit,
	"ID_ALREADY_CONVERTED":               ErrAlreadyConverted,
	"INVALID_QUERY":                      ErrInvalidQuery,
	"SYNTAX_ERROR":                       ErrInvalidQuery,
	"FILE_SIZE_MORE_THAN_ALLOWED_SIZE":   ErrFileTooLarge,
	"RECORD_NOT_IN_PROCESS":              ErrNotInProcess,
	"RECORD_LOCKED":                      ErrRecordLocked,
	"LICENSE_LIMIT_EXCEEDED":             ErrLimitExceeded,
	"EXPECTED_FIELD_MISSING":             ErrMandatoryNotFound,
}

// APIError is an error answer of the CRM API: Zoho's envelope
// {"code","details","message","status"} with the HTTP status.
type APIError struct {
	StatusCode int
	Code       string
	Message    string
	Details    map[string]any
	// Method and Path of the request (no query string: it may hold data).
	Method string
	Path   string
	// RetryAfter is Zoho's hint for 429 answers, when it gave one.
	RetryAfter time.Duration

	body []byte // the answer, for callers that read per-record results from it
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zcrm: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Details) > 0 {
		// As Zoho sent them: JSON reads better than Go's map syntax.
		details, err := json.Marshal(e.Details)
		if err != nil {
			details = fmt.Appendf(nil, "%v", e.Details)
		}
		fmt.Fprintf(&b, " (details: %s)", details)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString("; " + hint)
	}
	return b.String()
}

// scrub removes the given secrets and anything shaped like a Zoho token
// from what Zoho's answer put in e.
func (e *APIError) scrub(secrets []string) {
	clean := func(s string) string { return scrubSecrets(s, secrets, true) }
	e.Code, e.Message = clean(e.Code), clean(e.Message)
	e.Details = scrubAny(e.Details, clean).(map[string]any)
	if len(e.body) > 0 {
		e.body = []byte(clean(string(e.body)))
	}
}

// scrubAny applies clean to every string in a decoded JSON value.
func scrubAny(v any, clean func(string) string) any {
	switch v := v.(type) {
	case string:
		return clean(v)
	case map[string]any:
		for k, x := range v {
			v[k] = scrubAny(x, clean)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = scrubAny(x, clean)
		}
		return v
	}
	return v
}

// hint says what to do, where there is something to do.
func (e *APIError) hint() string {
	switch e.Code {
	case "OAUTH_SCOPE_MISMATCH":
		return "generate a grant token with the scope this call needs (for example ZohoCRM.modules.ALL)"
	case "INVALID_MODULE":
		return "check the module's API name (Modules.List shows them)"
	case "TOO_MANY_REQUESTS", "RATE_LIMIT_EXCEEDED":
		if e.RetryAfter > 0 {
			return fmt.Sprintf("Zoho asks to wait %v", e.RetryAfter)
		}
		return "slow down; Zoho limits API credits per day and concurrent calls per org"
	}
	return ""
}

// Is matches the sentinel of the error's code, and ErrNotFound,
// ErrRateLimited and ErrServer by HTTP status.
func (e *APIError) Is(target error) bool {
	if s, ok := codeSentinels[e.Code]; ok && s == target {
		return true
	}
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// AuthError is a failure of Zoho's accounts server: exchanging a grant
// token, refreshing, revoking or looking up the user.
type AuthError struct {
	Op          string // "grant token exchange", "refresh", "revoke", "user info"
	User        string // the user identifier, when known
	StatusCode  int
	Code        string // OAuth error, such as invalid_code or "Access Denied"
	Description string
	// RetryAfter, on a throttle (ErrRefreshThrottled), is how long until
	// Zoho's window can have reopened: the SDK asks for no token for this
	// user before then.
	RetryAfter time.Duration
	// notAsked: the SDK did not ask Zoho this time; Code and Description
	// are Zoho's answer to the last request.
	notAsked bool
}

func (e *AuthError) Error() string {
	var b strings.Builder
	b.WriteString("zcrm: " + e.Op)
	if e.User != "" {
		fmt.Fprintf(&b, " for %s", e.User)
	}
	b.WriteString(" failed")
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	} else if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, " (%s)", e.Description)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString("; " + hint)
	}
	return b.String()
}

// held returns the error again for a call the SDK did not send to Zoho
// because of it, with the wait left.
func (e *AuthError) held(retryAfter time.Duration) *AuthError {
	c := *e
	c.RetryAfter = max(retryAfter, 0)
	c.notAsked = true
	return &c
}

func (e *AuthError) sentinel() error {
	switch {
	case e.throttled():
		return ErrRefreshThrottled
	case e.Code == "invalid_code" && e.Op == opRefresh:
		return ErrRefreshTokenRevoked
	case e.Code == "invalid_code":
		return ErrInvalidGrant
	case e.Code == "invalid_client", e.Code == "invalid_client_secret":
		return ErrInvalidClient
	}
	return e.signInSentinel()
}

func (e *AuthError) throttled() bool {
	return strings.EqualFold(e.Code, "Access Denied") && strings.Contains(strings.ToLower(e.Description), "too many requests")
}

func (e *AuthError) hint() string {
	switch e.sentinel() {
	case ErrRefreshThrottled:
		hint := "Zoho allows 10 access tokens per refresh token in 10 minutes; wait a few minutes before refreshing again"
		if e.RetryAfter > 0 {
			hint += fmt.Sprintf("; the SDK will not ask Zoho again for %v", e.RetryAfter.Round(time.Second))
		}
		if e.notAsked {
			hint += " (this call did not ask)"
		}
		return hint
	case ErrRefreshTokenRevoked:
		hint := "the refresh token was revoked or deleted; generate a new grant token (Zoho API console, Self Client) and exchange it"
		if e.notAsked {
			hint += "; Zoho is not asked again until new tokens are saved"
		}
		return hint
	case ErrInvalidGrant:
		return "grant tokens are single-use and expire within minutes; generate a new one and exchange it right away"
	case ErrInvalidClient:
		return "check client_id and client_secret, and that accounts_url is the data centre the client was registered in"
	case ErrOrgNotFound, ErrDeviceLoginDenied, ErrDeviceCodeExpired:
		return e.signInHint()
	}
	if e.StatusCode >= 500 {
		if e.Op == opGrant {
			return "Zoho's accounts server failed, and may or may not have spent the grant token: try it again, and generate a new one if Zoho answers invalid_code"
		}
		return "Zoho's accounts server failed; the stored tokens are kept: " + accountsHint
	}
	return ""
}

// accountsHint says what to do when the accounts server is down.
const accountsHint = "try again later (status.zoho.com shows Zoho's outages)"

// Is matches the sentinel of the OAuth error, and ErrAccountsUnavailable
// and ErrServer for a 5xx answer.
func (e *AuthError) Is(target error) bool {
	if e.StatusCode >= 500 && (target == ErrAccountsUnavailable || target == ErrServer) {
		return true
	}
	s := e.sentinel()
	return s != nil && s == target
}

const (
	opGrant    = "grant token exchange"
	opRefresh  = "refresh"
	opRevoke   = "revoke"
	opUserInfo = "user info"
)

// ValidationError is raised before sending: the request could not be right.
type ValidationError struct {
	Field   string // the argument or record at fault, such as "records[3]"
	Problem string
	// Index and APIName say which record of a write and which of its
	// fields are at fault (Field is then "records[Index].APIName"); the
	// checks of WriteOptions.Validate set them.
	Index   int
	APIName string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "zcrm: " + e.Problem
	}
	return "zcrm: " + e.Field + ": " + e.Problem
}
