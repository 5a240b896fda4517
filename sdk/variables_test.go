package sdk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestVariablesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	targets := srv.AddVariableGroup(zohotest.VariableGroup{Name: "Targets"})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	groups, _, err := c.Variables.ListGroups(ctx)
	require.NoError(t, err)
	require.Len(t, groups, 2)
	assert.Equal(t, "General", groups[0].APIName)
	g, _, err := c.Variables.GetGroup(ctx, targets.ID)
	require.NoError(t, err)
	assert.Equal(t, "Targets", g.DisplayLabel)

	none, _, err := c.Variables.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)

	results, _, err := c.Variables.Create(ctx,
		&sdk.Variable{Name: "Quota", APIName: "Quota", Type: "integer", Value: 33, VariableGroup: &sdk.VariableGroupRef{ID: targets.ID}},
		&sdk.Variable{Name: "Region", APIName: "Region", Type: "text", Value: "EMEA", VariableGroup: &sdk.VariableGroupRef{APIName: "General"}},
		&sdk.Variable{Name: "Bad", APIName: "Bad", Type: "integer", Value: "many", VariableGroup: &sdk.VariableGroupRef{APIName: "General"}},
	)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData)
	assert.Equal(t, "value", results[2].Err().(*sdk.RecordError).Field())
	quota := results[0].ID()

	all, _, err := c.Variables.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, all, 2)
	inTargets, _, err := c.Variables.List(ctx, &sdk.VariableListOptions{Group: "Targets"})
	require.NoError(t, err)
	require.Len(t, inTargets, 1)
	assert.Equal(t, quota, inTargets[0].ID)
	assert.Equal(t, "33", inTargets[0].ValueString())
	assert.Equal(t, targets.ID, inTargets[0].VariableGroup.ID)

	v, _, err := c.Variables.Get(ctx, quota, nil)
	require.NoError(t, err)
	assert.Equal(t, "integer", v.Type)
	_, _, err = c.Variables.Get(ctx, quota, &sdk.VariableListOptions{Group: "General"})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "not in that group")

	results, _, err = c.Variables.Update(ctx, &sdk.Variable{ID: quota, Value: 40}, &sdk.Variable{ID: quota, Value: 1.5})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.Error(t, results[1].Err(), "an integer refuses 1.5")
	assert.Equal(t, "40", srv.Variables()[0].Value)
	assert.Equal(t, "Quota", srv.Variables()[0].Name, "fields not sent are kept")

	// A variable read, changed and written back keeps its other fields.
	v.Description = "monthly"
	results, _, err = c.Variables.Update(ctx, v)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	assert.Equal(t, "monthly", srv.Variables()[0].Description)
	assert.Equal(t, "33", srv.Variables()[0].Value, "the value read was written back")

	// One variable by its id, or by its API name in its group.
	r, _, err := c.Variables.UpdateOne(ctx, quota, &sdk.Variable{Value: 50}, nil)
	require.NoError(t, err)
	assert.Equal(t, quota, r.ID())
	assert.Equal(t, "50", srv.Variables()[0].Value)
	_, _, err = c.Variables.UpdateOne(ctx, "Quota", &sdk.Variable{Value: 60}, &sdk.VariableListOptions{Group: targets.ID})
	require.NoError(t, err)
	assert.Equal(t, "60", srv.Variables()[0].Value)
	_, _, err = c.Variables.UpdateOne(ctx, "Quota", &sdk.Variable{Value: 70}, &sdk.VariableListOptions{Group: "General"})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "not in that group")
	_, _, err = c.Variables.UpdateOne(ctx, quota, &sdk.Variable{Value: "lots"}, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "an integer refuses text")
	_, _, err = c.Variables.UpdateOne(ctx, "", &sdk.Variable{Value: 1}, nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)

	results, _, err = c.Variables.Delete(ctx, quota)
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	results, _, err = c.Variables.Delete(ctx, srv.Variables()[0].ID, quota)
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.Equal(t, "variable not deleted", results[1].Message)
	assert.Empty(t, srv.Variables())
}

func TestVariableValueKeepsItsText(t *testing.T) {
	var v sdk.Variable
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1","value":12345678901234567890,"type":"integer"}`), &v))
	assert.Equal(t, "12345678901234567890", v.ValueString())
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"value":12345678901234567890`)
	v.Value = true
	assert.Equal(t, "true", v.ValueString())
}

func TestVariablesValidation(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"get without id":       func() error { _, _, err := c.Variables.Get(ctx, " ", nil); return err },
		"group without id":     func() error { _, _, err := c.Variables.GetGroup(ctx, ""); return err },
		"create with id":       func() error { _, _, err := c.Variables.Create(ctx, &sdk.Variable{ID: "1", Name: "x"}); return err },
		"create without group": func() error { _, _, err := c.Variables.Create(ctx, &sdk.Variable{Name: "x", Type: "text"}); return err },
		"create without name": func() error {
			_, _, err := c.Variables.Create(ctx, &sdk.Variable{VariableGroup: &sdk.VariableGroupRef{ID: "1"}})
			return err
		},
		"update without id": func() error { _, _, err := c.Variables.Update(ctx, &sdk.Variable{Name: "x"}); return err },
		"delete empty id":   func() error { _, _, err := c.Variables.Delete(ctx, ""); return err },
	} {
		require.ErrorAs(t, call(), &verr, name)
	}
	assert.Zero(t, srv.Counters().APIRequests)
}

func TestVariablesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	v := &sdk.Variable{ID: "1", Value: 1}
	checkDocumented(t, "variables", map[string]documentedCall{
		"GET /crm/v8/settings/variables 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.List(ctx, nil))
		},
		"GET /crm/v8/settings/variables/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Get(ctx, "1", nil))
		},
		"GET /crm/v8/settings/variables/{api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Get(ctx, "Quota", &sdk.VariableListOptions{Group: "General"}))
		},
		"POST /crm/v8/settings/variables 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Create(ctx, &sdk.Variable{Name: "x", VariableGroup: &sdk.VariableGroupRef{APIName: "General"}}))
		},
		"PUT /crm/v8/settings/variables 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Update(ctx, v))
		},
		"PUT /crm/v8/settings/variables/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.UpdateOne(ctx, "1", v, nil))
		},
		"PUT /crm/v8/settings/variables/{api_name} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.UpdateOne(ctx, "Quota", v, &sdk.VariableListOptions{Group: "General"}))
		},
		"DELETE /crm/v8/settings/variables 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Delete(ctx, "1")) // the sample's one result
		},
		"DELETE /crm/v8/settings/variables/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Variables.Delete(ctx, "1"))
		},
	})
}
