package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// ScoringRulesService manages scoring rules (crm-oas group scoring_rules,
// /settings/automation/scoring_rules): the rules of a module's layout that
// add to or take from a record's score when it matches field criteria or
// when a signal (an email opened, a survey answered) comes in. OAuth
// scope: ZohoCRM.settings.scoring_rules.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE); crm-oas names another group's scopes here.
type ScoringRulesService service

// ScoringRule scores the records of a module's layout. Fields without a
// Go field are kept in Extra.
type ScoringRule struct {
	ID          string     `json:"id,omitempty"`
	Name        string     `json:"name,omitempty"`
	Description string     `json:"description,omitempty"`
	Module      *ModuleRef `json:"module,omitempty"`
	Layout      *Ref       `json:"layout,omitempty"`
	// Active: a rule is created active unless this is false; Activate and
	// Deactivate change it.
	Active      *bool                `json:"active,omitempty"`
	FieldRules  []*FieldScoringRule  `json:"field_rules,omitempty"`
	SignalRules []*SignalScoringRule `json:"signal_rules,omitempty"`
	CreatedBy   *Lookup              `json:"created_by,omitempty"`
	ModifiedBy  *Lookup              `json:"modified_by,omitempty"`
	// CreatedTime and ModifiedTime are Zoho's text (crm-oas gives no
	// format).
	CreatedTime  string `json:"created_time,omitempty"`
	ModifiedTime string `json:"modified_time,omitempty"`

	kept
}

func (r *ScoringRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r ScoringRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// FieldScoringRule adds Score (negative: takes it away) to the records
// that match Criteria.
type FieldScoringRule struct {
	ID       string    `json:"id,omitempty"`
	Score    int       `json:"score"`
	Criteria *Criteria `json:"criteria,omitempty"`

	kept
}

func (r *FieldScoringRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r FieldScoringRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// SignalScoringRule adds Score to a record each time the signal comes in.
type SignalScoringRule struct {
	ID     string  `json:"id,omitempty"`
	Score  int     `json:"score"`
	Signal *Signal `json:"signal,omitempty"`

	kept
}

func (r *SignalScoringRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r SignalScoringRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// Signal names one of Zoho's signals (Zoho Campaigns, Survey, email
// insights...) by namespace and id.
type Signal struct {
	ID        string `json:"id,omitempty"`
	Namespace string `json:"namespace,omitempty"`

	kept
}

func (s *Signal) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s Signal) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

// ScoringRuleListOptions filters ScoringRules.List and All.
type ScoringRuleListOptions struct {
	Module   string // a module's rules, by API name
	LayoutID string // a layout's rules
	Active   *bool  // active or inactive rules only
	Name     string
	ListOptions
}

func (o *ScoringRuleListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	active := ""
	if o.Active != nil {
		active = strconv.FormatBool(*o.Active)
	}
	return o.with("module", o.Module, "layout_id", o.LayoutID, "active", active, "name", o.Name)
}

// MaxScoringRulesPerRun is how many rules one Run may name.
const MaxScoringRulesPerRun = 5

// ScoringRun says which rules Run schedules: the rules with these ids (at
// most five active rules, of one module), or a layout's active rules; the
// module's active rules when both are empty.
type ScoringRun struct {
	RuleIDs  []string
	LayoutID string
}

var (
	scoringRules = keyed[ScoringRule]{path: "settings/automation/scoring_rules", key: "scoring_rules", what: "scoring rule"}
	scoringRuns  = keyed[ScoringRule]{path: "{}/actions/run_scoring_rules", key: "scoring_rules", what: "module"}
)

// List returns one page of scoring rules (none is an empty slice).
func (s *ScoringRulesService) List(ctx context.Context, opts *ScoringRuleListOptions) ([]*ScoringRule, *Response, error) {
	return scoringRules.list(ctx, s.client, opts.values())
}

// All iterates over the scoring rules of every page.
func (s *ScoringRulesService) All(ctx context.Context, opts *ScoringRuleListOptions) iter.Seq2[*ScoringRule, error] {
	return scoringRules.all(ctx, s.client, opts.values())
}

// Get returns the scoring rule with this id.
func (s *ScoringRulesService) Get(ctx context.Context, id string) (*ScoringRule, *Response, error) {
	return scoringRules.get(ctx, s.client, id, nil)
}

// Create adds scoring rules (each with a name, a module and a layout) and
// returns one result per rule in input order.
func (s *ScoringRulesService) Create(ctx context.Context, rules ...*ScoringRule) ([]*ActionResult, *Response, error) {
	return scoringRules.write(ctx, s.client, http.MethodPost, "", nil, rules)
}

// Update changes scoring rules, each named by its ID, and returns one
// result per rule in input order.
func (s *ScoringRulesService) Update(ctx context.Context, rules ...*ScoringRule) ([]*ActionResult, *Response, error) {
	return scoringRules.write(ctx, s.client, http.MethodPut, "", nil, rules)
}

// UpdateOne changes the scoring rule with this id.
func (s *ScoringRulesService) UpdateOne(ctx context.Context, id string, r *ScoringRule) (*ActionResult, *Response, error) {
	return scoringRules.writeOne(ctx, s.client, http.MethodPut, id, nil, r)
}

// Delete deletes scoring rules by id, one result per id in input order.
func (s *ScoringRulesService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return scoringRules.delete(ctx, s.client, ids)
}

// Activate makes the scoring rule with this id score records.
func (s *ScoringRulesService) Activate(ctx context.Context, id string) (*ActionResult, *Response, error) {
	return scoringRules.actionOn(ctx, s.client, http.MethodPut, id, "activate", nil, nil)
}

// Deactivate stops the scoring rule with this id.
func (s *ScoringRulesService) Deactivate(ctx context.Context, id string) (*ActionResult, *Response, error) {
	return scoringRules.actionOn(ctx, s.client, http.MethodDelete, id, "activate", nil, nil)
}

// Clone copies the scoring rule with this id; the result's ID is the
// copy's.
func (s *ScoringRulesService) Clone(ctx context.Context, id string) (*ActionResult, *Response, error) {
	return scoringRules.actionOn(ctx, s.client, http.MethodPost, id, "clone", nil, nil)
}

// Run schedules scoring rules of a module (its API name) to score the
// records created or active in the last six months (run nil: every
// active rule of the module).
func (s *ScoringRulesService) Run(ctx context.Context, module string, run *ScoringRun) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	var body any
	switch {
	case run != nil && len(run.RuleIDs) > 0 && run.LayoutID != "":
		return nil, nil, &ValidationError{Field: "run", Problem: "names both rules and a layout; Zoho runs one or the other"}
	case run != nil && len(run.RuleIDs) > MaxScoringRulesPerRun:
		return nil, nil, &ValidationError{Field: "run.RuleIDs", Problem: fmt.Sprintf("has %d ids; Zoho runs at most %d rules a call", len(run.RuleIDs), MaxScoringRulesPerRun)}
	case run != nil && len(run.RuleIDs) > 0:
		body = map[string]any{"scoring_rules": run.RuleIDs}
	case run != nil && run.LayoutID != "":
		body = map[string]any{"layout": map[string]string{"id": run.LayoutID}}
	}
	return scoringRuns.in(module).action(ctx, s.client, http.MethodPut, "", nil, body)
}
