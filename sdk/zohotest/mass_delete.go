package zohotest

import (
	"encoding/json"
	"net/http"
)

// Mass delete (payload 73): POST {module}/actions/mass_delete deletes up
// to 500 records by ids at once, one result per id; with a cvid it
// schedules a job over the view (at most 50,000 records), whose status GET
// {module}/actions/mass_delete?job_id= reports. The emulator runs the job
// at once over the module (its views do not filter), so its status is
// COMPLETED when first asked. Locked records are not deleted.

func init() {
	handleCRM("POST", "{module}/actions/mass_delete", "ZohoCRM.mass_delete.DELETE ZohoCRM.mass_delete.{module}.DELETE", (*Server).massDelete)
	handleCRM("GET", "{module}/actions/mass_delete", "ZohoCRM.mass_delete.READ ZohoCRM.mass_delete.{module}.READ", (*Server).massDeleteStatus)
}

const (
	maxMassDeleteIDs  = 500
	maxMassDeleteView = 50_000
)

type massDeleteJob struct {
	module                 string
	deleted, failed, total int
}

func (s *Server) massDelete(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	var body struct {
		IDs       []json.RawMessage `json:"ids"`
		CVID      json.RawMessage   `json:"cvid"`
		Territory json.RawMessage   `json:"territory"`
	}
	if !readJSON(c, &body) {
		return
	}
	cvid := ""
	if len(body.CVID) > 0 && string(body.CVID) != "null" {
		cvid = idText(makeField("cvid", body.CVID))
	}
	var ids []string
	for _, raw := range body.IDs {
		ids = append(ids, idText(makeField("id", raw)))
	}
	switch {
	case len(ids) > 0 && cvid != "":
		fail(c.w, http.StatusBadRequest, "AMBIGUITY_DURING_PROCESSING", "ids and cvid cannot be given together", obj{{"ambiguity_due_to", []string{"ids", "cvid"}}})
		return
	case len(ids) == 0 && cvid == "":
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "ids"}, {"json_path", "$.ids"}})
		return
	case len(ids) > maxMassDeleteIDs:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxMassDeleteIDs}, {"api_name", "ids"}})
		return
	case cvid != "" && !hasView(meta, cvid):
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "cvid"}, {"json_path", "$.cvid"}})
		return
	}
	by := mustJSON(c.user.lookup(false))
	now := s.Now()
	ms.mu.Lock()
	if cvid != "" {
		job := massDeleteJob{module: meta.APIName}
		for _, r := range ms.order {
			if job.total == maxMassDeleteView {
				break
			}
			ids = append(ids, r.id)
			job.total++
		}
		for _, id := range ids {
			if s.isLocked(meta, id) {
				job.failed++
				continue
			}
			ms.deleted = append(ms.deleted, recycled(meta, ms.removeLocked(id), by, now))
			job.deleted++
		}
		ms.mu.Unlock()
		jobID := s.ids.next()
		s.actions.with(func(d *actionData) {
			if d.massDeletes == nil {
				d.massDeletes = map[string]massDeleteJob{}
			}
			d.massDeletes[jobID] = job
		})
		writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{
			success(obj{{"job_id", jobID}}, "mass delete scheduled successfully"),
		}}})
		return
	}
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		switch {
		case ms.byID[id] == nil:
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
		case s.isLocked(meta, id):
			results[i] = lockedRecordError(id)
		default:
			ms.deleted = append(ms.deleted, recycled(meta, ms.removeLocked(id), by, now))
			results[i] = successResult(id, "record is deleted")
		}
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) massDeleteStatus(c *call) {
	_, meta, ok := s.module(c)
	if !ok {
		return
	}
	var job massDeleteJob
	found := false
	s.actions.with(func(d *actionData) { job, found = d.massDeletes[c.query("job_id")] })
	if !found || job.module != meta.APIName {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "The jobid given seems to be invalid", obj{{"param_name", "job_id"}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []obj{{
		{"Status", "COMPLETED"},
		{"Failed_Count", job.failed},
		{"Deleted_Count", job.deleted},
		{"Total_Count", job.total},
	}}}})
}
