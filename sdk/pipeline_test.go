package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestPipelinesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	layouts, _, err := c.Layouts.List(ctx, "Deals")
	require.NoError(t, err)
	require.NotEmpty(t, layouts)
	layout := layouts[0].ID

	start, _, err := c.Pipelines.List(ctx, layout)
	require.NoError(t, err)
	require.Len(t, start, 1, "a layout starts with its default pipeline")
	standard := start[0]
	assert.Equal(t, "Standard", standard.DisplayValue)
	require.NotNil(t, standard.Default)
	assert.True(t, *standard.Default)
	stage := map[string]*sdk.PipelineStage{}
	for _, s := range standard.Maps {
		stage[s.DisplayValue] = s
	}
	require.Contains(t, stage, "Qualification")
	require.Contains(t, stage, "Closed Won")
	assert.Equal(t, "Closed Won", stage["Closed Won"].ForecastType)

	results, _, err := c.Pipelines.Create(ctx, layout,
		&sdk.Pipeline{DisplayValue: "Renewals", Maps: []*sdk.PipelineStage{{ID: stage["Qualification"].ID}, {DisplayValue: "Closed Won"}}},
		&sdk.Pipeline{DisplayValue: "standard", Maps: []*sdk.PipelineStage{{DisplayValue: "Closed Won"}}},
		&sdk.Pipeline{DisplayValue: "Odd", Maps: []*sdk.PipelineStage{{DisplayValue: "Daydreaming"}}},
		&sdk.Pipeline{DisplayValue: "Bare"})
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData)
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "a stage must be one of Stage's values")
	assert.Equal(t, "maps", results[2].Err().(*sdk.RecordError).Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrMandatoryNotFound)
	renewals := results[0].ID()

	got, _, err := c.Pipelines.Get(ctx, layout, renewals)
	require.NoError(t, err)
	require.Len(t, got.Maps, 2)
	assert.Equal(t, "Renewals", got.ActualValue)
	assert.False(t, *got.Default)

	// Add a stage and take one out.
	r, _, err := c.Pipelines.UpdateOne(ctx, layout, renewals, &sdk.Pipeline{Maps: []*sdk.PipelineStage{
		{ID: stage["Negotiation/Review"].ID}, {ID: stage["Qualification"].ID, Delete: new(true)}}})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err = c.Pipelines.Get(ctx, layout, renewals)
	require.NoError(t, err)
	var names []string
	for _, s := range got.Maps {
		names = append(names, s.DisplayValue)
	}
	assert.Equal(t, []string{"Closed Won", "Negotiation/Review"}, names)
	results, _, err = c.Pipelines.Update(ctx, layout, &sdk.Pipeline{ID: renewals, DisplayValue: "Renewals 2027"}, &sdk.Pipeline{ID: "1", DisplayValue: "x"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	got, _, err = c.Pipelines.Get(ctx, layout, renewals)
	require.NoError(t, err)
	assert.Equal(t, "Renewals 2027", got.DisplayValue)
	assert.Equal(t, "Renewals", got.ActualValue, "a renamed pipeline keeps the value deals hold")

	// Deals in Renewals move to Standard, stage by stage, and Renewals goes.
	created, _, err := c.Records.Create(ctx, "Deals", []sdk.Record{
		{"Deal_Name": "Renew A", "Stage": "Negotiation/Review", "Pipeline": "Renewals"},
		{"Deal_Name": "Other", "Stage": "Negotiation/Review", "Pipeline": "Standard"},
	}, nil)
	require.NoError(t, err)
	require.NoError(t, created[0].Err())
	r, _, err = c.Pipelines.Delete(ctx, layout, renewals)
	require.Error(t, err, "deals are in it")
	require.NotNil(t, r)
	assert.Equal(t, "NOT_ALLOWED", r.Code)
	moved, _, err := c.Pipelines.Transfer(ctx, layout, &sdk.PipelineTransfer{
		Pipeline: &sdk.FromTo{From: renewals, To: standard.ID},
		Stages:   []*sdk.FromTo{{From: stage["Negotiation/Review"].ID, To: stage["Proposal/Price Quote"].ID}}})
	require.NoError(t, err)
	require.NoError(t, moved[0].Err())
	assert.NotEmpty(t, moved[0].JobID())
	deal, _, err := c.Records.Get(ctx, "Deals", created[0].ID(), nil)
	require.NoError(t, err)
	assert.Equal(t, "Standard", deal["Pipeline"])
	assert.Equal(t, "Proposal/Price Quote", deal["Stage"])
	other, _, err := c.Records.Get(ctx, "Deals", created[1].ID(), nil)
	require.NoError(t, err)
	assert.Equal(t, "Negotiation/Review", other["Stage"], "deals of other pipelines stay")
	_, _, err = c.Pipelines.Get(ctx, layout, renewals)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the pipeline left is deleted")

	// Delete an empty pipeline; the default one stays.
	results, _, err = c.Pipelines.Create(ctx, layout, &sdk.Pipeline{DisplayValue: "Spare", Maps: []*sdk.PipelineStage{{DisplayValue: "Closed Lost"}}})
	require.NoError(t, err)
	r, _, err = c.Pipelines.Delete(ctx, layout, results[0].ID())
	require.NoError(t, err)
	assert.True(t, r.OK())
	r, _, err = c.Pipelines.Delete(ctx, layout, standard.ID)
	require.Error(t, err, "the default pipeline stays")
	assert.Equal(t, "NOT_ALLOWED", r.Code)
	all, _, err := c.Pipelines.List(ctx, layout)
	require.NoError(t, err)
	assert.Len(t, all, 1)

	_, _, err = c.Pipelines.List(ctx, "1")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "pipelines are of layouts of Deals")
	_, _, err = c.Pipelines.List(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestPipelinesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	p := &sdk.Pipeline{ID: "1", DisplayValue: "x"}
	checkDocumented(t, "pipeline", map[string]documentedCall{
		"GET /crm/v8/settings/pipeline 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.List(ctx, "9"))
		},
		"GET /crm/v8/settings/pipeline/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.Get(ctx, "9", "1"))
		},
		"POST /crm/v8/settings/pipeline 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.Create(ctx, "9", p))
		},
		"PUT /crm/v8/settings/pipeline 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.Update(ctx, "9", p))
		},
		"PUT /crm/v8/settings/pipeline/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.UpdateOne(ctx, "9", "1", p))
		},
		"PATCH /crm/v8/settings/pipeline/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.Delete(ctx, "9", "1"))
		},
		"POST /crm/v8/settings/pipeline/actions/transfer 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Pipelines.Transfer(ctx, "9", &sdk.PipelineTransfer{Pipeline: &sdk.FromTo{From: "1", To: "2"}}))
		},
	})
}
