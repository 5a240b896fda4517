package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// externalOrg is an emulator whose Contacts, Accounts and Products have
// external fields, and a v8 client for it.
func externalOrg(t *testing.T) (*zohotest.Server, *sdk.Client) {
	srv := emulator(t)
	srv.AddField("Contacts", zohotest.Field{APIName: "External_Contact_ID", DataType: "text", External: true, Custom: true})
	srv.AddField("Accounts", zohotest.Field{APIName: "External_Account_ID", DataType: "text", External: true, Custom: true})
	srv.AddField("Products", zohotest.Field{APIName: "Products_External", DataType: "text", External: true, Custom: true})
	return srv, versionClient(t, srv, "v8")
}

// One contact, created with its external id, then read, updated,
// upserted, related and deleted by that value only: the test never uses
// its Zoho id.
func TestExternalIDsAgainstEmulator(t *testing.T) {
	srv, c := externalOrg(t)
	ctx := testCtx(t)
	contact := sdk.External{Field: "External_Contact_ID", Value: "crm-sync-42"}

	accounts, _, err := c.Records.Create(ctx, "Accounts", []sdk.Record{{"Account_Name": "Zylker", "External_Account_ID": "erp-7"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(accounts))

	// Created with its lookup given by the account's external value.
	created, _, err := c.Records.Create(ctx, "Contacts", []sdk.Record{{
		"Last_Name": "Boyle", "External_Contact_ID": contact.Value,
		"Account_Name": map[string]any{"External_Account_ID": "erp-7"},
	}}, &sdk.WriteOptions{External: []string{"Account_Name.External_Account_ID"}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(created))

	got, _, err := c.Records.GetByExternal(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	assert.Equal(t, "Boyle", got.String("Last_Name"))
	assert.Equal(t, accounts[0].ID(), got.Lookup("Account_Name").ID, "the lookup named by external value is the account")

	r, _, err := c.Records.UpdateByExternal(ctx, "Contacts", contact, sdk.Record{"Title": "CTO"}, nil)
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err = c.Records.GetByExternal(ctx, "Contacts", contact, &sdk.RecordGetOptions{Fields: []string{"Title", "Last_Name"}})
	require.NoError(t, err)
	assert.Equal(t, "CTO", got.String("Title"))

	// The upsert finds the contact by its external value (no Email, no id).
	upserted, _, err := c.Records.Upsert(ctx, "Contacts",
		[]sdk.Record{{"External_Contact_ID": contact.Value, "Last_Name": "Boyle-Smith"}, {"External_Contact_ID": "crm-sync-43", "Last_Name": "New"}},
		&sdk.UpsertOptions{WriteOptions: sdk.WriteOptions{External: []string{"External_Contact_ID"}}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(upserted))
	assert.Equal(t, "update", upserted[0].Action)
	assert.Equal(t, "External_Contact_ID", upserted[0].DuplicateField)
	assert.Equal(t, "insert", upserted[1].Action)
	assert.Equal(t, 2, srv.Records("Contacts").Len(), "one contact updated, one added")
	got, _, err = c.Records.GetByExternal(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	assert.Equal(t, "Boyle-Smith", got.String("Last_Name"))
	assert.Equal(t, "CTO", got.String("Title"), "the upsert kept what it did not give")

	// Related: both sides by external value, the product's module told.
	products, _, err := c.Records.Create(ctx, "Products", []sdk.Record{{"Product_Name": "Router", "Products_External": "sku-1"}, {"Product_Name": "Switch", "Products_External": "sku-2"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(products))
	router := sdk.External{Field: "Products_External", Value: "sku-1", Module: "Products"}
	_, _, err = c.RelatedRecords.UpdateByExternal(ctx, "Contacts", contact, "Products", router, nil)
	require.NoError(t, err)
	_, _, err = c.RelatedRecords.UpdateManyByExternal(ctx, "Contacts", contact, "Products", []sdk.Record{{"id": products[1].ID()}})
	require.NoError(t, err)
	linked, _, err := c.RelatedRecords.ListByExternal(ctx, "Contacts", contact, "Products", &sdk.RelatedRecordsOptions{Fields: []string{"Product_Name"}})
	require.NoError(t, err)
	require.Len(t, linked, 2)
	assert.Equal(t, "Router", linked[0].String("Product_Name"))
	one, _, err := c.RelatedRecords.GetByExternal(ctx, "Contacts", contact, "Products", router, &sdk.RecordGetOptions{Fields: []string{"Product_Name"}})
	require.NoError(t, err)
	assert.Equal(t, products[0].ID(), one.ID())
	n := 0
	for r, err := range c.RelatedRecords.AllByExternal(ctx, "Contacts", contact, "Products", &sdk.RelatedRecordsOptions{Fields: []string{"Product_Name"}, ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, r.ID())
		n++
	}
	assert.Equal(t, 2, n)
	_, _, err = c.RelatedRecords.DeleteByExternal(ctx, "Contacts", contact, "Products", router)
	require.NoError(t, err)
	delinked, _, err := c.RelatedRecords.DeleteManyByExternal(ctx, "Contacts", contact, "Products", products[1].ID(), products[0].ID())
	require.NoError(t, err)
	require.Len(t, delinked, 2)
	assert.NoError(t, delinked[0].Err())
	assert.ErrorIs(t, delinked[1].Err(), sdk.ErrInvalidData, "the router is linked no more")
	linked, _, err = c.RelatedRecords.ListByExternal(ctx, "Contacts", contact, "Products", &sdk.RelatedRecordsOptions{Fields: []string{"Product_Name"}})
	require.NoError(t, err)
	assert.Empty(t, linked)

	r, _, err = c.Records.DeleteByExternal(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	assert.True(t, r.OK())
	_, _, err = c.Records.GetByExternal(ctx, "Contacts", contact, nil)
	assert.ErrorIs(t, err, sdk.ErrNotFound, "deleted")
	results, _, err := c.Records.DeleteManyByExternal(ctx, "Contacts", "External_Contact_ID", "crm-sync-43", contact.Value)
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "deleted already")
	assert.Zero(t, srv.Records("Contacts").Len())

	// Zoho's errors: a field that is not external, a value no record has.
	_, _, err = c.Records.GetByExternal(ctx, "Contacts", sdk.External{Field: "Last_Name", Value: "Boyle"}, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Records.UpdateByExternal(ctx, "Contacts", sdk.External{Field: "External_Contact_ID", Value: "nobody"}, sdk.Record{"Title": "x"}, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	// What can be checked here is, and nothing is sent.
	before := srv.Counters().APIRequests
	_, _, err = c.Records.GetByExternal(ctx, "Contacts", sdk.External{Field: "External_Contact_ID"}, nil)
	var invalid *sdk.ValidationError
	assert.ErrorAs(t, err, &invalid, "no value")
	_, _, err = c.Records.UpdateByExternal(ctx, "Contacts", sdk.External{Field: "Contacts.External_Contact_ID", Value: "x"}, sdk.Record{}, nil)
	assert.ErrorAs(t, err, &invalid, "a field, not Module.Field")
	_, _, err = c.Records.Create(ctx, "Contacts", []sdk.Record{{"Last_Name": "x"}}, &sdk.WriteOptions{External: []string{"A.B.C"}})
	assert.ErrorAs(t, err, &invalid)
	_, _, err = c.Records.DeleteManyByExternal(ctx, "Contacts", "", "x")
	assert.ErrorAs(t, err, &invalid)
	assert.Equal(t, before, srv.Counters().APIRequests)
}
