package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// EmailsService reads and handles the emails of records: the Emails
// related list (crm-oas group email_related_records, {module}/{id}/Emails),
// the files of an email (download_attachments, download_inline_images),
// emails associated by hand (associate_email), record-level sharing of
// emails (record_share_email, email_sharing_details) and blocked email
// addresses (unblock_email). Leads, Contacts, Accounts, Deals, the
// inventory modules and custom modules have emails. OAuth scope of the
// related list: ZohoCRM.modules.emails.READ with
// ZohoCRM.modules.{module}.READ (or ZohoCRM.modules.READ); each other call
// says its own.
type EmailsService service

// Email is an email of a record, sent from Zoho CRM, scheduled, or one of
// the user's mails synced from their mailbox or associated by hand. The
// list gives a summary; Get gives the content too. Fields without a Go
// field are kept in Extra.
type Email struct {
	MessageID string        `json:"message_id,omitempty"`
	ThreadID  string        `json:"thread_id,omitempty"`
	From      *MailAddress  `json:"from,omitempty"`
	To        []MailAddress `json:"to,omitempty"`
	CC        []MailAddress `json:"cc,omitempty"`
	ReplyTo   *MailAddress  `json:"reply_to,omitempty"`
	Subject   string        `json:"subject,omitempty"`
	// Summary is the start of the content; Content is given by Get.
	Summary    string `json:"summary,omitempty"`
	Content    string `json:"content,omitempty"`
	MailFormat string `json:"mail_format,omitempty"`
	// Owner is the user the email belongs to: the one whose id the
	// downloads of its files take.
	Owner *Lookup `json:"owner,omitempty"`
	// Time is when it was sent or received; SentTime as Zoho shows it.
	Time     time.Time `json:"time,omitzero"`
	SentTime string    `json:"sent_time,omitempty"`
	// Sent is true for an email sent from the org, false for one received.
	Sent                bool              `json:"sent"`
	Read                bool              `json:"read"`
	Editable            bool              `json:"editable"`
	HasAttachment       bool              `json:"has_attachment"`
	HasThreadAttachment bool              `json:"has_thread_attachment"`
	Attachments         []EmailAttachment `json:"attachments,omitempty"`
	// Status holds the delivery events: sent, scheduled, opened, bounced...
	Status []EmailStatus `json:"status,omitempty"`
	// Source says where the email came from: crm_mail, associated...
	Source string `json:"source,omitempty"`
	// LinkedRecord is another record the email is linked to (a Deal of a
	// Contact's email).
	LinkedRecord *LinkedRecord `json:"linked_record,omitempty"`
	// Zia's reading of a received email.
	Intent        string         `json:"intent,omitempty"`
	SentimentInfo string         `json:"sentiment_info,omitempty"`
	Emotion       string         `json:"emotion,omitempty"`
	ActivityInfo  map[string]any `json:"activity_info,omitempty"`

	kept
}

func (e *Email) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e Email) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// EmailAttachment is a file attached to an email; download it with
// Emails.DownloadAttachment.
type EmailAttachment struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Size is as Zoho writes it, in bytes.
	Size string `json:"size,omitempty"`
}

// EmailStatus is a delivery event of an email.
type EmailStatus struct {
	// Type is sent, scheduled, delivered, opened, bounced...
	Type          string    `json:"type,omitempty"`
	Count         string    `json:"count,omitempty"`
	FirstOpen     time.Time `json:"first_open,omitzero"`
	LastOpen      time.Time `json:"last_open,omitzero"`
	BouncedTime   time.Time `json:"bounced_time,omitzero"`
	BouncedReason string    `json:"bounced_reason,omitempty"`
	Category      string    `json:"category,omitempty"`
	SubCategory   string    `json:"sub_category,omitempty"`
}

// LinkedRecord names a record of another module an email is linked to.
type LinkedRecord struct {
	ID     string     `json:"id,omitempty"`
	Name   string     `json:"name,omitempty"`
	Module *ModuleRef `json:"module,omitempty"`
}

// The kinds of emails a list shows (EmailOptions.Type); every kind when
// empty.
const (
	EmailsSentFromCRM     = "sent_from_crm"
	EmailsScheduledInCRM  = "scheduled_in_crm"
	EmailsDrafts          = "drafts"
	EmailsOfUsers         = "user_emails" // synced from the users' mailboxes, or associated
	EmailsOfContactsSent  = "all_contacts_sent_crm_emails"
	EmailsOfContactsSched = "all_contacts_scheduled_crm_emails"
	EmailsOfContactsDraft = "all_contacts_draft_crm_emails"
)

// EmailOptions choose the emails of Emails.List, All and Get.
type EmailOptions struct {
	Type string // one of the Emails... kinds; every kind when empty
	// OwnerID, with Type EmailsOfUsers, is the user whose mailbox's
	// emails are wanted.
	OwnerID string
}

// EmailListOptions choose a page of Emails.List.
type EmailListOptions struct {
	EmailOptions
	// Index is where the page starts: the next_index of the page before
	// (EmailsNextIndex). The first page when empty.
	Index string
}

func (o *EmailOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return query("type", o.Type, "owner_id", o.OwnerID)
}

func (o *EmailListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	q := o.EmailOptions.values()
	if o.Index != "" {
		q.Set("index", o.Index)
	}
	return q
}

// requireRecord refuses an empty module or record id, which would make a
// request to another, valid URL.
func requireRecord(module, id string) error {
	if err := requireID("module", module); err != nil {
		return err
	}
	return requireID("record id", id)
}

// recordSubPath is {module}/{id}/rest, escaped.
func recordSubPath(module, id, rest string) string {
	return url.PathEscape(module) + "/" + url.PathEscape(id) + "/" + rest
}

// List returns one page of a record's emails, ten at most (none is an
// empty slice). When more follow, EmailsNextIndex(resp) is where the next
// page starts.
func (s *EmailsService) List(ctx context.Context, module, recordID string, opts *EmailListOptions) ([]*Email, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodGet, Path: recordSubPath(module, recordID, "Emails"), Query: opts.values()}
	return fetchPageUnder[*Email](ctx, s.client, req, "Emails")
}

// EmailsNextIndex returns where the page after resp's starts (Zoho's
// info.next_index), or "" when resp's was the last.
func EmailsNextIndex(resp *Response) string {
	if resp == nil {
		return ""
	}
	return nextIndex(resp.Info)
}

func nextIndex(info *PageInfo) string {
	if info == nil || !info.MoreRecords {
		return ""
	}
	var next string
	_ = json.Unmarshal(info.Extra()["next_index"], &next)
	return next
}

// All iterates over every email of a record, page by page from the
// index opts names.
func (s *EmailsService) All(ctx context.Context, module, recordID string, opts *EmailListOptions) iter.Seq2[*Email, error] {
	start := EmailListOptions{}
	if opts != nil {
		start = *opts
	}
	return func(yield func(*Email, error) bool) {
		eachPage(ctx, yield, start, func(o EmailListOptions) ([]*Email, *Response, error) {
			return s.List(ctx, module, recordID, &o)
		}, func(o *EmailListOptions, info *PageInfo) error {
			if o.Index = nextIndex(info); o.Index == "" {
				return fmt.Errorf("zcrm: Emails.All(%s, %s): Zoho says more emails follow but gave no next_index", module, recordID)
			}
			return nil
		})
	}
}

// Get returns one email of a record, with its content.
func (s *EmailsService) Get(ctx context.Context, module, recordID, messageID string, opts *EmailOptions) (*Email, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	if err := requireID("message id", messageID); err != nil {
		return nil, nil, err
	}
	path := recordSubPath(module, recordID, "Emails/"+url.PathEscape(messageID))
	emails, resp, err := fetchPageUnder[*Email](ctx, s.client, &Request{Method: http.MethodGet, Path: path, Query: opts.values()}, "Emails")
	if err != nil {
		return nil, resp, err
	}
	if len(emails) == 0 {
		return nil, resp, noContent("email", messageID, path)
	}
	return emails[0], resp, nil
}
