package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

func TestRecordCountAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "A", "Company": "Zylker", "Email": "a@zylker.com"},
		map[string]any{"Last_Name": "B", "Company": "Zylker"},
		map[string]any{"Last_Name": "C", "Company": "Other"},
	)
	n, _, err := c.Records.Count(ctx, "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	before := srv.RateLimit().Remaining
	n, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{Criteria: sdk.Criterion("Company", "equals", "Zylker")})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, before-50, srv.RateLimit().Remaining, "a record count costs 50 credits")

	n, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{Email: "a@zylker.com"})
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	module, _ := srv.Module("Leads")
	n, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{CVID: module.CustomViews[0].ID})
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	_, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{CVID: module.CustomViews[0].ID, Word: "Zylker"})
	var verr *sdk.ValidationError
	require.ErrorAs(t, err, &verr)
	_, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{Word: "a", Phone: "1"})
	require.ErrorAs(t, err, &verr)
	_, _, err = versionClient(t, srv, "v2").Records.Count(ctx, "Leads", nil)
	require.ErrorAs(t, err, &verr)

	n, _, err = versionClient(t, srv, "v2.1").Records.Count(ctx, "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	_, _, err = c.Records.Count(ctx, "Leeds", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestRecordCountDecodesZohoSamples(t *testing.T) {
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "70_record_count.json", "sample_response_200_v7_doc"))
	n, _, err := c.Records.Count(ctx, "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, 694, n)
	assert.Equal(t, "GET /crm/v8/Leads/actions/count", rs.lastSeen())

	rs.queue(400, referenceSample(t, "70_record_count.json", "error_examples_v8_oas", "API_NOT_SUPPORTED (older version)"))
	_, _, err = c.Records.Count(ctx, "Leads", nil)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "API_NOT_SUPPORTED", apiErr.Code)
	assert.Equal(t, "v2.1", apiErr.Details["supported_version"])
}

// The count is what the list shows: a converted lead, which the list
// hides, is not counted, nor is a record awaiting approval. The emulator
// counted both.
func TestRecordCountEqualsTheList(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ids := srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "Kept", "Company": "Zylker"},
		map[string]any{"Last_Name": "Converted", "Company": "Zylker"},
		map[string]any{"Last_Name": "Unapproved", "Company": "Zylker", "$approved": false},
	)
	_, _, err := c.Records.ConvertLead(ctx, ids[1], nil)
	require.NoError(t, err)

	listed, _, err := c.Records.List(ctx, "Leads", &sdk.RecordListOptions{Fields: []string{"Last_Name"}})
	require.NoError(t, err)
	n, _, err := c.Records.Count(ctx, "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, len(listed), n)
	assert.Equal(t, 1, n)

	found, _, err := c.Records.Search(ctx, "Leads", &sdk.SearchOptions{Word: "Zylker"})
	require.NoError(t, err)
	n, _, err = c.Records.Count(ctx, "Leads", &sdk.CountOptions{Word: "Zylker"})
	require.NoError(t, err)
	assert.Equal(t, len(found), n, "a search's count is what the search shows")
}

// The count by POST: Zoho's JSON criteria in the body.
func TestRecordCountWhereAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	srv.Records("Leads").Insert(
		map[string]any{"Last_Name": "A", "Company": "Zylker", "Annual_Revenue": 1000},
		map[string]any{"Last_Name": "B", "Company": "Zylker", "Annual_Revenue": 5000},
		map[string]any{"Last_Name": "C", "Company": "Other", "Annual_Revenue": 9000},
	)
	n, _, err := c.Records.CountWhere(ctx, "Leads", bulk.Where("Company", bulk.Equal, "Zylker"))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	n, _, err = c.Records.CountWhere(ctx, "Leads", bulk.Or(
		bulk.And(bulk.Where("Company", bulk.Equal, "Zylker"), bulk.Where("Annual_Revenue", bulk.GreaterThan, 2000)),
		bulk.Where("Last_Name", bulk.StartsWith, "C"),
	))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "B and C")
	n, _, err = c.Records.CountWhere(ctx, "Leads", nil)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "no criteria: every record")
	srv.Records("Leads").Insert(map[string]any{"Last_Name": "D", "Company": "Zylker"})
	n, _, err = c.Records.CountWhere(ctx, "Leads", map[string]any{"field": map[string]string{"api_name": "Company"}, "comparator": "equal", "value": "Zylker"})
	require.NoError(t, err)
	assert.Equal(t, 3, n, "a record added is counted")

	_, _, err = c.Records.CountWhere(ctx, "Leads", map[string]any{"comparator": "equal", "value": "Zylker"})
	assert.ErrorIs(t, err, sdk.ErrInvalidQuery, "a condition without a field")
	_, _, err = c.Records.CountWhere(ctx, "Leeds", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)
}
