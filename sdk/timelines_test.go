package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestTimelinesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	results, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Ada", "Company": "Acme"}}, nil)
	require.NoError(t, err)
	lead := results[0].ID()
	events, _, err := c.Timelines.List(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, "added", events[0].Action)
	assert.Equal(t, srv.Admin().ID, events[0].DoneBy.ID)
	require.NotNil(t, events[0].Record)
	assert.Equal(t, "Ada", events[0].Record.Name)
	assert.Equal(t, "Leads", events[0].Record.Module.APIName)

	srv.Advance(time.Minute)
	_, _, err = c.Records.UpdateOne(ctx, "Leads", lead, sdk.Record{"Last_Name": "Byron"}, nil)
	require.NoError(t, err)
	_, _, err = c.Records.UpdateOne(ctx, "Leads", lead, sdk.Record{"Last_Name": "Byron"}, nil)
	require.NoError(t, err)
	srv.Advance(time.Minute)
	_, _, err = c.Records.DeleteOne(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	_, _, err = c.Timelines.List(ctx, "Leads", lead, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted record has no timeline to read")
	srv.Advance(time.Minute)
	_, _, err = c.RecycleBin.Restore(ctx, lead)
	require.NoError(t, err)

	events, _, err = c.Timelines.List(ctx, "Leads", lead, &sdk.TimelineListOptions{IncludeInnerDetails: []string{"field_history.field_label"}})
	require.NoError(t, err)
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"restored", "deleted", "updated", "added"}, actions, "most recent first; an update that changed nothing is not there")
	updated := events[2]
	require.Len(t, updated.FieldHistory, 1)
	change := updated.FieldHistory[0]
	assert.Equal(t, "Last_Name", change.APIName)
	assert.Equal(t, "Last Name", change.FieldLabel)
	assert.JSONEq(t, `"Ada"`, string(change.Value.Old))
	assert.JSONEq(t, `"Byron"`, string(change.Value.New))
	assert.True(t, events[0].AuditedTime.After(updated.AuditedTime))

	var asc []string
	for e, err := range c.Timelines.All(ctx, "Leads", lead, &sdk.TimelineListOptions{SortOrder: "asc", ListOptions: sdk.ListOptions{PerPage: 3}}) {
		require.NoError(t, err)
		asc = append(asc, e.Action)
	}
	assert.Equal(t, []string{"added", "updated", "deleted", "restored"}, asc)
	only, _, err := c.Timelines.List(ctx, "Leads", lead, &sdk.TimelineListOptions{Filters: sdk.Where("action", "equal", "updated")})
	require.NoError(t, err)
	require.Len(t, only, 1)
	assert.Empty(t, only[0].FieldHistory[0].FieldLabel, "labels only when asked")

	_, _, err = c.Timelines.List(ctx, "Nowhere", lead, nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Timelines.List(ctx, "Leads", "4150868000000999999", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Timelines.List(ctx, "Leads", "", nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestTimelinesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "timelines", map[string]documentedCall{
		"GET /crm/v8/{module}/{record_id}/__timeline 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Timelines.List(ctx, "Leads", "1", nil))
		},
	})
}
