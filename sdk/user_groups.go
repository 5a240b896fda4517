package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// UserGroupsService manages groups of users, roles, territories and other
// groups (settings/user_groups).
type UserGroupsService service

// UserGroup is a group. Sources are its members as written; Zoho's
// answers count them in SourcesCount (Sources lists them). Fields without
// a Go field are kept in Extra.
type UserGroup struct {
	ID           string         `json:"id,omitempty"`
	Name         string         `json:"name,omitempty"` // unique in the org
	Description  string         `json:"description,omitempty"`
	Sources      []*GroupSource `json:"sources,omitempty"`
	SourcesCount map[string]int `json:"sources_count,omitempty"` // by type: users, roles, territories, groups

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
	Subordinates bool `json:"subordinates,omitempty"`
	// Remove takes the member out of the group, on update.
	Remove bool `json:"_delete,omitempty"`
}

func (g *UserGroup) UnmarshalJSON(b []byte) error { return decodeKept(b, g) }
func (g UserGroup) MarshalJSON() ([]byte, error)  { return encodeKept(&g) }

// CreatedBy is who created the group.
func (g *UserGroup) CreatedBy() *Lookup { return g.fields().lookup("created_by") }

// ModifiedBy is who changed it last; nil if no one did.
func (g *UserGroup) ModifiedBy() *Lookup { return g.fields().lookup("modified_by") }

// CreatedTime is when it was created (zero if Zoho's text does not parse).
func (g *UserGroup) CreatedTime() time.Time { return g.fields().time("created_time") }

// ModifiedTime is when it was changed last.
func (g *UserGroup) ModifiedTime() time.Time { return g.fields().time("modified_time") }

func (g *UserGroup) body() map[string]any {
	m := map[string]any{}
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

// UserGroupListOptions filters and pages Lists.
type UserGroupListOptions struct {
	Name string // only the group of this name
	ListOptions
}

// List returns one page of the org's groups; none is an empty slice.
func (s *UserGroupsService) List(ctx context.Context, opts *UserGroupListOptions) ([]*UserGroup, *Response, error) {
	q := url.Values{}
	if opts != nil {
		if opts.Name != "" {
			q.Set("name", opts.Name)
		}
		opts.ListOptions.encode(q)
	}
	return fetchPageUnder[*UserGroup](ctx, s.client, &Request{Method: http.MethodGet, Path: "settings/user_groups", Query: q}, "user_groups")
}

// All iterates over every group, page by page.
func (s *UserGroupsService) All(ctx context.Context, opts *UserGroupListOptions) iter.Seq2[*UserGroup, error] {
	o := UserGroupListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*UserGroup, *Response, error) {
		o.ListOptions = lo
		return s.List(ctx, &o)
	})
}

// Get returns one group.
func (s *UserGroupsService) Get(ctx context.Context, id string) (*UserGroup, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	var body struct {
		Groups []*UserGroup `json:"user_groups"`
	}
	path := "settings/user_groups/" + url.PathEscape(id)
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Groups) == 0 {
		return nil, resp, noContent("user group", id, path)
	}
	return body.Groups[0], resp, nil
}

// Create creates groups; one result per group in input order, the new id
// in ActionResult.ID. A name taken already is a failed result
// (DUPLICATE_DATA).
func (s *UserGroupsService) Create(ctx context.Context, groups []*UserGroup) ([]*ActionResult, *Response, error) {
	bodies := make([]map[string]any, len(groups))
	for i, g := range groups {
		if err := g.validate(fmt.Sprintf("groups[%d]", i), true); err != nil {
			return nil, nil, err
		}
		bodies[i] = g.body()
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPost, Path: "settings/user_groups"}, "user_groups", 100, bodies)
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
	return single(s.client.keyedWrite(ctx, &Request{Method: http.MethodPut, Path: "settings/user_groups/" + url.PathEscape(id),
		Body: map[string]any{"user_groups": []map[string]any{g.body()}}}, "user_groups", 1))
}

// Delete deletes a group.
func (s *UserGroupsService) Delete(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return single(s.client.keyedWrite(ctx, &Request{Method: http.MethodDelete, Path: "settings/user_groups/" + url.PathEscape(id)}, "user_groups", 1))
}

// Sources lists a group's members, of one type when sourceType is not "".
func (s *UserGroupsService) Sources(ctx context.Context, id, sourceType string) ([]*GroupSource, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	if sourceType != "" {
		q.Set("type", sourceType)
	}
	var body struct {
		Sources []*GroupSource `json:"sources"`
		Info    *PageInfo      `json:"info"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/user_groups/" + url.PathEscape(id) + "/sources", Query: q}, &body)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = body.Info
	if body.Sources == nil {
		body.Sources = []*GroupSource{}
	}
	return body.Sources, resp, nil
}
