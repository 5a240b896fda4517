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
