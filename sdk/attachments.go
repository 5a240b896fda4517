package sdk

// AttachmentsService uploads, lists, downloads and deletes a record's attachments ({module}/{id}/Attachments).
type AttachmentsService service
