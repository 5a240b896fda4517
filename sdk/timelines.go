package sdk

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"strings"
	"time"
)

// TimelinesService reads a record's timeline (crm-oas group timelines,
// GET {module}/{record_id}/__timeline): what was done to the record, when
// and by whom, with the fields each update changed. OAuth scope:
// ZohoCRM.modules.{module}.READ (or ZohoCRM.modules.ALL).
type TimelinesService service

// TimelineEvent is one thing done to a record: Action is added, updated,
// deleted, restored... Fields without a Go field (automation_details...)
// are kept in Extra.
type TimelineEvent struct {
	ID          string    `json:"id,omitempty"`
	Action      string    `json:"action,omitempty"`
	AuditedTime time.Time `json:"audited_time,omitzero"`
	DoneBy      *Lookup   `json:"done_by,omitempty"`
	// Source is where it was done from (crm_ui, api...).
	Source string `json:"source,omitempty"`
	// Type and Extension come with TimelineListOptions.Include.
	Type          string          `json:"type,omitempty"`
	Extension     string          `json:"extension,omitempty"`
	Record        *TimelineRecord `json:"record,omitempty"`
	RelatedRecord *TimelineRecord `json:"related_record,omitempty"`
	// FieldHistory is what an update changed, field by field.
	FieldHistory []*FieldChange `json:"field_history,omitempty"`

	kept
}

func (e *TimelineEvent) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e TimelineEvent) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// TimelineRecord is the record an event is about, or a record related to
// it, with its module.
type TimelineRecord struct {
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Module *Ref   `json:"module,omitempty"`

	kept
}

func (r *TimelineRecord) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r TimelineRecord) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// FieldChange is a field an update changed: its value before and after,
// as Zoho sent them. FieldLabel, DataType and the picklist's values come
// with TimelineListOptions.IncludeInnerDetails.
type FieldChange struct {
	ID         string       `json:"id,omitempty"`
	APIName    string       `json:"api_name,omitempty"`
	FieldLabel string       `json:"field_label,omitempty"`
	DataType   string       `json:"data_type,omitempty"`
	Value      *ValueChange `json:"_value,omitempty"`

	kept
}

func (f *FieldChange) UnmarshalJSON(b []byte) error { return decodeKept(b, f) }
func (f FieldChange) MarshalJSON() ([]byte, error)  { return encodeKept(&f) }

// ValueChange is a field's value before (Old, null for none) and after
// (New) a change, as JSON.
type ValueChange struct {
	New json.RawMessage `json:"new,omitempty"`
	Old json.RawMessage `json:"old,omitempty"`
}

// TimelineListOptions selects and orders a timeline.
type TimelineListOptions struct {
	// SortOrder is desc (the default: most recent first) or asc, by
	// audited_time.
	SortOrder string
	// IncludeInnerDetails asks for more of each field change:
	// "field_history.data_type", "field_history.field_label",
	// "field_history.enable_colour_code", "field_history.pick_list_values".
	IncludeInnerDetails []string
	// Include asks for each event's "type" or "extension".
	Include []string
	// IncludeTimelineType names the kinds of events listed.
	IncludeTimelineType string
	// Filters selects events (sdk.Where("action", "equal", "updated")).
	Filters *Criteria
	ListOptions
}

func (o *TimelineListOptions) values() url.Values {
	if o == nil {
		return url.Values{}
	}
	sortBy := ""
	if o.SortOrder != "" {
		sortBy = "audited_time"
	}
	return o.with("sort_by", sortBy, "sort_order", o.SortOrder,
		"include_inner_details", strings.Join(o.IncludeInnerDetails, ","), "include", strings.Join(o.Include, ","),
		"include_timeline_type", o.IncludeTimelineType, "filters", filtersParam(o.Filters))
}

var timelines = keyed[TimelineEvent]{path: "{}/{}/__timeline", key: "__timeline", what: "record"}

// List returns one page of the timeline of the record with this id in
// module (none is an empty slice).
func (s *TimelinesService) List(ctx context.Context, module, recordID string, opts *TimelineListOptions) ([]*TimelineEvent, *Response, error) {
	return timelines.in(module, recordID).list(ctx, s.client, opts.values())
}

// All iterates over the record's timeline, page after page.
func (s *TimelinesService) All(ctx context.Context, module, recordID string, opts *TimelineListOptions) iter.Seq2[*TimelineEvent, error] {
	return timelines.in(module, recordID).all(ctx, s.client, opts.values())
}
