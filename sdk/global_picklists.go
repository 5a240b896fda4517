package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// GlobalPicklistsService manages the org's global picklists (crm-oas
// group global_picklists, /settings/global_picklists), also called global
// sets: lists of values kept once and used by picklist fields of any
// module, so that a value added to the set is offered by every field that
// uses it. OAuth scope: ZohoCRM.settings.global_picklist.ALL (or .READ,
// .CREATE, .UPDATE, .DELETE).
type GlobalPicklistsService service

// GlobalPicklist is one global picklist. Fields without a Go field are
// kept in Extra.
type GlobalPicklist struct {
	ID string `json:"id,omitempty"`
	// DisplayLabel is the set's unique name (50 characters at most), which
	// a create and an update need; APIName is made from it.
	DisplayLabel string `json:"display_label,omitempty"`
	ActualLabel  string `json:"actual_label,omitempty"`
	APIName      string `json:"api_name,omitempty"`
	Description  string `json:"description,omitempty"`
	// PickListValues are the set's values, each new one with its
	// DisplayValue (and ActualValue, the display value unless given); on
	// update, a value named by its ID is changed and one without an ID is
	// added. Type is "used" for values offered, "unused" for values put
	// aside (a replaced value).
	PickListValues []*PickListValue `json:"pick_list_values,omitempty"`
	// PickListValuesSortedLexically orders the values alphabetically,
	// else in the order given.
	PickListValuesSortedLexically *bool   `json:"pick_list_values_sorted_lexically,omitempty"`
	Presence                      *bool   `json:"presence,omitempty"`
	CreatedBy                     *Lookup `json:"created_by,omitempty"`
	CreatedTime                   string  `json:"created_time,omitempty"`
	ModifiedBy                    *Lookup `json:"modified_by,omitempty"`
	ModifiedTime                  string  `json:"modified_time,omitempty"`

	kept
}

func (p *GlobalPicklist) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p GlobalPicklist) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// GlobalPicklistOptions shapes GlobalPicklists.List and Get.
type GlobalPicklistOptions struct {
	// Include asks for more: "used_in_modules" (the modules that use the
	// set) or "pick_list_values" (every value, in a list).
	Include string
	// IncludeInnerDetails names inner keys to add ("pick_list_values.type").
	IncludeInnerDetails string
}

func (o *GlobalPicklistOptions) query() url.Values {
	if o == nil {
		return nil
	}
	return query("include", o.Include, "include_inner_details", o.IncludeInnerDetails)
}

var globalPicklists = keyed[GlobalPicklist]{path: "settings/global_picklists", key: "global_picklists", what: "global picklist"}

// List returns the org's global picklists (none: an empty slice).
func (s *GlobalPicklistsService) List(ctx context.Context, opts *GlobalPicklistOptions) ([]*GlobalPicklist, *Response, error) {
	return globalPicklists.list(ctx, s.client, opts.query())
}

// Get returns the global picklist with this id.
func (s *GlobalPicklistsService) Get(ctx context.Context, id string, opts *GlobalPicklistOptions) (*GlobalPicklist, *Response, error) {
	return globalPicklists.get(ctx, s.client, id, opts.query())
}

// Create adds global picklists, each with a DisplayLabel and its values,
// and returns one result per picklist in input order.
func (s *GlobalPicklistsService) Create(ctx context.Context, picklists ...*GlobalPicklist) ([]*ActionResult, *Response, error) {
	return globalPicklists.write(ctx, s.client, http.MethodPost, "", nil, picklists)
}

// Update changes global picklists, each named by its ID, and returns one
// result per picklist in input order. A value added is accepted at once
// by every field that uses the picklist.
func (s *GlobalPicklistsService) Update(ctx context.Context, picklists ...*GlobalPicklist) ([]*ActionResult, *Response, error) {
	return globalPicklists.write(ctx, s.client, http.MethodPatch, "", nil, picklists)
}

// UpdateOne changes the global picklist with this id.
func (s *GlobalPicklistsService) UpdateOne(ctx context.Context, id string, p *GlobalPicklist) (*ActionResult, *Response, error) {
	return globalPicklists.writeOne(ctx, s.client, http.MethodPatch, id, nil, p)
}

// Delete deletes global picklists by id (?ids=, 100 a call) and returns
// one result per id in input order.
func (s *GlobalPicklistsService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return globalPicklists.delete(ctx, s.client, ids)
}

// DeleteOne deletes the global picklist with this id.
func (s *GlobalPicklistsService) DeleteOne(ctx context.Context, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return globalPicklists.deleteOne(ctx, s.client, url.PathEscape(id), nil)
}

// PicklistReplacement replaces OldValue by NewValue wherever the picklist
// is used (records, criteria, workflow actions, field dependencies). Each
// names a value by its ID, its DisplayValue, or both; the new value must
// be one the picklist offers.
type PicklistReplacement struct {
	OldValue *PickListValue `json:"old_value"`
	NewValue *PickListValue `json:"new_value"`

	kept
}

func (r *PicklistReplacement) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r PicklistReplacement) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

var picklistReplacements = keyed[PicklistReplacement]{path: globalPicklists.path, key: "replace_picklist_values", what: "global picklist"}

// ReplaceValues schedules the replacement of values of the global
// picklist with this id and returns its result, whose JobID names the job;
// an old value replaced is then put aside (unused) and listed by
// ReplacedValues.
func (s *GlobalPicklistsService) ReplaceValues(ctx context.Context, id string, replacements ...*PicklistReplacement) (*ActionResult, *Response, error) {
	if len(replacements) == 0 {
		return nil, nil, &ValidationError{Field: "replacements", Problem: "is empty"}
	}
	return picklistReplacements.actionOn(ctx, s.client, http.MethodPost, id, "replace_picklist_values", nil,
		map[string]any{picklistReplacements.key: replacements})
}

var replacedValues = keyed[PickListValue]{path: globalPicklists.path + "/{}/actions/replaced_values", key: "replaced_values", what: "global picklist"}

// ReplacedValues returns the values of the global picklist with this id
// that a replacement took out of use (none: an empty slice).
func (s *GlobalPicklistsService) ReplacedValues(ctx context.Context, id string) ([]*PickListValue, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return replacedValues.in(id).list(ctx, s.client, nil)
}

// PicklistAssociation is a field that uses a global picklist: the field,
// its module and the layouts that show it.
type PicklistAssociation struct {
	Field   *FieldRef       `json:"field,omitempty"`
	Module  *ModuleRef      `json:"module,omitempty"`
	Layouts []*LayoutStatus `json:"layouts,omitempty"`

	kept
}

func (a *PicklistAssociation) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a PicklistAssociation) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// LayoutStatus names a layout and its status ("active").
type LayoutStatus struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Status string `json:"status,omitempty"`

	kept
}

func (l *LayoutStatus) UnmarshalJSON(b []byte) error { return decodeKept(b, l) }
func (l LayoutStatus) MarshalJSON() ([]byte, error)  { return encodeKept(&l) }

var picklistAssociations = keyed[PicklistAssociation]{path: globalPicklists.path + "/{}/actions/associations", key: "associations", what: "global picklist"}

// Associations returns a page of the fields that use the global picklist
// with this id; Zoho's paging is in Response.Info.
func (s *GlobalPicklistsService) Associations(ctx context.Context, id string, opts *ListOptions) ([]*PicklistAssociation, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	if opts != nil {
		opts.encode(q)
	}
	return picklistAssociations.in(id).list(ctx, s.client, q)
}

// AllAssociations iterates over every field that uses the global picklist
// with this id.
func (s *GlobalPicklistsService) AllAssociations(ctx context.Context, id string) iter.Seq2[*PicklistAssociation, error] {
	return picklistAssociations.in(id).all(ctx, s.client, nil)
}

// PicklistValueAssociation is where a value of a global picklist is used:
// Type says what uses it ("records"...), Resources are the modules (or
// other resources) and, in their Details, the records that hold it.
type PicklistValueAssociation struct {
	Type      string             `json:"type,omitempty"`
	Resources []*PicklistUseSite `json:"resources,omitempty"`

	kept
}

func (a *PicklistValueAssociation) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a PicklistValueAssociation) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// PicklistUseSite is one resource that uses a picklist value (a module by
// its id and name), with the entries that hold it (records, in Zoho's
// record shape).
type PicklistUseSite struct {
	ID      string   `json:"id,omitempty"`
	Name    string   `json:"name,omitempty"`
	Details []Record `json:"details,omitempty"`

	kept
}

func (u *PicklistUseSite) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u PicklistUseSite) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

var valueAssociations = keyed[PicklistValueAssociation]{path: globalPicklists.path + "/{}/actions/pick_list_values_associations", key: "pick_list_values_associations", what: "global picklist"}

// ValueAssociations returns where the value with valueID of the global
// picklist with this id is used (none: an empty slice).
func (s *GlobalPicklistsService) ValueAssociations(ctx context.Context, id, valueID string) ([]*PicklistValueAssociation, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("valueID", valueID); err != nil {
		return nil, nil, err
	}
	return valueAssociations.in(id).list(ctx, s.client, query("picklist_value_id", valueID))
}
