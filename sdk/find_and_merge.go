package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Merging records (crm-oas group find_and_merge,
// {module}/{master}/actions/merge): one or two child records merge into a
// master record, which takes the child's values of the fields named, and
// their related records; the children are then gone. Zoho runs it as a
// job when the children have many related records (the answer's code
// SCHEDULED, JobID set; SUCCESS when done at once): MergeStatus and
// WaitMerge follow it (jobs.go). OAuth scope:
// ZohoCRM.modules.{module}.ALL.

// MaxMergeChildren is the most records one merge merges into its master.
const MaxMergeChildren = 2

// MergeChild is a record merged into the master: Fields name the fields
// whose value the master takes from it (for multi-value fields, Data
// lists the items taken).
type MergeChild struct {
	ID     string        `json:"id"`
	Fields []*MergeField `json:"_fields,omitempty"`
	kept
}

func (m *MergeChild) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m MergeChild) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

// MergeField names a field of a merge, and for a multi-value field
// (multi-select lookup, subform, image upload) the ids of its items
// kept.
type MergeField struct {
	APIName string      `json:"api_name"`
	Data    []*MergeRef `json:"_data,omitempty"`
	kept
}

func (m *MergeField) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m MergeField) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

// MergeRef is an item of a multi-value field, by id.
type MergeRef struct {
	ID string `json:"id"`
	kept
}

func (m *MergeRef) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m MergeRef) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

// MergeJob is where a merge stands, with what it was asked.
type MergeJob struct {
	JobID              string        `json:"job_id,omitempty"`
	Status             string        `json:"status,omitempty"` // scheduled, in progress, completed
	Children           []*MergeChild `json:"data,omitempty"`
	MasterRecordFields []*MergeField `json:"master_record_fields,omitempty"`
	kept
}

func (j *MergeJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j MergeJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the merge has ended.
func (j *MergeJob) Done() bool { return jobEnded(j.Status) }

var merges = job[MergeJob, *MergeJob]{resultKey: "merge", statusKey: "merge", what: "merge"}

func mergePath(module, masterID string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("masterID", masterID); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(masterID) + "/actions/merge", nil
}

// Merge merges the children (one or two records of module) into the
// record with masterID; masterFields name the multi-value fields of the
// master whose items stay. It returns Zoho's result: its JobID names the
// job when the merge was scheduled (Code SCHEDULED).
func (s *RecordsService) Merge(ctx context.Context, module, masterID string, children []*MergeChild, masterFields ...*MergeField) (*ActionResult, *Response, error) {
	path, err := mergePath(module, masterID)
	if err != nil {
		return nil, nil, err
	}
	if len(children) == 0 || len(children) > MaxMergeChildren {
		return nil, nil, &ValidationError{Field: "children", Problem: fmt.Sprintf("has %d records; a merge takes 1 to %d", len(children), MaxMergeChildren)}
	}
	for i, ch := range children {
		if ch == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("children[%d]", i), Problem: "is nil"}
		}
		if err := requireID(fmt.Sprintf("children[%d].ID", i), ch.ID); err != nil {
			return nil, nil, err
		}
	}
	if masterFields == nil {
		masterFields = []*MergeField{} // Zoho requires the key
	}
	body := map[string]any{"merge": []any{map[string]any{"data": children, "master_record_fields": masterFields}}}
	return merges.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: path, Body: body})
}

// MergeStatus returns where the merge job with this id into the record
// with masterID stands.
func (s *RecordsService) MergeStatus(ctx context.Context, module, masterID, jobID string) (*MergeJob, *Response, error) {
	path, err := mergePath(module, masterID)
	if err != nil {
		return nil, nil, err
	}
	return merges.status(ctx, s.client, path, jobID, nil)
}

// WaitMerge polls the merge job with this id until it has ended and
// returns its last state.
func (s *RecordsService) WaitMerge(ctx context.Context, module, masterID, jobID string, opts *WaitOptions) (*MergeJob, *Response, error) {
	return merges.wait(ctx, jobID, opts, func(ctx context.Context) (*MergeJob, *Response, error) {
		return s.MergeStatus(ctx, module, masterID, jobID)
	})
}
