package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// EmailDraftsService manages the email drafts of records (crm-oas group
// email_drafts, {module}/{id}/__email_drafts): drafts shown in a record's
// Emails, to finish and send later or at a scheduled time. OAuth scope:
// ZohoCRM.modules.ALL, or ZohoCRM.modules.{module}.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE).
type EmailDraftsService service

// EmailDraft is a draft email of a record. Fields without a Go field are
// kept in Extra.
type EmailDraft struct {
	ID string `json:"id,omitempty"`
	// From is the address it will be sent from: one of the user's from
	// addresses (Mail.FromAddresses).
	From    string        `json:"from,omitempty"`
	To      []MailAddress `json:"to,omitempty"`
	CC      []MailAddress `json:"cc,omitempty"`
	BCC     []MailAddress `json:"bcc,omitempty"`
	ReplyTo string        `json:"reply_to,omitempty"`
	Subject string        `json:"subject,omitempty"`
	Content string        `json:"content,omitempty"`
	// RichText is true for HTML content, false for plain text; Zoho
	// needs it on every draft.
	RichText    bool `json:"rich_text"`
	EmailOptOut bool `json:"email_opt_out"`
	// Template is the email template the draft uses.
	Template *NameID `json:"template,omitempty"`
	// InventoryDetails attach an inventory template's document of a
	// Quote, Sales Order, Purchase Order or Invoice.
	InventoryDetails *DraftInventoryDetails `json:"inventory_details,omitempty"`
	Attachments      []DraftAttachment      `json:"attachments,omitempty"`
	// ScheduleDetails, when set, schedule the mail.
	ScheduleDetails *DraftSchedule `json:"schedule_details,omitempty"`
	// Summary is the start of the content, as Zoho shows it.
	Summary      string    `json:"summary,omitempty"`
	CreatedTime  time.Time `json:"created_time,omitzero"`
	ModifiedTime time.Time `json:"modified_time,omitzero"`

	kept
}

func (d *EmailDraft) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d EmailDraft) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// DraftInventoryDetails is the inventory template's document a draft
// carries, and the record it is made of.
type DraftInventoryDetails struct {
	InventoryTemplate *NameID `json:"inventory_template,omitempty"`
	Record            Record  `json:"record,omitempty"`
	PaperType         string  `json:"paper_type,omitempty"`
	ViewType          string  `json:"view_type,omitempty"`
}

// DraftAttachment is a file of a draft, uploaded with Files.Upload.
type DraftAttachment struct {
	ID          string `json:"id,omitempty"`
	FileName    string `json:"file_name,omitempty"`
	FileSize    string `json:"file_size,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
}

// DraftSchedule is when a draft is to be sent.
type DraftSchedule struct {
	Time time.Time `json:"time,omitzero"`
	// Timezone, such as ASIA/KOLKATA, is the one Time was chosen in.
	Timezone string `json:"timezone,omitempty"`
}

// MaxDraftsPerPage is the most drafts Zoho lists in a page.
const MaxDraftsPerPage = 10

// EmailDraftListOptions page Email drafts' List and All (at most
// MaxDraftsPerPage a page).
type EmailDraftListOptions struct {
	ListOptions
}

func (o *EmailDraftListOptions) values() url.Values {
	page := ListOptions{}
	if o != nil {
		page = o.ListOptions
	}
	if page.PerPage <= 0 || page.PerPage > MaxDraftsPerPage {
		page.PerPage = MaxDraftsPerPage
	}
	return page.with()
}

var emailDrafts = keyed[EmailDraft]{path: "{}/{}/__email_drafts", key: "__email_drafts", what: "email draft"}

// List returns one page of a record's drafts, ten at most (none is an
// empty slice).
func (s *EmailDraftsService) List(ctx context.Context, module, recordID string, opts *EmailDraftListOptions) ([]*EmailDraft, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).list(ctx, s.client, opts.values())
}

// All iterates over the drafts of a record, page by page.
func (s *EmailDraftsService) All(ctx context.Context, module, recordID string, opts *EmailDraftListOptions) iter.Seq2[*EmailDraft, error] {
	return emailDrafts.in(module, recordID).all(ctx, s.client, opts.values())
}

// Get returns the draft with this id.
func (s *EmailDraftsService) Get(ctx context.Context, module, recordID, draftID string) (*EmailDraft, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).get(ctx, s.client, draftID, nil)
}

// Create adds drafts to a record (each with From and RichText), 100 a
// call, and returns one result per draft in input order.
func (s *EmailDraftsService) Create(ctx context.Context, module, recordID string, drafts ...*EmailDraft) ([]*ActionResult, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).write(ctx, s.client, http.MethodPost, "", nil, drafts)
}

// Update changes drafts of a record, each named by its ID, and returns
// one result per draft in input order.
func (s *EmailDraftsService) Update(ctx context.Context, module, recordID string, drafts ...*EmailDraft) ([]*ActionResult, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).write(ctx, s.client, http.MethodPut, "", nil, drafts)
}

// UpdateOne changes the draft with this id.
func (s *EmailDraftsService) UpdateOne(ctx context.Context, module, recordID, draftID string, d *EmailDraft) (*ActionResult, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).writeOne(ctx, s.client, http.MethodPut, draftID, nil, d)
}

// Delete deletes the draft with this id.
func (s *EmailDraftsService) Delete(ctx context.Context, module, recordID, draftID string) (*ActionResult, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	if err := requireID("draft id", draftID); err != nil {
		return nil, nil, err
	}
	return emailDrafts.in(module, recordID).deleteOne(ctx, s.client, url.PathEscape(draftID), nil)
}
