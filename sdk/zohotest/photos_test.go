package zohotest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pngImage(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: uint8(x), G: 100, B: 200, A: 255})
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func TestPhotoRoundTrip(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	path := "Contacts/" + s.Records("Contacts").Insert(map[string]any{"Last_Name": "C"})[0] + "/photo"
	img := pngImage(t, 40, 30)

	assert.Equal(t, http.StatusNoContent, a.get(path).status, "no photo yet")
	ans := a.upload(path, "face.png", img)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "45", "sample_response_upload_v2_doc_copy"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	got := a.get(path)
	require.Equal(t, http.StatusOK, got.status)
	assert.Equal(t, img, got.body)
	assert.Equal(t, "image/png", got.header.Get("Content-Type"))

	ans = a.do("DELETE", path, nil)
	require.Equal(t, http.StatusOK, ans.status)
	for _, p := range compareShape("$", sample(t, "45", "sample_response_delete_v2_doc_copy"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	assert.Equal(t, http.StatusNoContent, a.get(path).status)
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", path, nil).status)
}

func TestPhotoRefusals(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]

	ans := a.upload("Leads/"+lead+"/photo", "notes.txt", []byte("not an image"))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "INVALID_DATA", ans.json(t)["code"])

	task := s.Records("Tasks").Insert(map[string]any{"Subject": "T"})[0]
	ans = a.upload("Tasks/"+task+"/photo", "face.png", pngImage(t, 2, 2))
	assert.Equal(t, "INVALID_MODULE", ans.json(t)["code"], "tasks have no photo")

	s.SetUploadLimits(0, 1024)
	ans = a.upload("Leads/"+lead+"/photo", "big.png", pngImage(t, 600, 600))
	assert.Equal(t, http.StatusRequestEntityTooLarge, ans.status)
	assert.Equal(t, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", ans.json(t)["code"])

	assert.Equal(t, http.StatusBadRequest, a.get("Leads/42/photo").status, "no such record")
}
