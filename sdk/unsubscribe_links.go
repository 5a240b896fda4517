package sdk

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// UnsubscribeLinksService manages the org's unsubscribe links (crm-oas
// group unsubscribe_links, settings/unsubscribe_links): the pages email
// templates and footers link to, where a recipient opts out of email.
// OAuth scope: ZohoCRM.settings.unsubscribe.ALL (or .READ, .CREATE,
// .UPDATE, .DELETE).
type UnsubscribeLinksService service

// UnsubscribeLink is an unsubscribe page and what it does once the
// recipient opts out. Fields without a Go field are kept in Extra.
type UnsubscribeLink struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// PageType is UnsubscribeStandardPage (Zoho's page, showing
	// StandardPageMessage) or UnsubscribeCustomPage (at
	// CustomLocationURL).
	PageType            string `json:"page_type,omitempty"`
	CustomLocationURL   string `json:"custom_location_url,omitempty"`
	StandardPageMessage string `json:"standard_page_message,omitempty"`
	// SubmissionActionType is UnsubscribeDisplayMessage (showing
	// SubmissionMessage) or UnsubscribeRedirect (to
	// SubmissionRedirectURL).
	SubmissionActionType  string    `json:"submission_action_type,omitempty"`
	SubmissionMessage     string    `json:"submission_message,omitempty"`
	SubmissionRedirectURL string    `json:"submission_redirect_url,omitempty"`
	LocationURLType       string    `json:"location_url_type,omitempty"`
	ActionOnUnsubscribe   string    `json:"action_on_unsubscribe,omitempty"`
	LandingURL            string    `json:"landing_url,omitempty"`
	CreatedBy             *Lookup   `json:"created_by,omitempty"`
	ModifiedBy            *Lookup   `json:"modified_by,omitempty"`
	CreatedTime           time.Time `json:"created_time,omitzero"`
	ModifiedTime          time.Time `json:"modified_time,omitzero"`

	kept
}

func (l *UnsubscribeLink) UnmarshalJSON(b []byte) error { return decodeKept(b, l) }
func (l UnsubscribeLink) MarshalJSON() ([]byte, error)  { return encodeKept(&l) }

// The pages and actions of an unsubscribe link.
const (
	UnsubscribeStandardPage   = "standard"
	UnsubscribeCustomPage     = "custom"
	UnsubscribeDisplayMessage = "display_message"
	UnsubscribeRedirect       = "redirect"
)

// UnsubscribeLinkAssociation lists where an unsubscribe link is used.
// Fields without a Go field are kept in Extra.
type UnsubscribeLinkAssociation struct {
	// ID is the unsubscribe link's.
	ID               string                 `json:"id,omitempty"`
	AssociatedPlaces []UnsubscribeLinkPlace `json:"associated_places,omitempty"`

	kept
}

func (a *UnsubscribeLinkAssociation) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a UnsubscribeLinkAssociation) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// UnsubscribeLinkPlace is one use of an unsubscribe link: Type says what
// uses it (an email template...), Resource which one, of which module.
type UnsubscribeLinkPlace struct {
	Type     string  `json:"type,omitempty"`
	Resource *NameID `json:"resource,omitempty"`
	Details  struct {
		Module *ModuleRef `json:"module,omitempty"`
	} `json:"details"`
}

var (
	unsubscribeLinks            = keyed[UnsubscribeLink]{path: "settings/unsubscribe_links", key: "unsubscribe_links", what: "unsubscribe link"}
	unsubscribeLinkAssociations = keyed[UnsubscribeLinkAssociation]{path: "settings/unsubscribe_link/actions/associations", key: "associations", what: "unsubscribe link association"}
)

// List returns the org's unsubscribe links (none is an empty slice).
func (s *UnsubscribeLinksService) List(ctx context.Context) ([]*UnsubscribeLink, *Response, error) {
	return unsubscribeLinks.list(ctx, s.client, nil)
}

// Get returns the unsubscribe link with this id.
func (s *UnsubscribeLinksService) Get(ctx context.Context, id string) (*UnsubscribeLink, *Response, error) {
	return unsubscribeLinks.get(ctx, s.client, id, nil)
}

// Create adds unsubscribe links (each with a unique name, a PageType and
// a SubmissionActionType) and returns one result per link in input order.
func (s *UnsubscribeLinksService) Create(ctx context.Context, links ...*UnsubscribeLink) ([]*ActionResult, *Response, error) {
	return unsubscribeLinks.write(ctx, s.client, http.MethodPost, "", nil, links)
}

// Update changes unsubscribe links, each named by its ID, and returns one
// result per link in input order.
func (s *UnsubscribeLinksService) Update(ctx context.Context, links ...*UnsubscribeLink) ([]*ActionResult, *Response, error) {
	return unsubscribeLinks.write(ctx, s.client, http.MethodPut, "", nil, links)
}

// UpdateOne changes the unsubscribe link with this id.
func (s *UnsubscribeLinksService) UpdateOne(ctx context.Context, id string, l *UnsubscribeLink) (*ActionResult, *Response, error) {
	return unsubscribeLinks.writeOne(ctx, s.client, http.MethodPut, id, nil, l)
}

// Delete deletes the unsubscribe link with this id; Zoho refuses one in
// use (Associations).
func (s *UnsubscribeLinksService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return unsubscribeLinks.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}

// Associations lists where each unsubscribe link in use is used (none is
// an empty slice).
func (s *UnsubscribeLinksService) Associations(ctx context.Context) ([]*UnsubscribeLinkAssociation, *Response, error) {
	return unsubscribeLinkAssociations.list(ctx, s.client, nil)
}
