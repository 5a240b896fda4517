package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TerritoriesService manages the org's territories (crm-oas group
// territories, settings/territories), their users (territory_users.go) and
// assigns them to records ({module}/actions/assign_territories, crm-oas
// group record). OAuth scope: ZohoCRM.settings.territories.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE); assigning records takes
// ZohoCRM.modules.{module}.UPDATE.
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
	// The criteria that put records of Accounts, Leads and Deals in the
	// territory.
	AccountRuleCriteria *Criteria `json:"account_rule_criteria,omitempty"`
	LeadRuleCriteria    *Criteria `json:"lead_rule_criteria,omitempty"`
	DealRuleCriteria    *Criteria `json:"deal_rule_criteria,omitempty"`

	kept
}

func (t *Territory) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t Territory) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// CreatedBy is who created the territory.
func (t *Territory) CreatedBy() *Lookup { return rawFields(t.Extra()).lookup("created_by") }

// CreatedTime is when it was created.
func (t *Territory) CreatedTime() time.Time { return rawFields(t.Extra()).time("created_time") }

// ModifiedTime is when it was changed last.
func (t *Territory) ModifiedTime() time.Time { return rawFields(t.Extra()).time("modified_time") }

// TerritoryListOptions filters and pages Territories.List and Children.
type TerritoryListOptions struct {
	IDs []string // only these territories (List)
	// Filters selects territories by name, manager.id, reporting_to.id,
	// permission_type, created_time... (comparators equal, not_equal,
	// contains, starts_with...).
	Filters *Criteria
	ListOptions
}

func (o *TerritoryListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("ids", strings.Join(o.IDs, ","), "filters", filtersParam(o.Filters))
}

var territories = keyed[Territory]{path: "settings/territories", key: "territories", what: "territory"}

// List returns one page of the org's territories, the org's own first.
// OAuth scope: ZohoCRM.settings.territories.READ.
func (s *TerritoriesService) List(ctx context.Context, opts *TerritoryListOptions) ([]*Territory, *Response, error) {
	return territories.list(ctx, s.client, opts.values())
}

// All iterates over the org's territories, page by page.
func (s *TerritoriesService) All(ctx context.Context, opts *TerritoryListOptions) iter.Seq2[*Territory, error] {
	return territories.all(ctx, s.client, opts.values())
}

// Get returns one territory.
func (s *TerritoriesService) Get(ctx context.Context, id string) (*Territory, *Response, error) {
	return territories.get(ctx, s.client, id, nil)
}

// MaxTerritoriesPerWrite is the most territories Zoho creates, updates or
// deletes in one call; the SDK splits longer lists.
const MaxTerritoriesPerWrite = 10

// Create adds territories, each with a name, the territory it reports to
// and a permission type (read_only or read_write_delete), and returns one
// result per territory in input order. OAuth scope:
// ZohoCRM.settings.territories.CREATE.
func (s *TerritoriesService) Create(ctx context.Context, ts ...*Territory) ([]*ActionResult, *Response, error) {
	for i, t := range ts {
		if t == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("territories[%d]", i), Problem: "is nil"}
		}
		if strings.TrimSpace(t.Name) == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("territories[%d].Name", i), Problem: "is empty"}
		}
	}
	return writeKeyedBatches(ctx, s.client, *territories.request(http.MethodPost, "", nil), territories.key, MaxTerritoriesPerWrite, ts)
}

// UpdateMany changes territories, each named by its ID, and returns one
// result per territory in input order. OAuth scope:
// ZohoCRM.settings.territories.UPDATE.
func (s *TerritoriesService) UpdateMany(ctx context.Context, ts ...*Territory) ([]*ActionResult, *Response, error) {
	for i, t := range ts {
		if t == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("territories[%d]", i), Problem: "is nil"}
		}
		if err := requireID(fmt.Sprintf("territories[%d].ID", i), t.ID); err != nil {
			return nil, nil, err
		}
	}
	return writeKeyedBatches(ctx, s.client, *territories.request(http.MethodPut, "", nil), territories.key, MaxTerritoriesPerWrite, ts)
}

// Update changes the territory with this id: the fields t sets.
func (s *TerritoriesService) Update(ctx context.Context, id string, t *Territory) (*ActionResult, *Response, error) {
	if t == nil {
		return nil, nil, &ValidationError{Field: "territory", Problem: "is nil"}
	}
	return territories.writeOne(ctx, s.client, http.MethodPut, id, nil, t)
}

// forecasts is the delete_previous_forecasts parameter Zoho wants on
// every deletion.
func forecasts(deletePreviousForecasts bool) url.Values {
	return url.Values{"delete_previous_forecasts": {strconv.FormatBool(deletePreviousForecasts)}}
}

// Delete deletes territories without child territories (DELETE
// settings/territories?ids=, ten a call), with the forecasts made for
// them when deletePreviousForecasts; one result per id in input order.
// A territory with children is refused (NOT_ALLOWED): TransferAndDelete
// moves them first. OAuth scope: ZohoCRM.settings.territories.DELETE.
func (s *TerritoriesService) Delete(ctx context.Context, deletePreviousForecasts bool, ids ...string) ([]*ActionResult, *Response, error) {
	return territories.idsCall(ctx, s.client, http.MethodDelete, "", "ids", forecasts(deletePreviousForecasts), MaxTerritoriesPerWrite, ids)
}

// DeleteOne deletes the territory with this id, as Delete.
func (s *TerritoriesService) DeleteOne(ctx context.Context, id string, deletePreviousForecasts bool) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return territories.deleteOne(ctx, s.client, url.PathEscape(id), forecasts(deletePreviousForecasts))
}

// TerritoryTransfer deletes a territory after moving its child
// territories (and, in Zoho, what was assigned to it) to another.
type TerritoryTransfer struct {
	ID string `json:"id,omitempty"` // the territory deleted; TransferAndDeleteOne names it in the path
	// TransferToID is the territory that takes the children: not one of
	// the deleted territory's own subordinates.
	TransferToID            string `json:"transfer_to_id"`
	DeletePreviousForecasts bool   `json:"delete_previous_forecasts"`
}

func (t *TerritoryTransfer) validate(field string, withID bool) error {
	if t == nil {
		return &ValidationError{Field: field, Problem: "is nil"}
	}
	if withID {
		if err := requireID(field+".ID", t.ID); err != nil {
			return err
		}
	}
	return requireID(field+".TransferToID", t.TransferToID)
}

// TransferAndDelete deletes territories, moving each one's child
// territories to its TransferToID first (POST
// settings/territories/actions/transfer_and_delete, ten a call); one
// result per territory in input order. OAuth scope:
// ZohoCRM.settings.territories.ALL.
func (s *TerritoriesService) TransferAndDelete(ctx context.Context, ts ...*TerritoryTransfer) ([]*ActionResult, *Response, error) {
	for i, t := range ts {
		if err := t.validate(fmt.Sprintf("transfers[%d]", i), true); err != nil {
			return nil, nil, err
		}
	}
	return writeKeyedBatches(ctx, s.client, *territories.request(http.MethodPost, "actions/transfer_and_delete", nil), territories.key, MaxTerritoriesPerWrite, ts)
}

// TransferAndDeleteOne deletes the territory with this id as
// TransferAndDelete does (t.ID is not sent).
func (s *TerritoriesService) TransferAndDeleteOne(ctx context.Context, id string, t *TerritoryTransfer) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := t.validate("transfer", false); err != nil {
		return nil, nil, err
	}
	body := *t
	body.ID = ""
	return territories.action(ctx, s.client, http.MethodPost, url.PathEscape(id)+"/actions/transfer_and_delete", nil,
		map[string]any{territories.key: []TerritoryTransfer{body}})
}

// Children returns one page of the territories reporting directly to the
// one with this id (GET settings/territories/{id}/__child_territories;
// none is an empty slice). IDs of opts is not used.
func (s *TerritoriesService) Children(ctx context.Context, id string, opts *TerritoryListOptions) ([]*Territory, *Response, error) {
	return childTerritories.in(id).list(ctx, s.client, opts.values())
}

// AllChildren iterates over the children of a territory, page by page.
func (s *TerritoriesService) AllChildren(ctx context.Context, id string, opts *TerritoryListOptions) iter.Seq2[*Territory, error] {
	return childTerritories.in(id).all(ctx, s.client, opts.values())
}

var childTerritories = keyed[Territory]{path: "settings/territories/{}/__child_territories", key: "territories", what: "territory"}

// TerritoryUserCount is how many users a territory has. Zoho writes the
// count as digits ("2"); Count reads it. The territory is named by ID and
// Name (its Extra holds whether subordinates are counted).
type TerritoryUserCount struct {
	Territory *Territory `json:"territory,omitempty"`
	kept
}

func (c *TerritoryUserCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c TerritoryUserCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// Count is the number of users (0 when Zoho's text is not a number).
func (c *TerritoryUserCount) Count() int {
	n, _ := strconv.Atoi(rawFields(c.Extra()).text("count"))
	return n
}

// AssociatedUsersCount returns how many users each territory has (GET
// settings/territories/actions/associated_users_count). OAuth scopes:
// ZohoCRM.settings.territories.READ and ZohoCRM.users.READ.
func (s *TerritoriesService) AssociatedUsersCount(ctx context.Context, opts *ListOptions) ([]*TerritoryUserCount, *Response, error) {
	var q url.Values
	if opts != nil {
		q = opts.with()
	}
	return keyed[TerritoryUserCount]{path: "settings/territories/actions/associated_users_count", key: "associated_users_count", what: "territory"}.list(ctx, s.client, q)
}

// DeletedTerritory is a territory deleted while records or users were
// associated with it.
type DeletedTerritory struct {
	ID          string    `json:"id,omitempty"`
	Name        string    `json:"name,omitempty"`
	DeletedTime time.Time `json:"deleted_time,omitzero"`
	DeletedBy   *Lookup   `json:"deleted_by,omitempty"`
	kept
}

func (d *DeletedTerritory) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d DeletedTerritory) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// DeletedAssociations lists the territories deleted while something was
// associated with them, only those with these ids when some are given
// (GET settings/territories/actions/deleted_associated_territories).
func (s *TerritoriesService) DeletedAssociations(ctx context.Context, ids ...string) ([]*DeletedTerritory, *Response, error) {
	return keyed[DeletedTerritory]{path: "settings/territories/actions/deleted_associated_territories", key: "territories", what: "territory"}.
		list(ctx, s.client, query("ids", strings.Join(ids, ",")))
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
