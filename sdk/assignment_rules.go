package sdk

import (
	"context"
	"time"
)

// AssignmentRulesService reads the org's assignment rules (crm-oas group
// assignment_rules, /settings/automation/assignment_rules): the rules that
// give new records of a module an owner. OAuth scope:
// ZohoCRM.settings.assignment_rules.READ (or .ALL).
type AssignmentRulesService service

// AssignmentRule assigns the records of a module that match its entries to
// owners, and the rest to DefaultAssignee. Fields without a Go field are
// kept in Extra.
type AssignmentRule struct {
	ID          string     `json:"id,omitempty"`
	Name        string     `json:"name,omitempty"`
	APIName     string     `json:"api_name,omitempty"`
	Description string     `json:"description,omitempty"`
	Module      *ModuleRef `json:"module,omitempty"`
	// DefaultAssignee owns the records no entry of the rule matched.
	DefaultAssignee *NameID   `json:"default_assignee,omitempty"`
	CreatedBy       *Lookup   `json:"created_by,omitempty"`
	ModifiedBy      *Lookup   `json:"modified_by,omitempty"`
	CreatedTime     time.Time `json:"created_time,omitzero"`
	ModifiedTime    time.Time `json:"modified_time,omitzero"`

	kept
}

func (r *AssignmentRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r AssignmentRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

var assignmentRules = keyed[AssignmentRule]{path: "settings/automation/assignment_rules", key: "assignment_rules", what: "assignment rule"}

// List returns the assignment rules of a module (its API name), or of
// every module when module is empty; none is an empty slice.
func (s *AssignmentRulesService) List(ctx context.Context, module string) ([]*AssignmentRule, *Response, error) {
	return assignmentRules.list(ctx, s.client, query("module", module))
}

// Get returns the assignment rule with this id of a module (its API name,
// which Zoho requires).
func (s *AssignmentRulesService) Get(ctx context.Context, id, module string) (*AssignmentRule, *Response, error) {
	return inModule(assignmentRules, module).get(ctx, s.client, id, nil)
}
