package sdk_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestOrgPhotoAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)

	org, _, err := c.Org.Get(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, org.ID)

	_, _, err = c.Org.Photo(ctx)
	require.ErrorIs(t, err, sdk.ErrNotFound, "a new org has no photo")
	_, _, err = c.Org.DeletePhoto(ctx)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "nor one to delete")

	_, _, err = c.Org.UploadPhoto(ctx, "logo.txt", strings.NewReader("not an image"))
	require.ErrorIs(t, err, sdk.ErrInvalidData, "Zoho takes images only")

	logo := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 64<<10)...)
	r, _, err := c.Org.UploadPhoto(ctx, "logo.png", bytes.NewReader(logo))
	require.NoError(t, err)
	assert.True(t, r.OK())

	dl, _, err := c.Org.Photo(ctx)
	require.NoError(t, err)
	assert.Equal(t, "image/png", dl.ContentType)
	assert.Equal(t, "logo.png", dl.FileName)
	assert.Equal(t, int64(len(logo)), dl.Size)
	var rc io.ReadCloser = dl // streamed, never whole in memory
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, logo, got)

	r, _, err = c.Org.DeletePhoto(ctx)
	require.NoError(t, err)
	assert.True(t, r.OK())
	_, _, err = c.Org.Photo(ctx)
	require.ErrorIs(t, err, sdk.ErrNotFound, "the photo is gone")
}

func TestOrgKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "org", map[string]documentedCall{
		"GET /crm/v8/org 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Org.Get(ctx))
		},
		"POST /crm/v8/org/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Org.UploadPhoto(ctx, "logo.png", strings.NewReader("\x89PNG\r\n\x1a\n")))
		},
		"DELETE /crm/v8/org/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Org.DeletePhoto(ctx))
		},
	})
}
