package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// The files of file upload fields (crm-oas group field_attachments): a
// record's file upload field lists its files, each with an attachment id
// (Attachment_Id__s in Zoho's answers; the row's id in older ones), by
// which actions/download_fields_attachment hands out the file.

// DownloadFieldAttachment opens a file of one of the record's file upload
// fields (GET {module}/{id}/actions/download_fields_attachment), named by
// its attachment id. Read it from the returned Download and close it; it
// is streamed, never held in memory. OAuth scope:
// ZohoCRM.modules.{module}.READ.
func (s *AttachmentsService) DownloadFieldAttachment(ctx context.Context, module, recordID, attachmentID string) (*Download, *Response, error) {
	path, _, err := recordPath(module, External{Value: recordID})
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("attachment id", attachmentID); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodGet, Path: path + "/actions/download_fields_attachment", Query: url.Values{"fields_attachment_id": {attachmentID}}}
	return s.client.downloadRequest(ctx, req, "file "+attachmentID+" of a field of "+module+" "+recordID)
}
