package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestFieldsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	score := srv.AddField("Leads", zohotest.Field{APIName: "Score__c", DataType: "integer", Custom: true})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	fields, _, err := c.Fields.List(ctx, "Leads", nil)
	require.NoError(t, err)
	leads, _ := srv.Module("Leads")
	require.Len(t, fields, len(leads.Fields))
	byName := map[string]*sdk.Field{}
	for _, f := range fields {
		byName[f.APIName] = f
	}
	assert.True(t, byName["Last_Name"].Mandatory())
	assert.Equal(t, 80, byName["Last_Name"].Length)
	assert.Equal(t, "Last Name", byName["Last_Name"].FieldLabel)
	assert.True(t, byName["Full_Name"].ReadOnly)
	assert.Equal(t, "ownerlookup", byName["Owner"].DataType)
	assert.True(t, byName["Score__c"].CustomField)
	assert.Equal(t, "integer", byName["Score__c"].JSONType)

	contacts, _, err := c.Fields.List(ctx, "Contacts", &sdk.FieldListOptions{Type: "all"})
	require.NoError(t, err)
	for _, f := range contacts {
		if f.APIName == "Account_Name" {
			require.NotNil(t, f.Lookup)
			assert.Equal(t, "Accounts", f.Lookup.Module.APIName)
			assert.Equal(t, "Contacts", f.Lookup.APIName, "the related list of Accounts it feeds")
		}
	}

	f, _, err := c.Fields.Get(ctx, "Leads", score.ID)
	require.NoError(t, err)
	assert.Equal(t, "Score__c", f.APIName)

	_, _, err = c.Fields.List(ctx, "Nope", nil)
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.Fields.Get(ctx, "Contacts", score.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a field of another module")
	var verr *sdk.ValidationError
	_, _, err = c.Fields.List(ctx, "", nil)
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Fields.Get(ctx, "Leads", "")
	require.ErrorAs(t, err, &verr)
}
