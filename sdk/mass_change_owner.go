package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// MassChangeOwnerOptions narrow a view's mass change of owner.
type MassChangeOwnerOptions struct {
	// TerritoryID is needed when the view is a territory's.
	TerritoryID  string
	IncludeChild bool // the territory's child territories too
	// Criteria, when set, changes only the view's records it matches.
	Criteria *ViewCriterion
}

// ViewCriterion is a condition on a field, as Zoho's view actions take it:
// {"field":{"api_name"}, "comparator", "value"}.
type ViewCriterion struct {
	Field      string
	Comparator string // equal, not_equal...
	Value      any
}

func (c *ViewCriterion) body() map[string]any {
	return map[string]any{"field": map[string]string{"api_name": c.Field}, "comparator": c.Comparator, "value": c.Value}
}

// MassChangeOwner schedules giving every record of a custom view (up to
// 50,000) to another user and returns the job's id, for
// MassChangeOwnerStatus. Related records keep their owners.
func (s *RecordsService) MassChangeOwner(ctx context.Context, module, cvid, ownerID string, opts *MassChangeOwnerOptions) (string, *Response, error) {
	if err := requireID("module", module); err != nil {
		return "", nil, err
	}
	if err := requireID("cvid", cvid); err != nil {
		return "", nil, err
	}
	if err := requireID("ownerID", ownerID); err != nil {
		return "", nil, err
	}
	body := map[string]any{"cvid": cvid, "owner": map[string]string{"id": ownerID}}
	if opts != nil {
		if opts.TerritoryID != "" {
			body["territory"] = map[string]any{"id": opts.TerritoryID, "include_child": opts.IncludeChild}
		}
		if opts.Criteria != nil {
			if opts.Criteria.Field == "" || opts.Criteria.Comparator == "" {
				return "", nil, &ValidationError{Field: "Criteria", Problem: "needs a Field and a Comparator"}
			}
			body["criteria"] = opts.Criteria.body()
		}
	}
	result, resp, err := single(s.client.doWrite(ctx, &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/mass_change_owner", Body: body}, 1))
	if err != nil {
		return "", resp, err
	}
	jobID, _ := stringOf(result.Details["job_id"])
	if jobID == "" {
		return "", resp, fmt.Errorf("zcrm: mass change owner of %s view %s: Zoho's answer has no job_id", module, cvid)
	}
	return jobID, resp, nil
}

// MassChangeOwnerJob is the state of a scheduled mass change of owner;
// Zoho keeps it 60 days.
type MassChangeOwnerJob struct {
	Status          string `json:"Status"` // JobScheduled, JobRunning, JobCompleted or JobFailed
	TotalCount      int    `json:"Total_Count"`
	UpdatedCount    int    `json:"Updated_Count"`
	NotUpdatedCount int    `json:"Not_Updated_Count"`
	FailedCount     int    `json:"Failed_Count"`
}

// Done reports whether the job has finished, well or not.
func (j *MassChangeOwnerJob) Done() bool { return j.Status == JobCompleted || j.Status == JobFailed }

// MassChangeOwnerStatus reports on a job MassChangeOwner scheduled.
func (s *RecordsService) MassChangeOwnerStatus(ctx context.Context, module, jobID string) (*MassChangeOwnerJob, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("jobID", jobID); err != nil {
		return nil, nil, err
	}
	var body struct {
		Data []*MassChangeOwnerJob `json:"data"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/mass_change_owner",
		Query: url.Values{"job_id": {jobID}}}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) == 0 {
		return nil, resp, fmt.Errorf("zcrm: mass change owner job %s of %s: Zoho's answer has no status", jobID, module)
	}
	return body.Data[0], resp, nil
}
