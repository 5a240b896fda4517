package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestZiaOrgEnrichmentAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	none, _, err := c.ZiaOrgEnrichment.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)

	leads, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Kim", "Company": "Zylker"}}, nil)
	require.NoError(t, err)
	r, _, err := c.ZiaOrgEnrichment.Create(ctx, "Leads", leads[0].ID(), &sdk.OrgEnrichBasedOn{Name: "Zylker", Website: "https://www.zylker.com"})
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	id := r.ID()
	require.NotEmpty(t, id)

	got, _, err := c.ZiaOrgEnrichment.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, sdk.EnrichmentScheduled, got.Status)
	assert.False(t, got.Done())
	assert.Nil(t, got.EnrichedData)
	assert.Equal(t, "Zylker", got.EnrichBasedOn.Name)

	srv.Advance(2 * time.Second) // the job's time on the emulator's clock
	done, _, err := c.ZiaOrgEnrichment.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, sdk.EnrichmentCompleted, done.Status)
	require.NotNil(t, done.EnrichedData)
	assert.Equal(t, "https://www.zylker.com", done.EnrichedData.Website)
	assert.NotEmpty(t, done.EnrichedData.Industries)

	// Only a name: nothing to look up, and Wait sees it end.
	r, _, err = c.ZiaOrgEnrichment.Create(ctx, "Accounts", "", &sdk.OrgEnrichBasedOn{Name: "Nobody Inc"})
	require.NoError(t, err)
	go func() {
		time.Sleep(30 * time.Millisecond)
		srv.Advance(2 * time.Second)
	}()
	ended, _, err := c.ZiaOrgEnrichment.Wait(ctx, r.ID(), &sdk.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, sdk.EnrichmentDataNotFound, ended.Status)
	assert.True(t, ended.Done())

	completed, _, err := c.ZiaOrgEnrichment.List(ctx, &sdk.EnrichmentListOptions{Status: sdk.EnrichmentCompleted})
	require.NoError(t, err)
	require.Len(t, completed, 1)
	assert.Equal(t, id, completed[0].ID)
	var order []string
	for e, err := range c.ZiaOrgEnrichment.All(ctx, &sdk.EnrichmentListOptions{SortBy: "created_time", SortOrder: "desc",
		ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		order = append(order, e.ID)
	}
	assert.Equal(t, []string{r.ID(), id}, order, "newest first, a page at a time")

	credits, _, err := c.Features.DataEnrichment(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, credits.Details.UsedCount.Total, "a completed enrichment uses a credit")

	// Zoho's refusals.
	_, _, err = c.ZiaOrgEnrichment.Create(ctx, "Leads", "", &sdk.OrgEnrichBasedOn{})
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "one of name, email, website")
	assert.Equal(t, "EXPECTED_FIELD_MISSING", refused.Code)
	_, _, err = c.ZiaOrgEnrichment.Create(ctx, "Leads", "999", &sdk.OrgEnrichBasedOn{Name: "Zylker"})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a record that does not exist")
	_, _, err = c.ZiaOrgEnrichment.Create(ctx, "Deals", "", &sdk.OrgEnrichBasedOn{Name: "Zylker"})
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.ZiaOrgEnrichment.List(ctx, &sdk.EnrichmentListOptions{Status: "PENDING"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.ZiaOrgEnrichment.List(ctx, &sdk.EnrichmentListOptions{SortOrder: "sideways"})
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.ZiaOrgEnrichment.Get(ctx, "999")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var invalid *sdk.ValidationError
	_, _, err = c.ZiaOrgEnrichment.Create(ctx, "", "", &sdk.OrgEnrichBasedOn{Name: "Zylker"})
	require.ErrorAs(t, err, &invalid)
	_, _, err = c.ZiaOrgEnrichment.Create(ctx, "Leads", "", nil)
	require.ErrorAs(t, err, &invalid)
}

func TestZiaOrgEnrichmentKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "zia_org_enrichment", map[string]documentedCall{
		"GET /crm/v8/__zia_org_enrichment 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaOrgEnrichment.List(ctx, nil))
		},
		"GET /crm/v8/__zia_org_enrichment/{zia_org_enrichment_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaOrgEnrichment.Get(ctx, "4150868000000000066"))
		},
		"POST /crm/v8/__zia_org_enrichment 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaOrgEnrichment.Create(ctx, "Leads", "", &sdk.OrgEnrichBasedOn{Website: "zylker.com"}))
		},
	})
}
