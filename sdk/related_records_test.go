package sdk_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRelatedRecordsIterator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	account := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	var rows []map[string]any
	for i := range 450 {
		rows = append(rows, map[string]any{"Last_Name": fmt.Sprintf("c%03d", i), "Account_Name": map[string]any{"id": account, "name": "Zylker"}})
	}
	want := srv.Records("Contacts").Insert(rows...)
	srv.Records("Contacts").Insert(map[string]any{"Last_Name": "unrelated"})

	srv.ResetCounters()
	var got []string
	for r, err := range c.RelatedRecords.All(ctx, "Accounts", account, "Contacts", nil) {
		require.NoError(t, err)
		got = append(got, r.ID())
	}
	assert.Equal(t, want, got, "each related record once, in order, over 3 pages")
	assert.Equal(t, 3, srv.Counters().APIRequests)

	var names []string
	for r, err := range c.RelatedRecords.All(ctx, "Accounts", account, "Contacts", &sdk.RelatedRecordsOptions{Fields: []string{"Last_Name"}, ListOptions: sdk.ListOptions{Page: 3, PerPage: 20}}) {
		require.NoError(t, err)
		require.Len(t, r, 2, "just the field asked for, and id")
		names = append(names, r.String("Last_Name"))
		if len(names) == 25 {
			break
		}
	}
	assert.Equal(t, "c040", names[0], "starts at the page asked for")
	assert.Equal(t, "c064", names[24])

	page, resp, err := c.RelatedRecords.List(ctx, "Accounts", account, "Deals", nil)
	require.NoError(t, err)
	assert.NotNil(t, page)
	assert.Empty(t, page, "an empty related list is an empty slice")
	assert.Nil(t, resp.Info)

	for r, err := range c.RelatedRecords.All(ctx, "Accounts", account, "Nothing", nil) {
		assert.Nil(t, r)
		require.ErrorIs(t, err, sdk.ErrInvalidData)
	}
}

func TestRelatedRecordsLinkAndDelink(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	campaign := srv.Records("Campaigns").Insert(map[string]any{"Campaign_Name": "Spring"})[0]
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})

	res, _, err := c.RelatedRecords.Update(ctx, "Campaigns", campaign, "Leads", leads[0], sdk.Record{"Member_Status": "Active"})
	require.NoError(t, err)
	assert.Equal(t, leads[0], res.ID())
	_, _, err = c.RelatedRecords.Update(ctx, "Leads", leads[1], "Campaigns", campaign, nil)
	require.NoError(t, err, "nil data sends the id alone")

	members, _, err := c.RelatedRecords.List(ctx, "Campaigns", campaign, "Leads", nil)
	require.NoError(t, err)
	require.Len(t, members, 2)
	assert.Equal(t, leads[0], members[0].ID())
	assert.Equal(t, "Active", members[0].String("Member_Status"))
	assert.Equal(t, "a", members[0].String("Last_Name"))

	res, _, err = c.RelatedRecords.Delete(ctx, "Campaigns", campaign, "Leads", leads[0])
	require.NoError(t, err)
	assert.Equal(t, "relation removed", res.Message)
	members, _, err = c.RelatedRecords.List(ctx, "Campaigns", campaign, "Leads", nil)
	require.NoError(t, err)
	require.Len(t, members, 1)
	assert.Equal(t, leads[1], members[0].ID())
	_, still := srv.Records("Leads").Get(leads[0])
	assert.True(t, still, "delinking keeps both records")

	book := srv.Records("Price_Books").Insert(map[string]any{"Price_Book_Name": "Retail"})[0]
	product := srv.Records("Products").Insert(map[string]any{"Product_Name": "Widget"})[0]
	_, _, err = c.RelatedRecords.Update(ctx, "Products", product, "Price_Books", book, nil)
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound)
	var rerr *sdk.RecordError
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "list_price", rerr.Field())
	_, _, err = c.RelatedRecords.Update(ctx, "Products", product, "Price_Books", book, sdk.Record{"list_price": 9.5})
	require.NoError(t, err)

	_, _, err = c.RelatedRecords.Delete(ctx, "Campaigns", campaign, "Leads", leads[0])
	require.ErrorIs(t, err, sdk.ErrInvalidData, "no longer related")
	_, _, err = c.RelatedRecords.Update(ctx, "Nope", campaign, "Leads", leads[0], nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestRelatedRecordsValidation(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"list no module": func() error { _, _, err := c.RelatedRecords.List(ctx, "", "1", "Contacts", nil); return err },
		"list no id":     func() error { _, _, err := c.RelatedRecords.List(ctx, "Accounts", "", "Contacts", nil); return err },
		"list no list":   func() error { _, _, err := c.RelatedRecords.List(ctx, "Accounts", "1", " ", nil); return err },
		"update no id": func() error {
			_, _, err := c.RelatedRecords.Update(ctx, "Leads", "1", "Campaigns", "", nil)
			return err
		},
		"update other id": func() error {
			_, _, err := c.RelatedRecords.Update(ctx, "Leads", "1", "Campaigns", "2", sdk.Record{"id": "3"})
			return err
		},
		"delete slash": func() error { _, _, err := c.RelatedRecords.Delete(ctx, "Leads", "1", "Campaigns/2", "3"); return err },
	} {
		require.ErrorAs(t, call(), &verr, name)
	}
	for _, err := range c.RelatedRecords.All(ctx, "Accounts", "", "Contacts", nil) {
		require.ErrorAs(t, err, &verr)
	}
	assert.Zero(t, srv.Counters().APIRequests)
}

// One related record, links and delinks in bulk, and the related lists of
// a deleted record.
func TestRelatedRecordsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	campaign := srv.Records("Campaigns").Insert(map[string]any{"Campaign_Name": "Spring"})[0]
	leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"}, map[string]any{"Last_Name": "c"})
	fields := &sdk.RecordGetOptions{Fields: []string{"Last_Name", "Member_Status"}}

	results, _, err := c.RelatedRecords.UpdateMany(ctx, "Campaigns", campaign, "Leads", []sdk.Record{
		{"id": leads[0], "Member_Status": "Planned"}, {"id": leads[1]}, {"id": "111"},
	})
	require.NoError(t, err, "one refused link is a result, not the call's error")
	require.Len(t, results, 3)
	assert.NoError(t, results[0].Err())
	assert.NoError(t, results[1].Err())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such lead")
	assert.Equal(t, 2, results[2].Index)

	one, _, err := c.RelatedRecords.Get(ctx, "Campaigns", campaign, "Leads", leads[0], fields)
	require.NoError(t, err)
	assert.Equal(t, "Planned", one.String("Member_Status"), "with its relation's fields")
	assert.Equal(t, "a", one.String("Last_Name"))
	_, _, err = c.RelatedRecords.Get(ctx, "Campaigns", campaign, "Leads", leads[2], fields)
	assert.ErrorIs(t, err, sdk.ErrNotFound, "not in the list")
	_, _, err = c.RelatedRecords.Get(ctx, "Campaigns", campaign, "Leads", leads[0], nil)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr, "v8 wants fields")
	assert.Equal(t, "REQUIRED_PARAM_MISSING", apiErr.Code)

	// A note and the campaign's members stay with the lead deleted.
	note, _, err := c.Notes.Add(ctx, "Leads", leads[0], &sdk.Note{Content: "met at the fair"})
	require.NoError(t, err)
	_, _, err = c.Records.Delete(ctx, "Leads", leads[0])
	require.NoError(t, err)
	notes, _, err := c.RelatedRecords.ListDeleted(ctx, "Leads", leads[0], "Notes", &sdk.DeletedRelatedOptions{Fields: []string{"Note_Content"}})
	require.NoError(t, err)
	require.Len(t, notes, 1)
	assert.Equal(t, note[0].ID(), notes[0].ID())
	var campaigns []string
	for r, err := range c.RelatedRecords.AllDeleted(ctx, "Leads", leads[0], "Campaigns", &sdk.DeletedRelatedOptions{Fields: []string{"Campaign_Name"}, IDs: []string{campaign}, ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		campaigns = append(campaigns, r.String("Campaign_Name"))
	}
	assert.Equal(t, []string{"Spring"}, campaigns)
	_, _, err = c.RelatedRecords.ListDeleted(ctx, "Leads", leads[1], "Notes", &sdk.DeletedRelatedOptions{Fields: []string{"Note_Content"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a record that is not deleted")

	results, _, err = c.RelatedRecords.DeleteMany(ctx, "Campaigns", campaign, "Leads", leads[1], leads[2])
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "not linked")
	_, _, err = c.RelatedRecords.Get(ctx, "Campaigns", campaign, "Leads", leads[1], fields)
	assert.ErrorIs(t, err, sdk.ErrNotFound, "delinked")

	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.RelatedRecords.UpdateMany(ctx, "Campaigns", campaign, "Leads", []sdk.Record{{"Member_Status": "x"}})
	assert.ErrorAs(t, err, &invalid, "a link without an id")
	_, _, err = c.RelatedRecords.DeleteMany(ctx, "Campaigns", campaign, "Leads", "")
	assert.ErrorAs(t, err, &invalid)
	_, _, err = c.RelatedRecords.GetByExternal(ctx, "Campaigns", sdk.External{Field: "x"}, "Leads", sdk.External{Value: leads[1]}, nil)
	assert.ErrorAs(t, err, &invalid, "no value")
	assert.Equal(t, before, srv.Counters().APIRequests)
}

func TestRelatedRecordsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	deal := sdk.External{Field: "External_Deal_ID", Value: "d1"}
	product := sdk.External{Field: "Products_External", Value: "p1", Module: "Products"}
	fields := &sdk.RelatedRecordsOptions{Fields: []string{"Product_Name"}}
	get := &sdk.RecordGetOptions{Fields: []string{"Product_Name"}}
	links := []sdk.Record{{"id": "2"}}
	checkDocumented(t, "related_records", map[string]documentedCall{
		"DELETE /crm/v8/{module_api_name}/{external_value}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.DeleteManyByExternal(ctx, "Deals", deal, "Products", "2"))
		},
		"DELETE /crm/v8/{module_api_name}/{external_value}/{related_list_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.DeleteByExternal(ctx, "Deals", deal, "Products", product))
		},
		"DELETE /crm/v8/{module_api_name}/{record_id}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.DeleteMany(ctx, "Deals", "1", "Products", "2"))
		},
		"DELETE /crm/v8/{module_api_name}/{record_id}/{related_list_api_name}/{related_record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.Delete(ctx, "Deals", "1", "Products", "2"))
		},
		"GET /crm/v8/{module_api_name}/deleted/{record_id}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.ListDeleted(ctx, "Deals", "1", "Products", &sdk.DeletedRelatedOptions{Fields: []string{"Product_Name"}}))
		},
		"GET /crm/v8/{module_api_name}/{external_value}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.ListByExternal(ctx, "Deals", deal, "Products", fields))
		},
		"GET /crm/v8/{module_api_name}/{external_value}/{related_list_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.GetByExternal(ctx, "Deals", deal, "Products", product, get))
		},
		"GET /crm/v8/{module_api_name}/{record_id}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.List(ctx, "Deals", "1", "Products", fields))
		},
		"GET /crm/v8/{module_api_name}/{record_id}/{related_list_api_name}/{related_record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.Get(ctx, "Deals", "1", "Products", "2", get))
		},
		"PUT /crm/v8/{module_api_name}/{external_value}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.UpdateManyByExternal(ctx, "Deals", deal, "Products", links))
		},
		"PUT /crm/v8/{module_api_name}/{external_value}/{related_list_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.UpdateByExternal(ctx, "Deals", deal, "Products", product, nil))
		},
		"PUT /crm/v8/{module_api_name}/{record_id}/{related_list_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.UpdateMany(ctx, "Deals", "1", "Products", links))
		},
		"PUT /crm/v8/{module_api_name}/{record_id}/{related_list_api_name}/{related_record_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RelatedRecords.Update(ctx, "Deals", "1", "Products", "2", nil))
		},
	})
}
