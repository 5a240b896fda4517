package zohotest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// A lead's conversion options (crm-oas group conversion_option): the
// contacts whose Email is the lead's and the accounts whose Account_Name
// is its Company (case-insensitive), the records a conversion could link
// rather than duplicate, with the fields that matched; the module
// preferred is Contacts when a contact matched, else Accounts. Nothing
// matched is 204, as Zoho answers when there is no match and no module
// with several layouts.

func init() {
	handleCRM(http.MethodGet, "Leads/{id}/__conversion_options", "ZohoCRM.modules.leads.READ", (*Server).conversionOptions)
}

func (s *Server) conversionOptions(c *call) {
	leads, ok := s.modules.get("Leads")
	id, valid := c.pathID()
	if !valid {
		return
	}
	if !ok {
		failModule(c.w)
		return
	}
	leads.mu.RLock()
	lead := leads.byID[id]
	var email, company string
	if lead != nil {
		email, company = fieldText(lead, "Email"), fieldText(lead, "Company")
	}
	leads.mu.RUnlock()
	if lead == nil || lead.converted {
		failPathID(c.w, 1)
		return
	}
	answer := obj{}
	matched := obj{}
	for _, m := range []struct{ module, field, value string }{{"Contacts", "Email", email}, {"Accounts", "Account_Name", company}} {
		records, field := s.recordsWith(m.module, m.field, m.value)
		if len(records) == 0 {
			continue
		}
		if len(answer) == 0 {
			answer = append(answer, kv{"module_preference", moduleRefDoc(s, m.module)})
		}
		answer = append(answer, kv{m.module, records})
		matched = append(matched, kv{m.module, []obj{{{"field", obj{{"api_name", m.field}, {"id", field}}}, {"matched_lead_value", m.value}}}})
	}
	if len(answer) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	answer = append(answer, kv{"preference_field_matched_value", matched}, kv{"modules_with_multiple_layouts", []obj{}})
	writeJSON(c.w, http.StatusOK, obj{{"__conversion_options", answer}})
}

// fieldText is a record's field as text ("" when absent).
func fieldText(r *record, name string) string {
	f, ok := r.field(name)
	if !ok {
		return ""
	}
	return textOf(f.decoded())
}

// recordsWith returns the records of module whose field has value
// (case-insensitive; none for an empty value), and the field's id.
func (s *Server) recordsWith(module, field, value string) ([]json.RawMessage, string) {
	ms, ok := s.modules.get(module)
	if !ok || value == "" {
		return nil, ""
	}
	f, _ := ms.meta.Load().field(field)
	var out []json.RawMessage
	ms.mu.RLock()
	defer ms.mu.RUnlock()
	for _, r := range ms.order {
		if strings.EqualFold(fieldText(r, field), value) {
			out = append(out, json.RawMessage(r.encoded))
		}
	}
	if f == nil {
		return out, ""
	}
	return out, f.ID
}
