package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// SharingRulesService manages data sharing rules (crm-oas group
// sharing_rules, /settings/data_sharing/rules): rules that open the
// records of a module owned by some users (or matching criteria) to a
// role, a group or everyone, beyond what the org's default sharing
// allows. OAuth scope: ZohoCRM.settings.data_sharing.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE).
type SharingRulesService service

// SharingRule shares records of a module: those owned by SharedFrom
// (type Record_Owner_Based) or those matching Criteria (Criteria_Based),
// with SharedTo. Fields without a Go field are kept in Extra.
type SharingRule struct {
	ID     string     `json:"id,omitempty"`
	Name   string     `json:"name,omitempty"`
	Module *ModuleRef `json:"module,omitempty"`
	// Type is Record_Owner_Based or Criteria_Based.
	Type       string         `json:"type,omitempty"`
	SharedFrom *SharingTarget `json:"shared_from,omitempty"`
	SharedTo   *SharingTarget `json:"shared_to,omitempty"`
	Criteria   *Criteria      `json:"criteria,omitempty"`
	// PermissionType is read or read_write_delete.
	PermissionType string `json:"permission_type,omitempty"`
	// SuperiorsAllowed lets the superiors of those shared with see the
	// records too.
	SuperiorsAllowed *bool `json:"superiors_allowed,omitempty"`
	// Status is active or inactive; Activate and Deactivate change it.
	Status             string `json:"status,omitempty"`
	MatchLimitExceeded bool   `json:"match_limit_exceeded"`

	kept
}

func (r *SharingRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r SharingRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// The types of sharing rules and the kinds of those they share between.
const (
	RecordOwnerBased = "Record_Owner_Based"
	CriteriaBased    = "Criteria_Based"

	ShareWithRoles    = "roles"
	ShareWithGroups   = "groups"
	ShareWithAllUsers = "all_users"
)

// SharingTarget is whom a sharing rule shares from or to: a role or a
// group (Resource), or all users.
type SharingTarget struct {
	// Type is ShareWithRoles, ShareWithGroups or ShareWithAllUsers.
	Type     string  `json:"type,omitempty"`
	Resource *NameID `json:"resource,omitempty"`
	// Subordinates takes in the role's subordinates.
	Subordinates bool `json:"subordinates"`

	kept
}

func (t *SharingTarget) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t SharingTarget) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// SharingRuleSummary is a module's count of sharing rules, and whether
// Zoho is applying them to its records now (after a Rerun).
type SharingRuleSummary struct {
	Module                *ModuleRef `json:"module,omitempty"`
	RuleComputationStatus bool       `json:"rule_computation_status"`
	RuleCount             int        `json:"rule_count"`

	kept
}

func (r *SharingRuleSummary) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r SharingRuleSummary) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// SharingRuleListOptions filters SharingRules.List, All, Search and
// SearchAll.
type SharingRuleListOptions struct {
	Module string // a module's rules, by API name; every module's when empty
	ListOptions
}

func (o *SharingRuleListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("module", o.Module)
}

var (
	sharingRules       = keyed[SharingRule]{path: "settings/data_sharing/rules", key: "sharing_rules", what: "sharing rule"}
	sharingRuleSummary = keyed[SharingRuleSummary]{path: "settings/data_sharing/rules/actions/summary", key: "sharing_rules_summary", what: "summary"}
)

// List returns one page of sharing rules (none is an empty slice).
func (s *SharingRulesService) List(ctx context.Context, opts *SharingRuleListOptions) ([]*SharingRule, *Response, error) {
	return sharingRules.list(ctx, s.client, opts.values())
}

// All iterates over the sharing rules of every page.
func (s *SharingRulesService) All(ctx context.Context, opts *SharingRuleListOptions) iter.Seq2[*SharingRule, error] {
	return sharingRules.all(ctx, s.client, opts.values())
}

// Get returns the sharing rule with this id; module (its API name) may be
// empty.
func (s *SharingRulesService) Get(ctx context.Context, id, module string) (*SharingRule, *Response, error) {
	return sharingRules.get(ctx, s.client, id, query("module", module))
}

// Create adds sharing rules to a module (its API name) and returns one
// result per rule in input order. A rule is created active.
func (s *SharingRulesService) Create(ctx context.Context, module string, rules ...*SharingRule) ([]*ActionResult, *Response, error) {
	return inModule(sharingRules, module).write(ctx, s.client, http.MethodPost, "", nil, rules)
}

// Update changes sharing rules of a module, each named by its ID, and
// returns one result per rule in input order.
func (s *SharingRulesService) Update(ctx context.Context, module string, rules ...*SharingRule) ([]*ActionResult, *Response, error) {
	return inModule(sharingRules, module).write(ctx, s.client, http.MethodPut, "", nil, rules)
}

// UpdateOne changes the sharing rule with this id.
func (s *SharingRulesService) UpdateOne(ctx context.Context, module, id string, r *SharingRule) (*ActionResult, *Response, error) {
	return inModule(sharingRules, module).writeOne(ctx, s.client, http.MethodPut, id, nil, r)
}

// Delete deletes the sharing rule with this id.
func (s *SharingRulesService) Delete(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	return single(inModule(sharingRules, module).delete(ctx, s.client, []string{id}))
}

// Activate starts applying the sharing rule with this id; one active
// already is refused (ID_ALREADY_ACTIVE).
func (s *SharingRulesService) Activate(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	return inModule(sharingRules, module).actionOn(ctx, s.client, http.MethodPut, id, "activate", nil, nil)
}

// Deactivate stops applying the sharing rule with this id.
func (s *SharingRulesService) Deactivate(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	return inModule(sharingRules, module).actionOn(ctx, s.client, http.MethodDelete, id, "activate", nil, nil)
}

// Rerun schedules Zoho to apply a module's sharing rules to its records
// again (code SCHEDULED); while that runs, the module's summary says so
// and another Rerun is refused (CANNOT_PROCESS).
func (s *SharingRulesService) Rerun(ctx context.Context, module string) (*ActionResult, *Response, error) {
	return inModule(sharingRules, module).action(ctx, s.client, http.MethodPost, "actions/run", nil, nil)
}

// Search returns one page of the sharing rules matching every filter
// (none: all rules). Zoho filters on name (like), status,
// permission_type, superiors_allowed, shared_from.type, shared_to.type
// (equal) and shared_to.resource.id (in).
func (s *SharingRulesService) Search(ctx context.Context, opts *SharingRuleListOptions, filters ...*Criteria) ([]*SharingRule, *Response, error) {
	req, err := filtered(sharingRules.path+"/search", opts.values(), filters)
	if err != nil {
		return nil, nil, err
	}
	return fetchPageUnder[*SharingRule](ctx, s.client, req, sharingRules.key)
}

// SearchAll iterates over the sharing rules of every page of Search.
func (s *SharingRulesService) SearchAll(ctx context.Context, opts *SharingRuleListOptions, filters ...*Criteria) iter.Seq2[*SharingRule, error] {
	start := ListOptions{}
	if opts != nil {
		start = opts.ListOptions
	}
	return paginate(ctx, start, func(o ListOptions) ([]*SharingRule, *Response, error) {
		page := SharingRuleListOptions{ListOptions: o}
		if opts != nil {
			page.Module = opts.Module
		}
		return s.Search(ctx, &page, filters...)
	})
}

// Summary returns, per module, the count of sharing rules and whether
// Zoho is applying them now; module (its API name) limits it to one.
func (s *SharingRulesService) Summary(ctx context.Context, module string) ([]*SharingRuleSummary, *Response, error) {
	return sharingRuleSummary.list(ctx, s.client, query("module", module))
}

// SummaryOf is Summary counting only the rules that match every filter
// (as Search's).
func (s *SharingRulesService) SummaryOf(ctx context.Context, filters ...*Criteria) ([]*SharingRuleSummary, *Response, error) {
	req, err := filtered(sharingRuleSummary.path, nil, filters)
	if err != nil {
		return nil, nil, err
	}
	return fetchPageUnder[*SharingRuleSummary](ctx, s.client, req, sharingRuleSummary.key)
}

// filtered is the POST of Zoho's settings searches: the filters, all of
// which must hold, as {"filters":[{"group_operator":"and","group":[...]}]}.
func filtered(path string, q url.Values, filters []*Criteria) (*Request, error) {
	body := map[string]any{"filters": []*Criteria{}}
	for i, f := range filters {
		if f == nil {
			return nil, &ValidationError{Field: fmt.Sprintf("filters[%d]", i), Problem: "is nil"}
		}
	}
	if len(filters) > 0 {
		body["filters"] = []*Criteria{{GroupOperator: "and", Group: filters}}
	}
	return &Request{Method: http.MethodPost, Path: path, Query: q, Body: body}, nil
}
