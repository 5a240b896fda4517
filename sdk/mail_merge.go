package sdk

import (
	"context"
	"net/http"
)

// MailMergeService makes documents of a record from a mail merge template
// (crm-oas group mail_merge, {module}/{id}/actions/...): sent by email,
// downloaded, or sent for signing through Zoho Sign. Templates are made
// in Zoho Writer. OAuth scope: ZohoCRM.settings.mailmerge.CREATE with
// ZohoWriter.documentEditor.ALL and ZohoWriter.merge.ALL; to send, also
// ZohoCRM.settings.emails.ALL; to sign, also ZohoSign.documents.ALL.
type MailMergeService service

// MailMergeAddress is a recipient or sender of a mail merge: an email
// address, or a merge field that holds one (Type says which).
type MailMergeAddress struct {
	Type  string `json:"type,omitempty"` // email or field
	Value string `json:"value"`
}

// MailMergeMail sends the merged document by email. Fields without a Go
// field are kept in Extra.
type MailMergeMail struct {
	// Template is the mail merge template, by name (or id).
	Template NameID             `json:"mail_merge_template"`
	From     *MailMergeAddress  `json:"from_address,omitempty"`
	To       []MailMergeAddress `json:"to_address,omitempty"`
	CC       []MailMergeAddress `json:"cc_email,omitempty"`
	BCC      []MailMergeAddress `json:"bcc_email,omitempty"`
	Subject  string             `json:"subject,omitempty"`
	Message  string             `json:"message,omitempty"`
	// Type is attachment (the document attached, named AttachmentName)
	// or inline (the document as the mail's content).
	Type           string `json:"type,omitempty"`
	AttachmentName string `json:"attachment_name,omitempty"`

	kept
}

func (m *MailMergeMail) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m MailMergeMail) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

// The formats of a downloaded mail merge document.
const (
	MailMergePDF  = "pdf"
	MailMergeHTML = "html"
	MailMergeDOCX = "docx"
)

// MailMergeDocument asks for the merged document as a file. Fields
// without a Go field are kept in Extra.
type MailMergeDocument struct {
	Template NameID `json:"mail_merge_template"`
	// OutputFormat is MailMergePDF (Zoho's default), MailMergeHTML or
	// MailMergeDOCX.
	OutputFormat string `json:"output_format,omitempty"`
	// FileName is the document's name ("download" when empty), at most
	// 255 characters.
	FileName string `json:"file_name,omitempty"`
	// Password protects a PDF.
	Password string `json:"password,omitempty"`

	kept
}

func (d *MailMergeDocument) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d MailMergeDocument) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// MailMergeSigning sends the merged document for signing or approval.
// Fields without a Go field are kept in Extra.
type MailMergeSigning struct {
	Template NameID `json:"mail_merge_template"`
	FileName string `json:"file_name,omitempty"`
	// SignInOrder has the signers act one after the other, approvers
	// first.
	SignInOrder bool              `json:"sign_in_order,omitempty"`
	Signers     []MailMergeSigner `json:"signers,omitempty"`

	kept
}

func (s *MailMergeSigning) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s MailMergeSigning) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

// MailMergeSigner is who signs or approves a document; the template's
// signers when none are given.
type MailMergeSigner struct {
	RecipientName string `json:"recipient_name,omitempty"`
	// ActionType is sign or approve.
	ActionType string           `json:"action_type,omitempty"`
	Recipient  MailMergeAddress `json:"recipient"`
}

var (
	sendMailMerge     = recordAction{name: "send_mail_merge", key: "send_mail_merge"}
	signMailMerge     = recordAction{name: "sign_mail_merge", key: "sign_mail_merge"}
	downloadMailMerge = recordAction{name: "download_mail_merge"}
)

// mergeRequest is a mail merge request: it names its template.
type mergeRequest interface{ mergeTemplate() NameID }

func (m *MailMergeMail) mergeTemplate() NameID     { return m.Template }
func (d *MailMergeDocument) mergeTemplate() NameID { return d.Template }
func (s *MailMergeSigning) mergeTemplate() NameID  { return s.Template }

// checkMerge refuses a nil request, or one naming no template.
func checkMerge[T any, P interface {
	*T
	mergeRequest
}](r P, what string) error {
	if r == nil {
		return &ValidationError{Field: what, Problem: "is nil"}
	}
	if t := r.mergeTemplate(); t.Name == "" && t.ID == "" {
		return &ValidationError{Field: "Template", Problem: "names no mail merge template; give its name"}
	}
	return nil
}

// act sends one checked request of the action a, under its key.
func (s *MailMergeService) act(ctx context.Context, a recordAction, module, recordID string, r any, invalid error) (*ActionResult, *Response, error) {
	if invalid != nil {
		return nil, nil, invalid
	}
	return a.one(ctx, s.client, module, recordID, map[string]any{a.key: []any{r}})
}

// Send merges the record into the template and emails the document. The
// result's Details["report_link"] follows the delivery.
func (s *MailMergeService) Send(ctx context.Context, module, recordID string, m *MailMergeMail) (*ActionResult, *Response, error) {
	return s.act(ctx, sendMailMerge, module, recordID, m, checkMerge(m, "mail"))
}

// Sign merges the record into the template and sends the document for
// signing. The result's Details["report_link"] follows it.
func (s *MailMergeService) Sign(ctx context.Context, module, recordID string, r *MailMergeSigning) (*ActionResult, *Response, error) {
	return s.act(ctx, signMailMerge, module, recordID, r, checkMerge(r, "signing"))
}

// Download merges the record into the template and opens the document.
// Read it from the returned Download and close it: it is streamed, not
// held in memory.
func (s *MailMergeService) Download(ctx context.Context, module, recordID string, d *MailMergeDocument) (*Download, *Response, error) {
	if err := checkMerge(d, "document"); err != nil {
		return nil, nil, err
	}
	if err := requireID("record id", recordID); err != nil {
		return nil, nil, err
	}
	path, err := downloadMailMerge.on(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodPost, Path: path, Body: map[string]any{"download_mail_merge": []*MailMergeDocument{d}}}
	return s.client.downloadRequest(ctx, req, "mail merge document of "+module+" "+recordID)
}
