package zohotest

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// Mass update: POST {module}/actions/mass_update sets the same fields on
// many records; GET {module}/actions/mass_update?job_id= reports a job
// (Zoho's v8 OpenAPI examples). With ids (at most 500) the records are
// updated at once and the answer has one result per id, as an update's
// does. With a cvid, Zoho schedules a job over the view; the emulator runs
// it at once over every record (its views do not filter) and answers with
// the job id, whose status is then COMPLETED. The Ruby SDK's "mass update"
// is a PUT {module} with the field on each record, served by records_write.go.

func init() {
	handleCRM("POST", "{module}/actions/mass_update", "ZohoCRM.mass_update.{module}.UPDATE", (*Server).massUpdate)
	handleCRM("GET", "{module}/actions/mass_update", "ZohoCRM.mass_update.{module}.READ", (*Server).massUpdateStatus)
}

const maxMassUpdateIDs = 500

type massUpdateJob struct {
	updated, failed, total int
}

type massUpdateJobs struct {
	mu   sync.Mutex
	jobs map[string]massUpdateJob
}

func (s *Server) massUpdate(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	var body struct {
		Data []json.RawMessage `json:"data"`
		IDs  []json.RawMessage `json:"ids"`
		CVID string            `json:"cvid"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 8<<20)).Decode(&body); err != nil {
		failBody(c.w)
		return
	}
	if len(body.Data) != 1 {
		failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "data"}})
		return
	}
	p := s.prepare(c, meta, body.Data[0], 0)
	if p.err != nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{*p.err}}})
		return
	}
	var ids []string
	for _, raw := range body.IDs {
		ids = append(ids, idText(makeField("id", raw)))
	}
	switch {
	case len(ids) > maxMassUpdateIDs:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxMassUpdateIDs}, {"param_name", "ids"}})
		return
	case len(ids) == 0 && body.CVID == "":
		failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "ids"}})
		return
	case len(ids) == 0 && !hasView(meta, body.CVID):
		failParam(c.w, "cvid")
		return
	}

	wr := s.newWriter(c, ms, meta)
	ms.mu.Lock()
	if len(ids) == 0 { // a view's records, run at once
		job := massUpdateJob{}
		for _, r := range ms.order {
			ids = append(ids, r.id)
		}
		for _, id := range ids {
			job.total++
			if _, e := wr.updateLocked(p, id); e != nil {
				job.failed++
			} else {
				job.updated++
			}
		}
		ms.mu.Unlock()
		jobID := s.ids.next()
		s.massJobs.mu.Lock()
		if s.massJobs.jobs == nil {
			s.massJobs.jobs = map[string]massUpdateJob{}
		}
		s.massJobs.jobs[jobID] = job
		s.massJobs.mu.Unlock()
		writeJSON(c.w, http.StatusAccepted, obj{{"data", []recordResult{{
			Code: "SCHEDULED", Details: obj{{"job_id", jobID}}, Message: "Mass update scheduled successfully", Status: "success",
		}}}})
		return
	}
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		if ms.byID[id] == nil {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			continue
		}
		r, e := wr.updateLocked(p, id)
		if e != nil {
			results[i] = *e
			continue
		}
		results[i] = success(s.successDetails(c, r, false), "record updated")
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) massUpdateStatus(c *call) {
	if _, _, ok := s.module(c); !ok {
		return
	}
	s.massJobs.mu.Lock()
	job, ok := s.massJobs.jobs[c.query("job_id")]
	s.massJobs.mu.Unlock()
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "The jobid given seems to be invalid", obj{{"param_name", "job_id"}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []obj{{
		{"Status", "COMPLETED"},
		{"Failed_Count", job.failed},
		{"Updated_Count", job.updated},
		{"Not_Updated_Count", job.total - job.updated - job.failed},
		{"Total_Count", job.total},
	}}}})
}

func hasView(meta *moduleMeta, cvid string) bool {
	for _, v := range meta.CustomViews {
		if v.ID == cvid {
			return true
		}
	}
	return false
}
