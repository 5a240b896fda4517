package zohotest

import (
	"net/http"
	"slices"
	"strings"
	"sync"
)

// The org's taxes: GET, POST, PUT org/taxes, GET org/taxes/{id}, DELETE
// org/taxes?ids= and DELETE org/taxes/{id}. Zoho's official SDKs read a
// tax as {"id","name","display_label","value"} (plus sequence_number) and
// the list as {"taxes":[...],"preference":{"auto_populate_tax",
// "modify_tax_rates"}}; the write answers follow the other settings APIs
// ({"taxes":[{"code","details":{"id"},"message","status"}]}). No verbatim
// Zoho sample of these answers was found; see
// testdata/reference/15_org_taxes.json.

// Tax is one of the org's taxes.
type Tax struct {
	ID             string // generated when empty
	Name           string // required, unique (case-insensitive)
	DisplayLabel   string // default: Name
	Value          float64
	SequenceNumber int // default: its position
}

type taxStore struct {
	s            *Server
	mu           sync.Mutex
	list         []*Tax
	autoPopulate bool
	modifyRates  bool
}

func (ts *taxStore) init(s *Server) {
	ts.s = s
	ts.modifyRates = true
	for _, t := range []Tax{{Name: "Sales Tax", Value: 10}, {Name: "Vat", Value: 12.5}} {
		ts.addLocked(t)
	}
}

func (ts *taxStore) addLocked(t Tax) *Tax {
	if t.ID == "" {
		t.ID = ts.s.ids.next()
	}
	if t.DisplayLabel == "" {
		t.DisplayLabel = t.Name
	}
	if t.SequenceNumber == 0 {
		t.SequenceNumber = len(ts.list) + 1
	}
	p := &t
	ts.list = append(ts.list, p)
	return p
}

func (ts *taxStore) byNameLocked(name, skipID string) *Tax {
	for _, t := range ts.list {
		if t.ID != skipID && strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

func (ts *taxStore) indexLocked(id string) int {
	return slices.IndexFunc(ts.list, func(t *Tax) bool { return t.ID == id })
}

// AddTax adds a tax to the org and returns it with its generated fields.
// It panics if Name is empty or taken.
func (s *Server) AddTax(t Tax) Tax {
	ts := &s.settings.taxes
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if strings.TrimSpace(t.Name) == "" {
		panic("zohotest: AddTax: Name is required")
	}
	if ts.byNameLocked(t.Name, "") != nil {
		panic("zohotest: AddTax: a tax named " + t.Name + " exists already")
	}
	return *ts.addLocked(t)
}

// Taxes returns the org's taxes in their order.
func (s *Server) Taxes() []Tax {
	ts := &s.settings.taxes
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := make([]Tax, len(ts.list))
	for i, t := range ts.list {
		out[i] = *t
	}
	return out
}

func init() {
	handleCRM("GET", "org/taxes", "ZohoCRM.org.READ", (*Server).listTaxes)
	handleCRM("GET", "org/taxes/{id}", "ZohoCRM.org.READ", (*Server).getTax)
	handleCRM("POST", "org/taxes", "ZohoCRM.org.CREATE", (*Server).createTaxes)
	handleCRM("PUT", "org/taxes", "ZohoCRM.org.UPDATE", (*Server).updateTaxes)
	handleCRM("DELETE", "org/taxes", "ZohoCRM.org.DELETE", (*Server).deleteTaxes)
	handleCRM("DELETE", "org/taxes/{id}", "ZohoCRM.org.DELETE", (*Server).deleteTax)
}

func renderTax(t *Tax) obj {
	return obj{
		{"id", t.ID},
		{"name", t.Name},
		{"display_label", t.DisplayLabel},
		{"value", t.Value},
		{"sequence_number", t.SequenceNumber},
	}
}

func (s *Server) listTaxes(c *call) {
	ts := &s.settings.taxes
	ts.mu.Lock()
	out := make([]obj, len(ts.list))
	for i, t := range ts.list {
		out[i] = renderTax(t)
	}
	pref := obj{{"auto_populate_tax", ts.autoPopulate}, {"modify_tax_rates", ts.modifyRates}}
	ts.mu.Unlock()
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"taxes", out}, {"preference", pref}})
}

func (s *Server) getTax(c *call) {
	ts := &s.settings.taxes
	ts.mu.Lock()
	i := ts.indexLocked(c.param("id"))
	var t obj
	if i >= 0 {
		t = renderTax(ts.list[i])
	}
	ts.mu.Unlock()
	if t == nil {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"taxes", []obj{t}}})
}

// taxFields reads name, display_label, value and sequence_number of an
// entry into t; it returns a per-entry error for a wrong type or value.
func taxFields(c *call, e entry, index int, t *Tax) *recordResult {
	for _, key := range []string{"name", "display_label"} {
		v, present, ok := e.text(key)
		if !ok {
			r := keyedError(c, "taxes", index, "INVALID_DATA", "invalid data", key, kv{"expected_data_type", "text"})
			return &r
		}
		if !present {
			continue
		}
		if key == "name" {
			t.Name = strings.TrimSpace(v)
		} else {
			t.DisplayLabel = v
		}
	}
	if raw, ok := e["value"]; ok {
		f := makeField("value", raw)
		n, isNum := number(f)
		if !isNum || n < 0 || n > 100 {
			r := keyedError(c, "taxes", index, "INVALID_DATA", "invalid data", "value", kv{"expected_data_type", "double"})
			return &r
		}
		t.Value = n
	}
	if raw, ok := e["sequence_number"]; ok {
		n, isNum := number(makeField("sequence_number", raw))
		if !isNum || n < 1 {
			r := keyedError(c, "taxes", index, "INVALID_DATA", "invalid data", "sequence_number", kv{"expected_data_type", "integer"})
			return &r
		}
		t.SequenceNumber = int(n)
	}
	return nil
}

func (s *Server) createTaxes(c *call) {
	entries, ok := readKeyedBody(c, "taxes", maxWriteRecords)
	if !ok {
		return
	}
	ts := &s.settings.taxes
	ts.mu.Lock()
	defer ts.mu.Unlock()
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		var t Tax
		if errResult := taxFields(c, e, i, &t); errResult != nil {
			results[i] = *errResult
			continue
		}
		if t.Name == "" {
			results[i] = keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "name")
			continue
		}
		if _, given := e["value"]; !given {
			results[i] = keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "value")
			continue
		}
		if ts.byNameLocked(t.Name, "") != nil {
			results[i] = keyedError(c, "taxes", i, "DUPLICATE_DATA", "duplicate data", "name")
			continue
		}
		results[i] = successResult(ts.addLocked(t).ID, "tax added")
	}
	writeKeyed(c, "taxes", results, http.StatusCreated)
}

func (s *Server) updateTaxes(c *call) {
	entries, ok := readKeyedBody(c, "taxes", maxWriteRecords)
	if !ok {
		return
	}
	ts := &s.settings.taxes
	ts.mu.Lock()
	defer ts.mu.Unlock()
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		id, present, _ := e.text("id")
		if !present {
			results[i] = keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
			continue
		}
		at := ts.indexLocked(id)
		if at < 0 {
			results[i] = keyedError(c, "taxes", i, "INVALID_DATA", "the id given seems to be invalid", "id")
			continue
		}
		t := *ts.list[at]
		if errResult := taxFields(c, e, i, &t); errResult != nil {
			results[i] = *errResult
			continue
		}
		if t.Name == "" {
			results[i] = keyedError(c, "taxes", i, "INVALID_DATA", "invalid data", "name")
			continue
		}
		if ts.byNameLocked(t.Name, t.ID) != nil {
			results[i] = keyedError(c, "taxes", i, "DUPLICATE_DATA", "duplicate data", "name")
			continue
		}
		ts.list[at] = &t
		results[i] = successResult(t.ID, "tax updated")
	}
	writeKeyed(c, "taxes", results, http.StatusOK)
}

func (s *Server) deleteTaxes(c *call) {
	ids, ok := idsParam(c)
	if !ok {
		return
	}
	ts := &s.settings.taxes
	ts.mu.Lock()
	defer ts.mu.Unlock()
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		at := ts.indexLocked(id)
		if at < 0 {
			results[i] = recordError("INVALID_DATA", "tax not deleted", obj{{"id", id}})
			continue
		}
		ts.list = slices.Delete(ts.list, at, at+1)
		results[i] = successResult(id, "tax deleted")
	}
	writeKeyed(c, "taxes", results, http.StatusOK)
}

func (s *Server) deleteTax(c *call) {
	id := c.param("id")
	ts := &s.settings.taxes
	ts.mu.Lock()
	at := ts.indexLocked(id)
	if at >= 0 {
		ts.list = slices.Delete(ts.list, at, at+1)
	}
	ts.mu.Unlock()
	if at < 0 {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"taxes", []recordResult{successResult(id, "tax deleted")}}})
}
