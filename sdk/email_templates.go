package sdk

import (
	"context"
	"iter"
	"net/url"
	"time"
)

// EmailTemplatesService reads the org's email templates (crm-oas group
// email_templates, settings/email_templates), which Mail.Send and email
// drafts use by id. OAuth scope: ZohoCRM.templates.email.READ (or
// ZohoCRM.templates.READ).
type EmailTemplatesService service

// TemplateInfo is what email and inventory templates have in common.
type TemplateInfo struct {
	ID       string     `json:"id,omitempty"`
	Name     string     `json:"name,omitempty"`
	Module   *ModuleRef `json:"module,omitempty"`
	Folder   *NameID    `json:"folder,omitempty"`
	Category string     `json:"category,omitempty"`
	// Content is the template's HTML with merge fields; MailContent is
	// Zoho's rendering of it for mail.
	Content       string    `json:"content,omitempty"`
	MailContent   string    `json:"mail_content,omitempty"`
	EditorMode    string    `json:"editor_mode,omitempty"`
	Favorite      bool      `json:"favorite"`
	CreatedBy     *Lookup   `json:"created_by,omitempty"`
	ModifiedBy    *Lookup   `json:"modified_by,omitempty"`
	CreatedTime   time.Time `json:"created_time,omitzero"`
	ModifiedTime  time.Time `json:"modified_time,omitzero"`
	LastUsageTime time.Time `json:"last_usage_time,omitzero"`
}

// EmailTemplate is an email template of a module. Fields without a Go
// field are kept in Extra.
type EmailTemplate struct {
	TemplateInfo
	Subject     string `json:"subject,omitempty"`
	Description string `json:"description,omitempty"`
	// Associated: the template is used (by a workflow, a campaign...).
	Associated    bool                 `json:"associated"`
	ConsentLinked bool                 `json:"consent_linked"`
	Attachments   []TemplateAttachment `json:"attachments,omitempty"`
	Statistics    *TemplateStatistics  `json:"last_version_statistics,omitempty"`

	kept
}

func (t *EmailTemplate) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t EmailTemplate) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// TemplateAttachment is a file an email template sends.
type TemplateAttachment struct {
	ID       string `json:"id,omitempty"`
	FileID   string `json:"file_id,omitempty"`
	FileName string `json:"file_name,omitempty"`
	Size     int64  `json:"size,omitempty"`
}

// TemplateStatistics count what became of the mails of a template's
// latest version.
type TemplateStatistics struct {
	Sent      int `json:"sent"`
	Delivered int `json:"delivered"`
	Opened    int `json:"opened"`
	Clicked   int `json:"clicked"`
	Bounced   int `json:"bounced"`
	Tracked   int `json:"tracked"`
}

// TemplateListOptions filter and sort the lists of email and inventory
// templates.
type TemplateListOptions struct {
	Module    string // one module's templates
	Category  string
	SortBy    string // such as modified_time, name
	SortOrder string // asc or desc
	ListOptions
}

func (o *TemplateListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("module", o.Module, "category", o.Category, "sort_by", o.SortBy, "sort_order", o.SortOrder)
}

var emailTemplates = keyed[EmailTemplate]{path: "settings/email_templates", key: "email_templates", what: "email template"}

// List returns one page of email templates (none is an empty slice).
func (s *EmailTemplatesService) List(ctx context.Context, opts *TemplateListOptions) ([]*EmailTemplate, *Response, error) {
	return emailTemplates.list(ctx, s.client, opts.values())
}

// All iterates over the email templates of every page.
func (s *EmailTemplatesService) All(ctx context.Context, opts *TemplateListOptions) iter.Seq2[*EmailTemplate, error] {
	return emailTemplates.all(ctx, s.client, opts.values())
}

// Get returns the email template with this id, with its content.
func (s *EmailTemplatesService) Get(ctx context.Context, id string) (*EmailTemplate, *Response, error) {
	return emailTemplates.get(ctx, s.client, id, nil)
}
