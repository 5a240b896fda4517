package sdk_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestMailMergeAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	welcome := sdk.NameID{Name: "Welcome Letter"}

	d, _, err := o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{Template: welcome, OutputFormat: sdk.MailMergeHTML, FileName: "welcome"})
	require.NoError(t, err)
	page, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, "welcome.html", d.FileName)
	assert.Contains(t, string(page), "Last_Name: Boyle", "the record merged in")
	pdf, _, err := o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{Template: welcome})
	require.NoError(t, err)
	head := make([]byte, 5)
	_, err = io.ReadFull(pdf, head)
	require.NoError(t, err)
	require.NoError(t, pdf.Close())
	assert.Equal(t, "%PDF-", string(head), "pdf by default")
	assert.Equal(t, "download.pdf", pdf.FileName)
	docx, _, err := o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{Template: welcome, OutputFormat: sdk.MailMergeDOCX})
	require.NoError(t, err)
	b, err := io.ReadAll(docx)
	require.NoError(t, err)
	_, err = zip.NewReader(bytes.NewReader(b), int64(len(b)))
	assert.NoError(t, err, "a docx is a zip")

	r, _, err := o.admin.MailMerge.Send(ctx, "Leads", o.lead, &sdk.MailMergeMail{Template: welcome,
		To: []sdk.MailMergeAddress{{Type: "email", Value: "patricia@boyle.example"}}, Subject: "Welcome aboard", Message: "Our letter"})
	require.NoError(t, err)
	assert.NotEmpty(t, r.Details["report_link"])
	sent, _, err := o.admin.Emails.List(ctx, "Leads", o.lead, &sdk.EmailListOptions{EmailOptions: sdk.EmailOptions{Type: sdk.EmailsSentFromCRM}})
	require.NoError(t, err)
	require.Len(t, sent, 1, "the mail joins the record's emails")
	assert.Equal(t, "Welcome aboard", sent[0].Subject)

	r, _, err = o.admin.MailMerge.Sign(ctx, "Leads", o.lead, &sdk.MailMergeSigning{Template: welcome, FileName: "contract",
		Signers: []sdk.MailMergeSigner{{RecipientName: "Patricia", ActionType: "sign", Recipient: sdk.MailMergeAddress{Type: "email", Value: "patricia@boyle.example"}}}})
	require.NoError(t, err)
	assert.NotEmpty(t, r.Details["report_link"])

	_, _, err = o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{Template: sdk.NameID{Name: "Deal Proposal"}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a template of another module")
	_, _, err = o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{Template: welcome, OutputFormat: "odt"})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = o.admin.MailMerge.Send(ctx, "Leads", o.lead, &sdk.MailMergeMail{Template: welcome})
	assert.ErrorIs(t, err, sdk.ErrMandatoryNotFound, "no recipient")
	_, _, err = o.admin.MailMerge.Sign(ctx, "Leads", o.lead, &sdk.MailMergeSigning{Template: welcome,
		Signers: []sdk.MailMergeSigner{{ActionType: "witness", Recipient: sdk.MailMergeAddress{Value: "a@example.com"}}}})
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var invalid *sdk.ValidationError
	_, _, err = o.admin.MailMerge.Download(ctx, "Leads", o.lead, &sdk.MailMergeDocument{OutputFormat: sdk.MailMergePDF})
	require.ErrorAs(t, err, &invalid, "no template, nothing sent")
	assert.True(t, strings.HasPrefix(invalid.Field, "Template"))
}

func TestMailMergeKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	tpl := sdk.NameID{Name: "x"}
	checkDocumented(t, "mail_merge", map[string]documentedCall{
		"POST /crm/v8/{module}/{id}/actions/send_mail_merge 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MailMerge.Send(ctx, "Leads", "1", &sdk.MailMergeMail{Template: tpl}))
		},
		"POST /crm/v8/{module}/{id}/actions/sign_mail_merge 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MailMerge.Sign(ctx, "Leads", "1", &sdk.MailMergeSigning{Template: tpl}))
		},
		// Zoho answers the document itself: it comes through as it was sent.
		"POST /crm/v8/{module}/{id}/actions/download_mail_merge 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			d, resp, err := c.MailMerge.Download(ctx, "Leads", "1", &sdk.MailMergeDocument{Template: tpl})
			if err != nil {
				return nil, resp, err
			}
			defer d.Close()
			var doc map[string]any
			err = json.NewDecoder(d).Decode(&doc)
			return doc, resp, err
		},
	})
}
