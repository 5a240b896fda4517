package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// CustomViewsService reads and updates custom views and changes how they
// sort their records (crm-oas group custom_views,
// /settings/custom_views?module=). OAuth scope:
// ZohoCRM.settings.custom_views.ALL (or .READ, .UPDATE).
type CustomViewsService service

// CustomView is a custom view of a module. Fields without a Go field
// (criteria, shared details...) are kept in Extra.
type CustomView struct {
	ID            string `json:"id,omitempty"`
	Name          string `json:"name,omitempty"`
	DisplayValue  string `json:"display_value,omitempty"`
	SystemName    string `json:"system_name,omitempty"`
	Default       bool   `json:"default,omitempty"`
	SystemDefined bool   `json:"system_defined,omitempty"`
	Category      string `json:"category,omitempty"`
	// Fields are the view's columns, SortBy and SortOrder its order (get
	// by id only): API names in v2, objects in v8, both read as FieldRef.
	Fields    []FieldRef `json:"fields,omitempty"`
	SortBy    *FieldRef  `json:"sort_by,omitempty"`
	SortOrder string     `json:"sort_order,omitempty"`

	kept
	falses sentFalse
}

func (v *CustomView) UnmarshalJSON(b []byte) error {
	v.falses = noteFalse(b, "default", "system_defined")
	return decodeKept(b, v)
}

func (v CustomView) MarshalJSON() ([]byte, error) {
	b, err := encodeKept(&v)
	return v.falses.add(b, err, map[string]bool{"default": v.Default, "system_defined": v.SystemDefined})
}

// FieldNames returns the API names of the view's columns.
func (v *CustomView) FieldNames() []string {
	out := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		out[i] = f.APIName
	}
	return out
}

type customViewsAnswer struct {
	CustomViews []*CustomView `json:"custom_views"`
	Info        *PageInfo     `json:"info"`
}

// List returns one page of a module's custom views (Response.Info pages
// them).
func (s *CustomViewsService) List(ctx context.Context, module string, opts *ListOptions) ([]*CustomView, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	q := url.Values{"module": {module}}
	if opts != nil {
		opts.encode(q)
	}
	var answer customViewsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/custom_views", Query: q}, &answer)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = answer.Info
	if answer.CustomViews == nil {
		answer.CustomViews = []*CustomView{}
	}
	return answer.CustomViews, resp, nil
}

// Get returns a custom view of a module by id, with its columns and order.
// Response.Info holds Zoho's info, the labels of the view categories
// (translation) among it.
func (s *CustomViewsService) Get(ctx context.Context, module, id string) (*CustomView, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/custom_views/" + url.PathEscape(id)
	var answer customViewsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = answer.Info
	if len(answer.CustomViews) == 0 {
		return nil, resp, noContent("custom view", id, path)
	}
	return answer.CustomViews[0], resp, nil
}

// CustomViewUpdate is what Update changes; empty fields are left as they
// are.
type CustomViewUpdate struct {
	Name      string
	SortBy    string   // a field's API name
	SortOrder string   // asc or desc
	Fields    []string // the columns, by API name
}

// Update changes a custom view (PUT settings/custom_views/{id}?module=).
// Fields are sent by API name before v8 and as {"api_name"} objects from
// v8, as those versions write them. A change Zoho refuses is returned as a
// *RecordError naming the field (RecordError.Field).
func (s *CustomViewsService) Update(ctx context.Context, module, id string, change CustomViewUpdate) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if change.SortOrder != "" && change.SortOrder != "asc" && change.SortOrder != "desc" {
		return nil, nil, &ValidationError{Field: "SortOrder", Problem: "is " + strconv.Quote(change.SortOrder) + "; use asc or desc"}
	}
	objects := apiMajor(s.client.core.cfg.APIVersion) >= 8
	body := map[string]any{}
	if change.Name != "" {
		body["name"] = change.Name
	}
	if change.SortBy != "" {
		body["sort_by"] = NewFieldRef(change.SortBy, objects)
	}
	if change.SortOrder != "" {
		body["sort_order"] = change.SortOrder
	}
	if len(change.Fields) > 0 {
		refs := make([]FieldRef, len(change.Fields))
		for i, f := range change.Fields {
			refs[i] = NewFieldRef(f, objects)
		}
		body["fields"] = refs
	}
	if len(body) == 0 {
		return nil, nil, &ValidationError{Field: "change", Problem: "changes nothing; set Name, SortBy, SortOrder or Fields"}
	}
	req := &Request{Method: http.MethodPut, Path: "settings/custom_views/" + url.PathEscape(id), Query: url.Values{"module": {module}},
		Body: map[string]any{"custom_views": []any{body}}}
	return single(s.client.keyedWrite(ctx, req, "custom_views", 1))
}

// apiMajor reads the major number of an API version (v2.1 -> 2); 0 if it
// cannot.
func apiMajor(version string) int {
	num, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	n, _ := strconv.Atoi(num)
	return n
}

// ViewSort is how ChangeSorts sorts a view's records: by the field SortBy
// (its API name), SortOrder asc or desc.
type ViewSort struct {
	ID        string
	SortBy    string
	SortOrder string
}

// viewSortBody is a ViewSort as Zoho takes it.
type viewSortBody struct {
	ID        string    `json:"id,omitempty"`
	SortBy    *FieldRef `json:"sort_by,omitempty"`
	SortOrder string    `json:"sort_order,omitempty"`
}

var customViewSorts = keyed[viewSortBody]{path: "settings/custom_views", key: "custom_views", what: "custom view"}

func (v ViewSort) body(i int) (*viewSortBody, error) {
	if v.SortOrder != "" && v.SortOrder != "asc" && v.SortOrder != "desc" {
		return nil, &ValidationError{Field: fmt.Sprintf("sorts[%d].SortOrder", i), Problem: "is " + strconv.Quote(v.SortOrder) + "; use asc or desc"}
	}
	if v.SortBy == "" {
		return nil, &ValidationError{Field: fmt.Sprintf("sorts[%d].SortBy", i), Problem: "is empty"}
	}
	ref := NewFieldRef(v.SortBy, true)
	return &viewSortBody{ID: v.ID, SortBy: &ref, SortOrder: v.SortOrder}, nil
}

// ChangeSorts changes how custom views of a module sort their records,
// each view named by its ID, and returns one result per view in input
// order.
func (s *CustomViewsService) ChangeSorts(ctx context.Context, module string, sorts ...ViewSort) ([]*ActionResult, *Response, error) {
	bodies := make([]*viewSortBody, len(sorts))
	for i, v := range sorts {
		if err := requireID(fmt.Sprintf("sorts[%d].ID", i), v.ID); err != nil {
			return nil, nil, err
		}
		b, err := v.body(i)
		if err != nil {
			return nil, nil, err
		}
		bodies[i] = b
	}
	return inModule(customViewSorts, module).write(ctx, s.client, http.MethodPut, "actions/change_sort", nil, bodies)
}

// ChangeSort changes how the custom view of a module with this id sorts
// its records: by the field sortBy (its API name), sortOrder asc or desc.
func (s *CustomViewsService) ChangeSort(ctx context.Context, module, id, sortBy, sortOrder string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	b, err := ViewSort{SortBy: sortBy, SortOrder: sortOrder}.body(0)
	if err != nil {
		return nil, nil, err
	}
	return single(inModule(customViewSorts, module).write(ctx, s.client, http.MethodPut, url.PathEscape(id)+"/actions/change_sort", nil, []*viewSortBody{b}))
}
