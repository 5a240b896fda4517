package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// MapDependenciesService manages field map dependencies (crm-oas group
// field_map_dependency, /settings/layouts/{layout_id}/map_dependency): in
// a layout of a module, the values of a child picklist offered for each
// value of a parent picklist. Every call names the module (API name) and
// the layout (id). OAuth scope: ZohoCRM.settings.fields.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE).
type MapDependenciesService service

// MapDependency maps the values of Parent, a picklist, to those of Child,
// another picklist of the same layout. Fields without a Go field are kept
// in Extra.
type MapDependency struct {
	ID     string    `json:"id,omitempty"`
	Parent *FieldRef `json:"parent,omitempty"`
	Child  *FieldRef `json:"child,omitempty"`
	// PickListValues are the parent's values, each with the child's
	// values it allows (Maps).
	PickListValues []*DependencyValue `json:"pick_list_values,omitempty"`
	Active         *bool              `json:"active,omitempty"`
	Internal       *bool              `json:"internal,omitempty"`
	Source         int                `json:"source,omitempty"`
	Category       int                `json:"category,omitempty"`
	SubModule      *ModuleRef         `json:"sub_module,omitempty"`

	kept
}

func (d *MapDependency) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d MapDependency) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// DependencyValue is a value of the parent picklist with the values of
// the child it allows (Maps; one with Delete is taken off, on update).
type DependencyValue struct {
	ID           string           `json:"id,omitempty"`
	DisplayValue string           `json:"display_value,omitempty"`
	ActualValue  string           `json:"actual_value,omitempty"`
	Maps         []*DependencyMap `json:"maps,omitempty"`

	kept
}

func (v *DependencyValue) UnmarshalJSON(b []byte) error { return decodeKept(b, v) }
func (v DependencyValue) MarshalJSON() ([]byte, error)  { return encodeKept(&v) }

// DependencyMap is a value of the child picklist.
type DependencyMap struct {
	ID           string `json:"id,omitempty"`
	DisplayValue string `json:"display_value,omitempty"`
	ActualValue  string `json:"actual_value,omitempty"`
	Delete       bool   `json:"_delete,omitempty"`

	kept
}

func (m *DependencyMap) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m DependencyMap) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

var mapDependencies = keyed[MapDependency]{path: "settings/layouts/{}/map_dependency", key: "map_dependency", what: "map dependency"}

func (s *MapDependenciesService) of(module, layoutID string) keyed[MapDependency] {
	return inModule(mapDependencies.in(layoutID), module)
}

// List returns a page of the map dependencies of the layout of module
// with this id; Zoho's paging is in Response.Info.
func (s *MapDependenciesService) List(ctx context.Context, module, layoutID string, opts *ListOptions) ([]*MapDependency, *Response, error) {
	q := url.Values{}
	if opts != nil {
		opts.encode(q)
	}
	return s.of(module, layoutID).list(ctx, s.client, q)
}

// All iterates over every map dependency of the layout.
func (s *MapDependenciesService) All(ctx context.Context, module, layoutID string) iter.Seq2[*MapDependency, error] {
	return s.of(module, layoutID).all(ctx, s.client, nil)
}

// Get returns the map dependency with this id of the layout.
func (s *MapDependenciesService) Get(ctx context.Context, module, layoutID, id string) (*MapDependency, *Response, error) {
	return s.of(module, layoutID).get(ctx, s.client, id, nil)
}

// Create adds map dependencies to the layout, each naming its Parent and
// Child picklists and the mapping of their values, and returns one
// result per dependency in input order.
func (s *MapDependenciesService) Create(ctx context.Context, module, layoutID string, deps ...*MapDependency) ([]*ActionResult, *Response, error) {
	return s.of(module, layoutID).write(ctx, s.client, http.MethodPost, "", nil, deps)
}

// Update changes the map dependency with this id of the layout: the
// parent's values given replace their mappings.
func (s *MapDependenciesService) Update(ctx context.Context, module, layoutID, id string, d *MapDependency) (*ActionResult, *Response, error) {
	return s.of(module, layoutID).writeOne(ctx, s.client, http.MethodPut, id, nil, d)
}

// Delete deletes the map dependency with this id of the layout.
func (s *MapDependenciesService) Delete(ctx context.Context, module, layoutID, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return s.of(module, layoutID).deleteOne(ctx, s.client, url.PathEscape(id), nil)
}
