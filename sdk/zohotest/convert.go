package zohotest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// Lead conversion: POST Leads/{id}/actions/convert turns a lead into a
// contact, an account (when the lead has a company) and, when the body
// has Deals, a deal; the lead is then converted: lists leave it out unless
// converted=true or both, and GET Leads/{id} answers 204 (as reported of
// Zoho; unconfirmed by its docs). Body (payloads/28): {"data":[{
// "overwrite", "notify_lead_owner", "notify_new_entity_owner",
// "Accounts", "Contacts", "assign_to", "Deals", "carry_over_tags",
// "move_attachments_to" (v7+: {"api_name","id"} of Contacts, Accounts or
// Deals, whose new or linked record gets the lead's attachments)}]}, the
// ids given bare (v2) or as {"id": ...} (v4+); both are accepted. The
// answer is a map of module to id in v2, and a success entry whose details
// map each module to {"name","id"} from v3 (sinceConvertEnvelope); a
// module without a new record is null.

func init() {
	handleCRM("POST", "{module}/{id}/actions/convert", "ZohoCRM.modules.{module}.CREATE", (*Server).convertLead)
}

// leadToContact and leadToAccount are the field mappings of a conversion.
var (
	leadToContact = [][2]string{
		{"Salutation", "Salutation"}, {"First_Name", "First_Name"}, {"Last_Name", "Last_Name"},
		{"Email", "Email"}, {"Secondary_Email", "Secondary_Email"}, {"Phone", "Phone"},
		{"Mobile", "Mobile"}, {"Fax", "Fax"}, {"Lead_Source", "Lead_Source"},
		{"Email_Opt_Out", "Email_Opt_Out"}, {"Skype_ID", "Skype_ID"}, {"Twitter", "Twitter"},
		{"Description", "Description"}, {"Designation", "Title"}, {"Street", "Mailing_Street"},
		{"City", "Mailing_City"}, {"State", "Mailing_State"}, {"Zip_Code", "Mailing_Zip"},
		{"Country", "Mailing_Country"},
	}
	leadToAccount = [][2]string{
		{"Company", "Account_Name"}, {"Phone", "Phone"}, {"Fax", "Fax"}, {"Website", "Website"},
		{"Industry", "Industry"}, {"Annual_Revenue", "Annual_Revenue"}, {"No_of_Employees", "Employees"},
		{"Street", "Billing_Street"}, {"City", "Billing_City"}, {"State", "Billing_State"},
		{"Zip_Code", "Billing_Code"}, {"Country", "Billing_Country"},
	}
)

func (s *Server) convertLead(c *call) {
	leads, meta, ok := s.module(c)
	if !ok {
		return
	}
	inventory := inventoryConversions[meta.APIName] != nil
	if !meta.Convertible && !inventory {
		failURL(c.w)
		return
	}
	id, ok := c.pathID()
	if !ok {
		return
	}
	in, ok := readConversionEntry(c)
	if !ok {
		return
	}
	if inventory {
		s.convertInventory(c, leads, meta, id, in)
		return
	}
	conv, refused := s.convertLeadRecord(c, leads, meta, id, in)
	if refused != nil {
		writeJSON(c.w, refused.status, refused.body)
		return
	}
	refs := []struct {
		module string
		r      *record
	}{{"Contacts", conv.contact}, {"Deals", conv.deal}, {"Accounts", conv.account}}
	if !c.version.atLeast(sinceConvertEnvelope) {
		answer := obj{}
		for _, ref := range refs {
			var v any
			if ref.r != nil {
				v = ref.r.id
			}
			answer = append(answer, kv{ref.module, v})
		}
		writeJSON(c.w, http.StatusOK, obj{{"data", []obj{answer}}})
		return
	}
	details := obj{}
	for _, ref := range refs {
		details = append(details, kv{ref.module, s.conversionRef(ref.module, ref.r)})
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []obj{conversionSuccess(details)}}})
}

// conversionSuccess is the result of a conversion whose details name the
// records made.
func conversionSuccess(details obj) obj {
	return obj{{"code", "SUCCESS"}, {"details", details}, {"message", "The record has been converted successfully"}, {"status", "success"}}
}

// conversionRef names a record a conversion made: {"name","id"}, or null.
func (s *Server) conversionRef(module string, r *record) any {
	if r == nil {
		return nil
	}
	ms, _ := s.modules.get(module)
	return obj{{"name", nullIfEmpty(r.displayName(ms.meta.Load()))}, {"id", r.id}}
}

// readConversionEntry reads a conversion's body, {"data":[{...}]}, one
// entry; it answers Zoho's error itself.
func readConversionEntry(c *call) (map[string]json.RawMessage, bool) {
	var body struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "body", obj{{"expected_data_type", "jsonobject"}})
		return nil, false
	}
	if len(body.Data) != 1 {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "data"}})
		return nil, false
	}
	return body.Data[0], true
}

// refusal is an answer refusing a request: its status and body.
type refusal struct {
	status int
	body   any
}

// refuse is Zoho's error envelope as a refusal.
func refuse(status int, code, message string, details obj) *refusal {
	return &refusal{status, apiError{Code: code, Details: details, Message: message, Status: "error"}}
}

// refuseData is a per-record error under data as a refusal.
func refuseData(e *recordResult) *refusal {
	return &refusal{http.StatusBadRequest, obj{{"data", []recordResult{*e}}}}
}

// leadConversion is what a lead became.
type leadConversion struct{ contact, account, deal *record }

// convertLeadRecord converts the lead with this id as in (the body's
// entry) asks, or says why not. It writes no answer: a mass convert's job
// calls it too.
func (s *Server) convertLeadRecord(c *call, leads *moduleStore, meta *moduleMeta, id string, in map[string]json.RawMessage) (leadConversion, *refusal) {
	// One conversion at a time: a lead must not turn into two contacts.
	s.converting.Lock()
	defer s.converting.Unlock()
	leads.mu.RLock()
	lead := leads.byID[id]
	leads.mu.RUnlock()
	switch {
	case lead == nil:
		return leadConversion{}, refuse(http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"resource_path_index", 1}})
	case lead.converted:
		return leadConversion{}, refuse(http.StatusBadRequest, "ID_ALREADY_CONVERTED", "id already converted", obj{{"resource_path_index", 1}})
	}

	moveTo := ""
	if raw, given := in["move_attachments_to"]; given && string(raw) != "null" && c.version.atLeast(sinceMoveAttachments) {
		var ok bool
		if moveTo, ok = s.attachmentsTarget(raw); !ok {
			return leadConversion{}, refuseData(fieldError(c, "INVALID_DATA", "invalid data", "move_attachments_to", 0))
		}
	}

	// The deal is checked first: a conversion that fails creates nothing.
	var dealIn *prepared
	if raw, given := in["Deals"]; given && string(raw) != "null" {
		p, e := s.prepareDeal(c, raw)
		if e != nil {
			return leadConversion{}, refuseData(e)
		}
		dealIn = &p
	}
	owner := lead.owner
	if raw, given := in["assign_to"]; given {
		u, e := s.userLookup(c, makeField("assign_to", compactJSONValue(raw)), 0, true)
		if e != nil {
			return leadConversion{}, refuseData(e)
		}
		owner = u
	}
	account, e := s.existingRecord(c, in, "Accounts")
	if e != nil {
		return leadConversion{}, refuseData(e)
	}
	// Attachments can only move to a record the conversion has.
	if (moveTo == "Deals" && dealIn == nil) || (moveTo == "Accounts" && account == nil && leadText(lead, "Company") == "") {
		return leadConversion{}, refuseData(fieldError(c, "INVALID_DATA", "invalid data", "move_attachments_to", 0))
	}
	if account == nil && leadText(lead, "Company") != "" {
		account, e = s.convertInto(c, "Accounts", mapFields(lead, leadToAccount), owner)
	}
	if e != nil {
		return leadConversion{}, refuseData(e)
	}
	contact, e := s.existingRecord(c, in, "Contacts")
	if e != nil {
		return leadConversion{}, refuseData(e)
	}
	if contact == nil {
		own := mapFields(lead, leadToContact)
		if account != nil {
			own = append(own, s.lookupTo("Account_Name", "Accounts", account))
		}
		contact, e = s.convertInto(c, "Contacts", own, owner)
	}
	if e != nil {
		return leadConversion{}, refuseData(e)
	}
	var deal *record
	if dealIn != nil {
		if deal, e = s.convertDeal(c, *dealIn, lead, account, contact, owner); e != nil {
			return leadConversion{}, refuseData(e)
		}
	}

	leads.mu.Lock()
	if cur := leads.byID[id]; cur != nil {
		leads.replaceLocked(s.markConverted(meta, cur))
	}
	leads.mu.Unlock()
	if target := map[string]*record{"Contacts": contact, "Accounts": account, "Deals": deal}[moveTo]; target != nil {
		s.moveAttachments(meta, id, moveTo, target)
	}
	return leadConversion{contact: contact, account: account, deal: deal}, nil
}

// attachmentsTarget reads move_attachments_to, {"api_name","id"} of
// Contacts, Accounts or Deals (the id is the module's, and enough alone).
func (s *Server) attachmentsTarget(raw json.RawMessage) (string, bool) {
	var ref struct {
		APIName string `json:"api_name"`
		ID      string `json:"id"`
	}
	if json.Unmarshal(raw, &ref) != nil || (ref.APIName == "" && ref.ID == "") {
		return "", false
	}
	for _, module := range []string{"Contacts", "Accounts", "Deals"} {
		ms, ok := s.modules.get(module)
		if !ok {
			continue
		}
		id := ms.meta.Load().ID
		if (ref.ID == "" || ref.ID == id) && (ref.APIName == "" || strings.EqualFold(ref.APIName, module)) {
			return module, true
		}
	}
	return "", false
}

// moveAttachments gives the lead's attachments to the record it became.
func (s *Server) moveAttachments(leadMeta *moduleMeta, leadID, module string, target *record) {
	ms, _ := s.modules.get(module)
	meta := ms.meta.Load()
	from, to := recordKeyOf(leadMeta, leadID), recordKeyOf(meta, target.id)
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	for _, a := range s.sub.attachments[from] {
		moved := *a
		moved.parentModule, moved.parentName = meta.APIName, target.displayName(meta)
		s.sub.attachments[to] = append(s.sub.attachments[to], &moved)
	}
	delete(s.sub.attachments, from)
}

// existingRecord reads Accounts or Contacts of the body: the id of a
// record to link instead of creating one.
func (s *Server) existingRecord(c *call, in map[string]json.RawMessage, module string) (*record, *recordResult) {
	raw, given := in[module]
	if !given || string(raw) == "null" {
		return nil, nil
	}
	id, ok := lookupID(makeField(module, compactJSONValue(raw)))
	if !ok || !isDigits(id) {
		return nil, fieldError(c, "INVALID_DATA", "invalid data", module, 0)
	}
	ms, _ := s.modules.get(module)
	ms.mu.RLock()
	r := ms.byID[id]
	ms.mu.RUnlock()
	if r == nil {
		return nil, fieldError(c, "INVALID_DATA", "invalid data", module, 0)
	}
	return r, nil
}

// convertInto creates a record of a module from a conversion.
func (s *Server) convertInto(c *call, module string, own []fieldValue, owner []byte) (*record, *recordResult) {
	ms, _ := s.modules.get(module)
	wr := s.newWriter(c, ms, ms.meta.Load())
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return wr.insertLocked(prepared{own: own, owner: owner})
}

// prepareDeal checks the body's Deals as a new deal.
func (s *Server) prepareDeal(c *call, raw json.RawMessage) (prepared, *recordResult) {
	deals, _ := s.modules.get("Deals")
	meta := deals.meta.Load()
	p := s.prepare(c, meta, raw, 0)
	if p.err != nil {
		return p, p.err
	}
	if e := mandatoryMissing(c, meta, p.own, 0); e != nil {
		return p, e
	}
	return p, nil
}

// convertDeal creates the deal of a conversion, linked to the account and
// contact.
func (s *Server) convertDeal(c *call, p prepared, lead, account, contact *record, owner []byte) (*record, *recordResult) {
	deals, _ := s.modules.get("Deals")
	meta := deals.meta.Load()
	if account != nil && indexOfField(p.own, "Account_Name") < 0 {
		p.own = append(p.own, s.lookupTo("Account_Name", "Accounts", account))
	}
	if contact != nil && indexOfField(p.own, "Contact_Name") < 0 {
		p.own = append(p.own, s.lookupTo("Contact_Name", "Contacts", contact))
	}
	if src, ok := lead.field("Lead_Source"); ok && !src.empty() && indexOfField(p.own, "Lead_Source") < 0 {
		p.own = append(p.own, src)
	}
	if p.owner == nil {
		p.owner = owner
	}
	wr := s.newWriter(c, deals, meta)
	deals.mu.Lock()
	defer deals.mu.Unlock()
	return wr.insertLocked(p)
}

// lookupTo is a lookup field naming r of module as Zoho stores lookups.
func (s *Server) lookupTo(field, module string, r *record) fieldValue {
	ms, _ := s.modules.get(module)
	return fieldOf(field, obj{{"name", nullIfEmpty(r.displayName(ms.meta.Load()))}, {"id", r.id}})
}

// mapFields copies the lead's non-empty fields under their new names.
func mapFields(lead *record, mapping [][2]string) []fieldValue {
	var out []fieldValue
	for _, m := range mapping {
		if f, ok := lead.field(m[0]); ok && !f.empty() {
			out = append(out, makeField(m[1], f.raw))
		}
	}
	return out
}

func leadText(r *record, field string) string {
	if f, ok := r.field(field); ok && f.kind == kindString {
		return f.str
	}
	return ""
}

// markConverted is the lead after its conversion.
func (s *Server) markConverted(meta *moduleMeta, r *record) *record {
	converted := &record{id: r.id, own: r.own, props: withProp(r.props, "$converted", true), owner: r.owner, createdBy: r.createdBy,
		modifiedBy: r.modifiedBy, created: r.created, modified: s.Now()}
	return s.assemble(meta, converted)
}

// compactJSONValue removes insignificant space, so a value reads as a field.
func compactJSONValue(raw json.RawMessage) []byte {
	f, err := decodeObject(append(append([]byte(`{"v":`), raw...), '}'))
	if err != nil || len(f) != 1 {
		return raw
	}
	return f[0].raw
}
