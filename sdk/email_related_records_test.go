package sdk_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// emailOrg is an emulator with a v8 client of its admin, a second user
// (Kris) with tokens of their own, and a lead.
type emailOrg struct {
	srv         *zohotest.Server
	admin, kris *sdk.Client
	krisID      string
	lead        string
}

func newEmailOrg(t *testing.T) emailOrg {
	srv := emulator(t)
	kris := srv.AddUser(zohotest.User{FirstName: "Kris", LastName: "Marrier", Email: "kris.marrier@zylker.com"})
	c := versionClient(t, srv, "v8")
	k := c.ForUser(kris.Email)
	_, err := k.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, kris.Email))
	require.NoError(t, err)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle", "Email": "patricia@boyle.example"})[0]
	return emailOrg{srv: srv, admin: c.ForUser(srv.Admin().Email), kris: k, krisID: kris.ID, lead: lead}
}

func TestEmailRelatedRecordsAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	start := o.srv.Now()
	for i := range 11 {
		o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "patricia@boyle.example", To: []string{o.srv.Admin().Email},
			Subject: fmt.Sprintf("reply %d", i), Content: fmt.Sprintf("<p>answer %d</p>", i), Time: start.Add(-time.Duration(i+1) * time.Hour)})
	}
	me := sdk.MailAddress{Email: o.srv.Admin().Email}
	to := []sdk.MailAddress{{Email: "patricia@boyle.example"}}
	sentID, _, err := o.admin.Mail.Send(ctx, "Leads", o.lead, &sdk.Mail{From: me, To: to, Subject: "sent now", Content: "hello"})
	require.NoError(t, err)
	_, _, err = o.admin.Mail.Send(ctx, "Leads", o.lead, &sdk.Mail{From: me, To: to, Subject: "later", Content: "hello", ScheduledTime: start.Add(48 * time.Hour)})
	require.NoError(t, err)

	page, resp, err := o.admin.Emails.List(ctx, "Leads", o.lead, nil)
	require.NoError(t, err)
	require.Len(t, page, 10, "ten a page")
	assert.Equal(t, "later", page[0].Subject, "newest first: the scheduled mail's time is ahead")
	next := sdk.EmailsNextIndex(resp)
	require.NotEmpty(t, next)
	rest, resp, err := o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{Index: next})
	require.NoError(t, err)
	assert.Len(t, rest, 3)
	assert.Empty(t, sdk.EmailsNextIndex(resp))

	var subjects []string
	for e, err := range o.admin.Emails.All(ctx, "Leads", o.lead, nil) {
		require.NoError(t, err)
		subjects = append(subjects, e.Subject)
	}
	require.Len(t, subjects, 13)
	assert.Equal(t, []string{"later", "sent now", "reply 0"}, subjects[:3])
	assert.Equal(t, "reply 10", subjects[12])

	for kind, want := range map[string]int{sdk.EmailsScheduledInCRM: 1, sdk.EmailsSentFromCRM: 1, sdk.EmailsOfUsers: 11} {
		list, _, err := o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: kind}})
		require.NoError(t, err)
		assert.Len(t, list, min(want, 10), kind)
	}
	mine, _, err := o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsOfUsers, OwnerID: o.krisID}})
	require.NoError(t, err)
	assert.Empty(t, mine, "Kris has no mailbox emails of the lead")
	seen, _, err := o.kris.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsOfUsers}})
	require.NoError(t, err)
	assert.Empty(t, seen, "the admin's own emails are private until shared")

	sent, _, err := o.admin.Emails.Get(ctx, "Leads", o.lead, sentID, nil)
	require.NoError(t, err)
	assert.Equal(t, "hello", sent.Content, "one email comes with its content")
	assert.True(t, sent.Sent)
	assert.Equal(t, o.srv.Admin().ID, sent.Owner.ID)
	assert.Equal(t, "patricia@boyle.example", sent.To[0].Email)
	assert.Empty(t, page[1].Content, "a list has summaries only")

	_, _, err = o.admin.Emails.Get(ctx, "Leads", o.lead, "0123abcd", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: "everything"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsOfContactsSent}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "the contacts' emails are an account's")
	product := o.srv.Records("Products").Insert(map[string]any{"Product_Name": "Widget"})[0]
	_, _, err = o.admin.Emails.List(ctx, "Products", product, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidModule, "products have no emails")
	var invalid *sdk.ValidationError
	_, _, err = o.admin.Emails.List(ctx, "Leads", "", nil)
	require.ErrorAs(t, err, &invalid, "no record id, nothing sent")
}

// An account's all_contacts_* lists show the emails of its contacts.
func TestEmailsOfAnAccountsContacts(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	account := o.srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Boyle Inc"})[0]
	contacts := o.srv.Records("Contacts").Insert(
		map[string]any{"Last_Name": "One", "Account_Name": map[string]any{"id": account}},
		map[string]any{"Last_Name": "Two"})
	me := sdk.MailAddress{Email: o.srv.Admin().Email}
	for i, id := range contacts {
		_, _, err := o.admin.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: me, To: []sdk.MailAddress{{Email: "c@example.com"}}, Subject: fmt.Sprint(i), Content: "x"})
		require.NoError(t, err)
	}
	list, _, err := o.admin.Emails.List(ctx, "Accounts", account, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsOfContactsSent}})
	require.NoError(t, err)
	require.Len(t, list, 1, "the contact of another account is not the account's")
	assert.Equal(t, "0", list[0].Subject)
	own, _, err := o.admin.Emails.List(ctx, "Accounts", account, nil)
	require.NoError(t, err)
	assert.Empty(t, own, "the account's own list has none")
}

func TestEmailRelatedRecordsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "email_related_records", map[string]documentedCall{
		"GET /crm/v8/{module_name}/{record_id}/Emails 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.List(ctx, "Leads", "1", nil))
		},
		"GET /crm/v8/{module_name}/{record_id}/Emails/{message_id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Get(ctx, "Leads", "1", "abc", nil))
		},
	})
}
