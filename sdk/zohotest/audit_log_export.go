package zohotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Exports of the org's audit log (crm-oas group audit_log_export,
// settings/audit_log_export): one export a call, of the entries its
// criteria select: a condition or a group of them on audited_time
// (between two date-times, required), action (in, equal) or done_by (in,
// equal: user ids). On the emulator's clock an export is SCHEDULED for the
// first half of SetJobTime (a second unless set), IN PROGRESS for the
// second, then COMPLETED with its download link, on the download host
// (the upload host), /v2/crm/{zgid}/audit_log/{id}/{file}, for 7 days
// (backup.go serves it, to the token of a user with an audit log scope,
// 403 to another). An id that names no export answers 204.

func init() {
	const scope = "ZohoCRM.settings.audit_logs."
	handleCRM("POST", "settings/audit_log_export", scope+"CREATE", (*Server).createAuditLogExport)
	handleCRM("GET", "settings/audit_log_export", scope+"READ", (*Server).listAuditLogExports)
	handleCRM("GET", "settings/audit_log_export/{id}", scope+"READ", (*Server).getAuditLogExport)
}

// auditFields are the fields an export's criteria may name, with their
// comparators.
var auditFields = map[string][]string{
	"audited_time": {"between"},
	"action":       {"in", "equal"},
	"done_by":      {"in", "equal"},
}

// auditCriteriaProblem checks criteria at path (a JSON path) and reports
// the refusal, or nil; timed says whether audited_time was given.
func auditCriteriaProblem(c *call, v any, path string, timed *bool) *recordResult {
	m, ok := v.(map[string]any)
	if !ok {
		r := recordError("INVALID_DATA", "invalid data", obj{{"api_name", "criteria"}, {"json_path", path}, {"expected_data_type", "jsonobject"}})
		return &r
	}
	if group, isGroup := m["group"]; isGroup {
		items, _ := group.([]any)
		if op := textOf(m["group_operator"]); (op != "and" && op != "or") || len(items) == 0 {
			r := recordError("INVALID_DATA", "invalid data", obj{{"api_name", "group_operator"}, {"json_path", path + ".group_operator"}})
			return &r
		}
		for i, item := range items {
			if r := auditCriteriaProblem(c, item, fmt.Sprintf("%s.group[%d]", path, i), timed); r != nil {
				return r
			}
		}
		return nil
	}
	field, _ := m["field"].(map[string]any)
	name := textOf(field["api_name"])
	comparators, known := auditFields[name]
	switch {
	case name == "":
		r := recordError("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "field"}, {"json_path", path + ".field"}})
		return &r
	case !known:
		r := recordError("INVALID_DATA", "invalid data", obj{{"api_name", "api_name"}, {"json_path", path + ".field.api_name"}})
		return &r
	case !slices.Contains(comparators, textOf(m["comparator"])):
		r := recordError("NOT_SUPPORTED", "the comparator is not supported for the field", obj{{"api_name", "comparator"}, {"json_path", path + ".comparator"}})
		return &r
	}
	values, isList := m["value"].([]any)
	if name == "audited_time" {
		*timed = true
		ok := isList && len(values) == 2
		for _, t := range values {
			if _, err := time.Parse(time.RFC3339, textOf(t)); err != nil {
				ok = false
			}
		}
		if !ok {
			r := recordError("DEPENDENT_MISMATCH", "the value does not suit the comparator", obj{{"expected_data_type", "jsonarray"},
				{"dependee", obj{{"api_name", "comparator"}, {"json_path", path + ".comparator"}}}, {"api_name", "value"}, {"json_path", path + ".value"}})
			return &r
		}
	}
	return nil
}

func (s *Server) createAuditLogExport(c *call) {
	entries, ok := readKeyedBody(c, "audit_log_export", 1)
	if !ok {
		return
	}
	const key = "audit_log_export"
	var criteria any
	raw, given := entries[0]["criteria"]
	if !given || json.Unmarshal(raw, &criteria) != nil || criteria == nil {
		writeKeyed(c, key, []recordResult{keyedError(c, key, 0, "MANDATORY_NOT_FOUND", "required field not found", "criteria")}, http.StatusOK)
		return
	}
	timed := false
	if r := auditCriteriaProblem(c, criteria, "$.audit_log_export[0].criteria", &timed); r != nil {
		writeKeyed(c, key, []recordResult{*r}, http.StatusOK)
		return
	}
	if !timed {
		writeKeyed(c, key, []recordResult{keyedError(c, key, 0, "MANDATORY_NOT_FOUND", "required field not found", "audited_time")}, http.StatusOK)
		return
	}
	now, took := s.Now(), s.jobTime()
	r := &exportRun{id: s.ids.next(), kind: "audit_log", requester: c.user.lookup(false), criteria: criteria,
		created: now, start: now.Add(took / 2), took: took - took/2}
	s.withExports(func(e *exports) { e.runs = append(e.runs, r) })
	result := successResult(r.id, "audit log export scheduled")
	result.Code = "SCHEDULED"
	writeKeyed(c, key, []recordResult{result}, http.StatusOK)
}

// renderAuditExport is an export as Zoho answers it.
func (s *Server) renderAuditExport(c *call, r *exportRun, now time.Time) obj {
	phase := r.phase(now)
	var links any
	var end, expiry any
	if phase == "COMPLETED" {
		end = s.formatTime(r.ended())
		expiry = s.formatTime(r.ended().Add(exportLinkLife))
		if now.Before(r.ended().Add(exportLinkLife)) {
			links = []string{s.fileURL(c, r, r.files()[0])}
		}
	}
	return obj{{"id", r.id}, {"status", phase}, {"created_by", r.requester}, {"criteria", r.criteria}, {"download_links", links},
		{"job_start_time", s.formatTime(r.start)}, {"job_end_time", end}, {"expiry_date", expiry}}
}

func (s *Server) auditExports(c *call, id string) []obj {
	var out []obj
	now := s.Now()
	s.withExports(func(e *exports) {
		for i := len(e.runs) - 1; i >= 0; i-- {
			if r := e.runs[i]; r.kind == "audit_log" && (id == "" || r.id == id) {
				out = append(out, s.renderAuditExport(c, r, now))
			}
		}
	})
	return out
}

func (s *Server) listAuditLogExports(c *call) {
	out := s.auditExports(c, "")
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"audit_log_export", out}})
}

func (s *Server) getAuditLogExport(c *call) {
	out := s.auditExports(c, c.param("id"))
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"audit_log_export", out}})
}
