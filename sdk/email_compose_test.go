package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// The composer's defaults live under /crm/email/{version}/, beside the
// CRM API; each user has their own.
func TestEmailComposeAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	all, _, err := o.admin.EmailCompose.Get(ctx, "")
	require.NoError(t, err)
	require.Len(t, all, 3)
	mass, resp, err := o.admin.EmailCompose.Get(ctx, sdk.ComposeMassMail)
	require.NoError(t, err)
	assert.Equal(t, "/crm/email/v8/settings/compose", resp.Request.URL.Path)
	require.Len(t, mass, 1)
	assert.Equal(t, o.srv.Admin().Email, mass[0].DefaultFromAddress.Email)

	results, _, err := o.admin.EmailCompose.Update(ctx,
		&sdk.EmailComposeSettings{Type: sdk.ComposeMassMail, Font: &sdk.ComposeFont{Size: 14, Family: "Georgia"},
			DefaultReplyToAddress: &sdk.ComposeAddress{Email: "replies@zylker.example"}},
		&sdk.EmailComposeSettings{Type: sdk.ComposeDefault, DefaultFromAddress: &sdk.ComposeAddress{Email: "someone@else.example"}},
	)
	require.NoError(t, err)
	require.Len(t, results, 2)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "the from address must be one of the user's")

	mass, _, err = o.admin.EmailCompose.Get(ctx, sdk.ComposeMassMail)
	require.NoError(t, err)
	assert.Equal(t, sdk.ComposeFont{Size: 14, Family: "Georgia"}, *mass[0].Font)
	assert.Equal(t, "replies@zylker.example", mass[0].DefaultReplyToAddress.Email)
	assert.Equal(t, o.srv.Admin().Email, mass[0].DefaultFromAddress.Email, "what the update left out stays")
	kris, _, err := o.kris.EmailCompose.Get(ctx, sdk.ComposeMassMail)
	require.NoError(t, err)
	assert.Equal(t, 10, kris[0].Font.Size, "Kris's defaults are Kris's")

	_, _, err = o.admin.EmailCompose.Get(ctx, "fax")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var invalid *sdk.ValidationError
	_, _, err = o.admin.EmailCompose.Update(ctx, &sdk.EmailComposeSettings{Font: &sdk.ComposeFont{Size: 12}})
	require.ErrorAs(t, err, &invalid, "no type, nothing sent")
}

func TestEmailComposeKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "email_compose", map[string]documentedCall{
		"GET /crm/email/v8/settings/compose 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailCompose.Get(ctx, sdk.ComposeDefault))
		},
		// crm-oas nests the results one array deeper: they still come
		// one per entry.
		"PUT /crm/email/v8/settings/compose 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailCompose.Update(ctx, &sdk.EmailComposeSettings{Type: sdk.ComposeDefault}))
		},
	})
}
