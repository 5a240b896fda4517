package zohotest

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// Files (payload 75): POST files uploads up to ten files (multipart
// "file" parts, 20 MB each; ?type=inline for inline images) to Zoho's
// file store and answers an encrypted id per file; GET files?id= returns
// one. Files go to the CRM API's host ({api-domain}/crm/{version}/files,
// Zoho's upload-files-to-zfs page), unlike the bulk write upload.

func init() {
	handleCRM("POST", "files", "ZohoCRM.Files.CREATE", (*Server).uploadFiles)
	handleCRM("GET", "files", "ZohoCRM.Files.READ", (*Server).getFile)
}

const (
	maxFilesPerUpload = 10
	maxFileBytes      = 20 << 20
)

type storedFile struct {
	name, contentType, typ string
	data                   []byte
}

// File returns a file uploaded through the Files API, by its id.
func (s *Server) File(id string) (name string, data []byte, ok bool) {
	var f storedFile
	s.actions.with(func(d *actionData) { f, ok = d.files[id] })
	return f.name, f.data, ok
}

func (s *Server) uploadFiles(c *call) {
	limit, _ := s.uploadLimits()
	limit = min(limit, maxFileBytes)
	mr, err := c.r.MultipartReader()
	if err != nil {
		failUpload(c, err)
		return
	}
	var files []storedFile
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			failUpload(c, err)
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		if len(files) == maxFilesPerUpload {
			part.Close()
			_, _ = io.Copy(io.Discard, io.LimitReader(c.r.Body, 512<<20))
			fail(c.w, http.StatusBadRequest, "INVALID_REQUEST", "unable to process your request. please verify whether you have entered proper method name, parameter and parameter values.", nil)
			return
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		part.Close()
		if err != nil {
			failUpload(c, err)
			return
		}
		if int64(len(data)) > limit {
			failUpload(c, errTooLarge)
			return
		}
		files = append(files, storedFile{name: part.FileName(), contentType: part.Header.Get("Content-Type"), typ: c.query("type"), data: data})
	}
	if len(files) == 0 {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"param_name", "file"}})
		return
	}
	results := make([]recordResult, len(files))
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = randomHex(32)
		results[i] = success(obj{{"name", f.name}, {"id", ids[i]}}, f.name+" uploaded Succeessfully")
	}
	s.actions.with(func(d *actionData) {
		if d.files == nil {
			d.files = map[string]storedFile{}
		}
		for i, f := range files {
			d.files[ids[i]] = f
		}
	})
	writeKeyed(c, "data", results, http.StatusOK)
}

func (s *Server) getFile(c *call) {
	var f storedFile
	ok := false
	s.actions.with(func(d *actionData) { f, ok = d.files[c.query("id")] })
	if !ok {
		failParam(c.w, "id")
		return
	}
	ct := f.contentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := c.w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(f.data)
}
