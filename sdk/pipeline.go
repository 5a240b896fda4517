package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// PipelinesService manages the pipelines of Deals (crm-oas group
// pipeline, /settings/pipeline): each layout of Deals has its pipelines,
// each the stages (values of the Stage field) a deal goes through, and one
// of them is the layout's default. Every call names the layout by its id.
// OAuth scope: ZohoCRM.settings.pipeline.ALL (or .READ, .CREATE, .UPDATE,
// .DELETE).
type PipelinesService service

// Pipeline is one pipeline of a layout of Deals. Fields without a Go
// field are kept in Extra.
type Pipeline struct {
	ID string `json:"id,omitempty"`
	// DisplayValue is the pipeline's name, unique in its layout;
	// ActualValue is what deals hold in their Pipeline field.
	DisplayValue string `json:"display_value,omitempty"`
	ActualValue  string `json:"actual_value,omitempty"`
	// Default marks the layout's default pipeline, which cannot be deleted.
	Default *bool `json:"default,omitempty"`
	// ChildAvailable says the pipeline has child pipelines; Parent is the
	// pipeline it is the child of.
	ChildAvailable *bool     `json:"child_available,omitempty"`
	Parent         *Pipeline `json:"parent,omitempty"`
	// Maps are the pipeline's stages, in order.
	Maps []*PipelineStage `json:"maps,omitempty"`

	kept
}

func (p *Pipeline) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p Pipeline) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// PipelineStage is a stage of a pipeline: a value of the Stage field of
// Deals, named by its ID (or DisplayValue) in writes.
type PipelineStage struct {
	ID             string `json:"id,omitempty"`
	DisplayValue   string `json:"display_value,omitempty"`
	ActualValue    string `json:"actual_value,omitempty"`
	SequenceNumber int    `json:"sequence_number,omitempty"`
	// ForecastCategory ("Pipeline", "Closed", "Omitted") and ForecastType
	// ("Open", "Closed Won", "Closed Lost") say how deals at the stage are
	// forecast.
	ForecastCategory *NameID `json:"forecast_category,omitempty"`
	ForecastType     string  `json:"forecast_type,omitempty"`
	ColourCode       string  `json:"colour_code,omitempty"`
	// Delete, true, takes the stage out of the pipeline, on update.
	Delete *bool `json:"_delete,omitempty"`

	kept
}

func (p *PipelineStage) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p PipelineStage) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

var pipelines = keyed[Pipeline]{path: "settings/pipeline", key: "pipeline", what: "pipeline"}

func (s *PipelinesService) of(layoutID string) keyed[Pipeline] {
	return pipelines.withParam("layout_id", layoutID)
}

// List returns the pipelines of the layout of Deals with this id.
func (s *PipelinesService) List(ctx context.Context, layoutID string) ([]*Pipeline, *Response, error) {
	return s.of(layoutID).list(ctx, s.client, nil)
}

// Get returns the pipeline with this id of the layout.
func (s *PipelinesService) Get(ctx context.Context, layoutID, id string) (*Pipeline, *Response, error) {
	return s.of(layoutID).get(ctx, s.client, id, nil)
}

// Create adds pipelines to the layout, each with a DisplayValue and its
// stages, and returns one result per pipeline in input order.
func (s *PipelinesService) Create(ctx context.Context, layoutID string, pipes ...*Pipeline) ([]*ActionResult, *Response, error) {
	return s.of(layoutID).write(ctx, s.client, http.MethodPost, "", nil, pipes)
}

// Update changes pipelines of the layout, each named by its ID, and
// returns one result per pipeline in input order. Stages named by ID are
// changed, added when the pipeline lacks them, and taken out with Delete.
func (s *PipelinesService) Update(ctx context.Context, layoutID string, pipes ...*Pipeline) ([]*ActionResult, *Response, error) {
	return s.of(layoutID).write(ctx, s.client, http.MethodPut, "", nil, pipes)
}

// UpdateOne changes the pipeline with this id of the layout.
func (s *PipelinesService) UpdateOne(ctx context.Context, layoutID, id string, p *Pipeline) (*ActionResult, *Response, error) {
	return s.of(layoutID).writeOne(ctx, s.client, http.MethodPut, id, nil, p)
}

// Delete deletes the pipeline with this id of the layout for good (Zoho's
// PATCH with _delete), which no deal may be in: Transfer moves them first.
func (s *PipelinesService) Delete(ctx context.Context, layoutID, id string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	body := map[string]any{pipelines.key: []any{map[string]any{"_delete": map[string]bool{"permanent": true}}}}
	return s.of(layoutID).action(ctx, s.client, http.MethodPatch, url.PathEscape(id), nil, body)
}

// PipelineTransfer moves the deals of one pipeline to another, stage by
// stage, and deletes the pipeline they leave.
type PipelineTransfer struct {
	Pipeline *FromTo   `json:"pipeline"`
	Stages   []*FromTo `json:"stages,omitempty"`

	kept
}

func (t *PipelineTransfer) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t PipelineTransfer) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// FromTo names, by id, what is left and what takes its place.
type FromTo struct {
	From string `json:"from"`
	To   string `json:"to"`
}

var pipelineTransfers = keyed[PipelineTransfer]{path: pipelines.path, key: "transfer_pipeline", what: "pipeline"}

// Transfer moves the deals of pipelines to others and deletes the
// pipelines they left, in the layout with this id; one result per
// transfer in input order, whose JobID names Zoho's job.
func (s *PipelinesService) Transfer(ctx context.Context, layoutID string, transfers ...*PipelineTransfer) ([]*ActionResult, *Response, error) {
	for i, t := range transfers {
		if t != nil && t.Pipeline == nil {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("transfers[%d].Pipeline", i), Problem: "is nil"}
		}
	}
	return pipelineTransfers.withParam("layout_id", layoutID).write(ctx, s.client, http.MethodPost, "actions/transfer", nil, transfers)
}
