package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestCadencesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	list, resp, err := c.Cadences.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.NotNil(t, resp.Info)
	assert.False(t, resp.Info.MoreRecords)
	leads := list[0]
	assert.Equal(t, "Leads", leads.Module.APIName)
	require.NotNil(t, leads.CustomView)
	assert.NotEmpty(t, leads.CustomView.ID)
	require.NotNil(t, leads.Summary)
	assert.Equal(t, 3, leads.Summary.EmailFollowUpCount)
	require.NotNil(t, leads.ExecutionDetails)
	require.NotNil(t, leads.ExecutionDetails.ExecuteEvery)
	assert.Equal(t, 1, leads.ExecutionDetails.ExecuteEvery.Unit)

	var names []string
	for cd, err := range c.Cadences.All(ctx, &sdk.ListOptions{PerPage: 1}) {
		require.NoError(t, err)
		names = append(names, cd.Name)
	}
	assert.Equal(t, []string{list[0].Name, list[1].Name}, names, "a page at a time")

	_, _, err = c.Cadences.List(ctx, &sdk.ListOptions{PerPage: 201})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "Zoho pages by 200 at most")
}

func TestCadencesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "cadences", map[string]documentedCall{
		"GET /crm/v8/settings/automation/cadences 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Cadences.List(ctx, nil))
		},
	})
}
