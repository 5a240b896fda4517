package zohotest

import (
	"encoding/json"
	"net/http"
)

// Mass convert of quotes and sales orders (crm-oas group
// inventory_mass_convert): POST {Quotes|Sales_Orders}/actions/mass_convert
// with "ids" (mandatory, at most 50) and convert_to (mandatory, as for one
// record: inventory_convert.go) schedules the job of mass_convert.go,
// answered 202. GET {module}/actions/mass_convert?job_id= reads it as a
// whole answer, in lower case: status, total_count, converted_count,
// not_converted_count, failed_count. Another module is NOT_SUPPORTED.

func init() {
	handleCRM(http.MethodPost, "{module}/actions/mass_convert", "ZohoCRM.mass_convert.{module}.CREATE ZohoCRM.modules.{module}.CREATE", func(s *Server, c *call) {
		ms, meta, ok := s.inventoryModule(c)
		if !ok {
			return
		}
		s.scheduleMassConvert(c, meta, http.StatusAccepted, func(body map[string]json.RawMessage) (func(id string) convertOutcome, *refusal) {
			targets, refused := s.inventoryTargets(c, meta, body["convert_to"])
			if refused != nil {
				return nil, refused
			}
			return func(id string) convertOutcome {
				_, refused := s.convertInventoryRecord(c, ms, meta, id, targets)
				return outcomeOf(refused)
			}, nil
		})
	})
	handleCRM(http.MethodGet, "{module}/actions/mass_convert", "ZohoCRM.mass_convert.{module}.READ ZohoCRM.modules.{module}.READ", func(s *Server, c *call) {
		if _, meta, ok := s.inventoryModule(c); ok {
			if st, ok := s.findJob(c, massConvertKind, meta.APIName); ok {
				writeJSON(c.w, http.StatusOK, obj{{"status", st.phase.String()}, {"total_count", st.total}, {"converted_count", st.done},
					{"not_converted_count", st.notDone()}, {"failed_count", st.failed}})
			}
		}
	})
}

// inventoryModule resolves {module} of a call to a module whose records
// convert (Quotes, Sales_Orders); it answers the error itself.
func (s *Server) inventoryModule(c *call) (*moduleStore, *moduleMeta, bool) {
	ms, meta, ok := s.module(c)
	if ok && inventoryConversions[meta.APIName] == nil {
		fail(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "the given module is not supported in api", obj{{"resource_path_index", 0}})
		return nil, nil, false
	}
	return ms, meta, ok
}
