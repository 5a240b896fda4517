package zohotest

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"time"
)

// The files of a record's emails (crm-oas groups download_attachments and
// download_inline_images, download_inline_images.go): GET
// {module}/{id}/Emails/actions/download_attachments?user_id=&message_id=&id=&name=
// streams a file attached to an email, download_inline_images (without
// name) an image its content shows: a file uploaded with Files
// (?type=inline) whose id the content names. user_id is the email's owner; the caller must be
// able to see the email. Ranges are served, as http.ServeContent does.

func init() {
	handleCRM("GET", "{module}/{id}/Emails/actions/download_attachments", emailFileScope,
		func(s *Server, c *call) { s.serveEmailFile(c, true) })
}

const emailFileScope = "ZohoCRM.modules.emails.READ"

func (s *Server) serveEmailFile(c *call, attachment bool) {
	meta, id, ok := s.emailRecord(c)
	if !ok {
		return
	}
	params := []string{"user_id", "message_id", "id"}
	if attachment {
		params = append(params, "name")
	}
	for _, p := range params {
		if c.query(p) == "" {
			fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required param not found", obj{{"param_name", p}})
			return
		}
	}
	e := s.findEmail(c, meta, id, c.query("message_id"))
	switch {
	case e == nil:
		failParam(c.w, "message_id")
		return
	case e.ownerID != c.query("user_id"):
		failParam(c.w, "user_id")
		return
	}
	f, found := s.emailFileOf(e, c.query("id"), attachment)
	if !found || (attachment && f.name != c.query("name")) {
		failParam(c.w, "id")
		return
	}
	if f.contentType != "" {
		c.w.Header().Set("Content-Type", f.contentType)
	}
	c.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	http.ServeContent(c.w, c.r, f.name, time.Time{}, bytes.NewReader(f.data))
}

// emailFileOf finds an attachment of e, or an inline image its content
// names.
func (s *Server) emailFileOf(e *storedEmail, id string, attachment bool) (emailFile, bool) {
	if attachment {
		for _, f := range e.attachments {
			if f.id == id {
				return f, true
			}
		}
		return emailFile{}, false
	}
	if !strings.Contains(e.content, id) {
		return emailFile{}, false
	}
	var f storedFile
	var ok bool
	s.actions.with(func(d *actionData) { f, ok = d.files[id] })
	if !ok || f.typ != "inline" {
		return emailFile{}, false
	}
	return emailFile{id: id, name: f.name, contentType: f.contentType, data: f.data}, true
}
