package zohotest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// Mail merge (crm-oas group mail_merge): a record merged into a mail
// merge template (made in Zoho Writer; a new org has one for Leads,
// Contacts, Accounts and Deals, MailMergeTemplates) and POST
// {module}/{id}/actions/send_mail_merge emails the document (the mail
// joins the record's Emails), sign_mail_merge sends it for signing, and
// download_mail_merge answers the document itself: pdf (the default),
// html or docx, named by file_name ("download" when not given). The
// template is named by name or id and must be the module's; each body
// holds one request under the action's key. 5 credits a download.

type mailMergeTemplate struct {
	id, name, module string
}

// MailMergeTemplate is a mail merge template of the org.
type MailMergeTemplate struct {
	ID, Name, Module string
}

func init() {
	const scope = "ZohoCRM.settings.mailmerge.CREATE"
	for _, name := range []string{"send_mail_merge", "sign_mail_merge"} {
		registerRecordAction(&recordActionSpec{
			name: name, key: name, scope: scope,
			check: func(s *Server, c *call, body map[string]json.RawMessage) bool { return oneEntry(c, body, name) },
			act: func(s *Server, c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult {
				return s.mailMerge(c, meta, id, name, body)
			},
		})
	}
	handleCRM("POST", "{module}/{id}/actions/download_mail_merge", scope, (*Server).downloadMailMerge).credits = 5
}

// MailMergeTemplates returns the org's mail merge templates.
func (s *Server) MailMergeTemplates() []MailMergeTemplate {
	var out []MailMergeTemplate
	s.emails.with(func(st *emailState) {
		for _, t := range s.mergeTemplatesLocked(st) {
			out = append(out, MailMergeTemplate{ID: t.id, Name: t.name, Module: t.module})
		}
	})
	return out
}

func (s *Server) mergeTemplatesLocked(st *emailState) []mailMergeTemplate {
	if st.merges == nil {
		for _, t := range [][2]string{{"Leads", "Welcome Letter"}, {"Contacts", "Contact Card"}, {"Accounts", "Account Summary"}, {"Deals", "Deal Proposal"}} {
			st.merges = append(st.merges, mailMergeTemplate{id: s.ids.next(), name: t[1], module: t[0]})
		}
	}
	return st.merges
}

// oneEntry checks that the body holds one object under key, answering the
// error itself.
func oneEntry(c *call, body map[string]json.RawMessage, key string) bool {
	var entries []entry
	if err := json.Unmarshal(body[key], &entries); err != nil || len(entries) != 1 || entries[0] == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", key}, {"json_path", "$." + key}, {"expected_data_type", "jsonarray"}})
		return false
	}
	return true
}

// mergeTemplate finds the request's template, or returns the error.
func (s *Server) mergeTemplate(meta *moduleMeta, key string, e entry) (mailMergeTemplate, *recordResult) {
	path := "$." + key + "[0].mail_merge_template"
	id, name, present, ok := e.ref("mail_merge_template")
	if !present {
		r := recordError("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "mail_merge_template"}, {"json_path", path}})
		return mailMergeTemplate{}, &r
	}
	if id == "" && name == "" {
		r := recordError("EXPECTED_FIELD_MISSING", "expected field missing", obj{{"api_name", "name"}, {"json_path", path + ".name"}})
		return mailMergeTemplate{}, &r
	}
	var found *mailMergeTemplate
	s.emails.with(func(st *emailState) {
		for _, t := range s.mergeTemplatesLocked(st) {
			if ok && strings.EqualFold(t.module, meta.APIName) && (t.id == id || (id == "" && t.name == name)) {
				found = &t
				return
			}
		}
	})
	if found == nil {
		r := recordError("INVALID_DATA", "invalid data", obj{{"api_name", "mail_merge_template"}, {"json_path", path}})
		return mailMergeTemplate{}, &r
	}
	return *found, nil
}

// mailMerge sends a merged document by mail or for signing.
func (s *Server) mailMerge(c *call, meta *moduleMeta, id, key string, body map[string]json.RawMessage) recordResult {
	var entries []entry
	_ = json.Unmarshal(body[key], &entries)
	e := entries[0]
	t, bad := s.mergeTemplate(meta, key, e)
	if bad != nil {
		return *bad
	}
	invalid := func(field string) recordResult {
		return keyedError(c, key, 0, "INVALID_DATA", "invalid data", field)
	}
	invalidEmail := func(field string) recordResult {
		return keyedError(c, key, 0, "INVALID_EMAIL", "invalid email", field)
	}
	type address struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	report := obj{{"report_link", fmt.Sprintf("https://crm.zoho.com/crm/mailmerge/report/%s", s.ids.next())}}
	if key == "sign_mail_merge" {
		var signers []struct {
			ActionType string  `json:"action_type"`
			Recipient  address `json:"recipient"`
		}
		if raw, has := e["signers"]; has && json.Unmarshal(raw, &signers) != nil {
			return invalid("signers")
		}
		for _, sg := range signers {
			if sg.ActionType != "sign" && sg.ActionType != "approve" {
				return invalid("action_type")
			}
			if !validEmail(sg.Recipient.Value) {
				return invalidEmail("recipient")
			}
		}
		return success(report, "mail merge action initiated successfully")
	}
	var from address
	var to, cc []address
	for _, f := range []struct {
		key  string
		into any
	}{{"from_address", &from}, {"to_address", &to}, {"cc_email", &cc}} {
		if raw, has := e[f.key]; has && json.Unmarshal(raw, f.into) != nil {
			return invalid(f.key)
		}
	}
	if from.Value == "" {
		from.Value = c.user.Email
	}
	if !s.isFromAddress(c.user, from.Value) {
		return invalidEmail("from_address")
	}
	if len(to) == 0 {
		return keyedError(c, key, 0, "MANDATORY_NOT_FOUND", "required field not found", "to_address")
	}
	m := &storedEmail{messageID: randomHex(32), ownerID: c.user.ID, from: mailAddress{UserName: c.user.FullName(), Email: from.Value},
		format: "html", sent: true, at: s.Now(), source: "mail_merge"}
	for _, l := range []struct {
		from []address
		into *[]mailAddress
	}{{to, &m.to}, {cc, &m.cc}} {
		for _, a := range l.from {
			if !validEmail(a.Value) {
				return invalidEmail("to_address")
			}
			*l.into = append(*l.into, mailAddress{Email: a.Value})
		}
	}
	m.subject, _, _ = e.text("subject")
	if m.subject == "" {
		m.subject = t.name
	}
	m.content, _, _ = e.text("message")
	s.storeEmail(recordKeyOf(meta, id), m)
	return success(report, "mail merge action initiated successfully")
}

func (s *Server) downloadMailMerge(c *call) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return
	}
	entries, ok := readKeyedBody(c, "download_mail_merge", 1)
	if !ok {
		return
	}
	e := entries[0]
	if e == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}})
		return
	}
	t, bad := s.mergeTemplate(meta, "download_mail_merge", e)
	if bad != nil {
		fail(c.w, http.StatusBadRequest, bad.Code, bad.Message, bad.Details)
		return
	}
	format, _, _ := e.text("output_format")
	if format == "" {
		format = "pdf"
	}
	name, _, _ := e.text("file_name")
	if name == "" {
		name = "download"
	}
	types := map[string]string{"pdf": "application/pdf", "html": "text/html; charset=utf-8",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
	if types[format] == "" || len(name) > 255 {
		field := "output_format"
		if types[format] != "" {
			field = "file_name"
		}
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", field}, {"json_path", "$.download_mail_merge[0]." + field}})
		return
	}
	fields := decodeRecord(r)
	c.w.Header().Set("Content-Type", types[format])
	c.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + "." + format}))
	c.w.Write(mergedDocument(format, t.name, fields))
}

// mergedDocument writes a record merged into a template, as a file of the
// format: the template's name, then each field and its value.
func mergedDocument(format, template string, fields map[string]any) []byte {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	var lines []string
	for _, k := range names {
		if v := fields[k]; v != nil && !slices.Contains([]string{"$approved", "$editable"}, k) {
			lines = append(lines, fmt.Sprintf("%s: %v", k, v))
		}
	}
	var b bytes.Buffer
	switch format {
	case "html":
		fmt.Fprintf(&b, "<html><body><h1>%s</h1>", html.EscapeString(template))
		for _, l := range lines {
			fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(l))
		}
		b.WriteString("</body></html>")
	case "docx":
		z := zip.NewWriter(&b)
		w, _ := z.Create("word/document.xml")
		fmt.Fprintf(w, "<w:document><w:body><w:p><w:t>%s</w:t></w:p>", html.EscapeString(template))
		for _, l := range lines {
			fmt.Fprintf(w, "<w:p><w:t>%s</w:t></w:p>", html.EscapeString(l))
		}
		fmt.Fprint(w, "</w:body></w:document>")
		_ = z.Close()
	default:
		fmt.Fprintf(&b, "%%PDF-1.4\n%% %s\n", template)
		for _, l := range lines {
			fmt.Fprintf(&b, "%% %s\n", l)
		}
		b.WriteString("%%EOF\n")
	}
	return b.Bytes()
}
