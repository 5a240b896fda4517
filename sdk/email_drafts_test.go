package sdk_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestEmailDraftsAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	templates, _, err := o.admin.EmailTemplates.List(ctx, &sdk.TemplateListOptions{Module: "Leads"})
	require.NoError(t, err)
	require.NotEmpty(t, templates)
	me := o.srv.Admin().Email
	to := []sdk.MailAddress{{UserName: "Patricia", Email: "patricia@boyle.example"}}

	files, _, err := o.admin.Files.Upload(ctx, []sdk.FileUpload{{Name: "terms.txt", Content: strings.NewReader("the terms")}}, nil)
	require.NoError(t, err)
	drafts := []*sdk.EmailDraft{
		{From: me, To: to, Subject: "first", Content: "<p>hello</p>", RichText: true, Template: &sdk.NameID{ID: templates[0].ID}},
		{From: "someone@else.example", To: to, Subject: "not mine"},
		{To: to, Subject: "no from"},
	}
	for i := range 11 {
		drafts = append(drafts, &sdk.EmailDraft{From: me, Subject: fmt.Sprintf("more %d", i),
			ScheduleDetails: &sdk.DraftSchedule{Time: o.srv.Now().Add(time.Hour).Truncate(time.Second)}})
	}
	drafts[0].Attachments = []sdk.DraftAttachment{{ID: files[0].ID()}}
	results, _, err := o.admin.EmailDrafts.Create(ctx, "Leads", o.lead, drafts...)
	require.NoError(t, err)
	require.Len(t, results, 14)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "from must be one of the user's addresses")
	assert.Equal(t, "from", results[1].Err().(*sdk.RecordError).Field())
	assert.ErrorIs(t, results[2].Err(), sdk.ErrMandatoryNotFound)
	require.NoError(t, results[13].Err())

	page, _, err := o.admin.EmailDrafts.List(ctx, "Leads", o.lead, nil)
	require.NoError(t, err)
	assert.Len(t, page, sdk.MaxDraftsPerPage, "ten a page")
	n := 0
	for d, err := range o.admin.EmailDrafts.All(ctx, "Leads", o.lead, nil) {
		require.NoError(t, err)
		assert.False(t, d.CreatedTime.IsZero())
		n++
	}
	assert.Equal(t, 12, n)

	first, _, err := o.admin.EmailDrafts.Get(ctx, "Leads", o.lead, results[0].ID())
	require.NoError(t, err)
	assert.Equal(t, "hello", first.Summary[3:8])
	assert.Equal(t, templates[0].ID, first.Template.ID)
	require.Len(t, first.Attachments, 1)
	assert.Equal(t, sdk.DraftAttachment{ID: files[0].ID(), FileName: "terms.txt", FileSize: "9", ServiceName: "ZFSAttached"}, first.Attachments[0])
	late := &sdk.EmailDraft{From: me, ScheduleDetails: &sdk.DraftSchedule{Time: o.srv.Now().Add(-time.Minute)}}
	missing := &sdk.EmailDraft{From: me, Attachments: []sdk.DraftAttachment{{ID: "no-such-file"}}}
	refused, _, err := o.admin.EmailDrafts.Create(ctx, "Leads", o.lead, late, missing)
	require.NoError(t, err)
	assert.Equal(t, "NOT_ALLOWED", refused[0].Err().(*sdk.RecordError).Code, "a schedule in the past")
	assert.ErrorIs(t, refused[1].Err(), sdk.ErrInvalidData, "an attachment that was never uploaded")
	first.Subject = "first, edited"
	r, _, err := o.admin.EmailDrafts.UpdateOne(ctx, "Leads", o.lead, first.ID, first)
	require.NoError(t, err)
	assert.True(t, r.OK())
	first.To = []sdk.MailAddress{{Email: "not an address"}}
	updated, _, err := o.admin.EmailDrafts.Update(ctx, "Leads", o.lead, first)
	require.NoError(t, err)
	assert.ErrorIs(t, updated[0].Err(), sdk.ErrInvalidData)
	again, _, err := o.admin.EmailDrafts.Get(ctx, "Leads", o.lead, first.ID)
	require.NoError(t, err)
	assert.Equal(t, "first, edited", again.Subject, "the refused update changed nothing")

	shown, _, err := o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsDrafts}})
	require.NoError(t, err)
	assert.Len(t, shown, 10, "drafts are in the record's Emails")

	_, _, err = o.admin.EmailDrafts.Delete(ctx, "Leads", o.lead, first.ID)
	require.NoError(t, err)
	_, _, err = o.admin.EmailDrafts.Get(ctx, "Leads", o.lead, first.ID)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted draft")
	_, _, err = o.admin.EmailDrafts.List(ctx, "Leads", "4150868000000000001", nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such record")
	var invalid *sdk.ValidationError
	_, _, err = o.admin.EmailDrafts.Delete(ctx, "Leads", o.lead, "")
	require.ErrorAs(t, err, &invalid)
}

func TestEmailDraftsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	d := &sdk.EmailDraft{ID: "1", From: "a@example.com", RichText: true}
	checkDocumented(t, "email_drafts", map[string]documentedCall{
		"GET /crm/v8/{module}/{record}/__email_drafts 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.List(ctx, "Leads", "1", nil))
		},
		"GET /crm/v8/{module}/{record}/__email_drafts/{draft} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Get(ctx, "Leads", "1", "1"))
		},
		"POST /crm/v8/{module}/{record}/__email_drafts 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Create(ctx, "Leads", "1", d))
		},
		"PUT /crm/v8/{module}/{record}/__email_drafts 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Update(ctx, "Leads", "1", d))
		},
		"PUT /crm/v8/{module}/{record}/__email_drafts/{draft} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.UpdateOne(ctx, "Leads", "1", "1", d))
		},
		"DELETE /crm/v8/{module}/{record}/__email_drafts/{draft} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Delete(ctx, "Leads", "1", "1"))
		},
	})
}
