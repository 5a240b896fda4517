package zohotest

import (
	"net/http"
	"strings"
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
	idList[Tax]
	s            *Server
	autoPopulate bool // guarded by mu, as the preference answered with the list
	modifyRates  bool
}

func (t Tax) entryID() string { return t.ID }

func (ts *taxStore) init(s *Server) {
	ts.s = s
	ts.name("taxes", "tax", "the id given seems to be invalid")
	ts.modifyRates = true
	for _, t := range []Tax{{Name: "Sales Tax", Value: 10}, {Name: "Vat", Value: 12.5}} {
		ts.addLocked(t)
	}
}

func (ts *taxStore) addLocked(t Tax) Tax {
	if t.ID == "" {
		t.ID = ts.s.ids.next()
	}
	if t.DisplayLabel == "" {
		t.DisplayLabel = t.Name
	}
	if t.SequenceNumber == 0 {
		t.SequenceNumber = len(ts.items) + 1
	}
	ts.items = append(ts.items, t)
	return t
}

func (ts *taxStore) nameTakenLocked(name, skipID string) bool {
	return ts.takenLocked(skipID, func(t Tax) bool { return strings.EqualFold(t.Name, name) })
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
	if ts.nameTakenLocked(t.Name, "") {
		panic("zohotest: AddTax: a tax named " + t.Name + " exists already")
	}
	return ts.addLocked(t)
}

// Taxes returns the org's taxes in their order.
func (s *Server) Taxes() []Tax { return s.settings.taxes.all() }

func init() {
	handleCRM("GET", "org/taxes", "ZohoCRM.org.READ", (*Server).listTaxes)
	handleCRM("GET", "org/taxes/{id}", "ZohoCRM.org.READ", (*Server).getTax)
	handleCRM("POST", "org/taxes", "ZohoCRM.org.CREATE", (*Server).createTaxes)
	handleCRM("PUT", "org/taxes", "ZohoCRM.org.UPDATE", (*Server).updateTaxes)
	handleCRM("DELETE", "org/taxes", "ZohoCRM.org.DELETE", (*Server).deleteTaxes)
	handleCRM("DELETE", "org/taxes/{id}", "ZohoCRM.org.DELETE", (*Server).deleteTax)
}

func renderTax(t Tax) obj {
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
	out := make([]obj, len(ts.items))
	for i, t := range ts.items {
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
	var found obj
	if i := ts.indexLocked(c.param("id")); i >= 0 {
		found = renderTax(ts.items[i])
	}
	ts.mu.Unlock()
	ts.answerOne(c, found)
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
	ts := &s.settings.taxes
	ts.writeEach(c, http.StatusCreated, func(e entry, i int) recordResult {
		var t Tax
		if errResult := taxFields(c, e, i, &t); errResult != nil {
			return *errResult
		}
		if t.Name == "" {
			return keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "name")
		}
		if _, given := e["value"]; !given {
			return keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "value")
		}
		if ts.nameTakenLocked(t.Name, "") {
			return keyedError(c, "taxes", i, "DUPLICATE_DATA", "duplicate data", "name")
		}
		return successResult(ts.addLocked(t).ID, "tax added")
	})
}

func (s *Server) updateTaxes(c *call) {
	ts := &s.settings.taxes
	ts.writeEach(c, http.StatusOK, func(e entry, i int) recordResult {
		id, present, _ := e.text("id")
		if !present {
			return keyedError(c, "taxes", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
		}
		at := ts.indexLocked(id)
		if at < 0 {
			return keyedError(c, "taxes", i, "INVALID_DATA", "the id given seems to be invalid", "id")
		}
		t := ts.items[at]
		if errResult := taxFields(c, e, i, &t); errResult != nil {
			return *errResult
		}
		if t.Name == "" {
			return keyedError(c, "taxes", i, "INVALID_DATA", "invalid data", "name")
		}
		if ts.nameTakenLocked(t.Name, t.ID) {
			return keyedError(c, "taxes", i, "DUPLICATE_DATA", "duplicate data", "name")
		}
		ts.items[at] = t
		return successResult(t.ID, "tax updated")
	})
}

func (s *Server) deleteTaxes(c *call) { s.settings.taxes.deleteMany(c) }

func (s *Server) deleteTax(c *call) { s.settings.taxes.deleteOne(c) }
