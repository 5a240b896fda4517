package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestEntityScoresAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	fields := []string{"Entity", "Scoring_Rule", "Score", "Positive_Score", "Negative_Score"}

	none, _, err := c.ScoringRules.EntityScores(ctx, &sdk.RecordListOptions{Fields: fields})
	require.NoError(t, err)
	assert.Empty(t, none, "nothing scored yet: 204")

	results, _, err := c.ScoringRules.Create(ctx, &sdk.ScoringRule{Name: "Web leads", Module: &sdk.ModuleRef{APIName: "Leads"},
		FieldRules: []*sdk.FieldScoringRule{{Score: 5, Criteria: sdk.Where("Lead_Source", "equal", "Web Download")}}})
	require.NoError(t, err)
	rule := results[0].ID()
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle"}, map[string]any{"Last_Name": "Kris"})
	first := srv.AddEntityScore(zohotest.EntityScore{Module: "Leads", RecordID: leads[0], RuleID: rule, Positive: 5, Negative: -2})
	for i := range 3 {
		srv.AddEntityScore(zohotest.EntityScore{Module: "Leads", RecordID: leads[1], RuleID: rule, Positive: i})
	}

	page, resp, err := c.ScoringRules.EntityScores(ctx, &sdk.RecordListOptions{Fields: fields, ListOptions: sdk.ListOptions{PerPage: 2}})
	require.NoError(t, err)
	require.Len(t, page, 2)
	assert.True(t, resp.Info.MoreRecords)
	assert.Equal(t, 3, page[0].Score)
	assert.Equal(t, -2, page[0].NegativeScore)
	assert.Equal(t, "Web leads", page[0].ScoringRule.Name)
	assert.Equal(t, leads[0], page[0].Entity.ID)
	assert.Equal(t, "Leads", page[0].Entity.Module.APIName)
	assert.Zero(t, page[0].TouchPointScore, "not asked for")
	var all []*sdk.EntityScore
	for e, err := range c.ScoringRules.AllEntityScores(ctx, &sdk.RecordListOptions{Fields: fields, ListOptions: sdk.ListOptions{PerPage: 3}}) {
		require.NoError(t, err)
		all = append(all, e)
	}
	assert.Len(t, all, 4)
	some, _, err := c.ScoringRules.EntityScores(ctx, &sdk.RecordListOptions{Fields: fields, IDs: []string{first}})
	require.NoError(t, err)
	require.Len(t, some, 1)

	one, _, err := c.ScoringRules.EntityScore(ctx, first, &sdk.RecordGetOptions{Fields: []string{"Score"}})
	require.NoError(t, err)
	assert.Equal(t, 3, one.Score)
	assert.Nil(t, one.Entity)
	_, _, err = c.ScoringRules.EntityScore(ctx, "4150868000000000001", &sdk.RecordGetOptions{Fields: fields})
	assert.ErrorIs(t, err, sdk.ErrNotFound)

	var apiErr *sdk.APIError
	_, _, err = c.ScoringRules.EntityScores(ctx, nil)
	require.ErrorAs(t, err, &apiErr, "fields are required (the SDK checks it from v8 on)")
	assert.Equal(t, "REQUIRED_PARAM_MISSING", apiErr.Code)
	var invalid *sdk.ValidationError
	_, _, err = c.ScoringRules.EntityScore(ctx, first, nil)
	require.ErrorAs(t, err, &invalid)
}

func TestEntityScoresKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	fields := &sdk.RecordListOptions{Fields: []string{"Score"}}
	checkDocumented(t, "entity_scores", map[string]documentedCall{
		"GET /crm/v8/Entity_Scores__s 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.EntityScores(ctx, fields))
		},
		"GET /crm/v8/Entity_Scores__s/{record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.EntityScore(ctx, "1", &sdk.RecordGetOptions{Fields: []string{"Score"}}))
		},
	})
}
