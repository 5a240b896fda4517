package sdk

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
)

// CadencesService reads the org's cadences (crm-oas group cadences,
// GET /settings/automation/cadences): scheduled series of follow-up
// emails, calls and tasks for the records of a module's custom view.
// OAuth scope: ZohoCRM.settings.cadences.READ (or .ALL).
type CadencesService service

// Cadence is one cadence. Fields without a Go field are kept in Extra.
type Cadence struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Module *Ref   `json:"module,omitempty"`
	// CustomView is the view whose records the cadence enrolls.
	CustomView *CadenceView `json:"custom_view,omitempty"`
	Type       string       `json:"type,omitempty"`
	Status     string       `json:"status,omitempty"`
	Active     *bool        `json:"active,omitempty"`
	Published  *bool        `json:"published,omitempty"`
	// ExecutionDetails say how long records stay enrolled and how often
	// the cadence runs.
	ExecutionDetails *CadenceExecution `json:"execution_details,omitempty"`
	Summary          *CadenceSummary   `json:"summary,omitempty"`
	CreatedBy        *CadenceRef       `json:"created_by,omitempty"`
	CreatedTime      string            `json:"created_time,omitempty"`
	ModifiedBy       *CadenceRef       `json:"modified_by,omitempty"`
	ModifiedTime     string            `json:"modified_time,omitempty"`

	kept
}

func (c *Cadence) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c Cadence) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// CadenceRef names a user by id and name.
type CadenceRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`

	kept
}

func (r *CadenceRef) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r CadenceRef) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// CadenceView is the custom view of a cadence, whose id crm-oas writes as
// a number.
type CadenceView struct {
	ID   json.Number `json:"id,omitempty"`
	Name string      `json:"name,omitempty"`

	kept
}

func (v *CadenceView) UnmarshalJSON(b []byte) error { return decodeKept(b, v) }
func (v CadenceView) MarshalJSON() ([]byte, error)  { return encodeKept(&v) }

// CadenceExecution is when a cadence runs and when records leave it.
type CadenceExecution struct {
	Type              string         `json:"type,omitempty"`
	EndDate           string         `json:"end_date,omitempty"`
	AutomaticUnenroll *bool          `json:"automatic_unenroll,omitempty"`
	ExecuteEvery      *CadencePeriod `json:"execute_every,omitempty"`
	// UnenrollProperties say when records leave (Type, EndDate).
	UnenrollProperties *CadenceExecution `json:"unenroll_properties,omitempty"`

	kept
}

func (e *CadenceExecution) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e CadenceExecution) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// CadencePeriod is a period of Unit units ("days"...).
type CadencePeriod struct {
	Period string `json:"period,omitempty"`
	Unit   int    `json:"unit,omitempty"`

	kept
}

func (p *CadencePeriod) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p CadencePeriod) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// CadenceSummary counts a cadence's follow-ups by kind.
type CadenceSummary struct {
	EmailFollowUpCount int `json:"email_follow_up_count"`
	CallFollowUpCount  int `json:"call_follow_up_count"`
	TaskFollowUpCount  int `json:"task_follow_up_count"`

	kept
}

func (s *CadenceSummary) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s CadenceSummary) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

var cadences = keyed[Cadence]{path: "settings/automation/cadences", key: "cadences", what: "cadence"}

// List returns one page of the org's cadences (none: an empty slice);
// Zoho's paging is in Response.Info.
func (s *CadencesService) List(ctx context.Context, opts *ListOptions) ([]*Cadence, *Response, error) {
	return cadences.list(ctx, s.client, pageQuery(opts))
}

// All iterates over the cadences of every page, from the page opts names.
func (s *CadencesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Cadence, error] {
	return cadences.all(ctx, s.client, pageQuery(opts))
}

// pageQuery is the page (and per_page) opts names, nil for none.
func pageQuery(opts *ListOptions) url.Values {
	if opts == nil {
		return nil
	}
	return opts.with()
}
