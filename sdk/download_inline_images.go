package sdk

import "context"

// DownloadInlineImage opens an image shown in the content of an email of
// a record (crm-oas group download_inline_images, GET
// {module}/{id}/Emails/actions/download_inline_images). Read it from the
// returned Download and close it: it is streamed, not held in memory.
// OAuth scope: ZohoCRM.modules.emails.READ with the module's READ.
func (s *EmailsService) DownloadInlineImage(ctx context.Context, module, recordID string, f EmailFile) (*Download, *Response, error) {
	return s.downloadFile(ctx, module, recordID, "download_inline_images", f, false)
}
