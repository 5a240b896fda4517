package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestScoringRulesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	rules := c.ScoringRules

	none, _, err := rules.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)

	leads := &sdk.ModuleRef{APIName: "Leads"}
	web := &sdk.ScoringRule{Name: "Web leads", Module: leads, FieldRules: []*sdk.FieldScoringRule{
		{Score: 5, Criteria: sdk.MatchAll(sdk.Where("Lead_Source", "equal", "Web Download"), sdk.Where("Email", "not_equal", ""))},
		{Score: -2, Criteria: sdk.Where("Lead_Status", "equal", "Junk Lead")},
	}}
	results, _, err := rules.Create(ctx, web,
		&sdk.ScoringRule{Name: "Campaign replies", Module: leads, Active: new(false),
			SignalRules: []*sdk.SignalScoringRule{{Score: 3, Signal: &sdk.Signal{Namespace: "Campaigns.email_opened", ID: "1"}}}},
		&sdk.ScoringRule{Name: "Web leads", Module: leads},
		&sdk.ScoringRule{Name: "Deal signals", Module: &sdk.ModuleRef{APIName: "Deals"},
			SignalRules: []*sdk.SignalScoringRule{{Score: 3, Signal: &sdk.Signal{Namespace: "Campaigns.email_opened", ID: "1"}}}},
		&sdk.ScoringRule{Name: "Too much", Module: leads, FieldRules: []*sdk.FieldScoringRule{{Score: 11, Criteria: sdk.Where("Email", "not_equal", "")}}},
		&sdk.ScoringRule{Name: "Tasks", Module: &sdk.ModuleRef{APIName: "Tasks"}},
	)
	require.NoError(t, err)
	require.Len(t, results, 6)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	require.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData, "names are unique")
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "signals score people only")
	require.ErrorIs(t, results[4].Err(), sdk.ErrInvalidData, "scores run from -10 to 10")
	require.ErrorIs(t, results[5].Err(), sdk.ErrInvalidData, "Tasks take no scoring rules")
	webID, repliesID := results[0].ID(), results[1].ID()

	got, _, err := rules.Get(ctx, webID)
	require.NoError(t, err)
	assert.True(t, *got.Active, "created active")
	require.Len(t, got.FieldRules, 2)
	assert.Equal(t, -2, got.FieldRules[1].Score)
	assert.Equal(t, "and", got.FieldRules[0].Criteria.GroupOperator)
	assert.NotEmpty(t, got.FieldRules[0].ID)
	assert.Equal(t, srv.Admin().ID, got.CreatedBy.ID)

	inactive, _, err := rules.List(ctx, &sdk.ScoringRuleListOptions{Module: "Leads", Active: new(false)})
	require.NoError(t, err)
	require.Len(t, inactive, 1)
	assert.Equal(t, repliesID, inactive[0].ID)

	// Activation is what a list of active rules shows.
	_, _, err = rules.Activate(ctx, repliesID)
	require.NoError(t, err)
	_, _, err = rules.Deactivate(ctx, webID)
	require.NoError(t, err)
	var active []string
	for r, err := range rules.All(ctx, &sdk.ScoringRuleListOptions{Active: new(true), ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		active = append(active, r.ID)
	}
	assert.Equal(t, []string{repliesID}, active)

	clone, _, err := rules.Clone(ctx, webID)
	require.NoError(t, err)
	copied, _, err := rules.Get(ctx, clone.ID())
	require.NoError(t, err)
	assert.Equal(t, "Copy of Web leads", copied.Name)
	assert.Len(t, copied.FieldRules, 2)

	got, _, err = rules.Get(ctx, webID)
	require.NoError(t, err)
	assert.False(t, *got.Active)
	got.Description = "Leads from the web site"
	r, _, err := rules.UpdateOne(ctx, webID, got)
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = rules.Update(ctx, &sdk.ScoringRule{ID: repliesID, Description: "Opened our emails"},
		&sdk.ScoringRule{ID: webID, Name: "Campaign replies"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData)
	got, _, err = rules.Get(ctx, webID)
	require.NoError(t, err)
	assert.Equal(t, "Leads from the web site", got.Description)
	assert.Equal(t, "Web leads", got.Name)

	// Runs: of the active rules named, one at a time for a module.
	_, _, err = rules.Run(ctx, "Leads", &sdk.ScoringRun{RuleIDs: []string{webID}})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "an inactive rule does not run")
	run, _, err := rules.Run(ctx, "Leads", &sdk.ScoringRun{RuleIDs: []string{repliesID}})
	require.NoError(t, err)
	assert.True(t, run.OK())
	_, _, err = rules.Run(ctx, "Leads", nil)
	var busy *sdk.RecordError
	require.ErrorAs(t, err, &busy)
	assert.Equal(t, "ALREADY_SCHEDULED", busy.Code)
	srv.Advance(2 * time.Minute)
	_, _, err = rules.Run(ctx, "Leads", nil)
	require.NoError(t, err, "the first run is over")
	_, _, err = rules.Run(ctx, "Leads", &sdk.ScoringRun{RuleIDs: []string{"1", "2", "3", "4", "5", "6"}})
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "five at most, nothing sent")

	results, _, err = rules.Delete(ctx, webID, clone.ID())
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	_, _, err = rules.Delete(ctx, repliesID)
	require.NoError(t, err)
	none, _, err = rules.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)
	_, _, err = rules.Activate(ctx, repliesID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted rule")
}

func TestScoringRulesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	r := &sdk.ScoringRule{ID: "1", Name: "x"}
	checkDocumented(t, "scoring_rules", map[string]documentedCall{
		"GET /crm/v8/settings/automation/scoring_rules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.List(ctx, nil))
		},
		"GET /crm/v8/settings/automation/scoring_rules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/automation/scoring_rules 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Create(ctx, r))
		},
		"PUT /crm/v8/settings/automation/scoring_rules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Update(ctx, r))
		},
		"PUT /crm/v8/settings/automation/scoring_rules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.UpdateOne(ctx, "1", r))
		},
		"DELETE /crm/v8/settings/automation/scoring_rules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			// One result, as a delete of one id by ?ids= answers; Delete
			// sends one id by its path, answered alike.
			return unwrap(c.ScoringRules.Delete(ctx, "1"))
		},
		"DELETE /crm/v8/settings/automation/scoring_rules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Delete(ctx, "1"))
		},
		"PUT /crm/v8/settings/automation/scoring_rules/{id}/actions/activate 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Activate(ctx, "1"))
		},
		"DELETE /crm/v8/settings/automation/scoring_rules/{id}/actions/activate 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Deactivate(ctx, "1"))
		},
		"POST /crm/v8/settings/automation/scoring_rules/{id}/actions/clone 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Clone(ctx, "1"))
		},
		"PUT /crm/v8/{module}/actions/run_scoring_rules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ScoringRules.Run(ctx, "Leads", nil))
		},
	})
}
