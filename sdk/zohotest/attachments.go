package zohotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Attachments of a record (payload 30): POST {module}/{id}/Attachments
// with a multipart "file" part or an attachmentUrl (a link), GET the list,
// GET one to download its bytes, DELETE one. Notes take attachments the
// same way, as records of the Notes module (Notes/{note_id}/Attachments).
// The bytes are kept in memory.

func init() {
	const read = "ZohoCRM.modules.{module}.READ ZohoCRM.modules.attachments.READ"
	handleCRM("GET", "{module}/{id}/Attachments", read, (*Server).listAttachments)
	handleCRM("POST", "{module}/{id}/Attachments", "ZohoCRM.modules.{module}.CREATE ZohoCRM.modules.attachments.CREATE", (*Server).uploadAttachment)
	handleCRM("GET", "{module}/{id}/Attachments/{attachment_id}", read, (*Server).downloadAttachment)
	const del = "ZohoCRM.modules.{module}.DELETE ZohoCRM.modules.attachments.DELETE"
	handleCRM("DELETE", "{module}/{id}/Attachments/{attachment_id}", del, (*Server).deleteAttachment)
	handleCRM("DELETE", "{module}/{id}/Attachments", del, (*Server).deleteAttachments)
}

type attachment struct {
	id          string
	fileName    string
	contentType string
	blob
	link         string // $link_url of a link attachment
	fileID       string // $file_id
	owner        []byte
	createdBy    []byte
	created      time.Time
	parentName   string
	parentModule string
}

// entry is the attachment as the list shows it, keys in the order of
// Zoho's v8 sample; $link_url only for links.
func (s *Server) attachmentEntry(a *attachment, parentID string) obj {
	typ := "File"
	if a.link != "" {
		typ = "Link URL" // Zoho's $type for links is unconfirmed
	}
	e := obj{
		{"Owner", rawOrNull(a.owner)},
		{"Modified_Time", s.formatTime(a.created)},
		{"File_Name", a.fileName},
		{"$field_states", nil},
		{"Created_Time", s.formatTime(a.created)},
		{"Size", strconv.FormatInt(a.size(), 10)}, // a string, as Zoho sends it
		{"Parent_Id", obj{{"name", nullIfEmpty(a.parentName)}, {"id", parentID}}},
		{"$editable", true},
		{"$file_id", a.fileID},
		{"$type", typ},
		{"$se_module", a.parentModule},
		{"Modified_By", rawOrNull(a.createdBy)},
		{"$state", "save"},
		{"id", a.id},
		{"Created_By", rawOrNull(a.createdBy)},
	}
	if a.link != "" {
		e = append(e, kv{"$link_url", a.link})
	}
	return e
}

func (s *Server) listAttachments(c *call) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	var fields []string
	if v := c.query("fields"); v != "" {
		fields = splitList(v)
	} else if c.version.atLeast(sinceAttachmentFieldsRequired) {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param is missing", obj{{"param_name", "fields"}})
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	s.sub.mu.Lock()
	all := slices.Clone(s.sub.attachments[recordKeyOf(meta, rec.id)])
	s.sub.mu.Unlock()
	start := min((page-1)*perPage, len(all))
	end := min(start+perPage, len(all))
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	data := make([]obj, 0, end-start)
	for _, a := range all[start:end] {
		data = append(data, project(s.attachmentEntry(a, rec.id), fields))
	}
	info := obj{{"per_page", perPage}}
	tokens := c.version.atLeast(sincePageToken)
	if tokens {
		info = append(info, kv{"next_page_token", nil})
	}
	info = append(info, kv{"count", len(data)}, kv{"page", page})
	if tokens {
		info = append(info, kv{"previous_page_token", nil}, kv{"page_token_expiry", nil})
	}
	info = append(info, kv{"more_records", end < len(all)})
	writeJSON(c.w, http.StatusOK, obj{{"data", data}, {"info", info}})
}

// project keeps the fields asked for, id and the $-properties; no fields
// keeps everything.
func project(e obj, fields []string) obj {
	if fields == nil {
		return e
	}
	out := make(obj, 0, len(fields)+8)
	for _, p := range e {
		if p.k == "id" || strings.HasPrefix(p.k, "$") || slices.Contains(fields, p.k) {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) uploadAttachment(c *call) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	limit, _ := s.uploadLimits()
	up, err := readUpload(c.r, limit)
	if err != nil {
		failUpload(c, err)
		return
	}
	link := up.fields["attachmentUrl"]
	if link == "" {
		link = c.query("attachmentUrl") // crm-oas v8 lists it as a query parameter
	}
	title := up.fields["title"]
	if title == "" {
		title = c.query("title")
	}
	switch {
	case up.hasFile && link != "":
		// Zoho takes a file or a link per call, not both (Kaizen #58).
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "either a file or an attachment url can be uploaded at a time", obj{{"api_name", "attachmentUrl"}})
		return
	case !up.hasFile && link == "":
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "file"}})
		return
	}
	now := s.Now()
	a := &attachment{
		id:           s.ids.next(),
		owner:        mustJSON(c.user.lookup(true)),
		createdBy:    mustJSON(c.user.lookup(true)), // the list's users carry email (v8 sample)
		created:      now,
		parentName:   rec.displayName(meta),
		parentModule: meta.APIName,
		fileID:       randomHex(32),
	}
	if up.hasFile {
		a.fileName, a.blob, a.contentType = up.fileName, blob{data: up.data}, up.contentType
		if a.fileName == "" {
			a.fileName = "attachment"
		}
	} else {
		a.link, a.fileName = link, title
		if a.fileName == "" {
			a.fileName = link
		}
	}
	key := recordKeyOf(meta, rec.id)
	s.sub.mu.Lock()
	if a.link != "" && slices.ContainsFunc(s.sub.attachments[key], func(o *attachment) bool { return o.link == a.link }) {
		s.sub.mu.Unlock()
		// Links must be unique on a record (Kaizen #58); the code is ours.
		fail(c.w, http.StatusBadRequest, "DUPLICATE_DATA", "duplicate data", obj{{"api_name", "attachmentUrl"}})
		return
	}
	if s.sub.attachments == nil {
		s.sub.attachments = map[recordKey][]*attachment{}
	}
	s.sub.attachments[key] = append(s.sub.attachments[key], a)
	s.sub.mu.Unlock()

	details := obj{{"id", a.id}}
	if c.version.atLeast(sinceUploadDetails) {
		by := c.user.lookup(false)
		details = obj{
			{"Modified_Time", s.formatTime(now)},
			{"Modified_By", by},
			{"Created_Time", s.formatTime(now)},
			{"id", a.id},
			{"Created_By", by},
		}
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(details, "attachment uploaded successfully")}}})
}

// findAttachment resolves {attachment_id}; it answers the error itself.
func (s *Server) findAttachment(c *call) (*attachment, recordKey, bool) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return nil, recordKey{}, false
	}
	aid := c.param("attachment_id")
	if !isDigits(aid) {
		failPathID(c.w, 3)
		return nil, recordKey{}, false
	}
	key := recordKeyOf(meta, rec.id)
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	for _, a := range s.sub.attachments[key] {
		if a.id == aid {
			return a, key, true
		}
	}
	return nil, key, true
}

func (s *Server) downloadAttachment(c *call) {
	a, _, ok := s.findAttachment(c)
	switch {
	case !ok:
		return
	case a == nil:
		writeEmpty(c.w, http.StatusNoContent) // crm-oas v8: 204 for no attachment
		return
	case a.link != "":
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "a link attachment has no file to download", obj{{"resource_path_index", 3}})
		return
	}
	serveFile(c.w, a.fileName, a.contentType, a.blob)
}

func (s *Server) deleteAttachment(c *call) {
	a, key, ok := s.findAttachment(c)
	if !ok {
		return
	}
	if a == nil {
		failPathID(c.w, 3)
		return
	}
	s.sub.mu.Lock()
	s.sub.attachments[key] = slices.DeleteFunc(s.sub.attachments[key], func(o *attachment) bool { return o == a })
	s.sub.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(obj{{"id", a.id}}, "record deleted")}}})
}

// deleteAttachments is DELETE {module}/{id}/Attachments?ids=: one result
// per id, an id the record has no attachment of refused.
func (s *Server) deleteAttachments(c *call) {
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	ids, ok := idsParam(c)
	if !ok {
		return
	}
	key := recordKeyOf(meta, rec.id)
	results := make([]recordResult, len(ids))
	s.sub.mu.Lock()
	for i, id := range ids {
		list := s.sub.attachments[key]
		at := slices.IndexFunc(list, func(a *attachment) bool { return a.id == id })
		if at < 0 {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			continue
		}
		s.sub.attachments[key] = slices.Delete(list, at, at+1)
		results[i] = success(obj{{"id", id}}, "record deleted")
	}
	s.sub.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}

// AttachGenerated attaches to a record a file of size bytes of
// GeneratedContent, as if uploaded, and returns the attachment's id. Its
// bytes are made as it is downloaded, never held: tests stream large
// attachments with it. It panics if the record does not exist.
func (s *Server) AttachGenerated(module, recordID, fileName string, size int64) string {
	ms := s.mustModule("AttachGenerated", module)
	meta := ms.meta.Load()
	ms.mu.RLock()
	rec := ms.byID[recordID]
	ms.mu.RUnlock()
	if rec == nil {
		panic("zohotest: AttachGenerated: " + module + " has no record " + recordID)
	}
	admin := s.Admin()
	a := &attachment{
		id: s.ids.next(), fileName: fileName, blob: blob{generated: size},
		owner: mustJSON(admin.lookup(true)), createdBy: mustJSON(admin.lookup(true)), created: s.Now(),
		parentName: rec.displayName(meta), parentModule: meta.APIName, fileID: randomHex(32),
	}
	key := recordKeyOf(meta, rec.id)
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	if s.sub.attachments == nil {
		s.sub.attachments = map[recordKey][]*attachment{}
	}
	s.sub.attachments[key] = append(s.sub.attachments[key], a)
	return a.id
}
