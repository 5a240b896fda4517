package zohotest

import (
	"encoding/json"
	"strconv"
)

// Email drafts of records (crm-oas group email_drafts): keyed entries
// under {module}/{record}/__email_drafts, ten a page. A draft needs from
// (one of the caller's from addresses) and rich_text (a boolean); the
// addresses must look like addresses, a template must be an email
// template of the org, a schedule a time. The Emails list shows them with
// type=drafts (email_related_records.go).

var draftModules = moduleIn(true, "Leads", "Contacts", "Deals", "Accounts", "Sales_Orders", "Purchase_Orders", "Invoices", "Quotes", "Cases")

var emailDraftsSpec = registerKeyed(&keyedSpec{
	path:     "{module}/{record}/__email_drafts",
	key:      "__email_drafts",
	what:     "email draft",
	scope:    "ZohoCRM.modules.{module}",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"from", "rich_text"},
	perPage:  10,
	parent: func(s *Server, c *call) bool {
		ms, ok := s.modules.get(c.param("module"))
		if !ok || !draftModules(ms.meta.Load()) {
			failModule(c.w)
			return false
		}
		ms.mu.RLock()
		found := ms.byID[c.param("record")] != nil
		ms.mu.RUnlock()
		if !found {
			failRelatedID(c.w)
		}
		return found
	},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		invalid := func(field string, details ...kv) *recordResult {
			r := keyedError(c, "__email_drafts", index, "INVALID_DATA", "invalid data", field, details...)
			return &r
		}
		if from, _ := e["from"].(string); !s.isFromAddress(c.user, from) {
			return invalid("from")
		}
		if _, ok := e["rich_text"].(bool); !ok {
			return invalid("rich_text", kv{"expected_data_type", "boolean"})
		}
		for _, k := range []string{"to", "cc", "bcc"} {
			if v, has := e[k]; has && !addressesValid(v) {
				return invalid(k)
			}
		}
		if v, has := e["reply_to"]; has && v != nil {
			if a, _ := v.(string); !validEmail(a) {
				return invalid("reply_to")
			}
		}
		if t, has := e["template"]; has && t != nil {
			m, _ := t.(map[string]any)
			if m == nil || !s.hasEmailTemplate(idOf(m)) {
				return invalid("template")
			}
		}
		if sd, has := e["schedule_details"]; has && sd != nil {
			m, _ := sd.(map[string]any)
			at, _ := m["time"].(string)
			t, ok := parseZohoTime(at)
			if !ok {
				return invalid("schedule_details", kv{"expected_data_type", "datetime"})
			}
			if !t.After(s.Now()) {
				r := keyedError(c, "__email_drafts", index, "NOT_ALLOWED", "Schedule time should not be past time", "schedule_details")
				return &r
			}
		}
		if list, has := e["attachments"]; has && list != nil {
			files, ok := s.draftFiles(list)
			if !ok {
				r := keyedError(c, "__email_drafts", index, "INVALID_DATA", "The attachment id given seems to be invalid", "attachments")
				return &r
			}
			e["attachments"] = files
		}
		now := s.formatTime(s.Now())
		if old == nil {
			e["created_time"] = now
		}
		e["modified_time"] = now
		content, _ := e["content"].(string)
		e["summary"] = summaryOf(content)
		return nil
	},
})

// addressesValid: a list of {"email"} objects with addresses.
func addressesValid(v any) bool {
	b, _ := json.Marshal(v)
	var list []mailAddress
	if json.Unmarshal(b, &list) != nil {
		return false
	}
	for _, a := range list {
		if !validEmail(a.Email) {
			return false
		}
	}
	return true
}

// draftFiles resolves a draft's attachments, files uploaded with Files,
// as Zoho shows them: the name given (else the file's), its size.
func (s *Server) draftFiles(v any) ([]doc, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]doc, len(list))
	for i, item := range list {
		a, _ := item.(map[string]any)
		id := idOf(a)
		var f storedFile
		found := false
		s.actions.with(func(d *actionData) { f, found = d.files[id] })
		if !found {
			return nil, false
		}
		name, _ := a["file_name"].(string)
		if name == "" {
			name = f.name
		}
		out[i] = doc{"id": id, "file_name": name, "file_size": strconv.Itoa(len(f.data)), "service_name": "ZFSAttached"}
	}
	return out, true
}
