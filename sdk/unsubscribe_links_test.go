package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestUnsubscribeLinksAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	c := o.admin
	links, _, err := c.UnsubscribeLinks.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, links)

	results, _, err := c.UnsubscribeLinks.Create(ctx,
		&sdk.UnsubscribeLink{Name: "Newsletter", PageType: sdk.UnsubscribeStandardPage, StandardPageMessage: "Sorry to see you go",
			SubmissionActionType: sdk.UnsubscribeDisplayMessage, SubmissionMessage: "Done"},
		&sdk.UnsubscribeLink{Name: "Custom", PageType: sdk.UnsubscribeCustomPage, SubmissionActionType: sdk.UnsubscribeRedirect,
			SubmissionRedirectURL: "https://zylker.example/bye"},
		&sdk.UnsubscribeLink{Name: "newsletter", PageType: sdk.UnsubscribeStandardPage, SubmissionActionType: sdk.UnsubscribeDisplayMessage, SubmissionMessage: "x"},
		&sdk.UnsubscribeLink{Name: "No action", PageType: sdk.UnsubscribeStandardPage},
	)
	require.NoError(t, err)
	require.Len(t, results, 4)
	require.NoError(t, results[0].Err())
	var refused *sdk.RecordError
	require.ErrorAs(t, results[1].Err(), &refused)
	assert.Equal(t, "DEPENDENT_FIELD_MISSING", refused.Code, "a custom page needs its URL")
	assert.Equal(t, "custom_location_url", refused.Field())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData, "names are unique")
	assert.ErrorIs(t, results[3].Err(), sdk.ErrMandatoryNotFound)

	link, _, err := c.UnsubscribeLinks.Get(ctx, results[0].ID())
	require.NoError(t, err)
	assert.Equal(t, o.srv.Admin().ID, link.CreatedBy.ID)
	assert.False(t, link.CreatedTime.IsZero())
	link.SubmissionActionType, link.SubmissionRedirectURL = sdk.UnsubscribeRedirect, "https://zylker.example/bye"
	r, _, err := c.UnsubscribeLinks.UpdateOne(ctx, link.ID, link)
	require.NoError(t, err)
	assert.True(t, r.OK())
	link.SubmissionRedirectURL = "not a url"
	updated, _, err := c.UnsubscribeLinks.Update(ctx, link)
	require.NoError(t, err)
	assert.ErrorIs(t, updated[0].Err(), sdk.ErrInvalidData)

	assoc, _, err := c.UnsubscribeLinks.Associations(ctx)
	require.NoError(t, err)
	assert.Empty(t, assoc)
	templates, _, err := c.EmailTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Leads"})
	require.NoError(t, err)
	require.NoError(t, o.srv.UseUnsubscribeLink(link.ID, templates[0].ID))
	assoc, _, err = c.UnsubscribeLinks.Associations(ctx)
	require.NoError(t, err)
	require.Len(t, assoc, 1)
	assert.Equal(t, link.ID, assoc[0].ID)
	assert.Equal(t, templates[0].ID, assoc[0].AssociatedPlaces[0].Resource.ID)
	assert.Equal(t, "Leads", assoc[0].AssociatedPlaces[0].Details.Module.APIName)

	_, _, err = c.UnsubscribeLinks.Delete(ctx, link.ID)
	require.ErrorAs(t, err, &refused, "a link in use stays")
	assert.Equal(t, "NOT_ALLOWED", refused.Code)
	_, _, err = c.UnsubscribeLinks.Get(ctx, link.ID)
	require.NoError(t, err)
	_, _, err = c.UnsubscribeLinks.Delete(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestUnsubscribeLinksKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	l := &sdk.UnsubscribeLink{ID: "1", Name: "x", PageType: sdk.UnsubscribeStandardPage, SubmissionActionType: sdk.UnsubscribeDisplayMessage}
	checkDocumented(t, "unsubscribe_links", map[string]documentedCall{
		"GET /crm/v8/settings/unsubscribe_links 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.List(ctx))
		},
		"GET /crm/v8/settings/unsubscribe_links/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Get(ctx, "1"))
		},
		"POST /crm/v8/settings/unsubscribe_links 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Create(ctx, l))
		},
		"PUT /crm/v8/settings/unsubscribe_links 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Update(ctx, l))
		},
		"PUT /crm/v8/settings/unsubscribe_links/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.UpdateOne(ctx, "1", l))
		},
		"DELETE /crm/v8/settings/unsubscribe_links/{id} 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Delete(ctx, "1"))
		},
		"GET /crm/v8/settings/unsubscribe_link/actions/associations 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Associations(ctx))
		},
	})
}
