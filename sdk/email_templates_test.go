package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestEmailTemplatesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	all, _, err := c.EmailTemplates.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, all, 3, "a new org's templates")
	leads, _, err := c.EmailTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Leads"})
	require.NoError(t, err)
	require.Len(t, leads, 1)
	assert.Equal(t, "Leads", leads[0].Module.APIName)
	assert.Empty(t, leads[0].Content, "a list leaves the content out")
	var names []string
	for tpl, err := range c.EmailTemplates.All(ctx, &sdk.TemplateListOptions{ListOptions: sdk.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		names = append(names, tpl.Name)
	}
	assert.Equal(t, []string{"Welcome", "Follow up", "Proposal"}, names, "every page")
	one, _, err := c.EmailTemplates.Get(ctx, leads[0].ID)
	require.NoError(t, err)
	assert.NotEmpty(t, one.Content)
	assert.NotNil(t, one.Statistics)

	_, _, err = c.EmailTemplates.Get(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.EmailTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Nothing"})
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)
	none, _, err := c.EmailTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Products"})
	require.NoError(t, err)
	assert.Empty(t, none, "204: no templates")
}

func TestEmailTemplatesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "email_templates", map[string]documentedCall{
		"GET /crm/v8/settings/email_templates 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailTemplates.List(ctx, nil))
		},
		"GET /crm/v8/settings/email_templates/{template} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailTemplates.Get(ctx, "1"))
		},
	})
}
