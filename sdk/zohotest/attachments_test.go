package zohotest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upload posts a multipart body: a "file" part when name is set, and form
// fields.
func (a *api) upload(path, name string, data []byte, fields ...string) answer {
	a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if name != "" {
		w, err := mw.CreateFormFile("file", name)
		require.NoError(a.t, err)
		_, _ = w.Write(data)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		require.NoError(a.t, mw.WriteField(fields[i], fields[i+1]))
	}
	require.NoError(a.t, mw.Close())
	return a.do("POST", path, buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

func TestAttachmentRoundTrip(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	lead := s.Records("Leads").Insert(map[string]any{"First_Name": "Ada", "Last_Name": "Lovelace"})[0]
	path := "Leads/" + lead + "/Attachments"
	content := bytes.Repeat([]byte("zoho\x00\xff"), 5000)

	ans := v2.upload(path, "report q4.pdf", content)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "30", "sample_response_upload_v2_doc_copy"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	id := ans.data(t)[0]["details"].(map[string]any)["id"].(string)
	ans = v8.upload(path, "second.txt", []byte("hello"))
	for _, p := range compareShape("$", sample(t, "30", "sample_response_upload_v8_official"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}

	list := v2.get(path)
	require.Equal(t, http.StatusOK, list.status)
	items := list.data(t)
	require.Len(t, items, 2)
	assert.Equal(t, "report q4.pdf", items[0]["File_Name"])
	assert.Equal(t, "30000", items[0]["Size"])
	assert.Equal(t, lead, items[0]["Parent_Id"].(map[string]any)["id"])
	assert.Equal(t, "Ada Lovelace", items[0]["Parent_Id"].(map[string]any)["name"])
	assert.Equal(t, "Leads", items[0]["$se_module"])
	v8list := v8.get(path + "?fields=File_Name,Size")
	for _, p := range compareShape("$", sample(t, "30", "sample_response_list_v8_official_(1_of_2)"), decode(t, v8.get(path+"?fields=File_Name,Size,Owner,Created_Time,Modified_Time,Created_By,Modified_By,Parent_Id").body), atLeastKeys, nil) {
		t.Error(p)
	}
	assert.NotContains(t, v8list.data(t)[0], "Owner", "fields chooses the fields")
	assert.Equal(t, http.StatusBadRequest, v8.get(path).status, "v8 requires fields")
	paged := v2.get(path + "?per_page=1&page=2")
	assert.Equal(t, "second.txt", paged.data(t)[0]["File_Name"])
	assert.Equal(t, false, paged.info(t)["more_records"])

	dl := v2.get(path + "/" + id)
	require.Equal(t, http.StatusOK, dl.status)
	assert.Equal(t, content, dl.body)
	_, params, err := mime.ParseMediaType(dl.header.Get("Content-Disposition"))
	require.NoError(t, err)
	assert.Equal(t, "report q4.pdf", params["filename"])

	ans = v2.do("DELETE", path+"/"+id, nil)
	require.Equal(t, http.StatusOK, ans.status)
	for _, p := range compareShape("$", sample(t, "30", "sample_response_delete_v2_doc_copy"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	assert.Equal(t, http.StatusNoContent, v2.get(path+"/"+id).status)
	assert.Equal(t, http.StatusBadRequest, v2.do("DELETE", path+"/"+id, nil).status)
}

func TestAttachmentLinks(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	path := "Contacts/" + s.Records("Contacts").Insert(map[string]any{"Last_Name": "C"})[0] + "/Attachments"

	ans := a.upload(path, "", nil, "attachmentUrl", "https://www.zohocorp.com", "title", "Zoho")
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	item := a.get(path).data(t)[0]
	assert.Equal(t, "https://www.zohocorp.com", item["$link_url"])
	assert.Equal(t, "Zoho", item["File_Name"])
	linkID := item["id"].(string)
	assert.Equal(t, http.StatusBadRequest, a.get(path+"/"+linkID).status, "a link has no file")

	ans = a.upload(path, "", nil, "attachmentUrl", "https://www.zohocorp.com")
	assert.Equal(t, "DUPLICATE_DATA", ans.json(t)["code"])
	ans = a.upload(path, "f.txt", []byte("x"), "attachmentUrl", "https://example.com")
	assert.Equal(t, "INVALID_DATA", ans.json(t)["code"])
	ans = a.upload(path, "", nil)
	assert.Equal(t, "MANDATORY_NOT_FOUND", ans.json(t)["code"])
	ans = a.do("POST", path, []byte(`{"not":"multipart"}`), "Content-Type", "application/json")
	assert.Equal(t, http.StatusBadRequest, ans.status)
}

func TestAttachmentSizeLimit(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	s.SetUploadLimits(64<<10, 0)
	path := "Leads/" + s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0] + "/Attachments"

	ans := a.upload(path, "big.bin", bytes.Repeat([]byte("x"), 1<<20))
	require.Equal(t, http.StatusRequestEntityTooLarge, ans.status)
	for _, p := range compareShape("$", sample(t, "30", "errors_v8_official", "413"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	assert.Equal(t, http.StatusOK, a.upload(path, "fits.bin", bytes.Repeat([]byte("x"), 64<<10)).status)
}

// A chunked upload of unknown length is read part by part as it arrives;
// only the file is kept.
func TestAttachmentStreamsLargeBodies(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	path := "Leads/" + s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0] + "/Attachments"
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		w, _ := mw.CreateFormFile("file", "stream.bin")
		for range 64 {
			_, _ = w.Write(bytes.Repeat([]byte{7}, 64<<10))
		}
		_ = mw.Close()
		_ = pw.Close()
	}()
	req, err := http.NewRequest("POST", s.URL+"/crm/v2/"+path, pr)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "4194304", a.get(path).data(t)[0]["Size"])
}
