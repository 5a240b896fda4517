package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestZiaPeopleEnrichmentAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	r, _, err := c.ZiaPeopleEnrichment.Create(ctx, "Contacts", "", &sdk.PersonEnrichBasedOn{Name: "Patricia Boyle",
		Company: &sdk.EnrichCompany{Name: "Zylker", Website: "zylker.com"}})
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	got, _, err := c.ZiaPeopleEnrichment.Get(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, sdk.EnrichmentScheduled, got.Status)
	assert.Equal(t, "zylker.com", got.EnrichBasedOn.Company.Website)

	go func() {
		time.Sleep(30 * time.Millisecond)
		srv.Advance(2 * time.Second)
	}()
	done, _, err := c.ZiaPeopleEnrichment.Wait(ctx, r.ID(), &sdk.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, sdk.EnrichmentCompleted, done.Status)
	require.NotNil(t, done.EnrichedData)
	assert.Equal(t, "Patricia", done.EnrichedData.FirstName)
	assert.Equal(t, "Boyle", done.EnrichedData.LastName)
	require.NotNil(t, done.EnrichedData.CompanyInfo)
	assert.Equal(t, "Zylker", done.EnrichedData.CompanyInfo.Name)

	list, _, err := c.ZiaPeopleEnrichment.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	orgs, _, err := c.ZiaOrgEnrichment.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, orgs, "people and orgs are asked for apart")
	n := 0
	for range c.ZiaPeopleEnrichment.All(ctx, nil) {
		n++
	}
	assert.Equal(t, 1, n)

	_, _, err = c.ZiaPeopleEnrichment.Create(ctx, "Accounts", "", &sdk.PersonEnrichBasedOn{Email: "p@zylker.com"})
	require.ErrorIs(t, err, sdk.ErrInvalidModule, "people are leads or contacts")
	_, _, err = c.ZiaPeopleEnrichment.Create(ctx, "Leads", "", &sdk.PersonEnrichBasedOn{Social: &sdk.EnrichSocialIDs{}})
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "EXPECTED_FIELD_MISSING", refused.Code)
}

func TestZiaPeopleEnrichmentKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "zia_people_enrichment", map[string]documentedCall{
		"GET /crm/v8/__zia_people_enrichment 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaPeopleEnrichment.List(ctx, nil))
		},
		"GET /crm/v8/__zia_people_enrichment/{zia_people_enrichment_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaPeopleEnrichment.Get(ctx, "4150868000000000073"))
		},
		"POST /crm/v8/__zia_people_enrichment 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ZiaPeopleEnrichment.Create(ctx, "Leads", "", &sdk.PersonEnrichBasedOn{Email: "p@zylker.com"}))
		},
	})
}
