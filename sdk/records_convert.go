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
}

// CarryOverTags names the lead's tags each new record gets.
type CarryOverTags struct {
	Contacts []string `json:"Contacts,omitempty"`
	Accounts []string `json:"Accounts,omitempty"`
	Deals    []string `json:"Deals,omitempty"`
}

// Conversion is what a lead became: each is nil when the conversion made
// none (no deal asked for, no company for an account). API v2 answers
// with ids only; later versions add the names.
type Conversion struct {
	Contact *Lookup
	Account *Lookup
	Deal    *Lookup
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
	req := &Request{Method: http.MethodPost, Path: "Leads/" + url.PathEscape(leadID) + "/actions/convert",
		Body: map[string]any{"data": []any{entry}}}
	var body struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	resp, err := s.client.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) == 0 {
		return nil, resp, fmt.Errorf("zcrm: converting lead %s: Zoho's answer has no data", leadID)
	}
	return readConversion(body.Data[0], resp, req)
}

// readConversion reads both shapes of Zoho's answer: v2's
// {"Contacts":"id","Deals":null,"Accounts":"id"} and later versions'
// {"code":"SUCCESS","details":{"Contacts":{"name","id"},...},...}.
func readConversion(entry map[string]json.RawMessage, resp *Response, req *Request) (*Conversion, *Response, error) {
	ids := entry
	if _, enveloped := entry["code"]; enveloped {
		var result ActionResult
		var details map[string]json.RawMessage
		raw, _ := json.Marshal(entry)
		if err := json.Unmarshal(raw, &result); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: reading the conversion: %w", req.Method, req.Path, err)
		}
		if !result.OK() {
			return nil, resp, &APIError{StatusCode: resp.StatusCode, Code: result.Code, Message: result.Message, Details: result.Details,
				Method: req.Method, Path: "/" + req.Path}
		}
		if err := json.Unmarshal(entry["details"], &details); err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: reading the conversion's details: %w", req.Method, req.Path, err)
		}
		ids = details
	}
	c := &Conversion{}
	for _, f := range []struct {
		module string
		dst    **Lookup
	}{{"Contacts", &c.Contact}, {"Accounts", &c.Account}, {"Deals", &c.Deal}} {
		l, err := conversionRef(ids[f.module])
		if err != nil {
			return nil, resp, fmt.Errorf("zcrm: %s %s: reading %s of the conversion: %w", req.Method, req.Path, f.module, err)
		}
		*f.dst = l
	}
	if c.Contact == nil && c.Account == nil && c.Deal == nil {
		return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho's answer names no contact, account or deal", req.Method, req.Path)
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
