package sdk_test

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The files of a file upload field: one uploaded through the Files API,
// one made by the emulator as it is sent, each downloaded by its
// attachment id.
func TestFieldAttachmentsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	srv.AddField("Leads", zohotest.Field{APIName: "Documents", DataType: "fileupload", Custom: true})
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)

	uploaded, _, err := c.Files.Upload(ctx, []sdk.FileUpload{{Name: "cv.txt", Content: strings.NewReader("curriculum vitae")}}, nil)
	require.NoError(t, err)
	const bigSize = 3 << 20
	big := srv.StoreGeneratedFile("scan.bin", bigSize)
	// A lead's file upload field as Zoho answers it: each file with its
	// File_Id__s and the Attachment_Id__s the download takes.
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Files", "Documents": []map[string]any{
		{"File_Name__s": "cv.txt", "Size__s": "16", "File_Id__s": uploaded[0].ID(), "Attachment_Id__s": "5001", "id": "6001"},
		{"File_Name__s": "scan.bin", "Size__s": strconv.Itoa(bigSize), "File_Id__s": big, "Attachment_Id__s": "5002", "id": "6002"},
	}})[0]

	rec, _, err := c.Records.Get(ctx, "Leads", lead, &sdk.RecordGetOptions{Fields: []string{"Documents"}})
	require.NoError(t, err)
	files := rec.Rows("Documents")
	require.Len(t, files, 2)

	dl, _, err := c.Attachments.DownloadFieldAttachment(ctx, "Leads", lead, files[0].String("Attachment_Id__s"))
	require.NoError(t, err)
	b, err := io.ReadAll(dl)
	require.NoError(t, err)
	require.NoError(t, dl.Close())
	assert.Equal(t, "curriculum vitae", string(b))
	assert.Equal(t, "cv.txt", dl.FileName)

	dl, _, err = c.Attachments.DownloadFieldAttachment(ctx, "Leads", lead, files[1].String("Attachment_Id__s"))
	require.NoError(t, err)
	assert.Equal(t, int64(bigSize), dl.Size)
	n, _ := compareStreams(t, dl, zohotest.GeneratedContent(bigSize))
	require.NoError(t, dl.Close())
	assert.Equal(t, int64(bigSize), n)

	_, _, err = c.Attachments.DownloadFieldAttachment(ctx, "Leads", lead, "5003")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no file of the record's fields has this id")
	_, _, err = c.Attachments.DownloadFieldAttachment(ctx, "Leads", "111", "5001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such lead")
	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.Attachments.DownloadFieldAttachment(ctx, "Leads", lead, "")
	assert.ErrorAs(t, err, &invalid)
	assert.Equal(t, before, srv.Counters().APIRequests)
}
