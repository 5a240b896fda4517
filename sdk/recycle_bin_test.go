package sdk_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRecycleBinAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	empty, _, err := c.RecycleBin.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, empty, "nothing deleted yet")

	results, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Ada"}, {"Last_Name": "Bea"}, {"Last_Name": "Cid"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	ada, bea, cid := results[0].ID(), results[1].ID(), results[2].ID()
	notes, _, err := c.Notes.Add(ctx, "Leads", ada, &sdk.Note{Title: "Met", Content: "at the fair"})
	require.NoError(t, err)
	note := notes[0].ID()

	// The note, then its lead, then another lead go to the bin.
	_, _, err = c.Notes.DeleteOne(ctx, note)
	require.NoError(t, err)
	srv.Advance(time.Minute)
	_, _, err = c.Records.DeleteOne(ctx, "Leads", ada, nil)
	require.NoError(t, err)
	srv.Advance(time.Minute)
	_, _, err = c.Records.Delete(ctx, "Leads", bea)
	require.NoError(t, err)

	bin, _, err := c.RecycleBin.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, bin, 3)
	assert.Equal(t, []string{bea, ada, note}, []string{bin[0].ID, bin[1].ID, bin[2].ID}, "the most recently deleted first")
	assert.Equal(t, "Ada", bin[1].DisplayName)
	require.NotNil(t, bin[1].Module)
	assert.Equal(t, "Leads", bin[1].Module.APIName)
	assert.Equal(t, "Notes", bin[2].Module.APIName)
	assert.Equal(t, srv.Admin().ID, bin[1].DeletedBy.ID)
	assert.NotNil(t, bin[1].Owner)

	leads, _, err := c.RecycleBin.List(ctx, &sdk.RecycleBinListOptions{Filters: sdk.Where("module", "equal", "Leads"), SortBy: "display_name", SortOrder: "asc"})
	require.NoError(t, err)
	require.Len(t, leads, 2)
	assert.Equal(t, "Ada", leads[0].DisplayName)
	var seen []string
	for r, err := range c.RecycleBin.All(ctx, &sdk.RecycleBinListOptions{ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		seen = append(seen, r.ID)
	}
	assert.Len(t, seen, 3, "page by page")

	got, _, err := c.RecycleBin.Get(ctx, bea)
	require.NoError(t, err)
	assert.Equal(t, "Bea", got.DisplayName)

	// The note cannot come back while its lead is in the bin.
	_, _, err = c.RecycleBin.Restore(ctx, note)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "CANNOT_RESTORE_WITHOUT_PARENT", refused.Code)
	r, _, err := c.RecycleBin.Restore(ctx, ada)
	require.NoError(t, err)
	assert.Equal(t, ada, r.ID())
	back, _, err := c.Records.Get(ctx, "Leads", ada, nil)
	require.NoError(t, err)
	assert.Equal(t, "Ada", back.String("Last_Name"), "restored as it was")
	restoredNote, _, err := c.Notes.Get(ctx, note)
	require.NoError(t, err, "a record's notes in the bin come back with it")
	assert.Equal(t, "Met", restoredNote.Title)
	_, _, err = c.RecycleBin.Restore(ctx, note)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "no longer in the bin")

	// Deleted from the bin is gone for good.
	_, _, err = c.RecycleBin.DeleteOne(ctx, bea)
	require.NoError(t, err)
	_, _, err = c.RecycleBin.Get(ctx, bea)
	var apiErr *sdk.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, http.StatusNoContent, apiErr.StatusCode)
	gone, _, err := c.Records.ListDeleted(ctx, "Leads", &sdk.DeletedListOptions{Type: sdk.DeletedPermanent})
	require.NoError(t, err)
	require.Len(t, gone, 1)
	assert.Equal(t, bea, gone[0].ID)
	_, _, err = c.RecycleBin.Restore(ctx, bea)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "nothing to restore")

	_, _, err = c.Records.Delete(ctx, "Leads", cid, ada)
	require.NoError(t, err)
	results, _, err = c.RecycleBin.Delete(ctx, cid, "4150868000000999999")
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "not in the bin")
	results, _, err = c.RecycleBin.DeleteWhere(ctx, sdk.Where("module", "equal", "Leads"))
	require.NoError(t, err)
	require.Len(t, results, 1)
	assert.Equal(t, ada, results[0].ID())
	left, _, err := c.RecycleBin.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, left)

	_, _, err = c.RecycleBin.List(ctx, &sdk.RecycleBinListOptions{SortBy: "owner"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.RecycleBin.Restore(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestRecycleBinKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "recycle_bin", map[string]documentedCall{
		"GET /crm/v8/settings/recycle_bin 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecycleBin.List(ctx, nil))
		},
		"GET /crm/v8/settings/recycle_bin/{record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecycleBin.Get(ctx, "1"))
		},
		"DELETE /crm/v8/settings/recycle_bin 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecycleBin.Delete(ctx, "1"))
		},
		"DELETE /crm/v8/settings/recycle_bin 207": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecycleBin.DeleteWhere(ctx, sdk.Where("module", "equal", "Leads")))
		},
		"DELETE /crm/v8/settings/recycle_bin/{record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecycleBin.DeleteOne(ctx, "1"))
		},
	})
}
