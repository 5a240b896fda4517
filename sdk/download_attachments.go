package sdk

import (
	"context"
	"net/http"
)

// EmailFile names a file of an email: one of its attachments
// (EmailAttachment) or an inline image of its content.
type EmailFile struct {
	// OwnerID is the id of the user the email belongs to (Email.Owner).
	OwnerID   string
	MessageID string
	// ID is the attachment's id (EmailAttachment.ID) or the inline
	// image's.
	ID string
	// Name is the attachment's file name (EmailAttachment.Name); an
	// inline image needs none.
	Name string
}

// DownloadAttachment opens a file attached to an email of a record
// (crm-oas group download_attachments, GET
// {module}/{id}/Emails/actions/download_attachments). Read the file from
// the returned Download and close it: it is streamed, not held in memory.
// OAuth scope: ZohoCRM.modules.emails.READ with the module's READ.
func (s *EmailsService) DownloadAttachment(ctx context.Context, module, recordID string, f EmailFile) (*Download, *Response, error) {
	return s.downloadFile(ctx, module, recordID, "download_attachments", f, true)
}

// downloadFile opens a file of an email: action names which kind.
func (s *EmailsService) downloadFile(ctx context.Context, module, recordID, action string, f EmailFile, named bool) (*Download, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	for _, v := range []struct{ field, value string }{{"OwnerID", f.OwnerID}, {"MessageID", f.MessageID}, {"ID", f.ID}} {
		if v.value == "" {
			return nil, nil, &ValidationError{Field: v.field, Problem: "is empty"}
		}
	}
	q := query("user_id", f.OwnerID, "message_id", f.MessageID, "id", f.ID)
	if named {
		if f.Name == "" {
			return nil, nil, &ValidationError{Field: "Name", Problem: "is empty; give the attachment's file name"}
		}
		q.Set("name", f.Name)
	}
	req := &Request{Method: http.MethodGet, Path: recordSubPath(module, recordID, "Emails/actions/"+action), Query: q}
	return s.client.downloadRequest(ctx, req, "file "+f.ID+" of email "+f.MessageID)
}
