package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Converting an inventory record (crm-oas group inventory_convert): POST
// Quotes/{id}/actions/convert makes a sales order and/or an invoice of a
// quote, Sales_Orders/{id}/actions/convert an invoice of a sales order.
// Body: {"data":[{"convert_to":[{"module":{"api_name","id"},
// "carry_over_tags"}]}]}, convert_to mandatory. Each new record gets the
// source's fields its module has (line items too) and a lookup to the
// source where its module has one (Sales_Orders.Quote_Name,
// Invoices.Sales_Order); tags are not carried. The source stays. The
// answer is a success whose details name each record made.

// inventoryConversions are the modules each inventory module converts
// into.
var inventoryConversions = map[string][]string{"Quotes": {"Sales_Orders", "Invoices"}, "Sales_Orders": {"Invoices"}}

// sourceLookups are the lookup fields naming a converted record's
// source, by the source's module.
var sourceLookups = map[string]string{"Quotes": "Quote_Name", "Sales_Orders": "Sales_Order"}

// convertInventory serves POST {Quotes|Sales_Orders}/{id}/actions/convert
// (its route is the lead conversion's, which reads the body's entry in).
func (s *Server) convertInventory(c *call, ms *moduleStore, meta *moduleMeta, id string, in map[string]json.RawMessage) {
	targets, refused := s.inventoryTargets(c, meta, in["convert_to"])
	if refused == nil {
		var made map[string]*record
		if made, refused = s.convertInventoryRecord(c, ms, meta, id, targets); refused == nil {
			details := obj{}
			for _, module := range targets {
				details = append(details, kv{module, s.conversionRef(module, made[module])})
			}
			writeJSON(c.w, http.StatusOK, obj{{"data", []obj{conversionSuccess(details)}}})
			return
		}
	}
	writeJSON(c.w, refused.status, refused.body)
}

// inventoryTargets reads convert_to: the modules, each one meta converts
// into, named by api_name or id.
func (s *Server) inventoryTargets(c *call, meta *moduleMeta, raw json.RawMessage) ([]string, *refusal) {
	var to []struct {
		Module *struct {
			APIName string          `json:"api_name"`
			ID      json.RawMessage `json:"id"`
		} `json:"module"`
	}
	if json.Unmarshal(raw, &to) != nil || len(to) == 0 {
		return nil, refuseData(fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "convert_to", 0))
	}
	var out []string
	for _, t := range to {
		i := -1
		if t.Module != nil {
			i = slices.IndexFunc(inventoryConversions[meta.APIName], func(name string) bool {
				target, _ := s.modules.get(name)
				return name == t.Module.APIName || (t.Module.APIName == "" && target.meta.Load().ID == idText(makeField("id", t.Module.ID)))
			})
		}
		if i < 0 {
			return nil, refuseData(fieldError(c, "INVALID_DATA", "invalid data", "convert_to", 0))
		}
		out = append(out, inventoryConversions[meta.APIName][i])
	}
	return out, nil
}

// convertInventoryRecord makes a record of each target module of the
// record with this id, or says why not. It writes no answer: a mass
// convert's job calls it too.
func (s *Server) convertInventoryRecord(c *call, ms *moduleStore, meta *moduleMeta, id string, targets []string) (map[string]*record, *refusal) {
	ms.mu.RLock()
	src := ms.byID[id]
	ms.mu.RUnlock()
	if src == nil {
		return nil, refuse(http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"resource_path_index", 1}})
	}
	made := map[string]*record{}
	for _, module := range targets {
		target, _ := s.modules.get(module)
		tmeta := target.meta.Load()
		var own []fieldValue
		for _, f := range src.own {
			if _, has := tmeta.field(f.name); has && f.name != "Tag" {
				own = append(own, f)
			}
		}
		if lookup := sourceLookups[meta.APIName]; lookup != "" {
			if _, has := tmeta.field(lookup); has {
				own = append(own, s.lookupTo(lookup, meta.APIName, src))
			}
		}
		r, e := s.convertInto(c, module, own, src.owner)
		if e != nil {
			return nil, refuseData(e)
		}
		made[module] = r
	}
	return made, nil
}
