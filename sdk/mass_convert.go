package sdk

import (
	"context"
	"fmt"
	"net/http"
)

// Mass convert of leads (crm-oas group mass_convert,
// Leads/actions/mass_convert): up to 50 leads a call, each converted as
// ConvertLead converts one, in a job Zoho runs (the shared job mechanism,
// jobs.go): MassConvert answers its id (ActionResult.JobID),
// MassConvertStatus and WaitMassConvert follow it. OAuth scope:
// ZohoCRM.mass_convert.Leads.CREATE (the status:
// ZohoCRM.mass_convert.Leads.READ).

// MaxMassConvertIDs is the most records one mass convert takes.
const MaxMassConvertIDs = 50

// MassConvertOptions shape a mass convert of leads; the zero value makes
// each lead a contact, and an account when it has a company.
type MassConvertOptions struct {
	// Deal is a deal to create for each lead (Deal_Name, Stage,
	// Closing_Date...); nil creates none.
	Deal Record
	// AssignTo is the user id to own the new records.
	AssignTo string
	// MoveAttachmentsTo gives each lead's attachments to its new record
	// of that module (Contacts, Accounts or Deals); its ID is looked up
	// when empty.
	MoveAttachmentsTo *ModuleRef
	// CarryOverTags are the modules whose new records get the leads' tags.
	CarryOverTags []*ModuleRef
	// RelatedModules are the related lists whose records move to the new
	// records.
	RelatedModules []*ModuleRef
	// PortalUserType makes each new contact a portal user of that type.
	PortalUserType           *Ref
	ApplyAssignmentThreshold bool
}

// massIDs checks the ids of a mass convert: 1 to 50, none empty.
func massIDs(ids []string) error {
	if len(ids) == 0 || len(ids) > MaxMassConvertIDs {
		return &ValidationError{Field: "ids", Problem: fmt.Sprintf("has %d ids; a mass convert takes 1 to %d", len(ids), MaxMassConvertIDs)}
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return err
		}
	}
	return nil
}

// MassConvertJob is where a mass convert of leads stands.
type MassConvertJob struct {
	Status            string `json:"Status,omitempty"` // scheduled, in progress, completed
	TotalCount        int    `json:"Total_Count"`
	ConvertedCount    int    `json:"Converted_Count"`
	NotConvertedCount int    `json:"Not_Converted_Count"`
	FailedCount       int    `json:"Failed_Count"`
	kept
}

func (j *MassConvertJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j MassConvertJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended.
func (j *MassConvertJob) Done() bool { return jobEnded(j.Status) }

const massConvertPath = "Leads/actions/mass_convert"

var massConvertJobs = job[MassConvertJob, *MassConvertJob]{statusKey: "data", what: "mass convert"}

// MassConvert schedules the conversion of the leads with these ids (at
// most MaxMassConvertIDs) and returns Zoho's result, whose JobID names
// the job.
func (s *RecordsService) MassConvert(ctx context.Context, leadIDs []string, opts *MassConvertOptions) (*ActionResult, *Response, error) {
	if err := massIDs(leadIDs); err != nil {
		return nil, nil, err
	}
	o := MassConvertOptions{}
	if opts != nil {
		o = *opts
	}
	body := map[string]any{"ids": leadIDs}
	if o.Deal != nil {
		body["Deals"] = o.Deal
	}
	if o.AssignTo != "" {
		body["assign_to"] = map[string]string{"id": o.AssignTo}
	}
	if o.MoveAttachmentsTo != nil {
		ref, err := s.attachmentsTarget(ctx, o.MoveAttachmentsTo)
		if err != nil {
			return nil, nil, err
		}
		body["move_attachments_to"] = ref
	}
	for key, v := range map[string]any{"carry_over_tags": o.CarryOverTags, "related_modules": o.RelatedModules} {
		if refs := v.([]*ModuleRef); len(refs) > 0 {
			body[key] = refs
		}
	}
	if o.PortalUserType != nil {
		body["portal_user_type"] = o.PortalUserType
	}
	if o.ApplyAssignmentThreshold {
		body["apply_assignment_threshold"] = true
	}
	return massConvertJobs.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: massConvertPath, Body: body})
}

// MassConvertStatus returns where the mass convert job with this id
// stands.
func (s *RecordsService) MassConvertStatus(ctx context.Context, jobID string) (*MassConvertJob, *Response, error) {
	return massConvertJobs.status(ctx, s.client, massConvertPath, jobID, nil)
}

// WaitMassConvert polls the mass convert job with this id until it has
// ended and returns its last state.
func (s *RecordsService) WaitMassConvert(ctx context.Context, jobID string, opts *WaitOptions) (*MassConvertJob, *Response, error) {
	return massConvertJobs.wait(ctx, jobID, opts, func(ctx context.Context) (*MassConvertJob, *Response, error) {
		return s.MassConvertStatus(ctx, jobID)
	})
}
