package sdk

import (
	"context"
	"fmt"
	"net/http"
)

// Mass delete of tags (crm-oas group mass_delete_tags,
// settings/tags/actions/mass_delete): a module's tags deleted, and taken
// off its records, in a job Zoho runs (jobs.go): MassDelete answers its id
// (ActionResult.JobID), MassDeleteStatus and WaitMassDelete follow it.
// OAuth scope: ZohoCRM.settings.tags.ALL.

// TagsMassDeleteJob is where a mass delete of tags stands.
type TagsMassDeleteJob struct {
	JobID        string `json:"job_id,omitempty"`
	Status       string `json:"status,omitempty"` // SCHEDULED, IN PROGRESS, COMPLETED
	TotalCount   int    `json:"total_count"`
	DeletedCount int    `json:"deleted_count"`
	FailedCount  int    `json:"failed_count"` // tags the module did not have
	kept
}

func (j *TagsMassDeleteJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j TagsMassDeleteJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended.
func (j *TagsMassDeleteJob) Done() bool { return jobEnded(j.Status) }

const tagsMassDeletePath = "settings/tags/actions/mass_delete"

var tagsMassDeletes = job[TagsMassDeleteJob, *TagsMassDeleteJob]{statusKey: "mass_delete", what: "tags mass delete"}

// MassDelete schedules the deletion of the module's tags with these ids
// (the module's id is looked up when module.ID is empty) and returns
// Zoho's result, whose JobID names the job.
func (s *TagsService) MassDelete(ctx context.Context, module *ModuleRef, tagIDs ...string) (*ActionResult, *Response, error) {
	if module == nil || module.APIName == "" {
		return nil, nil, &ValidationError{Field: "module", Problem: "names no module; give its API name"}
	}
	if len(tagIDs) == 0 {
		return nil, nil, &ValidationError{Field: "tagIDs", Problem: "is empty"}
	}
	tags := make([]map[string]string, len(tagIDs))
	for i, id := range tagIDs {
		if err := requireID(fmt.Sprintf("tagIDs[%d]", i), id); err != nil {
			return nil, nil, err
		}
		tags[i] = map[string]string{"id": id}
	}
	ref, err := moduleIDRef(ctx, s.client, module, "Tags.MassDelete")
	if err != nil {
		return nil, nil, err
	}
	body := map[string]any{"mass_delete": []any{map[string]any{"module": ref, "tags": tags}}}
	return tagsMassDeletes.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: tagsMassDeletePath, Body: body})
}

// MassDeleteStatus returns where the tags mass delete job with this id
// stands.
func (s *TagsService) MassDeleteStatus(ctx context.Context, jobID string) (*TagsMassDeleteJob, *Response, error) {
	return tagsMassDeletes.status(ctx, s.client, tagsMassDeletePath, jobID, nil)
}

// WaitMassDelete polls the tags mass delete job with this id until it has
// ended and returns its last state.
func (s *TagsService) WaitMassDelete(ctx context.Context, jobID string, opts *WaitOptions) (*TagsMassDeleteJob, *Response, error) {
	return tagsMassDeletes.wait(ctx, jobID, opts, func(ctx context.Context) (*TagsMassDeleteJob, *Response, error) {
		return s.MassDeleteStatus(ctx, jobID)
	})
}
