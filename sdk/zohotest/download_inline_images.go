package zohotest

// GET {module}/{id}/Emails/actions/download_inline_images?user_id=&message_id=&id=
// (crm-oas group download_inline_images) streams an image the content of
// an email shows, as download_attachments.go serves the email's
// attachments.

func init() {
	handleCRM("GET", "{module}/{id}/Emails/actions/download_inline_images", emailFileScope,
		func(s *Server, c *call) { s.serveEmailFile(c, false) })
}
