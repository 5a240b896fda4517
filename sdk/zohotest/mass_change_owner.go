package zohotest

import (
	"encoding/json"
	"net/http"
)

// Mass change owner (payload 72): POST {module}/actions/mass_change_owner
// schedules giving every record of a custom view (at most 50,000), or
// those of it a criteria matches ({field:{api_name}, comparator, value}
// with equal or not_equal), to another user; GET ...?job_id= reports the
// job. The emulator runs it at once (its views do not filter): records
// the owner has already are not updated, locked ones fail.

func init() {
	handleCRM("POST", "{module}/actions/mass_change_owner", "ZohoCRM.change_owner.CREATE", (*Server).massChangeOwner)
	handleCRM("GET", "{module}/actions/mass_change_owner", "ZohoCRM.change_owner.READ", (*Server).massChangeOwnerStatus)
}

type massOwnerJob struct {
	module                                 string
	total, updated, notUpdated, failedRecs int
}

func (s *Server) massChangeOwner(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	var body struct {
		CVID  json.RawMessage `json:"cvid"`
		Owner *struct {
			ID json.RawMessage `json:"id"`
		} `json:"owner"`
		Criteria *struct {
			Field struct {
				APIName string `json:"api_name"`
			} `json:"field"`
			Comparator string          `json:"comparator"`
			Value      json.RawMessage `json:"value"`
		} `json:"criteria"`
	}
	if !readJSON(c, &body) {
		return
	}
	cvid := ""
	if len(body.CVID) > 0 {
		cvid = idText(makeField("cvid", body.CVID))
	}
	switch {
	case cvid == "":
		failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "cvid"}, {"json_path", "$.cvid"}})
		return
	case !hasView(meta, cvid):
		failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "cvid"}, {"json_path", "$.cvid"}})
		return
	case body.Owner == nil:
		failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "owner"}, {"json_path", "$.owner"}})
		return
	}
	owner, found := s.User(idText(makeField("id", body.Owner.ID)))
	if !found || owner.Status != "active" {
		failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "id"}, {"json_path", "$.owner.id"}})
		return
	}
	match := func(*record) bool { return true }
	if cr := body.Criteria; cr != nil {
		want := makeField(cr.Field.APIName, cr.Value)
		switch cr.Comparator {
		case "equal", "not_equal":
			equal := cr.Comparator == "equal"
			match = func(r *record) bool {
				f, _ := r.field(cr.Field.APIName)
				return sameValue(f, want) == equal
			}
		default:
			failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "comparator"}, {"json_path", "$.criteria.comparator"}})
			return
		}
	}
	ownerRaw := mustJSON(owner.lookup(true))
	job := massOwnerJob{module: meta.APIName}
	ms.mu.Lock()
	for _, r := range append([]*record(nil), ms.order...) {
		if job.total == maxMassDeleteView || !match(r) {
			continue
		}
		job.total++
		switch {
		case s.isLocked(meta, r.id):
			job.failedRecs++
		case lookupIDOf(r.owner) == owner.ID:
			job.notUpdated++
		default:
			s.rewriteLocked(c, ms, meta, r, func(nr *record) { nr.owner = ownerRaw })
			job.updated++
		}
	}
	ms.mu.Unlock()
	jobID := s.ids.next()
	s.actions.with(func(d *actionData) {
		if d.massOwners == nil {
			d.massOwners = map[string]massOwnerJob{}
		}
		d.massOwners[jobID] = job
	})
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(obj{{"job_id", jobID}}, "change owner is successfully scheduled")}}})
}

func lookupIDOf(raw []byte) string {
	var l struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &l)
	return l.ID
}

func (s *Server) massChangeOwnerStatus(c *call) {
	_, meta, ok := s.module(c)
	if !ok {
		return
	}
	var job massOwnerJob
	found := false
	s.actions.with(func(d *actionData) { job, found = d.massOwners[c.query("job_id")] })
	if !found || job.module != meta.APIName {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "The jobid given seems to be invalid", obj{{"param_name", "job_id"}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []obj{{
		{"Total_Count", job.total},
		{"Updated_Count", job.updated},
		{"Not_Updated_Count", job.notUpdated},
		{"Failed_Count", job.failedRecs},
		{"Status", "COMPLETED"},
	}}}})
}
