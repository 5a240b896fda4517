package sdk_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestPhotosDecodeZohoSamples(t *testing.T) {
	for _, c := range []struct {
		file, key, message string
	}{
		{"45_photo.json", "sample_response_upload_v2_doc_copy", "photo uploaded successfully"},
		{"45_photo.json", "sample_response_delete_v2_doc_copy", "Photo deleted"},
		{"45_photo.json", "sample_response_delete_v7_doc", "Photo deleted"},
	} {
		t.Run(c.key, func(t *testing.T) {
			var r sdk.ActionResult
			decodeSample(t, &r, c.file, c.key)
			assert.True(t, r.OK())
			assert.Equal(t, "SUCCESS", r.Code)
			assert.Equal(t, c.message, r.Message)
		})
	}
}

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{R: 200, G: uint8(x * 3), B: 40, A: 255})
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func TestPhotoAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	contact := srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Face"})[0]

	_, _, err := c.Photos.Download(ctx, "Contacts", contact)
	require.ErrorIs(t, err, sdk.ErrNotFound, "no photo yet")

	img := testPNG(t)
	res, _, err := c.Photos.Upload(ctx, "Contacts", contact, "face.png", bytes.NewReader(img))
	require.NoError(t, err)
	assert.Equal(t, "photo uploaded successfully", res.Message)

	dl, _, err := c.Photos.Download(ctx, "Contacts", contact)
	require.NoError(t, err)
	got, err := io.ReadAll(dl)
	require.NoError(t, err)
	require.NoError(t, dl.Close())
	assert.Equal(t, img, got)
	assert.Equal(t, "image/png", dl.ContentType)

	res, _, err = c.Photos.Delete(ctx, "Contacts", contact)
	require.NoError(t, err)
	assert.Equal(t, "Photo deleted", res.Message)
	_, _, err = c.Photos.Download(ctx, "Contacts", contact)
	assert.ErrorIs(t, err, sdk.ErrNotFound)
}

func TestPhotoErrors(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]
	task := srv.Records("Tasks").Insert(map[string]any{"Subject": "T"})[0]

	_, _, err := c.Photos.Upload(ctx, "Tasks", task, "face.png", bytes.NewReader(testPNG(t)))
	assert.ErrorIs(t, err, sdk.ErrInvalidModule, "tasks have no photo")
	_, _, err = c.Photos.Upload(ctx, "Leads", lead, "face.txt", strings.NewReader("not an image"))
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	srv.SetUploadLimits(0, 100)
	_, _, err = c.Photos.Upload(ctx, "Leads", lead, "face.png", bytes.NewReader(testPNG(t)))
	assert.ErrorIs(t, err, sdk.ErrFileTooLarge)

	var verr *sdk.ValidationError
	_, _, err = c.Photos.Delete(ctx, "Leads", "")
	assert.ErrorAs(t, err, &verr)
	_, _, err = c.Photos.Download(ctx, "", lead)
	assert.ErrorAs(t, err, &verr)
}

func TestRecordPhotoKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "record_photo", map[string]documentedCall{
		"DELETE /crm/v8/{module}/{record}/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Photos.Delete(ctx, "Leads", "1"))
		},
		"POST /crm/v8/{module}/{record}/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Photos.Upload(ctx, "Leads", "1", "p.png", strings.NewReader("png")))
		},
	})
}
