package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestAssignmentRulesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	all, _, err := c.AssignmentRules.List(ctx, "")
	require.NoError(t, err)
	require.Len(t, all, 2, "a new org's rules: web leads and new deals")
	leads, _, err := c.AssignmentRules.List(ctx, "Leads")
	require.NoError(t, err)
	require.Len(t, leads, 1)
	rule := leads[0]
	assert.Equal(t, "Leads", rule.Module.APIName)
	assert.Equal(t, srv.Admin().ID, rule.DefaultAssignee.ID)
	assert.NotEmpty(t, rule.CreatedBy.ZUID)
	assert.False(t, rule.CreatedTime.IsZero())

	got, _, err := c.AssignmentRules.Get(ctx, rule.ID, "Leads")
	require.NoError(t, err)
	assert.Equal(t, rule.Name, got.Name)

	_, _, err = c.AssignmentRules.List(ctx, "Nonsense")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.AssignmentRules.Get(ctx, "1", "Leads")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.AssignmentRules.Get(ctx, rule.ID, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "Zoho requires the module: nothing sent")
}

func TestAssignmentRulesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "assignment_rules", map[string]documentedCall{
		"GET /crm/v8/settings/automation/assignment_rules 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AssignmentRules.List(ctx, ""))
		},
		"GET /crm/v8/settings/automation/assignment_rules/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AssignmentRules.Get(ctx, "1", "Leads"))
		},
	})
}
