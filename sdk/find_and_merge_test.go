package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestFindAndMergeAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	accounts := srv.Records("Accounts").Insert(
		map[string]any{"Account_Name": "Zylker", "Phone": "111"},
		map[string]any{"Account_Name": "Zylker Inc", "Phone": "222", "Website": "zylker.example"})
	master, child := accounts[0], accounts[1]
	contact := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Boyle", "Account_Name": map[string]any{"id": child}})[0]
	_, _, err := c.Notes.Add(ctx, "Accounts", child, &sdk.Note{Title: "met", Content: "at the fair"})
	require.NoError(t, err)
	srv.SetJobTime(time.Minute) // on the emulator's clock, which the test moves

	result, _, err := c.Records.Merge(ctx, "Accounts", master,
		[]*sdk.MergeChild{{ID: child, Fields: []*sdk.MergeField{{APIName: "Website"}}}})
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", result.Code)
	assert.Equal(t, master, result.ID())
	job := result.JobID()
	status, _, err := c.Records.MergeStatus(ctx, "Accounts", master, job)
	require.NoError(t, err)
	assert.Equal(t, "scheduled", status.Status)
	require.Len(t, status.Children, 1, "the status shows what was asked")
	assert.Equal(t, child, status.Children[0].ID)
	assert.Equal(t, "Website", status.Children[0].Fields[0].APIName)

	srv.Advance(time.Minute)
	status, _, err = c.Records.WaitMerge(ctx, "Accounts", master, job, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "completed", status.Status)
	list, _, err := c.Records.List(ctx, "Accounts", &sdk.RecordListOptions{Fields: []string{"Account_Name", "Website", "Phone"}})
	require.NoError(t, err)
	require.Len(t, list, 1, "the child is gone from lists")
	assert.Equal(t, master, list[0].ID())
	assert.Equal(t, "zylker.example", list[0]["Website"], "the master took the child's website")
	assert.Equal(t, "111", list[0]["Phone"], "and kept its own phone")
	_, _, err = c.Records.Get(ctx, "Accounts", child, nil)
	assert.ErrorIs(t, err, sdk.ErrNotFound)
	got, _, err := c.Records.Get(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	assert.Equal(t, master, got["Account_Name"].(map[string]any)["id"], "the child's contact moved to the master")
	notes, _, err := c.Notes.ListByRecord(ctx, "Accounts", master, nil)
	require.NoError(t, err)
	require.Len(t, notes, 1, "and so did its note")
	assert.Equal(t, "met", notes[0].Title)

	srv.SetJobTime(0)
	third := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker Ltd"})[0]
	result, _, err = c.Records.Merge(ctx, "Accounts", master, []*sdk.MergeChild{{ID: third}})
	require.NoError(t, err)
	assert.Equal(t, "SUCCESS", result.Code, "a merge of no time is done on return")
	assert.Equal(t, 1, srv.Records("Accounts").Len())

	_, _, err = c.Records.Merge(ctx, "Accounts", master, []*sdk.MergeChild{{ID: master}})
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "a record does not merge into itself")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Records.Merge(ctx, "Accounts", "4150868000000000001", []*sdk.MergeChild{{ID: master}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such master")
	_, _, err = c.Records.MergeStatus(ctx, "Accounts", master, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such job")
	var invalid *sdk.ValidationError
	_, _, err = c.Records.Merge(ctx, "Accounts", master, []*sdk.MergeChild{{ID: "1"}, {ID: "2"}, {ID: "3"}})
	require.ErrorAs(t, err, &invalid)
}

func TestFindAndMergeKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "find_and_merge", map[string]documentedCall{
		"POST /crm/v8/{module}/{masterrecordid}/actions/merge 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Merge(ctx, "Accounts", "1", []*sdk.MergeChild{{ID: "2"}}))
		},
		"GET /crm/v8/{module}/{masterrecordid}/actions/merge 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MergeStatus(ctx, "Accounts", "1", "3"))
		},
	})
}
