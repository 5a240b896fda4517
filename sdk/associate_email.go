package sdk

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Associating emails with records (crm-oas group associate_email): an
// email from outside Zoho CRM, such as one of the user's mailbox, added to
// a record's Emails (POST {module}/{id}/actions/associate_email), and
// whether an email is associated already (GET actions/email_available).
// OAuth scope: ZohoCRM.modules.emails.ALL with ZohoCRM.modules.{module}.ALL.

// AssociatedEmail is an email to associate with a record. Fields without
// a Go field are kept in Extra.
type AssociatedEmail struct {
	From    MailAddress   `json:"from"`
	To      []MailAddress `json:"to"`
	CC      []MailAddress `json:"cc,omitempty"`
	BCC     []MailAddress `json:"bcc,omitempty"`
	Subject string        `json:"subject"`
	Content string        `json:"content"`
	// MailFormat is html or text.
	MailFormat string `json:"mail_format,omitempty"`
	// OriginalMessageID is the email's Message-ID header: Emails.Available
	// finds the email by it.
	OriginalMessageID string `json:"original_message_id"`
	// Sent is true for an email the user sent, false for one received.
	Sent bool `json:"sent"`
	// DateTime is when it was sent or received.
	DateTime time.Time `json:"date_time"`
	// Attachments are files uploaded with Files.Upload.
	Attachments []AttachedFile `json:"attachments,omitempty"`
	// LinkedRecord links the email to another record too, such as a
	// Deal of the Contact it is associated with.
	LinkedRecord *LinkedRecord `json:"linked_record,omitempty"`
	// Owner, set by an admin only, makes it another user's email.
	Owner *NameID `json:"owner,omitempty"`

	kept
}

func (e *AssociatedEmail) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e AssociatedEmail) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// AttachedFile is a file uploaded with Files.Upload, by its id.
type AttachedFile struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

func (e *AssociatedEmail) validate() error {
	if e == nil {
		return &ValidationError{Field: "email", Problem: "is nil"}
	}
	for _, f := range []struct{ name, value string }{
		{"From", e.From.Email}, {"Subject", e.Subject}, {"Content", e.Content}, {"OriginalMessageID", e.OriginalMessageID},
	} {
		if strings.TrimSpace(f.value) == "" {
			return &ValidationError{Field: f.name, Problem: "is empty"}
		}
	}
	if len(e.To) == 0 {
		return &ValidationError{Field: "To", Problem: "is empty"}
	}
	if e.DateTime.IsZero() {
		return &ValidationError{Field: "DateTime", Problem: "is not set; give when the email was sent or received"}
	}
	for i, a := range e.Attachments {
		if a.ID == "" {
			return &ValidationError{Field: fmt.Sprintf("Attachments[%d]", i), Problem: "has no id; upload the file with Files.Upload"}
		}
	}
	return nil
}

var associateEmail = recordAction{name: "associate_email", key: "Emails"}

// Associate adds an email to a record's Emails. The result's
// Details["message_id"] is its message id there (Emails.Get).
func (s *EmailsService) Associate(ctx context.Context, module, recordID string, e *AssociatedEmail) (*ActionResult, *Response, error) {
	if err := e.validate(); err != nil {
		return nil, nil, err
	}
	sent := *e
	sent.DateTime = e.DateTime.Truncate(time.Second) // Zoho takes whole seconds
	return associateEmail.one(ctx, s.client, module, recordID, map[string]any{"Emails": []*AssociatedEmail{&sent}})
}

// EmailAvailability says whether an email is associated with a record
// already, and with which. Fields without a Go field are kept in Extra.
type EmailAvailability struct {
	Available    bool          `json:"available"`
	Record       *EmailRecord  `json:"record,omitempty"`
	LinkedRecord *LinkedRecord `json:"linked_record,omitempty"`

	kept
}

func (a *EmailAvailability) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a EmailAvailability) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// EmailRecord is the record an email is associated with, and the record
// the email is linked to besides.
type EmailRecord struct {
	ID           string        `json:"id,omitempty"`
	Module       *ModuleRef    `json:"module,omitempty"`
	LinkedRecord *LinkedRecord `json:"linked_record,omitempty"`
}

// Available reports whether the email of this Message-ID header is
// associated with a record. Zoho's parameter is spelt orginal_message_id
// (crm-oas associate_email).
func (s *EmailsService) Available(ctx context.Context, originalMessageID string) (*EmailAvailability, *Response, error) {
	if strings.TrimSpace(originalMessageID) == "" {
		return nil, nil, &ValidationError{Field: "originalMessageID", Problem: "is empty"}
	}
	var a EmailAvailability
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "actions/email_available", Query: query("orginal_message_id", originalMessageID)}, &a)
	if err != nil {
		return nil, resp, err
	}
	return &a, resp, nil
}
