package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestDuplicateCheckPreferenceAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	_, _, err := c.DuplicateCheckPreference.Get(ctx, "Leads")
	var none *sdk.APIError
	require.ErrorAs(t, err, &none, "unset in a new org")
	assert.Equal(t, "NO_CONTENT", none.Code)

	mapped := &sdk.DuplicateCheckPreference{Type: sdk.DuplicatesInMappedModule, TypeConfigurations: []*sdk.DuplicateCheckConfiguration{{
		MappedModule:  &sdk.Ref{APIName: "Contacts"},
		FieldMappings: []*sdk.FieldMapping{{CurrentField: &sdk.Ref{APIName: "Email"}, MappedField: &sdk.Ref{APIName: "Email"}}},
	}}}
	r, _, err := c.DuplicateCheckPreference.Create(ctx, "Leads", mapped)
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err := c.DuplicateCheckPreference.Get(ctx, "Leads")
	require.NoError(t, err)
	assert.Equal(t, sdk.DuplicatesInMappedModule, got.Type)
	require.Len(t, got.TypeConfigurations, 1)
	config := got.TypeConfigurations[0]
	assert.NotEmpty(t, config.MappedModule.ID, "Zoho names the module in full")
	require.Len(t, config.FieldMappings, 1)
	assert.NotEmpty(t, config.FieldMappings[0].MappedField.ID)

	_, _, err = c.DuplicateCheckPreference.Create(ctx, "Leads", mapped)
	var again *sdk.APIError
	require.ErrorAs(t, err, &again, "set already: update it")
	assert.Equal(t, "NOT_ALLOWED", again.Code)

	config.FieldMappings[0].MappedField = &sdk.Ref{APIName: "No_Such_Field"}
	_, _, err = c.DuplicateCheckPreference.Update(ctx, "Leads", got)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	assert.Equal(t, "mapped_field", err.(*sdk.RecordError).Field())

	r, _, err = c.DuplicateCheckPreference.Update(ctx, "Leads", &sdk.DuplicateCheckPreference{Type: sdk.DuplicatesInConvertedRecords})
	require.NoError(t, err)
	assert.True(t, r.OK())
	got, _, err = c.DuplicateCheckPreference.Get(ctx, "Leads")
	require.NoError(t, err)
	assert.Equal(t, sdk.DuplicatesInConvertedRecords, got.Type)
	assert.Empty(t, got.TypeConfigurations)

	_, _, err = c.DuplicateCheckPreference.Delete(ctx, "Leads")
	require.NoError(t, err)
	_, _, err = c.DuplicateCheckPreference.Get(ctx, "Leads")
	require.ErrorAs(t, err, &none, "deleted")
	_, _, err = c.DuplicateCheckPreference.Delete(ctx, "Leads")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "nothing left to delete")

	_, _, err = c.DuplicateCheckPreference.Get(ctx, "Deals")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "Leads only")
	_, _, err = c.DuplicateCheckPreference.Get(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid, "no module, nothing sent")
}

func TestDuplicateCheckPreferenceKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	p := &sdk.DuplicateCheckPreference{Type: sdk.DuplicatesInConvertedRecords}
	checkDocumented(t, "duplicate_check_preference", map[string]documentedCall{
		"GET /crm/v8/settings/duplicate_check_preference 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.DuplicateCheckPreference.Get(ctx, "Leads"))
		},
		"POST /crm/v8/settings/duplicate_check_preference 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.DuplicateCheckPreference.Create(ctx, "Leads", p))
		},
		"PUT /crm/v8/settings/duplicate_check_preference 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.DuplicateCheckPreference.Update(ctx, "Leads", p))
		},
		"DELETE /crm/v8/settings/duplicate_check_preference 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.DuplicateCheckPreference.Delete(ctx, "Leads"))
		},
	})
}
