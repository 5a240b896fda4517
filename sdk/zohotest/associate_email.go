package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Associating emails with records (crm-oas group associate_email): POST
// {module}/{id}/actions/associate_email adds an email from outside Zoho
// CRM to a record's Emails, as the caller's own (email_related_records.go)
// with its attachments (files uploaded with Files) and maybe a linked
// record; an admin may associate another user's email (owner); GET actions/email_available?orginal_message_id= (crm-oas's
// spelling) says whether an email of that Message-ID is associated, and
// with what. One email a call; an email already associated with the
// record is DUPLICATE_DATA.

func init() {
	registerRecordAction(&recordActionSpec{
		name: "associate_email", key: "Emails", scope: "ZohoCRM.modules.emails.CREATE", status: http.StatusCreated,
		supports: emailModules,
		check: func(s *Server, c *call, body map[string]json.RawMessage) bool {
			var emails []json.RawMessage
			if json.Unmarshal(body["Emails"], &emails) != nil || len(emails) == 0 {
				fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param", "Emails"}})
				return false
			}
			if len(emails) > 1 {
				fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "one email a call", obj{{"limit", 1}, {"api_name", "Emails"}})
				return false
			}
			var e entry
			if json.Unmarshal(emails[0], &e) == nil && e["owner"] != nil && !c.user.IsAdmin() {
				fail(c.w, http.StatusForbidden, "NO_PERMISSION", "Only Admin Role/Profile Users will have permission", nil)
				return false
			}
			return true
		},
		act: (*Server).associateEmail,
	})
	handleCRM("GET", "actions/email_available", "ZohoCRM.modules.emails.READ", (*Server).emailAvailable)
}

func (s *Server) associateEmail(c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult {
	var list []entry
	if json.Unmarshal(body["Emails"], &list) != nil || list[0] == nil {
		return recordError("INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}})
	}
	e := list[0]
	bad := func(code, field string) recordResult {
		return recordError(code, "invalid data", obj{{"api_name", field}})
	}
	for _, k := range []string{"from", "to", "subject", "content", "date_time", "sent", "original_message_id"} {
		if raw, has := e[k]; !has || string(raw) == "null" {
			return recordError("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", k}})
		}
	}
	m := &storedEmail{messageID: randomHex(32), ownerID: c.user.ID, format: "html", source: "associated", own: true}
	if id, _, present, _ := e.ref("owner"); present {
		owner, ok := s.User(id)
		if !ok || owner.Status != "active" {
			return recordError("INVALID_DATA", "Provide a Proper owner id", obj{{"api_name", "owner"}})
		}
		m.ownerID = owner.ID
	}
	if json.Unmarshal(e["from"], &m.from) != nil || !validEmail(m.from.Email) {
		return bad("INVALID_DATA", "from")
	}
	for _, l := range []struct {
		key  string
		into *[]mailAddress
	}{{"to", &m.to}, {"cc", &m.cc}, {"bcc", &m.bcc}} {
		if raw, has := e[l.key]; has && json.Unmarshal(raw, l.into) != nil {
			return bad("INVALID_DATA", l.key)
		}
		for _, a := range *l.into {
			if !validEmail(a.Email) {
				return bad("INVALID_DATA", l.key)
			}
		}
	}
	var ok bool
	if m.subject, _, ok = e.text("subject"); !ok {
		return bad("INVALID_DATA", "subject")
	}
	if m.content, _, ok = e.text("content"); !ok {
		return bad("INVALID_DATA", "content")
	}
	if m.originalMessageID, _, ok = e.text("original_message_id"); !ok || m.originalMessageID == "" {
		return bad("INVALID_DATA", "original_message_id")
	}
	if f, present, _ := e.text("mail_format"); present {
		if f != "html" && f != "text" {
			return bad("INVALID_DATA", "mail_format")
		}
		m.format = f
	}
	if json.Unmarshal(e["sent"], &m.sent) != nil {
		return recordError("INVALID_DATA", "invalid data", obj{{"api_name", "sent"}, {"expected_data_type", "boolean"}})
	}
	at, _, _ := e.text("date_time")
	if m.at, ok = parseZohoTime(at); !ok {
		return recordError("INVALID_DATA", "invalid data", obj{{"api_name", "date_time"}, {"expected_data_type", "datetime"}})
	}
	var files []struct {
		ID json.RawMessage `json:"id"`
	}
	if raw, has := e["attachments"]; has && json.Unmarshal(raw, &files) != nil {
		return bad("INVALID_DATA", "attachments")
	}
	for _, f := range files {
		fid := idText(makeField("id", f.ID))
		var stored storedFile
		s.actions.with(func(d *actionData) { stored, ok = d.files[fid] })
		if !ok {
			return recordError("INVALID_DATA", "provided file id is improper", obj{{"api_name", "attachments"}})
		}
		m.attachments = append(m.attachments, emailFile{id: fid, name: stored.name, contentType: stored.contentType, data: stored.data})
	}
	if raw, has := e["linked_record"]; has && string(raw) != "null" {
		linked, problem := s.linkedRecord(raw)
		if problem != "" {
			return recordError("INVALID_DATA", problem, obj{{"api_name", "linked_record"}})
		}
		m.linked = linked
	}
	rk := recordKeyOf(meta, id)
	dup := false
	s.emails.with(func(st *emailState) {
		if dup = slices.ContainsFunc(st.emails[rk], func(o *storedEmail) bool { return o.originalMessageID == m.originalMessageID }); !dup {
			st.emails[rk] = append(st.emails[rk], m)
		}
	})
	if dup {
		return recordError("DUPLICATE_DATA", "the email is associated with the record already", obj{{"api_name", "original_message_id"}})
	}
	return success(obj{{"message_id", m.messageID}}, "Your mail has been added successfully")
}

// linkedRecord reads {"module":{"api_name"},"id"} naming an existing
// record and writes it as Zoho shows it, or says what is wrong.
func (s *Server) linkedRecord(raw json.RawMessage) (json.RawMessage, string) {
	var l struct {
		Module struct {
			APIName string `json:"api_name"`
		} `json:"module"`
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &l) != nil {
		return nil, "invalid data"
	}
	ms, ok := s.modules.get(l.Module.APIName)
	if !ok {
		return nil, "the api_name given seems to be invalid"
	}
	id := idText(makeField("id", l.ID))
	ms.mu.RLock()
	r := ms.byID[id]
	ms.mu.RUnlock()
	if r == nil {
		return nil, "the parent entity id given seems to be invalid"
	}
	meta := ms.meta.Load()
	return mustJSON(obj{{"module", obj{{"api_name", meta.APIName}, {"id", meta.ID}}}, {"id", id}, {"name", r.displayName(meta)}}), ""
}

func (s *Server) emailAvailable(c *call) {
	want := c.query("orginal_message_id")
	if want == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param", "orginal_message_id"}})
		return
	}
	var found recordKey
	var linked json.RawMessage
	s.emails.with(func(st *emailState) {
		for rk, emails := range st.emails {
			for _, e := range emails {
				if e.originalMessageID == want {
					found, linked = rk, e.linked
					return
				}
			}
		}
	})
	if found.id == "" {
		writeJSON(c.w, http.StatusOK, obj{{"available", false}, {"record", nil}, {"linked_record", nil}})
		return
	}
	ms, _ := s.modules.get(found.module)
	meta := ms.meta.Load()
	writeJSON(c.w, http.StatusOK, obj{{"available", true},
		{"record", obj{{"module", obj{{"api_name", meta.APIName}, {"id", meta.ID}}}, {"id", found.id}, {"linked_record", rawOrNull(linked)}}},
		{"linked_record", rawOrNull(linked)}})
}
