package sdk

import (
	"context"
	"fmt"
	"net/http"
)

// EmailComposeService reads and sets the defaults of the email composer
// (crm-oas group email_compose, /crm/email/{version}/settings/compose,
// beside the CRM API's usual /crm/{version}/): the from and reply-to
// addresses and the font new emails start with, for plain emails, emails
// sent from a record's Emails (EmailIn) and mass emails. OAuth scope:
// ZohoCRM.settings.emails.ALL (or .READ, .UPDATE); crm-oas names none.
type EmailComposeService service

// The kinds of emails the composer defaults are for.
const (
	ComposeDefault  = "default"
	ComposeEmailIn  = "emailin"
	ComposeMassMail = "mass_mail"
)

// EmailComposeSettings are the composer's defaults for one kind of
// email. Fields without a Go field are kept in Extra.
type EmailComposeSettings struct {
	// Type is ComposeDefault, ComposeEmailIn or ComposeMassMail.
	Type                  string          `json:"type,omitempty"`
	DefaultFromAddress    *ComposeAddress `json:"default_from_address,omitempty"`
	DefaultReplyToAddress *ComposeAddress `json:"default_replyto_address,omitempty"`
	Font                  *ComposeFont    `json:"font,omitempty"`

	kept
}

func (e *EmailComposeSettings) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e EmailComposeSettings) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// ComposeAddress is a default address of the composer.
type ComposeAddress struct {
	// Type is org_email (an organization address) or primary (the
	// user's own).
	Type     string `json:"type,omitempty"`
	UserName string `json:"user_name,omitempty"`
	Email    string `json:"email"`
}

// ComposeFont is the composer's default font.
type ComposeFont struct {
	Size   int    `json:"size,omitempty"`
	Family string `json:"family,omitempty"`
}

// emailCompose lives under /crm/email/{version}/: in(version) fills it.
var emailCompose = keyed[EmailComposeSettings]{path: "crm/email/{}/settings/compose", key: "email_compose", what: "email compose settings", base: BaseAPIRoot}

// Get returns the composer's defaults for one kind of email, or for
// every kind when typ is "".
func (s *EmailComposeService) Get(ctx context.Context, typ string) ([]*EmailComposeSettings, *Response, error) {
	return emailCompose.in(s.client.APIVersion()).list(ctx, s.client, query("type", typ))
}

// Update sets the composer's defaults, each for the kind of email its
// Type names, and returns one result per entry in input order.
func (s *EmailComposeService) Update(ctx context.Context, settings ...*EmailComposeSettings) ([]*ActionResult, *Response, error) {
	for i, e := range settings {
		if e != nil && e.Type == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("settings[%d].Type", i), Problem: "is empty; say which kind of email (ComposeDefault...)"}
		}
	}
	return emailCompose.in(s.client.APIVersion()).write(ctx, s.client, http.MethodPut, "", nil, settings)
}
