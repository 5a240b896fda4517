package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// MaxMassDeleteIDs is the most records one mass delete by ids takes; the
// SDK splits longer lists.
const MaxMassDeleteIDs = 500

// The states of Zoho's jobs over a custom view (mass update, mass delete).
const (
	JobScheduled = "SCHEDULED"
	JobRunning   = "RUNNING"
	JobCompleted = "COMPLETED"
	JobFailed    = "FAILED"
)

// MassDelete moves records to the recycle bin by id (POST
// {module}/actions/mass_delete), 500 a call; one result per id in input
// order. Unlike a view's mass delete, it is done when it returns.
func (s *RecordsService) MassDelete(ctx context.Context, module string, ids ...string) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.batchedBy(ctx, len(ids), MaxMassDeleteIDs, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/mass_delete", Body: map[string]any{"ids": ids[lo:hi]}}
		return s.client.doWrite(ctx, req, hi-lo)
	})
}

// MassDeleteViewOptions narrows a view's mass delete to a territory.
type MassDeleteViewOptions struct {
	TerritoryID  string
	IncludeChild bool // the territory's child territories too
}

// MassDeleteView schedules the deletion of every record of a custom view
// (up to 50,000; one job at a time per org) and returns the job's id, for
// MassDeleteStatus.
func (s *RecordsService) MassDeleteView(ctx context.Context, module, cvid string, opts *MassDeleteViewOptions) (string, *Response, error) {
	if err := requireID("module", module); err != nil {
		return "", nil, err
	}
	if err := requireID("cvid", cvid); err != nil {
		return "", nil, err
	}
	body := map[string]any{"cvid": cvid}
	if opts != nil && opts.TerritoryID != "" {
		body["territory"] = map[string]any{"id": opts.TerritoryID, "include_child": opts.IncludeChild}
	}
	result, resp, err := single(s.client.doWrite(ctx, &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/mass_delete", Body: body}, 1))
	if err != nil {
		return "", resp, err
	}
	jobID, _ := stringOf(result.Details["job_id"])
	if jobID == "" {
		return "", resp, fmt.Errorf("zcrm: mass delete of %s view %s: Zoho's answer has no job_id", module, cvid)
	}
	return jobID, resp, nil
}

// MassDeleteJob is the state of a scheduled mass delete.
type MassDeleteJob struct {
	Status       string `json:"Status"` // JobScheduled, JobRunning, JobCompleted or JobFailed
	FailedCount  int    `json:"Failed_Count"`
	DeletedCount int    `json:"Deleted_Count"`
	TotalCount   int    `json:"Total_Count"`
}

// Done reports whether the job has finished, well or not.
func (j *MassDeleteJob) Done() bool { return j.Status == JobCompleted || j.Status == JobFailed }

// MassDeleteStatus reports on a job MassDeleteView scheduled.
func (s *RecordsService) MassDeleteStatus(ctx context.Context, module, jobID string) (*MassDeleteJob, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("jobID", jobID); err != nil {
		return nil, nil, err
	}
	var body struct {
		Data []*MassDeleteJob `json:"data"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/mass_delete",
		Query: url.Values{"job_id": {jobID}}}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) == 0 {
		return nil, resp, fmt.Errorf("zcrm: mass delete job %s of %s: Zoho's answer has no status", jobID, module)
	}
	return body.Data[0], resp, nil
}
