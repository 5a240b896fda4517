package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// MailService sends email from records ({module}/{id}/actions/send_mail)
// and lists the addresses mail may come from.
type MailService service

// MailAddress is a sender or recipient.
type MailAddress struct {
	UserName string `json:"user_name,omitempty"`
	Email    string `json:"email"`
}

// Mail is an email sent from a record. From must be one of the user's
// from addresses (Mail.FromAddresses).
type Mail struct {
	From    MailAddress
	To      []MailAddress
	CC, BCC []MailAddress
	ReplyTo *MailAddress
	// OrgEmail sends from an organization address.
	OrgEmail bool
	// InReplyTo answers an earlier mail: its message id and owner's id.
	InReplyTo *MailReply
	// ScheduledTime, when set, schedules the mail instead of sending it.
	ScheduledTime time.Time
	Subject       string
	Content       string
	// MailFormat is "html" (Zoho's default) or "text".
	MailFormat string
	// Attachments are ids of files uploaded with Files.Upload.
	Attachments []string
	// TemplateID sends an email template instead of Content.
	TemplateID string
	// InventoryDetails are Zoho's inventory_details, for Quotes, Sales
	// Orders, Purchase Orders and Invoices.
	InventoryDetails map[string]any
}

// MailReply names the mail a mail answers.
type MailReply struct {
	MessageID string
	OwnerID   string
}

// MarshalJSON writes the mail as send_mail's data[0].
func (m Mail) MarshalJSON() ([]byte, error) {
	w := map[string]any{"from": m.From, "to": m.To, "org_email": m.OrgEmail}
	if len(m.CC) > 0 {
		w["cc"] = m.CC
	}
	if len(m.BCC) > 0 {
		w["bcc"] = m.BCC
	}
	if m.ReplyTo != nil {
		w["reply_to"] = m.ReplyTo
	}
	if m.InReplyTo != nil {
		w["in_reply_to"] = map[string]any{"message_id": m.InReplyTo.MessageID, "owner": map[string]string{"id": m.InReplyTo.OwnerID}}
	}
	if !m.ScheduledTime.IsZero() {
		w["scheduled_time"] = m.ScheduledTime.Format(ZohoTimeLayout)
	}
	for k, v := range map[string]string{"subject": m.Subject, "content": m.Content, "mail_format": m.MailFormat} {
		if v != "" {
			w[k] = v
		}
	}
	if len(m.Attachments) > 0 {
		ids := make([]map[string]string, len(m.Attachments))
		for i, id := range m.Attachments {
			ids[i] = map[string]string{"id": id}
		}
		w["attachments"] = ids
	}
	if m.TemplateID != "" {
		w["template"] = map[string]string{"id": m.TemplateID}
	}
	if m.InventoryDetails != nil {
		w["inventory_details"] = m.InventoryDetails
	}
	return json.Marshal(w)
}

func (m *Mail) validate() error {
	if m == nil {
		return &ValidationError{Field: "mail", Problem: "is nil"}
	}
	if strings.TrimSpace(m.From.Email) == "" {
		return &ValidationError{Field: "From", Problem: "has no email; give one of Mail.FromAddresses"}
	}
	if len(m.To) == 0 {
		return &ValidationError{Field: "To", Problem: "is empty"}
	}
	for name, list := range map[string][]MailAddress{"To": m.To, "CC": m.CC, "BCC": m.BCC} {
		for i, a := range list {
			if !strings.Contains(a.Email, "@") {
				return &ValidationError{Field: fmt.Sprintf("%s[%d]", name, i), Problem: fmt.Sprintf("%q is not an email address", a.Email)}
			}
		}
	}
	switch m.MailFormat {
	case "", "html", "text":
	default:
		return &ValidationError{Field: "MailFormat", Problem: fmt.Sprintf("is %q; Zoho takes html or text", m.MailFormat)}
	}
	return nil
}

// Send sends (or schedules) a mail from a record and returns its message
// id. Zoho allows a number of mails a day by edition (its error text says
// 100); past it the error matches ErrLimitExceeded.
func (s *MailService) Send(ctx context.Context, module, id string, m *Mail) (string, *Response, error) {
	if err := requireID("module", module); err != nil {
		return "", nil, err
	}
	if err := requireID("id", id); err != nil {
		return "", nil, err
	}
	if err := m.validate(); err != nil {
		return "", nil, err
	}
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/" + url.PathEscape(id) + "/actions/send_mail",
		Body: map[string]any{"data": []*Mail{m}}}
	result, resp, err := single(s.client.doWrite(ctx, req, 1))
	if err != nil {
		return "", resp, err
	}
	messageID, _ := stringOf(result.Details["message_id"])
	return messageID, resp, nil
}
