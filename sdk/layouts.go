package sdk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
)

// LayoutsService reads layouts (/settings/layouts?module=).
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

	rawJSON
}

func (l *Layout) UnmarshalJSON(b []byte) error {
	type plain Layout
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	l.keep(b)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (l Layout) MarshalJSON() ([]byte, error) {
	type plain Layout
	return marshalWithExtra(plain(l), l.Extra())
}

// Extra returns the fields Zoho sent that Layout has no Go field for.
func (l *Layout) Extra() map[string]json.RawMessage {
	return l.extra(reflect.TypeFor[Layout]())
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

	rawJSON
}

func (p *LayoutProfile) UnmarshalJSON(b []byte) error {
	type plain LayoutProfile
	if err := json.Unmarshal(b, (*plain)(p)); err != nil {
		return err
	}
	p.keep(b)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (p LayoutProfile) MarshalJSON() ([]byte, error) {
	type plain LayoutProfile
	return marshalWithExtra(plain(p), p.Extra())
}

// Extra returns the fields Zoho sent that LayoutProfile has no Go field for.
func (p *LayoutProfile) Extra() map[string]json.RawMessage {
	return p.extra(reflect.TypeFor[LayoutProfile]())
}

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

	rawJSON
}

// sectionV2 holds the v2 names of Section's fields.
type sectionV2 struct {
	Label    *string `json:"label"`
	Sequence *int    `json:"sequence"`
}

func (s *Section) UnmarshalJSON(b []byte) error {
	type plain Section
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	var v2 sectionV2
	if err := json.Unmarshal(b, &v2); err != nil {
		return err
	}
	if s.DisplayLabel == "" && v2.Label != nil {
		s.DisplayLabel = *v2.Label
	}
	if s.SequenceNumber == 0 && v2.Sequence != nil {
		s.SequenceNumber = *v2.Sequence
	}
	s.keep(b)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent, the
// title and position under the names they came with.
func (s Section) MarshalJSON() ([]byte, error) {
	type plain Section
	extra := s.Extra()
	if extra == nil {
		extra = map[string]json.RawMessage{}
	}
	var v2 sectionV2
	_ = json.Unmarshal(s.raw, &v2)
	out := plain(s)
	if v2.Label != nil {
		b, _ := json.Marshal(s.DisplayLabel)
		extra["label"] = b
		if _, both := s.fields()["display_label"]; !both {
			out.DisplayLabel = ""
		}
	}
	if v2.Sequence != nil {
		b, _ := json.Marshal(s.SequenceNumber)
		extra["sequence"] = b
		if _, both := s.fields()["sequence_number"]; !both {
			out.SequenceNumber = 0
		}
	}
	return marshalWithExtra(out, extra)
}

// Extra returns the fields Zoho sent that Section has no Go field for.
func (s *Section) Extra() map[string]json.RawMessage {
	return s.extra(reflect.TypeFor[Section]())
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
