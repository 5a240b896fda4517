package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ErrAlreadyConverted: the lead was converted before (ID_ALREADY_CONVERTED).
var ErrAlreadyConverted = errors.New("zcrm: lead already converted")

// convertObjectsSince is the first API version whose conversion takes the
// account, contact and owner as {"id": ...} objects; v2 takes bare ids.
// (v2 and v4+ are documented; v3 is assumed to be like v2.)
const convertObjectsSince = 4

// ConvertOptions shape a lead conversion. The zero value converts the lead
// into a new contact, and a new account when the lead has a company, and
// creates no deal.
type ConvertOptions struct {
	// Overwrite lets the lead's details overwrite those of an existing
	// account or contact it is linked to.
	Overwrite            bool
	NotifyLeadOwner      bool   // email the lead's owner about the conversion
	NotifyNewEntityOwner bool   // email the owner of the new records
	AccountID            string // link this existing account instead of creating one
	ContactID            string // link this existing contact instead of creating one
	AssignTo             string // the user id to own the new records
	// Deal is a deal to create with the conversion (Deal_Name, Stage,
	// Closing_Date and the other fields the Deals layout requires); nil
	// creates none.
	Deal Record
	// CarryOverTags are the lead's tags to give the new records.
	CarryOverTags *CarryOverTags
	// MoveAttachmentsTo gives the lead's attachments to the record of
	// that module the conversion makes or links: Contacts, Accounts or
	// Deals (API v7 and later). Zoho names the module by its id as well:
	// when ID is empty the SDK looks it up (GET settings/modules/{name}).
	MoveAttachmentsTo *ModuleRef
}

// moveAttachmentsSince is the first API version whose conversion takes
// move_attachments_to.
const moveAttachmentsSince = 7

// CarryOverTags names the lead's tags each new record gets.
type CarryOverTags struct {
	Contacts []string `json:"Contacts,omitempty"`
	Accounts []string `json:"Accounts,omitempty"`
	Deals    []string `json:"Deals,omitempty"`
}

// Conversion is what a lead became: each is nil when the conversion made
// none (no deal asked for, no company for an account). API v2 answers
// with ids only; later versions add the names and Zoho's result (Code,
// Message, Status). Every field of Zoho's answer is kept: Records has
// each record the answer names, Extra the fields without a Go field, and
// the Conversion encodes back to the answer it came from.
type Conversion struct {
	Contact *Lookup
	Account *Lookup
	Deal    *Lookup
	// Code, Message and Status are Zoho's result from v3 on, such as
	// SUCCESS, "The record has been converted successfully", success;
	// empty for v2, which answers the ids alone.
	Code    string
	Message string
	Status  string

	// raw is the answer's entry as Zoho sent it: its shape differs by
	// version, and it is written back in the shape it came in.
	raw json.RawMessage
}

// conversionModules are the modules the typed fields of Conversion name.
var conversionModules = [...]string{"Contacts", "Accounts", "Deals"}

func (c *Conversion) refs() [3]**Lookup { return [3]**Lookup{&c.Contact, &c.Account, &c.Deal} }

// UnmarshalJSON reads both shapes of Zoho's answer entry: v2's
// {"Contacts":"id","Deals":null,"Accounts":"id"} and later versions'
// {"code":"SUCCESS","details":{"Contacts":{"name","id"},...},"message","status"}.
func (c *Conversion) UnmarshalJSON(b []byte) error {
	var entry map[string]json.RawMessage
	if err := json.Unmarshal(b, &entry); err != nil {
		return err
	}
	*c = Conversion{}
	records := entry
	if _, enveloped := entry["code"]; enveloped {
		var result struct{ Code, Message, Status string }
		if err := json.Unmarshal(b, &result); err != nil {
			return err
		}
		c.Code, c.Message, c.Status = result.Code, result.Message, result.Status
		records = nil
		if d := bytes.TrimSpace(entry["details"]); len(d) > 0 && d[0] == '{' {
			if err := json.Unmarshal(d, &records); err != nil {
				return fmt.Errorf("reading the details: %w", err)
			}
		}
	}
	for i, module := range conversionModules {
		l, err := conversionRef(records[module])
		if err != nil {
			return fmt.Errorf("reading %s: %w", module, err)
		}
		*c.refs()[i] = l
	}
	c.raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the entry in the shape Zoho answered it, with every
// field it had; the typed fields win.
func (c Conversion) MarshalJSON() ([]byte, error) {
	entry := map[string]json.RawMessage{}
	if len(c.raw) > 0 {
		if err := json.Unmarshal(c.raw, &entry); err != nil {
			return nil, err
		}
	}
	_, enveloped := entry["code"]
	enveloped = enveloped || c.Code != ""
	records := entry
	if enveloped {
		records = map[string]json.RawMessage{}
		if d := bytes.TrimSpace(entry["details"]); len(d) > 0 && d[0] == '{' {
			if err := json.Unmarshal(d, &records); err != nil {
				return nil, err
			}
		}
	}
	for i, module := range conversionModules {
		l := *c.refs()[i]
		before, had := records[module]
		if l == nil && !had {
			continue
		}
		var v any
		switch {
		case l != nil && enveloped:
			v = l
		case l != nil:
			v = l.ID // v2 names the records by id
		}
		raw, err := marshalOver(before, v)
		if err != nil {
			return nil, err
		}
		records[module] = raw
	}
	if enveloped {
		for k, v := range map[string]string{"code": c.Code, "message": c.Message, "status": c.Status} {
			raw, _ := json.Marshal(v)
			entry[k] = raw
		}
		raw, err := json.Marshal(records)
		if err != nil {
			return nil, err
		}
		entry["details"] = raw
	}
	return json.Marshal(entry)
}

// marshalOver encodes v; when both v and before are objects, the fields of
// before that v lacks are kept.
func marshalOver(before json.RawMessage, v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil || len(raw) == 0 || raw[0] != '{' {
		return raw, err
	}
	var old, fresh map[string]json.RawMessage
	if json.Unmarshal(before, &old) != nil || len(old) == 0 {
		return raw, nil
	}
	if err := json.Unmarshal(raw, &fresh); err != nil {
		return nil, err
	}
	for k, val := range fresh {
		old[k] = val
	}
	return json.Marshal(old)
}

// Records returns every record Zoho's answer names, by module API name:
// Contacts, Accounts and Deals, and any other module Zoho names (its
// conversions of other modules answer Sales_Orders, for one).
func (c *Conversion) Records() map[string]*Lookup {
	var entry, records map[string]json.RawMessage
	_ = json.Unmarshal(c.raw, &entry)
	records = entry
	if _, enveloped := entry["code"]; enveloped {
		records = nil
		_ = json.Unmarshal(entry["details"], &records)
	}
	out := map[string]*Lookup{}
	for module, raw := range records {
		if module == "" || module[0] < 'A' || module[0] > 'Z' {
			continue // module API names start with a capital
		}
		if l, err := conversionRef(raw); err == nil && l != nil {
			out[module] = l
		}
	}
	for i, module := range conversionModules {
		if l := *c.refs()[i]; l != nil {
			out[module] = l
		}
	}
	return out
}

// Extra returns the fields of Zoho's answer entry that Conversion has no
// Go field for: all but code, message, status and details from v3 on, and
// all but Contacts, Accounts and Deals in v2.
func (c *Conversion) Extra() map[string]json.RawMessage {
	var entry map[string]json.RawMessage
	if json.Unmarshal(c.raw, &entry) != nil {
		return nil
	}
	known := conversionModules[:]
	if _, enveloped := entry["code"]; enveloped {
		known = []string{"code", "message", "status", "details"}
	}
	for _, k := range known {
		delete(entry, k)
	}
	if len(entry) == 0 {
		return nil
	}
	return entry
}

// ConvertLead converts a lead into a contact, an account and optionally a
// deal (POST Leads/{id}/actions/convert) and returns their ids.
func (s *RecordsService) ConvertLead(ctx context.Context, leadID string, opts *ConvertOptions) (*Conversion, *Response, error) {
	if err := requireID("leadID", leadID); err != nil {
		return nil, nil, err
	}
	o := ConvertOptions{}
	if opts != nil {
		o = *opts
	}
	entry := map[string]any{}
	if o.Overwrite {
		entry["overwrite"] = true
	}
	if o.NotifyLeadOwner {
		entry["notify_lead_owner"] = true
	}
	if o.NotifyNewEntityOwner {
		entry["notify_new_entity_owner"] = true
	}
	asObjects := s.client.apiMajor() >= convertObjectsSince
	for _, ref := range []struct{ key, id string }{{"Accounts", o.AccountID}, {"Contacts", o.ContactID}, {"assign_to", o.AssignTo}} {
		if ref.id == "" {
			continue
		}
		if err := requireID(ref.key, ref.id); err != nil {
			return nil, nil, err
		}
		if asObjects {
			entry[ref.key] = map[string]string{"id": ref.id}
		} else {
			entry[ref.key] = ref.id
		}
	}
	if o.Deal != nil {
		entry["Deals"] = o.Deal
	}
	if o.CarryOverTags != nil {
		entry["carry_over_tags"] = o.CarryOverTags
	}
	if m := o.MoveAttachmentsTo; m != nil {
		ref, err := s.attachmentsTarget(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		entry["move_attachments_to"] = ref
	}
	return s.convert(ctx, "Leads", leadID, entry)
}

// convert sends a conversion of the module's record with this id, entry
// being the body's one entry, and reads Zoho's answer.
func (s *RecordsService) convert(ctx context.Context, module, id string, entry map[string]any) (*Conversion, *Response, error) {
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/" + url.PathEscape(id) + "/actions/convert",
		Body: map[string]any{"data": []any{entry}}}
	var body struct {
		Data []json.RawMessage `json:"data"`
	}
	resp, err := s.client.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) == 0 {
		return nil, resp, fmt.Errorf("zcrm: converting %s %s: Zoho's answer has no data", module, id)
	}
	return readConversion(body.Data[0], resp, req)
}

// attachmentsTarget checks MoveAttachmentsTo and finds its module's id.
func (s *RecordsService) attachmentsTarget(ctx context.Context, m *ModuleRef) (map[string]string, error) {
	if s.client.apiMajor() < moveAttachmentsSince {
		return nil, &ValidationError{Field: "MoveAttachmentsTo", Problem: fmt.Sprintf("needs api_version v%d or later (it is %s)",
			moveAttachmentsSince, s.client.core.cfg.APIVersion)}
	}
	switch m.APIName {
	case "Contacts", "Accounts", "Deals":
	default:
		return nil, &ValidationError{Field: "MoveAttachmentsTo", Problem: fmt.Sprintf("is %q; attachments move to Contacts, Accounts or Deals", m.APIName)}
	}
	return moduleIDRef(ctx, s.client, m, "MoveAttachmentsTo")
}

// moduleIDRef names the module as {"api_name","id"}, looking its id up
// (GET settings/modules/{name}) when m has none; what says what it is for.
func moduleIDRef(ctx context.Context, c *Client, m *ModuleRef, what string) (map[string]string, error) {
	id := m.ID
	if id == "" {
		module, _, err := c.Modules.Get(ctx, m.APIName)
		if err != nil {
			return nil, fmt.Errorf("zcrm: looking up the id of %s for %s: %w", m.APIName, what, err)
		}
		id = module.ID
	}
	return map[string]string{"api_name": m.APIName, "id": id}, nil
}

// readConversion reads the answer's entry; a result that is not a success
// is an *APIError.
func readConversion(entry json.RawMessage, resp *Response, req *Request) (*Conversion, *Response, error) {
	c := &Conversion{}
	if err := json.Unmarshal(entry, c); err != nil {
		return nil, resp, fmt.Errorf("zcrm: %s %s: reading the conversion: %w", req.Method, req.Path, err)
	}
	if c.Code != "" {
		var result ActionResult
		if err := json.Unmarshal(entry, &result); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: reading the conversion: %w", req.Method, req.Path, err)
		}
		if !result.OK() {
			return nil, resp, &APIError{StatusCode: resp.StatusCode, Code: result.Code, Message: result.Message, Details: result.Details,
				Method: req.Method, Path: "/" + req.Path}
		}
	}
	if len(c.Records()) == 0 {
		return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho's answer names no record made", req.Method, req.Path)
	}
	return c, resp, nil
}

// conversionRef reads one record of a conversion: null, "id", or
// {"name","id"}.
func conversionRef(raw json.RawMessage) (*Lookup, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case string, json.Number:
		id, _ := stringOf(t)
		return &Lookup{ID: id}, nil
	case map[string]any:
		return lookupOf(t), nil
	}
	return nil, fmt.Errorf("unexpected value %s", raw)
}
