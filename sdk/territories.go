package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// TerritoriesService reads the org's territories (settings/territories)
// and assigns them to records ({module}/actions/assign_territories).
type TerritoriesService service

// MaxTerritoryRecordsPerCall bounds one assign or remove call; the SDK
// splits longer lists.
const MaxTerritoryRecordsPerCall = 100

// Territory is a territory of the org. Fields without a Go field are kept
// in Extra.
type Territory struct {
	ID             string  `json:"id,omitempty"`
	Name           string  `json:"name,omitempty"`
	APIName        string  `json:"api_name,omitempty"`
	Description    string  `json:"description,omitempty"`
	PermissionType string  `json:"permission_type,omitempty"` // read_only, read_write_delete...
	Manager        *Lookup `json:"manager,omitempty"`
	ReportingTo    *Lookup `json:"reporting_to,omitempty"` // the parent territory; nil for the org's

	kept
}

func (t *Territory) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t Territory) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// CreatedBy is who created the territory.
func (t *Territory) CreatedBy() *Lookup { return t.fields().lookup("created_by") }

// CreatedTime is when it was created.
func (t *Territory) CreatedTime() time.Time { return t.fields().time("created_time") }

// ModifiedTime is when it was changed last.
func (t *Territory) ModifiedTime() time.Time { return t.fields().time("modified_time") }

// List returns the org's territories.
func (s *TerritoriesService) List(ctx context.Context) ([]*Territory, *Response, error) {
	var body struct {
		Territories []*Territory `json:"territories"`
		Info        *PageInfo    `json:"info"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/territories"}, &body)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = body.Info
	if body.Territories == nil {
		body.Territories = []*Territory{}
	}
	return body.Territories, resp, nil
}

// Get returns one territory.
func (s *TerritoriesService) Get(ctx context.Context, id string) (*Territory, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	var body struct {
		Territories []*Territory `json:"territories"`
	}
	path := "settings/territories/" + url.PathEscape(id)
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Territories) == 0 {
		return nil, resp, noContent("territory", id, path)
	}
	return body.Territories[0], resp, nil
}

// TerritoryAssignment is a record and territories to assign or remove.
type TerritoryAssignment struct {
	RecordID     string
	TerritoryIDs []string
}

func (a TerritoryAssignment) body(withID bool) map[string]any {
	ts := make([]map[string]string, len(a.TerritoryIDs))
	for i, id := range a.TerritoryIDs {
		ts[i] = map[string]string{"id": id}
	}
	m := map[string]any{"Territories": ts}
	if withID {
		m["id"] = a.RecordID
	}
	return m
}

func (a TerritoryAssignment) validate(field string) error {
	if err := requireID(field+".RecordID", a.RecordID); err != nil {
		return err
	}
	if len(a.TerritoryIDs) == 0 {
		return &ValidationError{Field: field + ".TerritoryIDs", Problem: "is empty"}
	}
	for i, id := range a.TerritoryIDs {
		if err := requireID(fmt.Sprintf("%s.TerritoryIDs[%d]", field, i), id); err != nil {
			return err
		}
	}
	return nil
}

// AssignToRecords assigns territories to records of Leads, Accounts,
// Contacts or Deals (a deal takes one, the others up to ten); one result
// per record in input order. Zoho runs the assignment as a job: a success
// has code SCHEDULED and its job_id in Details.
func (s *TerritoriesService) AssignToRecords(ctx context.Context, module string, assignments []TerritoryAssignment) ([]*ActionResult, *Response, error) {
	return s.change(ctx, module, "assign_territories", assignments)
}

// RemoveFromRecords removes territories from records, as AssignToRecords.
func (s *TerritoriesService) RemoveFromRecords(ctx context.Context, module string, assignments []TerritoryAssignment) ([]*ActionResult, *Response, error) {
	return s.change(ctx, module, "remove_territories", assignments)
}

// AssignToRecord assigns territories to one record.
func (s *TerritoriesService) AssignToRecord(ctx context.Context, module, recordID string, territoryIDs ...string) (*ActionResult, *Response, error) {
	return s.changeOne(ctx, module, "assign_territories", TerritoryAssignment{recordID, territoryIDs})
}

// RemoveFromRecord removes territories from one record.
func (s *TerritoriesService) RemoveFromRecord(ctx context.Context, module, recordID string, territoryIDs ...string) (*ActionResult, *Response, error) {
	return s.changeOne(ctx, module, "remove_territories", TerritoryAssignment{recordID, territoryIDs})
}

func (s *TerritoriesService) change(ctx context.Context, module, action string, assignments []TerritoryAssignment) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	bodies := make([]map[string]any, len(assignments))
	for i, a := range assignments {
		if err := a.validate(fmt.Sprintf("assignments[%d]", i)); err != nil {
			return nil, nil, err
		}
		bodies[i] = a.body(true)
	}
	if len(bodies) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.batchedBy(ctx, len(bodies), MaxTerritoryRecordsPerCall, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/" + action, Body: map[string]any{"data": bodies[lo:hi]}}
		return s.client.doWrite(ctx, req, hi-lo)
	})
}

func (s *TerritoriesService) changeOne(ctx context.Context, module, action string, a TerritoryAssignment) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := a.validate("assignment"); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/" + url.PathEscape(a.RecordID) + "/actions/" + action,
		Body: map[string]any{"data": []map[string]any{a.body(false)}}}
	return single(s.client.doWrite(ctx, req, 1))
}
