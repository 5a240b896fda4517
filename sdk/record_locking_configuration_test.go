package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRecordLockingConfigurationsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	cfgs := c.RecordLockingConfigurations

	none, _, err := cfgs.List(ctx, "Deals", "")
	require.NoError(t, err)
	assert.Empty(t, none)

	won := sdk.Where("Stage", "equal", "Closed Won")
	results, _, err := cfgs.Create(ctx, "Deals",
		&sdk.RecordLockingConfiguration{LockType: sdk.LockAutomatic, LockingRules: []*sdk.LockingRule{{Name: "Won deals", Criteria: won}},
			ExcludedFields: []*sdk.FieldRef{{APIName: "Description"}}},
		&sdk.RecordLockingConfiguration{LockType: sdk.LockManual},
		&sdk.RecordLockingConfiguration{LockType: sdk.LockBoth},
		&sdk.RecordLockingConfiguration{LockType: "sometimes"},
		&sdk.RecordLockingConfiguration{LockType: sdk.LockAutomatic, LockingRules: []*sdk.LockingRule{{Name: "Bad", Criteria: sdk.Where("No_Such_Field", "equal", 1)}}},
	)
	require.NoError(t, err)
	require.Len(t, results, 5)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	var refused *sdk.RecordError
	require.ErrorAs(t, results[2].Err(), &refused, "both needs rules")
	assert.Equal(t, "DEPENDENT_FIELD_MISSING", refused.Code)
	assert.Equal(t, "locking_rules", refused.Field())
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData)
	require.ErrorIs(t, results[4].Err(), sdk.ErrInvalidData, "criteria on fields the module has")

	list, _, err := cfgs.List(ctx, "Deals", "")
	require.NoError(t, err)
	require.Len(t, list, 2)
	others, _, err := cfgs.List(ctx, "Leads", "")
	require.NoError(t, err)
	assert.Empty(t, others, "configurations are the module's")

	auto, _, err := cfgs.Get(ctx, "Deals", results[0].ID())
	require.NoError(t, err)
	assert.Equal(t, "all_profiles", auto.LockedFor)
	assert.Equal(t, "record_locking", auto.FeatureType)
	require.Len(t, auto.LockingRules, 1)
	require.NotEmpty(t, auto.ExcludedFields[0].ID, "Zoho names the field by id too")
	wonRule := auto.LockingRules[0].ID
	require.NotEmpty(t, wonRule)
	_, _, err = cfgs.Get(ctx, "Leads", results[0].ID())
	require.ErrorIs(t, err, sdk.ErrInvalidData, "another module's configuration")

	// Add a rule and drop the first one, by id.
	r, _, err := cfgs.UpdateOne(ctx, "Deals", auto.ID, &sdk.RecordLockingConfiguration{LockingRules: []*sdk.LockingRule{
		{ID: wonRule, Delete: new(true)},
		{Name: "Lost deals", Criteria: sdk.Where("Stage", "equal", "Closed Lost"), LockExistingRecords: new(true)},
	}})
	require.NoError(t, err)
	assert.True(t, r.OK())
	auto, _, err = cfgs.Get(ctx, "Deals", auto.ID)
	require.NoError(t, err)
	require.Len(t, auto.LockingRules, 1)
	assert.Equal(t, "Lost deals", auto.LockingRules[0].Name)

	results, _, err = cfgs.Update(ctx, "Deals", &sdk.RecordLockingConfiguration{ID: results[1].ID(), LockType: sdk.LockBoth,
		LockingRules: []*sdk.LockingRule{{Name: "Big deals", Criteria: sdk.Where("Amount", "greater_than", 100000)}}})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())

	results, _, err = cfgs.Delete(ctx, "Deals", list[0].ID, list[1].ID)
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	none, _, err = cfgs.List(ctx, "Deals", "")
	require.NoError(t, err)
	assert.Empty(t, none, "both deleted")

	results, _, err = cfgs.Create(ctx, "Deals", &sdk.RecordLockingConfiguration{LockType: sdk.LockManual})
	require.NoError(t, err)
	_, _, err = cfgs.Delete(ctx, "Deals", results[0].ID())
	require.NoError(t, err)
	_, _, err = cfgs.Delete(ctx, "Deals", results[0].ID())
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	_, _, err = cfgs.List(ctx, "Nonsense", "")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = cfgs.List(ctx, "", "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestRecordLockingConfigurationsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	cfg := &sdk.RecordLockingConfiguration{ID: "1", LockType: sdk.LockManual}
	checkDocumented(t, "record_locking_configuration", map[string]documentedCall{
		"GET /crm/v8/settings/record_locking_configurations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.List(ctx, "Leads", ""))
		},
		"GET /crm/v8/settings/record_locking_configurations/{record_locking_config_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.Get(ctx, "Leads", "1"))
		},
		"POST /crm/v8/settings/record_locking_configurations 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.Create(ctx, "Leads", cfg))
		},
		"PUT /crm/v8/settings/record_locking_configurations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.Update(ctx, "Leads", cfg))
		},
		"PUT /crm/v8/settings/record_locking_configurations/{record_locking_config_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.UpdateOne(ctx, "Leads", "1", cfg))
		},
		"DELETE /crm/v8/settings/record_locking_configurations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			// The answer has one result, as a delete of one id by ?ids=
			// would; Delete sends one id by its path, answered alike.
			return unwrap(c.RecordLockingConfigurations.Delete(ctx, "Leads", "1"))
		},
		"DELETE /crm/v8/settings/record_locking_configurations/{record_locking_config_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.RecordLockingConfigurations.Delete(ctx, "Leads", "1"))
		},
	})
}
