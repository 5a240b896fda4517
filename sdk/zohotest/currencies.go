package zohotest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Currencies (payload 76): org/currencies lists, adds and updates the
// org's currencies; org/currencies/actions/enable turns multi-currency on
// with a home currency (POST) and changes the home currency (PUT).
// exchange_rate and decimal_places are strings, as in Zoho's samples.
// Adding a currency before multi-currency is on, or enabling it twice, is
// refused with NOT_ALLOWED (the emulator's choice: Zoho's codes for these
// are not documented).

func init() {
	handleCRM("GET", "org/currencies", "ZohoCRM.settings.currencies.READ", (*Server).listCurrencies)
	handleCRM("GET", "org/currencies/{currency_id}", "ZohoCRM.settings.currencies.READ", (*Server).getCurrency)
	handleCRM("POST", "org/currencies", "ZohoCRM.settings.currencies.CREATE", (*Server).addCurrencies)
	handleCRM("PUT", "org/currencies", "ZohoCRM.settings.currencies.UPDATE", (*Server).updateCurrencies)
	handleCRM("PUT", "org/currencies/{currency_id}", "ZohoCRM.settings.currencies.UPDATE", (*Server).updateCurrency)
	handleCRM("POST", "org/currencies/actions/enable", "ZohoCRM.settings.currencies.CREATE", (*Server).enableCurrencies)
	handleCRM("PUT", "org/currencies/actions/enable", "ZohoCRM.settings.currencies.UPDATE", (*Server).updateBaseCurrency)
}

const maxCurrenciesPerWrite = 100

type currency struct {
	id, name, isoCode, symbol, exchangeRate string
	decimalSeparator, thousandSeparator     string
	decimalPlaces                           string
	prefixSymbol, active, base              bool
	createdBy, modifiedBy                   obj
	created, modified                       time.Time
}

func (s *Server) currencyJSON(cur currency) obj {
	return obj{
		{"symbol", cur.symbol},
		{"created_time", s.formatTime(cur.created)},
		{"is_active", cur.active},
		{"exchange_rate", cur.exchangeRate},
		{"format", obj{{"decimal_separator", cur.decimalSeparator}, {"thousand_separator", cur.thousandSeparator}, {"decimal_places", cur.decimalPlaces}}},
		{"created_by", cur.createdBy},
		{"prefix_symbol", cur.prefixSymbol},
		{"is_base", cur.base},
		{"modified_time", s.formatTime(cur.modified)},
		{"name", cur.name},
		{"modified_by", cur.modifiedBy},
		{"id", cur.id},
		{"iso_code", cur.isoCode},
	}
}

// applyCurrency sets the keys an entry gives; it returns the field at fault.
func applyCurrency(cur *currency, e entry) (field string) {
	for _, k := range []struct {
		key  string
		into *string
	}{{"name", &cur.name}, {"iso_code", &cur.isoCode}, {"symbol", &cur.symbol}, {"exchange_rate", &cur.exchangeRate}} {
		v, present, ok := e.text(k.key)
		if !ok {
			return k.key
		}
		if present {
			*k.into = v
		}
	}
	for _, k := range []struct {
		key  string
		into *bool
	}{{"prefix_symbol", &cur.prefixSymbol}, {"is_active", &cur.active}} {
		if raw, has := e[k.key]; has && json.Unmarshal(raw, k.into) != nil {
			return k.key
		}
	}
	if raw, has := e["format"]; has {
		var f map[string]json.RawMessage
		if json.Unmarshal(raw, &f) != nil {
			return "format"
		}
		fe := entry(f)
		for _, k := range []struct {
			key  string
			into *string
		}{{"decimal_separator", &cur.decimalSeparator}, {"thousand_separator", &cur.thousandSeparator}, {"decimal_places", &cur.decimalPlaces}} {
			v, present, ok := fe.text(k.key)
			if !ok {
				return "format"
			}
			if present {
				*k.into = v
			}
		}
	}
	return ""
}

func (s *Server) newCurrency(c *call) currency {
	now := s.Now()
	return currency{id: s.ids.next(), exchangeRate: "1.000000000", decimalSeparator: "Period", thousandSeparator: "Comma",
		decimalPlaces: "2", prefixSymbol: true, active: true, createdBy: c.user.lookup(false), modifiedBy: c.user.lookup(false), created: now, modified: now}
}

func (s *Server) currencies() []currency {
	var out []currency
	s.actions.with(func(d *actionData) { out = d.currencies })
	return out
}

func (s *Server) listCurrencies(c *call) {
	list := s.currencies()
	if len(list) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, len(list))
	for i, cur := range list {
		out[i] = s.currencyJSON(cur)
	}
	writeJSON(c.w, http.StatusOK, obj{{"currencies", out}})
}

func (s *Server) getCurrency(c *call) {
	for _, cur := range s.currencies() {
		if cur.id == c.param("currency_id") {
			writeJSON(c.w, http.StatusOK, obj{{"currencies", []obj{s.currencyJSON(cur)}}})
			return
		}
	}
	failSettingsID(c.w)
}

func currencyByISO(list []currency, iso, except string) bool {
	for _, cur := range list {
		if strings.EqualFold(cur.isoCode, iso) && cur.id != except {
			return true
		}
	}
	return false
}

func (s *Server) addCurrencies(c *call) {
	entries, ok := readKeyedBody(c, "currencies", maxCurrenciesPerWrite)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		if len(d.currencies) == 0 {
			results = nil
			return
		}
		list := d.currencies
		for i, e := range entries {
			if e == nil {
				results[i] = notAnObject()
				continue
			}
			cur := s.newCurrency(c)
			if field := applyCurrency(&cur, e); field != "" {
				results[i] = keyedError(c, "currencies", i, "INVALID_DATA", "invalid data", field)
				continue
			}
			switch {
			case cur.name == "" || cur.isoCode == "":
				field := "name"
				if cur.isoCode == "" {
					field = "iso_code"
				}
				results[i] = keyedError(c, "currencies", i, "MANDATORY_NOT_FOUND", "required field not found", field)
				continue
			case currencyByISO(list, cur.isoCode, ""):
				results[i] = keyedError(c, "currencies", i, "DUPLICATE_DATA", "duplicate data", "iso_code")
				continue
			}
			list = append(list[:len(list):len(list)], cur)
			results[i] = successResult(cur.id, "The currency created successfully.")
		}
		d.currencies = list
	})
	if results == nil {
		fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "multi-currency is not enabled; enable it first (org/currencies/actions/enable)", nil)
		return
	}
	writeKeyed(c, "currencies", results, http.StatusCreated)
}

func (s *Server) updateCurrencies(c *call) { s.writeCurrencyUpdates(c, "") }

func (s *Server) updateCurrency(c *call) { s.writeCurrencyUpdates(c, c.param("currency_id")) }

// writeCurrencyUpdates updates the currencies the entries name by id (or
// the one in the path); the home currency changes only through enable.
func (s *Server) writeCurrencyUpdates(c *call, pathID string) {
	max := maxCurrenciesPerWrite
	if pathID != "" {
		max = 1
	}
	entries, ok := readKeyedBody(c, "currencies", max)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	s.actions.with(func(d *actionData) {
		list := append([]currency(nil), d.currencies...)
		for i, e := range entries {
			if e == nil {
				results[i] = notAnObject()
				continue
			}
			id := pathID
			if id == "" {
				id, _, _ = e.text("id")
			}
			at := -1
			for j := range list {
				if list[j].id == id {
					at = j
				}
			}
			switch {
			case id == "":
				results[i] = keyedError(c, "currencies", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
				continue
			case at < 0:
				results[i] = keyedError(c, "currencies", i, "INVALID_DATA", "the id given seems to be invalid", "id")
				continue
			case list[at].base:
				results[i] = keyedError(c, "currencies", i, "NOT_ALLOWED", "the home currency changes through org/currencies/actions/enable", "id")
				continue
			}
			cur := list[at]
			if field := applyCurrency(&cur, e); field != "" {
				results[i] = keyedError(c, "currencies", i, "INVALID_DATA", "invalid data", field)
				continue
			}
			if currencyByISO(list, cur.isoCode, cur.id) {
				results[i] = keyedError(c, "currencies", i, "DUPLICATE_DATA", "duplicate data", "iso_code")
				continue
			}
			cur.modified, cur.modifiedBy = s.Now(), c.user.lookup(false)
			list[at] = cur
			results[i] = successResult(cur.id, "The currency updated successfully")
		}
		d.currencies = list
	})
	writeKeyed(c, "currencies", results, http.StatusOK)
}

// readBaseCurrency reads {base_currency:{...}}.
func readBaseCurrency(c *call) (entry, bool) {
	var body struct {
		Base entry `json:"base_currency"`
	}
	if !readJSON(c, &body) {
		return nil, false
	}
	if body.Base == nil {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "base_currency"}})
		return nil, false
	}
	return body.Base, true
}

func writeBaseResult(c *call, status int, r recordResult) {
	if r.Status != "success" && status < 400 {
		status = http.StatusBadRequest
	}
	writeJSON(c.w, status, obj{{"base_currency", r}})
}

func (s *Server) enableCurrencies(c *call) {
	e, ok := readBaseCurrency(c)
	if !ok {
		return
	}
	cur := s.newCurrency(c)
	cur.base = true
	var result recordResult
	if field := applyCurrency(&cur, e); field != "" {
		result = recordError("INVALID_DATA", "invalid data", obj{{"api_name", field}})
	} else if cur.name == "" || cur.isoCode == "" {
		result = recordError("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "iso_code"}})
	} else {
		s.actions.with(func(d *actionData) {
			if len(d.currencies) > 0 {
				result = recordError("NOT_ALLOWED", "multi-currency is enabled already", nil)
				return
			}
			d.currencies = []currency{cur}
			result = successResult(cur.id, "Multi-currency enabled successfully")
		})
	}
	writeBaseResult(c, http.StatusCreated, result)
}

func (s *Server) updateBaseCurrency(c *call) {
	e, ok := readBaseCurrency(c)
	if !ok {
		return
	}
	var result recordResult
	s.actions.with(func(d *actionData) {
		list := append([]currency(nil), d.currencies...)
		for i := range list {
			if !list[i].base {
				continue
			}
			cur := list[i]
			if field := applyCurrency(&cur, e); field != "" {
				result = recordError("INVALID_DATA", "invalid data", obj{{"api_name", field}})
				return
			}
			cur.modified, cur.modifiedBy = s.Now(), c.user.lookup(false)
			list[i] = cur
			d.currencies = list
			result = successResult(cur.id, "The currency updated successfully")
			return
		}
		result = recordError("NOT_ALLOWED", "multi-currency is not enabled; enable it first (POST org/currencies/actions/enable)", nil)
	})
	writeBaseResult(c, http.StatusOK, result)
}
