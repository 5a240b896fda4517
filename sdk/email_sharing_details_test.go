package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestEmailSharingDetailsAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "patricia@boyle.example", To: []string{o.srv.Admin().Email}, Subject: "hi"})

	d, _, err := o.kris.Emails.SharingDetails(ctx, "Leads", o.lead)
	require.NoError(t, err)
	assert.Empty(t, d.ShareFromUsers)
	assert.Equal(t, []string{"emails_sent_from_crm", "all_emails"}, d.AvailableTypes)

	_, _, err = o.admin.Emails.Share(ctx, "Leads", o.lead)
	require.NoError(t, err)
	d, _, err = o.kris.Emails.SharingDetails(ctx, "Leads", o.lead)
	require.NoError(t, err)
	require.Len(t, d.ShareFromUsers, 1)
	assert.Equal(t, o.srv.Admin().ID, d.ShareFromUsers[0].ID)
	assert.Equal(t, "imap", d.ShareFromUsers[0].Type)
	assert.Contains(t, d.AvailableTypes, "all_imap_shared_users")

	_, _, err = o.admin.Emails.SharingDetails(ctx, "Leads", "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = o.admin.Emails.SharingDetails(ctx, "Nothing", o.lead)
	assert.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestEmailSharingDetailsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "email_sharing_details", map[string]documentedCall{
		"GET /crm/v8/{module}/{record_id}/__emails_sharing_details 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.SharingDetails(ctx, "Leads", "1"))
		},
	})
}
