package weblogin

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
)

// Why a login ended on the error page. Match them with errors.Is on the
// *Error an ErrorHandler receives.
var (
	// ErrStateMissing: the callback carries no state.
	ErrStateMissing = errors.New("weblogin: the callback carries no state")
	// ErrStateInvalid: the state is not one this application signed
	// (forged, damaged, or signed with another state key).
	ErrStateInvalid = errors.New("weblogin: the state was not issued by this application")
	// ErrStateExpired: the login took longer than Options.StateTTL.
	ErrStateExpired = errors.New("weblogin: the state has expired")
	// ErrStateReused: the state was used by an earlier callback.
	ErrStateReused = errors.New("weblogin: the state has been used already")
	// ErrOtherBrowser: the browser lacks the login cookie the state is
	// bound to: the login was started elsewhere, or a newer login in the
	// same browser replaced it.
	ErrOtherBrowser = errors.New("weblogin: the login was not started in this browser")
	// ErrDenied: Zoho redirected with an error, such as access_denied when
	// the user clicks Reject.
	ErrDenied = errors.New("weblogin: Zoho did not grant access")
	// ErrNoCode: the callback carries no grant code.
	ErrNoCode = errors.New("weblogin: the callback carries no grant code")
	// ErrForeignAccountsServer: the callback names an accounts server that
	// is neither one of Zoho's nor the configured one; no secret was sent
	// to it. The cause wraps sdk.ErrUnknownAccountsServer.
	ErrForeignAccountsServer = errors.New("weblogin: the callback names an unknown accounts server")
	// ErrLocationMismatch: the callback's location and accounts server
	// name different data centres, both of them accepted ones; nothing was
	// sent. The cause wraps sdk.ErrLocationMismatch.
	ErrLocationMismatch = errors.New("weblogin: the callback's location does not match its accounts server")
	// ErrGrantRefused: Zoho refused to exchange the grant code (used
	// already, expired, or for another client).
	ErrGrantRefused = errors.New("weblogin: Zoho refused the grant code")
	// ErrLoginFailed: the login failed on the application's side or on the
	// way to Zoho (the network, the token store).
	ErrLoginFailed = errors.New("weblogin: the login could not be completed")
)

// Error is a failed login: the status the default page answers with, the
// reason (one of the Err sentinels) and its cause. Neither its message nor
// its cause carries a token, a grant code or a client secret.
type Error struct {
	Status int
	Reason error
	// ZohoError is the error code of Zoho's redirect (ErrDenied), reduced
	// to letters, digits and underscores.
	ZohoError string
	Err       error
}

func (e *Error) Error() string {
	msg := e.Reason.Error()
	if e.ZohoError != "" {
		msg += " (" + e.ZohoError + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

// Message is what to tell the person in the browser.
func (e *Error) Message() string {
	switch e.Reason {
	case ErrStateMissing:
		return "The answer from Zoho did not say which login it belongs to. Please sign in again."
	case ErrStateInvalid:
		return "The answer from Zoho does not belong to a login this site started. Please sign in again."
	case ErrStateExpired:
		return "The login took too long. Please sign in again."
	case ErrStateReused:
		return "This login has been completed already. Please sign in again if you need to."
	case ErrOtherBrowser:
		return "This login was started in another browser or tab, or a newer login replaced it. Please sign in again from here."
	case ErrDenied:
		if e.ZohoError == "access_denied" {
			return "Access was not granted: the request was rejected on Zoho's page."
		}
		return "Zoho did not grant access (" + e.ZohoError + ")."
	case ErrNoCode:
		return "The answer from Zoho carries no grant code. Please sign in again."
	case ErrForeignAccountsServer:
		return "The answer names an accounts server that is not Zoho's. Nothing was sent to it. Please sign in again."
	case ErrLocationMismatch:
		return "The answer names a data centre that does not match its accounts server, both of them Zoho's. Nothing was sent. Please sign in again."
	case ErrGrantRefused:
		return "Zoho refused the sign-in code; it is single use and lives only minutes. Please sign in again."
	}
	return "Signing in failed. Please try again later."
}

// zohoErrorCode keeps what the error parameter of a redirect can safely
// show: Zoho's codes are short snake_case words.
func zohoErrorCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() == 64 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "unknown_error"
	}
	return b.String()
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign-in failed</title></head>
<body>
<h1 id="login-error">Sign-in failed</h1>
<p id="login-error-message">{{.Message}}</p>
{{if .Again}}<p><a id="login-again" href="{{.Again}}">Sign in again</a></p>{{end}}
</body>
</html>
`))

// ErrorPage answers a failed login with err.Status and a small HTML page
// that says what went wrong (Error.Message) and links to again, when given.
// It is the default Options.OnError, with Options.LoginPath as again.
func ErrorPage(w http.ResponseWriter, err *Error, again string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(err.Status)
	_ = errorPage.Execute(w, struct{ Message, Again string }{err.Message(), again})
}
