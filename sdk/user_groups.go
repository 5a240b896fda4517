package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// UserGroupsService manages groups of users, roles, territories and other
// groups (crm-oas group user_groups, settings/user_groups; the groups of
// one user are Users.AssociatedGroups). OAuth scope:
// ZohoCRM.settings.user_groups.ALL (or .READ, .CREATE, .UPDATE, .DELETE).
type UserGroupsService service

// UserGroup is a group. Sources are its members as written; Zoho's
// answers count them in SourcesCount (Sources lists them). Fields without
// a Go field are kept in Extra.
type UserGroup struct {
	ID           string             `json:"id,omitempty"`
	Name         string             `json:"name,omitempty"` // unique in the org
	Description  string             `json:"description,omitempty"`
	Sources      []*GroupSource     `json:"sources,omitempty"`
	SourcesCount *GroupSourcesCount `json:"sources_count,omitempty"`

	kept
}

// The kinds of group members.
const (
	SourceUsers       = "users"
	SourceRoles       = "roles"
	SourceGroups      = "groups"
	SourceTerritories = "territories"
)

// GroupSource is a member of a group: a user, role, territory or group.
type GroupSource struct {
	Type   string  `json:"type"` // SourceUsers, SourceRoles, SourceGroups or SourceTerritories
	Source *Lookup `json:"source"`
	// Subordinates takes in the role's or territory's subordinates.
	Subordinates *bool `json:"subordinates,omitempty"`
	// SubTerritories takes in a territory's child territories.
	SubTerritories *bool `json:"sub_territories,omitempty"`
	// Remove takes the member out of the group, on update.
	Remove bool `json:"_delete,omitempty"`

	kept
}

func (g *UserGroup) UnmarshalJSON(b []byte) error { return decodeKept(b, g) }
func (g UserGroup) MarshalJSON() ([]byte, error)  { return encodeKept(&g) }

func (s *GroupSource) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s GroupSource) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

// CreatedBy is who created the group.
func (g *UserGroup) CreatedBy() *Lookup { return rawFields(g.Extra()).lookup("created_by") }

// ModifiedBy is who changed it last; nil if no one did.
func (g *UserGroup) ModifiedBy() *Lookup { return rawFields(g.Extra()).lookup("modified_by") }

// CreatedTime is when it was created (zero if Zoho's text does not parse).
func (g *UserGroup) CreatedTime() time.Time { return rawFields(g.Extra()).time("created_time") }

// ModifiedTime is when it was changed last.
func (g *UserGroup) ModifiedTime() time.Time { return rawFields(g.Extra()).time("modified_time") }

// GroupSourcesCount counts a group's members by kind.
type GroupSourcesCount struct {
	Territories int              `json:"territories,omitempty"`
	Roles       int              `json:"roles,omitempty"`
	Groups      int              `json:"groups,omitempty"`
	Users       *GroupUsersCount `json:"users,omitempty"`

	kept
}

func (c *GroupSourcesCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c GroupSourcesCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// GroupUsersCount counts a group's users: Zoho writes one number in a
// group's sources_count and, from the sources count call, the active,
// inactive and deleted users apart. It encodes back in the form it came
// in.
type GroupUsersCount struct {
	Active, Inactive, Deleted int
	total                     int
	plain                     bool // came as one number
}

// Total is how many users the group has.
func (c *GroupUsersCount) Total() int {
	if c == nil {
		return 0
	}
	if c.plain {
		return c.total
	}
	return c.Active + c.Inactive + c.Deleted
}

func (c *GroupUsersCount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] != '{' {
		*c = GroupUsersCount{plain: true}
		return json.Unmarshal(b, &c.total)
	}
	var v struct{ Active, Inactive, Deleted *int }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = GroupUsersCount{}
	for _, p := range []struct {
		from *int
		to   *int
	}{{v.Active, &c.Active}, {v.Inactive, &c.Inactive}, {v.Deleted, &c.Deleted}} {
		if p.from != nil {
			*p.to = *p.from
		}
	}
	return nil
}

func (c GroupUsersCount) MarshalJSON() ([]byte, error) {
	if c.plain {
		return json.Marshal(c.total)
	}
	return json.Marshal(map[string]int{"active": c.Active, "inactive": c.Inactive, "deleted": c.Deleted})
}

// body is what Zoho takes of a group on a write: its name, description
// and the sources it adds or removes (with its id when withID).
func (g *UserGroup) body(withID bool) map[string]any {
	m := map[string]any{}
	if withID {
		m["id"] = g.ID
	}
	if g.Name != "" {
		m["name"] = g.Name
	}
	if g.Description != "" {
		m["description"] = g.Description
	}
	if len(g.Sources) > 0 {
		m["sources"] = g.Sources
	}
	return m
}

func (g *UserGroup) validate(field string, create bool) error {
	if g == nil {
		return &ValidationError{Field: field, Problem: "is nil"}
	}
	if create && strings.TrimSpace(g.Name) == "" {
		return &ValidationError{Field: field, Problem: "has no name"}
	}
	for i, src := range g.Sources {
		f := fmt.Sprintf("%s.Sources[%d]", field, i)
		if src == nil || src.Source == nil || src.Source.ID == "" {
			return &ValidationError{Field: f, Problem: "names no member; set Source.ID"}
		}
		switch src.Type {
		case SourceUsers, SourceRoles, SourceGroups, SourceTerritories:
		default:
			return &ValidationError{Field: f + ".Type", Problem: fmt.Sprintf("is %q; Zoho takes users, roles, groups or territories", src.Type)}
		}
	}
	return nil
}

// bodies validates groups and returns what is sent of each.
func groupBodies(groups []*UserGroup, create, withID bool) ([]map[string]any, error) {
	bodies := make([]map[string]any, len(groups))
	for i, g := range groups {
		field := fmt.Sprintf("groups[%d]", i)
		if err := g.validate(field, create); err != nil {
			return nil, err
		}
		if withID {
			if err := requireID(field+".ID", g.ID); err != nil {
				return nil, err
			}
		}
		bodies[i] = g.body(withID)
	}
	return bodies, nil
}

var userGroups = keyed[UserGroup]{path: "settings/user_groups", key: "user_groups", what: "user group"}

// includeSourcesCount is the include parameter asking for each group's
// count of members.
func includeSourcesCount(on bool) string {
	if on {
		return "sources_count"
	}
	return ""
}

// filtersParam writes criteria as the JSON of a filters parameter ("" for
// none).
func filtersParam(c *Criteria) string {
	if c == nil {
		return ""
	}
	b, err := json.Marshal(c)
	if err != nil {
		return ""
	}
	return string(b)
}

// UserGroupListOptions filters and pages Lists.
type UserGroupListOptions struct {
	Name string // only the group of this name
	// IncludeSourcesCount adds each group's count of members by kind.
	IncludeSourcesCount bool
	// Filters selects groups by name (comparators contains, starts_with).
	Filters *Criteria
	ListOptions
}

func (o *UserGroupListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("name", o.Name, "include", includeSourcesCount(o.IncludeSourcesCount), "filters", filtersParam(o.Filters))
}

// List returns one page of the org's groups; none is an empty slice.
func (s *UserGroupsService) List(ctx context.Context, opts *UserGroupListOptions) ([]*UserGroup, *Response, error) {
	return userGroups.list(ctx, s.client, opts.values())
}

// All iterates over every group, page by page.
func (s *UserGroupsService) All(ctx context.Context, opts *UserGroupListOptions) iter.Seq2[*UserGroup, error] {
	return userGroups.all(ctx, s.client, opts.values())
}

// Get returns one group.
func (s *UserGroupsService) Get(ctx context.Context, id string) (*UserGroup, *Response, error) {
	return userGroups.get(ctx, s.client, id, nil)
}

// Create creates groups; one result per group in input order, the new id
// in ActionResult.ID. A name taken already is a failed result
// (DUPLICATE_DATA).
func (s *UserGroupsService) Create(ctx context.Context, groups []*UserGroup) ([]*ActionResult, *Response, error) {
	bodies, err := groupBodies(groups, true, false)
	if err != nil {
		return nil, nil, err
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPost, Path: userGroups.path}, userGroups.key, MaxRecordsPerWrite, bodies)
}

// UpdateMany changes groups, each named by its ID, as Update does, and
// returns one result per group in input order.
func (s *UserGroupsService) UpdateMany(ctx context.Context, groups ...*UserGroup) ([]*ActionResult, *Response, error) {
	bodies, err := groupBodies(groups, false, true)
	if err != nil {
		return nil, nil, err
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPut, Path: userGroups.path}, userGroups.key, MaxRecordsPerWrite, bodies)
}

// Update changes a group: the name and description it gives, and the
// sources it lists are added, or removed when marked Remove.
func (s *UserGroupsService) Update(ctx context.Context, id string, g *UserGroup) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := g.validate("group", false); err != nil {
		return nil, nil, err
	}
	return userGroups.action(ctx, s.client, http.MethodPut, url.PathEscape(id), nil, map[string]any{userGroups.key: []map[string]any{g.body(false)}})
}

// Delete deletes a group. Zoho deletes a small group at once (a SUCCESS
// result with its id) and schedules the deletion of a bigger one (code
// SCHEDULED, its job's id in the result's JobID): DeletionJob and
// WaitDeletionJob follow it.
func (s *UserGroupsService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return groupDeletions.schedule(ctx, s.client, userGroups.request(http.MethodDelete, url.PathEscape(id), nil))
}

// GroupDeletionJob is where a scheduled deletion of a group stands.
type GroupDeletionJob struct {
	Status string `json:"Status,omitempty"` // SCHEDULED, IN_PROGRESS, COMPLETED or FAILED
	kept
}

func (j *GroupDeletionJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j GroupDeletionJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended, done or failed.
func (j *GroupDeletionJob) Done() bool { return jobEnded(j.Status) }

var groupDeletions = job[GroupDeletionJob, *GroupDeletionJob]{resultKey: userGroups.key, statusKey: "deletion_jobs", what: "user group deletion"}

// DeletionJob returns where the deletion job with this id stands (GET
// settings/user_groups/actions/deletion_jobs?job_id=).
func (s *UserGroupsService) DeletionJob(ctx context.Context, jobID string) (*GroupDeletionJob, *Response, error) {
	return groupDeletions.status(ctx, s.client, userGroups.path+"/actions/deletion_jobs", jobID, nil)
}

// WaitDeletionJob polls the deletion job with this id until it has ended
// and returns its last state.
func (s *UserGroupsService) WaitDeletionJob(ctx context.Context, jobID string, opts *WaitOptions) (*GroupDeletionJob, *Response, error) {
	return groupDeletions.wait(ctx, jobID, opts, func(ctx context.Context) (*GroupDeletionJob, *Response, error) {
		return s.DeletionJob(ctx, jobID)
	})
}

// GroupSourceListOptions filters and pages Sources.
type GroupSourceListOptions struct {
	Type     string // SourceUsers, SourceRoles, SourceGroups or SourceTerritories; all when empty
	UserType string // of users: active, inactive or deleted
	ListOptions
}

func (o *GroupSourceListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("type", o.Type, "user_type", o.UserType)
}

var groupSources = keyed[GroupSource]{path: "settings/user_groups/{}/sources", key: "sources", what: "group source"}

// Sources lists one page of a group's members (none is an empty slice).
func (s *UserGroupsService) Sources(ctx context.Context, id string, opts *GroupSourceListOptions) ([]*GroupSource, *Response, error) {
	return groupSources.in(id).list(ctx, s.client, opts.values())
}

// AllSources iterates over a group's members, page by page.
func (s *UserGroupsService) AllSources(ctx context.Context, id string, opts *GroupSourceListOptions) iter.Seq2[*GroupSource, error] {
	return groupSources.in(id).all(ctx, s.client, opts.values())
}

// SourcesCount counts a group's members by kind, its users as active,
// inactive and deleted (GET settings/user_groups/{id}/actions/sources_count).
func (s *UserGroupsService) SourcesCount(ctx context.Context, id string) (*GroupSourcesCount, *Response, error) {
	return keyed[GroupSourcesCount]{path: "settings/user_groups/{}/actions/sources_count", key: "sources_count", what: "user group"}.in(id).one(ctx, s.client, nil)
}

// GroupAssociation is a place a group is used: a sharing rule, workflow
// or assignment rule, approval or review process, email notification or
// calendar booking, and the module it is for.
type GroupAssociation struct {
	// Type is data_sharing, workflow_rules, assignment_rules,
	// approval_process, review_process, email_notification or
	// calendar_bookings.
	Type     string             `json:"type,omitempty"`
	Resource *NameID            `json:"resource,omitempty"` // the rule or process
	Detail   *AssociationDetail `json:"detail,omitempty"`

	kept
}

// AssociationDetail says what a group's association is for.
type AssociationDetail struct {
	Module *ModuleRef `json:"module,omitempty"`
	kept
}

func (a *GroupAssociation) UnmarshalJSON(b []byte) error  { return decodeKept(b, a) }
func (a GroupAssociation) MarshalJSON() ([]byte, error)   { return encodeKept(&a) }
func (d *AssociationDetail) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d AssociationDetail) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// Associations lists where a group is used (GET
// settings/user_groups/{id}/actions/associations; nowhere is an empty
// slice).
func (s *UserGroupsService) Associations(ctx context.Context, id string) ([]*GroupAssociation, *Response, error) {
	return keyed[GroupAssociation]{path: "settings/user_groups/{}/actions/associations", key: "associations", what: "user group"}.in(id).list(ctx, s.client, nil)
}

// GroupUserCount is how many users a group has, inactive ones included.
type GroupUserCount struct {
	UserGroup *NameID `json:"user_group,omitempty"`
	Count     int     `json:"count"`
	kept
}

func (c *GroupUserCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c GroupUserCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// GroupUserCountOptions filters and pages AssociatedUsersCount.
type GroupUserCountOptions struct {
	// Filters selects groups by name or description (comparators equal,
	// starts_with).
	Filters *Criteria
	ListOptions
}

func (o *GroupUserCountOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("filters", filtersParam(o.Filters))
}

var groupUserCounts = keyed[GroupUserCount]{path: "settings/user_groups/actions/associated_users_count", key: "associated_users_count", what: "user count"}

// AssociatedUsersCount returns one page of the groups with how many users
// each has (GET settings/user_groups/actions/associated_users_count).
func (s *UserGroupsService) AssociatedUsersCount(ctx context.Context, opts *GroupUserCountOptions) ([]*GroupUserCount, *Response, error) {
	return groupUserCounts.list(ctx, s.client, opts.values())
}

// AllAssociatedUsersCounts iterates over every group's count of users.
func (s *UserGroupsService) AllAssociatedUsersCounts(ctx context.Context, opts *GroupUserCountOptions) iter.Seq2[*GroupUserCount, error] {
	return groupUserCounts.all(ctx, s.client, opts.values())
}

// GroupedCount is how many of a group's users share a value of what they
// are grouped by (their status: active, inactive, deleted).
type GroupedCount struct {
	Status string `json:"status,omitempty"`
	Count  int    `json:"count"`
	kept
}

func (c *GroupedCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c GroupedCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// GroupedCounts counts a group's users grouped by groupBy ("status"), GET
// settings/user_groups/{id}/associated_users/actions/grouped_counts.
func (s *UserGroupsService) GroupedCounts(ctx context.Context, id, groupBy string) ([]*GroupedCount, *Response, error) {
	if err := requireID("groupBy", groupBy); err != nil {
		return nil, nil, err
	}
	return keyed[GroupedCount]{path: "settings/user_groups/{}/associated_users/actions/grouped_counts", key: "grouped_counts", what: "user group"}.
		in(id).list(ctx, s.client, url.Values{"group_by": {groupBy}})
}

// GroupAssignmentQuery asks which groups a feature's entity (a user, a
// rule) is assigned to, or not: Assigned and Unassigned.
type GroupAssignmentQuery struct {
	// Feature is what the groups are assigned in; Zoho documents
	// "user_groups", the default.
	Feature         string    `json:"feature"`
	RelatedEntityID string    `json:"related_entity_id"`
	Filters         *Criteria `json:"filters,omitempty"`
	Page            int       `json:"page,omitempty"`
	PerPage         int       `json:"per_page,omitempty"`
}

// Assigned returns one page of the groups the query's entity is assigned
// to (POST settings/user_groups/actions/get_assigned). Zoho documents the
// request only; the answer is read as the group lists are, under
// "user_groups" with the paging in Response.Info.
func (s *UserGroupsService) Assigned(ctx context.Context, q *GroupAssignmentQuery) ([]*UserGroup, *Response, error) {
	return s.assignment(ctx, "get_assigned", q)
}

// Unassigned returns one page of the groups the query's entity is not
// assigned to (POST settings/user_groups/actions/get_unassigned), read as
// Assigned.
func (s *UserGroupsService) Unassigned(ctx context.Context, q *GroupAssignmentQuery) ([]*UserGroup, *Response, error) {
	return s.assignment(ctx, "get_unassigned", q)
}

func (s *UserGroupsService) assignment(ctx context.Context, action string, q *GroupAssignmentQuery) ([]*UserGroup, *Response, error) {
	if q == nil {
		return nil, nil, &ValidationError{Field: "query", Problem: "is nil"}
	}
	if err := requireID("query.RelatedEntityID", q.RelatedEntityID); err != nil {
		return nil, nil, err
	}
	body := *q
	if body.Feature == "" {
		body.Feature = "user_groups"
	}
	req := &Request{Method: http.MethodPost, Path: userGroups.path + "/actions/" + action, Body: map[string]any{action: body}}
	return fetchPageUnder[*UserGroup](ctx, s.client, req, userGroups.key)
}
