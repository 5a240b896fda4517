package sdk_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestDownloadInlineImagesAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	png := "\x89PNG\r\n\x1a\n pixels"
	inline, _, err := o.admin.Files.Upload(ctx, []sdk.FileUpload{{Name: "logo.png", Content: strings.NewReader(png)}}, &sdk.FileUploadOptions{Inline: true})
	require.NoError(t, err)
	plain, _, err := o.admin.Files.Upload(ctx, []sdk.FileUpload{{Name: "doc.txt", Content: strings.NewReader("text")}}, nil)
	require.NoError(t, err)
	imageID, plainID := inline[0].ID(), plain[0].ID()
	messageID := o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "a@example.com", To: []string{"b@example.com"},
		Subject: "with a logo", Content: `<img src="/crm/viewInLineImage?fileContent=` + imageID + `"> and ` + plainID})
	file := sdk.EmailFile{OwnerID: o.srv.Admin().ID, MessageID: messageID, ID: imageID}

	d, _, err := o.admin.Emails.DownloadInlineImage(ctx, "Leads", o.lead, file)
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, png, string(got))
	assert.Equal(t, "logo.png", d.FileName)

	file.ID = plainID
	_, _, err = o.admin.Emails.DownloadInlineImage(ctx, "Leads", o.lead, file)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "a file uploaded as an attachment is no inline image")
	other, _, err := o.admin.Files.Upload(ctx, []sdk.FileUpload{{Name: "other.png", Content: strings.NewReader(png)}}, &sdk.FileUploadOptions{Inline: true})
	require.NoError(t, err)
	file.ID = other[0].ID()
	_, _, err = o.admin.Emails.DownloadInlineImage(ctx, "Leads", o.lead, file)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "an image the email does not show")
	var invalid *sdk.ValidationError
	_, _, err = o.admin.Emails.DownloadInlineImage(ctx, "Leads", o.lead, sdk.EmailFile{MessageID: messageID, ID: imageID})
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "OwnerID", invalid.Field)
}
