package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestConversionOptionsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	create := func(module string, r sdk.Record) string {
		t.Helper()
		results, _, err := c.Records.Create(ctx, module, []sdk.Record{r}, nil)
		require.NoError(t, err)
		require.NoError(t, results[0].Err())
		return results[0].ID()
	}
	contact := create("Contacts", sdk.Record{"Last_Name": "Boyle", "Email": "pat.boyle@zylker.example"})
	account := create("Accounts", sdk.Record{"Account_Name": "Zylker Biotech"})
	lead := create("Leads", sdk.Record{"Last_Name": "Boyle", "Company": "ZYLKER BIOTECH", "Email": "Pat.Boyle@zylker.example"})
	loner := create("Leads", sdk.Record{"Last_Name": "Nobody", "Company": "Nowhere Ltd", "Email": "nobody@example.com"})

	opts, _, err := c.ConversionOptions.Get(ctx, lead)
	require.NoError(t, err)
	require.Len(t, opts.Contacts, 1)
	assert.Equal(t, contact, opts.Contacts[0].ID())
	require.Len(t, opts.Accounts, 1)
	assert.Equal(t, account, opts.Accounts[0].ID())
	assert.Equal(t, "Contacts", opts.ModulePreference.APIName)
	require.Len(t, opts.PreferenceFieldMatchedValue["Accounts"], 1)
	matched := opts.PreferenceFieldMatchedValue["Accounts"][0]
	assert.Equal(t, "Account_Name", matched.Field.APIName)
	assert.Equal(t, "ZYLKER BIOTECH", matched.MatchedLeadValue, "the lead's value")

	// The options are what a conversion then links.
	conv, _, err := c.Records.ConvertLead(ctx, lead, &sdk.ConvertOptions{ContactID: opts.Contacts[0].ID(), AccountID: opts.Accounts[0].ID()})
	require.NoError(t, err)
	assert.Equal(t, contact, conv.Contact.ID)

	_, _, err = c.ConversionOptions.Get(ctx, loner)
	var none *sdk.APIError
	require.ErrorAs(t, err, &none)
	assert.Equal(t, "NO_CONTENT", none.Code, "a lead matching nothing")

	_, _, err = c.ConversionOptions.Get(ctx, lead)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a converted lead has no options")
	_, _, err = c.ConversionOptions.Get(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestConversionOptionsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "conversion_option", map[string]documentedCall{
		"GET /crm/v8/Leads/{lead_id}/__conversion_options 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ConversionOptions.Get(ctx, "1"))
		},
	})
}
