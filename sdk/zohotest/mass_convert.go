package zohotest

import (
	"encoding/json"
	"net/http"
)

// Mass convert of leads (crm-oas group mass_convert): POST
// Leads/actions/mass_convert with "ids" (mandatory, at most 50) and what a
// single conversion takes (Deals, assign_to, move_attachments_to...)
// schedules a job (jobs.go) that converts each lead as POST
// Leads/{id}/actions/convert does (convert.go); the answer is
// {"code":"SCHEDULED","details":{"job_id"},...}. GET
// Leads/actions/mass_convert?job_id= reads it under data: Status
// (scheduled, in progress, completed), Total_Count, Converted_Count,
// Failed_Count (leads refused) and Not_Converted_Count (the rest: leads
// converted before, or not reached yet). The inventory modules' mass
// convert (inventory_mass_convert.go) is the same job.

func init() {
	handleCRM(http.MethodPost, "Leads/actions/mass_convert", "ZohoCRM.mass_convert.Leads.CREATE ZohoCRM.modules.Leads.CREATE", func(s *Server, c *call) {
		ms := s.mustModule("mass convert", "Leads")
		meta := ms.meta.Load()
		s.scheduleMassConvert(c, meta, http.StatusOK, func(body map[string]json.RawMessage) (func(id string) convertOutcome, *refusal) {
			if raw, given := body["Deals"]; given && string(raw) != "null" {
				if _, e := s.prepareDeal(c, raw); e != nil {
					return nil, refuseData(e)
				}
			}
			return func(id string) convertOutcome {
				_, refused := s.convertLeadRecord(c, ms, meta, id, body)
				return outcomeOf(refused)
			}, nil
		})
	})
	handleCRM(http.MethodGet, "Leads/actions/mass_convert", "ZohoCRM.mass_convert.Leads.READ ZohoCRM.modules.Leads.READ", func(s *Server, c *call) {
		if st, ok := s.findJob(c, massConvertKind, "Leads"); ok {
			writeJSON(c.w, http.StatusOK, obj{{"data", []obj{{{"Status", st.phase.String()}, {"Total_Count", st.total},
				{"Converted_Count", st.done}, {"Not_Converted_Count", st.notDone()}, {"Failed_Count", st.failed}}}}})
		}
	})
}

const (
	massConvertKind   = "mass_convert"
	maxMassConvertIDs = 50
)

// convertOutcome is what became of one record of a mass convert.
type convertOutcome int

const (
	converted convertOutcome = iota
	notConverted
	convertFailed
)

// outcomeOf reads a conversion's refusal: none is converted, a record
// converted before is not converted, any other is a failure.
func outcomeOf(refused *refusal) convertOutcome {
	if refused == nil {
		return converted
	}
	if e, ok := refused.body.(apiError); ok && e.Code == "ID_ALREADY_CONVERTED" {
		return notConverted
	}
	return convertFailed
}

// scheduleMassConvert serves a mass convert: it reads the body's ids
// (mandatory, at most 50), has prepare check the rest and return the
// conversion of one record, and schedules the job converting each;
// status is the HTTP status of the answer.
func (s *Server) scheduleMassConvert(c *call, meta *moduleMeta, status int,
	prepare func(body map[string]json.RawMessage) (func(id string) convertOutcome, *refusal)) {
	body, ok := readOptionalObject(c)
	if !ok {
		return
	}
	var ids []string
	if raw, given := body["ids"]; given && json.Unmarshal(raw, &ids) != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", "ids"}, {"json_path", "$.ids"}})
		return
	}
	switch {
	case len(ids) == 0:
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "ids"}, {"json_path", "$.ids"}})
		return
	case len(ids) > maxMassConvertIDs:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxMassConvertIDs}, {"api_name", "ids"}, {"json_path", "$.ids"}})
		return
	}
	convert, refused := prepare(body)
	if refused != nil {
		writeJSON(c.w, refused.status, refused.body)
		return
	}
	j := s.scheduleJob(massConvertKind, meta.APIName, len(ids), func() (done, failed int) {
		for _, id := range ids {
			switch convert(id) {
			case converted:
				done++
			case convertFailed:
				failed++
			}
		}
		return done, failed
	})
	writeJSON(c.w, status, obj{{"code", "SCHEDULED"}, {"details", obj{{"job_id", j.id}}},
		{"message", "Mass Convert scheduled successfully"}, {"status", "success"}})
}
