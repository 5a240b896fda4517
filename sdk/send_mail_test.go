package sdk_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestSendMailAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	id := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Smith", "Email": "j.smith@example.com"})[0]

	from, _, err := c.Mail.FromAddresses(ctx)
	require.NoError(t, err)
	require.Len(t, from, 1)
	assert.Equal(t, srv.Admin().Email, from[0].Email)
	assert.Equal(t, "primary", from[0].Type)

	before := srv.RateLimit().Remaining
	msgID, _, err := c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{
		From: from[0].Address(), To: []sdk.MailAddress{{UserName: "Jason Smith", Email: "j.smith@example.com"}},
		CC: []sdk.MailAddress{{Email: "cc@example.com"}}, Subject: "Hello", Content: "<p>Hi</p>", MailFormat: "html",
	})
	require.NoError(t, err)
	assert.NotEmpty(t, msgID)
	assert.Equal(t, before-20, srv.RateLimit().Remaining, "send mail costs 20 credits")
	sent := srv.SentMails()
	require.Len(t, sent, 1)
	assert.Equal(t, msgID, sent[0].MessageID)
	assert.Equal(t, []string{"j.smith@example.com"}, sent[0].To)
	assert.Equal(t, []string{"cc@example.com"}, sent[0].CC)
	assert.Equal(t, "Hello", sent[0].Subject)
	assert.Equal(t, id, sent[0].RecordID)

	at := srv.Now().Add(time.Hour).Truncate(time.Second)
	_, _, err = c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}, ScheduledTime: at})
	require.NoError(t, err)
	assert.True(t, srv.SentMails()[1].Scheduled.Equal(at))

	_, _, err = c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: sdk.MailAddress{Email: "someone.else@example.com"}, To: []sdk.MailAddress{{Email: "x@example.com"}}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "not one of the from addresses")
	var verr *sdk.ValidationError
	for _, bad := range []*sdk.Mail{nil, {To: []sdk.MailAddress{{Email: "x@example.com"}}}, {From: from[0].Address()},
		{From: from[0].Address(), To: []sdk.MailAddress{{Email: "nobody"}}}, {From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}, MailFormat: "rtf"}} {
		_, _, err = c.Mail.Send(ctx, "Contacts", id, bad)
		require.ErrorAs(t, err, &verr)
	}
	_, _, err = c.Mail.Send(ctx, "Contacts", "4150868000000000001", &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such record")

	// Zoho's daily limit of 100 mails.
	for len(srv.SentMails()) < 100 {
		_, _, err = c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}})
		require.NoError(t, err)
	}
	_, _, err = c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}})
	assert.ErrorIs(t, err, sdk.ErrLimitExceeded)
	srv.Advance(24 * time.Hour)
	_, _, err = c.Mail.Send(ctx, "Contacts", id, &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "x@example.com"}}})
	assert.NoError(t, err, "a day later")
}

// The Mail built from the fields of Zoho's sample request encodes to that
// request.
func TestMailEncodesAsZohoSample(t *testing.T) {
	var sample struct {
		Data []map[string]any `json:"data"`
	}
	require.NoError(t, json.Unmarshal(referenceSample(t, "74_send_mail.json", "sample_request_v7_doc"), &sample))
	want := sample.Data[0]
	at, err := time.Parse(time.RFC3339, want["scheduled_time"].(string))
	require.NoError(t, err)
	m := sdk.Mail{
		From:          sdk.MailAddress{UserName: "Patricia Boyle", Email: "p.boyle@zoho.com"},
		To:            []sdk.MailAddress{{UserName: "Jason Smith", Email: "j.smith@zoho.com"}},
		CC:            []sdk.MailAddress{{UserName: "user3", Email: "user3email@zoho.com"}},
		BCC:           []sdk.MailAddress{{UserName: "user4", Email: "user4email@zoho.com"}},
		ReplyTo:       &sdk.MailAddress{UserName: "user5", Email: "user5email@zoho.com"},
		InReplyTo:     &sdk.MailReply{MessageID: want["in_reply_to"].(map[string]any)["message_id"].(string), OwnerID: "2423488000000483001"},
		ScheduledTime: at,
		Subject:       "Testing Send Mail API",
		Content:       want["content"].(string),
		MailFormat:    "html",
		Attachments:   []string{"2cceafa194d037b63f2000181dd81864b4812b1f8b0b4fe0949a982de89fa75a"},
		TemplateID:    "3652397000002497001",
	}
	got, err := json.Marshal(m)
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(got))
}

func TestSendMailDecodesZohoSamples(t *testing.T) {
	keepsEveryField[sdk.FromAddress](t, referenceSample(t, "74_send_mail.json", "sample_from_addresses_response_v7_doc", "from_addresses"))
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "74_send_mail.json", "sample_from_addresses_response_v7_doc"))
	from, _, err := c.Mail.FromAddresses(ctx)
	require.NoError(t, err)
	require.Len(t, from, 4)
	assert.Equal(t, "org_email", from[3].Type)
	assert.Equal(t, "3652397000002381001", from[3].ID)

	rs.queue(200, referenceSample(t, "74_send_mail.json", "sample_response_v7_doc"))
	msgID, _, err := c.Mail.Send(ctx, "Leads", "1", &sdk.Mail{From: from[0].Address(), To: []sdk.MailAddress{{Email: "j.smith@zoho.com"}}})
	require.NoError(t, err)
	assert.Equal(t, "POST /crm/v8/Leads/1/actions/send_mail", rs.lastSeen())
	assert.Equal(t, "2cceafa194d037b63f2000181dd8186486f1eb0360aee76d802b6d376dea22e2", msgID)
}
