package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// Mass convert of quotes and sales orders (crm-oas group
// inventory_mass_convert, {module}/actions/mass_convert): up to 50 records
// a call, each converted as ConvertInventory converts one, in a job Zoho
// runs (jobs.go): MassConvertInventory answers its id
// (ActionResult.JobID), MassConvertInventoryStatus and
// WaitMassConvertInventory follow it. OAuth scope:
// ZohoCRM.mass_convert.{module}.CREATE (the status: .READ).

// InventoryMassConvertJob is where a mass convert of quotes or sales
// orders stands (Zoho writes its keys in lower case, unlike the leads').
type InventoryMassConvertJob struct {
	Status            string `json:"status,omitempty"` // scheduled, in progress, completed
	TotalCount        int    `json:"total_count"`
	ConvertedCount    int    `json:"converted_count"`
	NotConvertedCount int    `json:"not_converted_count"`
	FailedCount       int    `json:"failed_count"`
	kept
}

func (j *InventoryMassConvertJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j InventoryMassConvertJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended.
func (j *InventoryMassConvertJob) Done() bool { return jobEnded(j.Status) }

var inventoryMassConvertJobs = job[InventoryMassConvertJob, *InventoryMassConvertJob]{what: "inventory mass convert"}

func inventoryMassConvertPath(module string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/actions/mass_convert", nil
}

// MassConvertInventory schedules the conversion of module's records
// (Quotes or Sales_Orders) with these ids (at most MaxMassConvertIDs) into
// a record of each target; assignTo, when not empty, is the user id to own
// the new records. It returns Zoho's result, whose JobID names the job.
func (s *RecordsService) MassConvertInventory(ctx context.Context, module string, ids []string, assignTo string, to ...ConvertTarget) (*ActionResult, *Response, error) {
	path, err := inventoryMassConvertPath(module)
	if err != nil {
		return nil, nil, err
	}
	if err := massIDs(ids); err != nil {
		return nil, nil, err
	}
	convertTo, err := s.convertTo(ctx, to)
	if err != nil {
		return nil, nil, err
	}
	body := map[string]any{"ids": ids, "convert_to": convertTo}
	if assignTo != "" {
		body["assign_to"] = map[string]string{"id": assignTo}
	}
	return inventoryMassConvertJobs.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: path, Body: body})
}

// MassConvertInventoryStatus returns where module's mass convert job with
// this id stands.
func (s *RecordsService) MassConvertInventoryStatus(ctx context.Context, module, jobID string) (*InventoryMassConvertJob, *Response, error) {
	path, err := inventoryMassConvertPath(module)
	if err != nil {
		return nil, nil, err
	}
	return inventoryMassConvertJobs.status(ctx, s.client, path, jobID, nil)
}

// WaitMassConvertInventory polls module's mass convert job with this id
// until it has ended and returns its last state.
func (s *RecordsService) WaitMassConvertInventory(ctx context.Context, module, jobID string, opts *WaitOptions) (*InventoryMassConvertJob, *Response, error) {
	return inventoryMassConvertJobs.wait(ctx, jobID, opts, func(ctx context.Context) (*InventoryMassConvertJob, *Response, error) {
		return s.MassConvertInventoryStatus(ctx, module, jobID)
	})
}
