package zohotest

import (
	"encoding/json"
	"net/http"
)

// The files of file upload fields (crm-oas field_attachments.json): GET
// {module}/{id}/actions/download_fields_attachment?fields_attachment_id=
// serves the file of one row of one of the record's file upload fields,
// the row whose Attachment_Id__s (or, as older answers carry only that,
// whose id) is fields_attachment_id; the row names the file of the Files
// API (files.go) by File_Id__s.

func init() {
	handleCRM("GET", "{module}/{id}/actions/download_fields_attachment", "ZohoCRM.modules.{module}.READ", (*Server).downloadFieldAttachment)
}

func (s *Server) downloadFieldAttachment(c *call) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	want := c.query("fields_attachment_id")
	if want == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param", "fields_attachment_id"}, {"resource_path_index", 0}})
		return
	}
	for _, f := range rec.own {
		if fd, known := meta.field(f.name); f.kind != kindArray || (known && fd.DataType != "fileupload" && fd.DataType != "imageupload") {
			continue
		}
		var rows []doc
		_ = json.Unmarshal(f.raw, &rows)
		for _, row := range rows {
			if text(row, "Attachment_Id__s") != want && text(row, "id") != want {
				continue
			}
			var file storedFile
			found := false
			s.actions.with(func(d *actionData) { file, found = d.files[text(row, "File_Id__s")] })
			if !found {
				break
			}
			name := text(row, "File_Name__s")
			if name == "" {
				name = file.name
			}
			serveFile(c.w, name, file.contentType, file.blob)
			return
		}
	}
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"param_name", "fields_attachment_id"}})
}
