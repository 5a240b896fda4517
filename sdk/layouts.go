package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
)

// LayoutsService reads a module's layouts and changes, activates,
// deactivates and deletes them (crm-oas group layouts,
// /settings/layouts?module=). A deactivated layout takes no new records.
// OAuth scope: ZohoCRM.settings.layouts.ALL (or .READ, .UPDATE,
// .DELETE).
type LayoutsService service

// Layout is a module's layout: its sections and their fields. Fields
// without a Go field (status, which is a number in v2 and text in v8, for
// one) are kept in Extra.
type Layout struct {
	ID           string           `json:"id,omitempty"`
	Name         string           `json:"name,omitempty"`
	Visible      bool             `json:"visible,omitempty"`
	CreatedBy    *Lookup          `json:"created_by,omitempty"`
	ModifiedBy   *Lookup          `json:"modified_by,omitempty"`
	CreatedTime  string           `json:"created_time,omitempty"`
	ModifiedTime string           `json:"modified_time,omitempty"`
	Profiles     []*LayoutProfile `json:"profiles,omitempty"`
	Sections     []*Section       `json:"sections,omitempty"`

	kept
	falses sentFalse
}

// Active reports whether the layout takes new records: Zoho's status is
// "active" (v8) or 1 (v2).
func (l *Layout) Active() bool {
	switch string(l.Extra()["status"]) {
	case `"active"`, "1":
		return true
	}
	return false
}

func (l *Layout) UnmarshalJSON(b []byte) error {
	l.falses = noteFalse(b, "visible")
	return decodeKept(b, l)
}

func (l Layout) MarshalJSON() ([]byte, error) {
	b, err := encodeKept(&l)
	return l.falses.add(b, err, map[string]bool{"visible": l.Visible})
}

// Fields returns the fields of every section, in order.
func (l *Layout) Fields() []*Field {
	var out []*Field
	for _, s := range l.Sections {
		out = append(out, s.Fields...)
	}
	return out
}

// LayoutProfile is a profile a layout is assigned to.
type LayoutProfile struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Default bool   `json:"default,omitempty"`

	kept
}

func (p *LayoutProfile) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p LayoutProfile) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// Section is a section of a layout. Zoho names its title and position
// label and sequence in v2 and display_label and sequence_number in v8;
// both read into DisplayLabel and SequenceNumber, and a Section encodes
// back in the keys it came with.
type Section struct {
	Name           string   `json:"name,omitempty"`
	DisplayLabel   string   `json:"display_label,omitempty"`
	SequenceNumber int      `json:"sequence_number,omitempty"`
	ColumnCount    int      `json:"column_count,omitempty"`
	Fields         []*Field `json:"fields,omitempty"`

	kept
	// labelAlone and sequenceAlone: the title or position came under its
	// v2 name only, and is encoded back so.
	labelAlone, sequenceAlone bool
}

func (s *Section) UnmarshalJSON(b []byte) error {
	if err := decodeKept(b, s); err != nil {
		return err
	}
	var err error
	if s.labelAlone, err = fromV2(s.extra, "label", &s.DisplayLabel); err != nil {
		return err
	}
	s.sequenceAlone, err = fromV2(s.extra, "sequence", &s.SequenceNumber)
	return err
}

// MarshalJSON writes the title and position under the names they came
// with.
func (s Section) MarshalJSON() ([]byte, error) {
	s.extra = maps.Clone(s.extra)
	toV2(s.extra, "label", &s.DisplayLabel, s.labelAlone)
	toV2(s.extra, "sequence", &s.SequenceNumber, s.sequenceAlone)
	return encodeKept(&s)
}

// fromV2 reads v2's key of extra into *v8 when that is empty, and reports
// whether it did.
func fromV2[T comparable](extra map[string]json.RawMessage, key string, v8 *T) (bool, error) {
	raw, ok := extra[key]
	var zero T
	if !ok || *v8 != zero {
		return false, nil
	}
	if err := json.Unmarshal(raw, v8); err != nil {
		return false, fmt.Errorf("%s: %w", key, err)
	}
	return true, nil
}

// toV2 writes *v8 back under v2's key, if extra has it, and empties *v8
// when it came under that key alone.
func toV2[T any](extra map[string]json.RawMessage, key string, v8 *T, alone bool) {
	if _, ok := extra[key]; !ok {
		return
	}
	extra[key], _ = json.Marshal(*v8)
	if alone {
		var zero T
		*v8 = zero
	}
}

type layoutsAnswer struct {
	Layouts []*Layout `json:"layouts"`
}

// List returns the layouts of a module.
func (s *LayoutsService) List(ctx context.Context, module string) ([]*Layout, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	var answer layoutsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/layouts", Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Layouts == nil {
		answer.Layouts = []*Layout{}
	}
	return answer.Layouts, resp, nil
}

// Get returns one layout of a module by id.
func (s *LayoutsService) Get(ctx context.Context, module, id string) (*Layout, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/layouts/" + url.PathEscape(id)
	var answer layoutsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Layouts) == 0 {
		return nil, resp, noContent("layout", id, path)
	}
	return answer.Layouts[0], resp, nil
}

var layoutsKeyed = keyed[Layout]{path: "settings/layouts", key: "layouts", what: "layout"}

// Update changes layouts of a module, each named by its ID (its name,
// its profiles, its sections), and returns one result per layout in input
// order.
func (s *LayoutsService) Update(ctx context.Context, module string, layouts ...*Layout) ([]*ActionResult, *Response, error) {
	return inModule(layoutsKeyed, module).write(ctx, s.client, http.MethodPatch, "", nil, layouts)
}

// UpdateOne changes the layout of a module with this id.
func (s *LayoutsService) UpdateOne(ctx context.Context, module, id string, l *Layout) (*ActionResult, *Response, error) {
	return inModule(layoutsKeyed, module).writeOne(ctx, s.client, http.MethodPatch, id, nil, l)
}

// Delete deletes the custom layout of a module with this id; its
// records move to the layout transferTo.
func (s *LayoutsService) Delete(ctx context.Context, module, id, transferTo string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("transferTo", transferTo); err != nil {
		return nil, nil, err
	}
	return inModule(layoutsKeyed, module).deleteOne(ctx, s.client, url.PathEscape(id), url.Values{"transfer_to": {transferTo}})
}

// Activate makes the layout of a module with this id take new records
// again.
func (s *LayoutsService) Activate(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	return inModule(layoutsKeyed, module).actionOn(ctx, s.client, http.MethodPost, id, "activate", nil, nil)
}

// Deactivate stops the layout of a module with this id from taking new
// records; its records move to the layout transferTo.
func (s *LayoutsService) Deactivate(ctx context.Context, module, id, transferTo string) (*ActionResult, *Response, error) {
	if err := requireID("transferTo", transferTo); err != nil {
		return nil, nil, err
	}
	return inModule(layoutsKeyed, module).actionOn(ctx, s.client, http.MethodDelete, id, "activate", url.Values{"transfer_to": {transferTo}}, nil)
}
