package sdk_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestAssociateEmailAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	deal := o.srv.Records("Deals").Insert(map[string]any{"Deal_Name": "Boyle renewal", "Stage": "Qualification"})[0]
	files, _, err := o.admin.Files.Upload(ctx, []sdk.FileUpload{{Name: "quote.txt", Content: strings.NewReader("the quote")}}, nil)
	require.NoError(t, err)
	email := &sdk.AssociatedEmail{
		From:              sdk.MailAddress{UserName: "Patricia Boyle", Email: "patricia@boyle.example"},
		To:                []sdk.MailAddress{{Email: o.srv.Admin().Email}},
		Subject:           "About the renewal",
		Content:           "<p>Send me the quote</p>",
		OriginalMessageID: "<c0ffee@boyle.example>",
		DateTime:          o.srv.Now().Add(-time.Hour),
		Attachments:       []sdk.AttachedFile{{ID: files[0].ID()}},
		LinkedRecord:      &sdk.LinkedRecord{ID: deal, Module: &sdk.ModuleRef{APIName: "Deals"}},
	}

	a, _, err := o.admin.Emails.Available(ctx, email.OriginalMessageID)
	require.NoError(t, err)
	assert.False(t, a.Available)
	r, _, err := o.admin.Emails.Associate(ctx, "Leads", o.lead, email)
	require.NoError(t, err)
	messageID, _ := r.Details["message_id"].(string)
	require.NotEmpty(t, messageID)

	got, _, err := o.admin.Emails.Get(ctx, "Leads", o.lead, messageID, nil)
	require.NoError(t, err)
	assert.False(t, got.Sent, "a received email")
	assert.Equal(t, "Send me the quote", strings.Trim(got.Content, "<p>/"))
	require.Len(t, got.Attachments, 1)
	assert.Equal(t, "quote.txt", got.Attachments[0].Name)
	assert.Equal(t, deal, got.LinkedRecord.ID)
	assert.Equal(t, "Boyle renewal", got.LinkedRecord.Name)

	a, _, err = o.admin.Emails.Available(ctx, email.OriginalMessageID)
	require.NoError(t, err)
	assert.True(t, a.Available)
	assert.Equal(t, o.lead, a.Record.ID)
	assert.Equal(t, "Leads", a.Record.Module.APIName)
	assert.Equal(t, deal, a.LinkedRecord.ID)

	_, _, err = o.admin.Emails.Associate(ctx, "Leads", o.lead, email)
	assert.ErrorIs(t, err, sdk.ErrDuplicateData, "one email once")
	other := *email
	other.OriginalMessageID, other.Attachments = "<other@boyle.example>", []sdk.AttachedFile{{ID: "no-such-file"}}
	_, _, err = o.admin.Emails.Associate(ctx, "Leads", o.lead, &other)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = o.admin.Emails.Associate(ctx, "Leads", "4150868000000000001", email)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such record")

	// An admin may associate another user's email: it is theirs.
	forKris := *email
	forKris.OriginalMessageID, forKris.Attachments, forKris.Owner = "<for-kris@boyle.example>", nil, &sdk.NameID{ID: o.krisID}
	_, _, err = o.admin.Emails.Associate(ctx, "Leads", o.lead, &forKris)
	require.NoError(t, err)
	krisOwn, _, err := o.kris.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsOfUsers}})
	require.NoError(t, err)
	require.Len(t, krisOwn, 1)
	assert.Equal(t, o.krisID, krisOwn[0].Owner.ID)
	forKris.OriginalMessageID = "<by-kris@boyle.example>"
	_, _, err = o.kris.Emails.Associate(ctx, "Leads", o.lead, &forKris)
	assert.ErrorIs(t, err, sdk.ErrNoPermission, "only an admin names another owner")

	var invalid *sdk.ValidationError
	other.DateTime = time.Time{}
	_, _, err = o.admin.Emails.Associate(ctx, "Leads", o.lead, &other)
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "DateTime", invalid.Field)
	_, _, err = o.admin.Emails.Available(ctx, " ")
	require.ErrorAs(t, err, &invalid)
}

func TestAssociateEmailKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	email := &sdk.AssociatedEmail{From: sdk.MailAddress{Email: "a@example.com"}, To: []sdk.MailAddress{{Email: "b@example.com"}},
		Subject: "s", Content: "c", OriginalMessageID: "<m@example.com>", DateTime: time.Now()}
	checkDocumented(t, "associate_email", map[string]documentedCall{
		"GET /crm/v8/actions/email_available 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Available(ctx, "<m@example.com>"))
		},
		"POST /crm/v8/{module}/{recordId}/actions/associate_email 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Associate(ctx, "Leads", "1", email))
		},
	})
}
