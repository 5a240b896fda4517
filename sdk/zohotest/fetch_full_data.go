package zohotest

import "net/http"

// Rich text fields (crm-oas fetch_full_data.json; Zoho's "Get Rich Text
// Fields" page): GET {module}/{id}/actions/fetch_full_data[?fields=] and
// GET {module}/actions/fetch_full_data?ids=&fields= (both required, 200
// ids at most) answer each record's id and the rich text fields asked for
// (all of them for one record without fields=); a field that is not rich
// text is refused.

func init() {
	const read = "ZohoCRM.modules.{module}.READ"
	handleCRM("GET", "{module}/{id}/actions/fetch_full_data", read, (*Server).richTextOfRecord)
	handleCRM("GET", "{module}/actions/fetch_full_data", read, (*Server).richTextOfRecords)
}

// maxRichTextIDs is the most ids one call takes.
const maxRichTextIDs = 200

// isRichText: the emulator's fields hold rich text in multi-line
// (textarea) fields.
func isRichText(fd *Field) bool { return fd.DataType == "textarea" }

// richTextFields reads fields=: rich text fields of the module, or all of
// them when it is left out and not required. It answers the error itself.
func richTextFields(c *call, meta *moduleMeta, required bool) ([]string, bool) {
	names := splitList(c.query("fields"))
	if len(names) == 0 {
		if required {
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "fields"}})
			return nil, false
		}
		for i := range meta.Fields {
			if isRichText(&meta.Fields[i]) {
				names = append(names, meta.Fields[i].APIName)
			}
		}
		return names, true
	}
	for _, n := range names {
		if fd, ok := meta.field(n); !ok || !isRichText(fd) {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the field given is not a rich text field", obj{{"api_name", n}, {"param_name", "fields"}})
			return nil, false
		}
	}
	return names, true
}

func (s *Server) richTextOfRecord(c *call) {
	ms, meta, id, ok := s.moduleRecord(c)
	if !ok {
		return
	}
	fields, ok := richTextFields(c, meta, false)
	if !ok {
		return
	}
	s.writeRichText(c, ms, []string{id}, fields)
}

func (s *Server) richTextOfRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	ids := splitList(c.query("ids"))
	switch {
	case len(ids) == 0:
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "ids"}})
		return
	case len(ids) > maxRichTextIDs:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxRichTextIDs}, {"param_name", "ids"}})
		return
	}
	fields, ok := richTextFields(c, meta, true)
	if !ok {
		return
	}
	s.writeRichText(c, ms, ids, fields)
}

// writeRichText answers the records found, each with its fields and id;
// 204 when none is.
func (s *Server) writeRichText(c *call, ms *moduleStore, ids, fields []string) {
	var recs []*record
	ms.mu.RLock()
	for _, id := range ids {
		if r := ms.byID[id]; r != nil {
			recs = append(recs, r)
		}
	}
	ms.mu.RUnlock()
	if len(recs) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	if len(fields) == 0 {
		fields = []string{"id"} // a module without rich text fields answers ids alone
	}
	s.writeRecords(c, recs, fields, nil)
}
