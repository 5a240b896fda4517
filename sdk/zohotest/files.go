package zohotest

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
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
	blob
}

// File returns a file uploaded through the Files API, by its id (data is
// nil for a file of StoreGeneratedFile).
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
		files = append(files, storedFile{name: part.FileName(), contentType: part.Header.Get("Content-Type"), typ: c.query("type"), blob: blob{data: data}})
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
	serveFile(c.w, f.name, f.contentType, f.blob)
}

// StoreGeneratedFile adds a file of size bytes of GeneratedContent to the
// Files API's store, as if uploaded, and returns its id. Its bytes are
// made as it is downloaded, never held: tests stream large files with it.
func (s *Server) StoreGeneratedFile(name string, size int64) string {
	id := randomHex(32)
	s.actions.with(func(d *actionData) {
		if d.files == nil {
			d.files = map[string]storedFile{}
		}
		d.files[id] = storedFile{name: name, blob: blob{generated: size}}
	})
	return id
}

// blob is a file's bytes: held, or (generated > 0) that many bytes of
// GeneratedContent, made as they are read.
type blob struct {
	data      []byte
	generated int64
}

func (b blob) size() int64 {
	if b.generated > 0 {
		return b.generated
	}
	return int64(len(b.data))
}

func (b blob) reader() io.Reader {
	if b.generated > 0 {
		return GeneratedContent(b.generated)
	}
	return bytes.NewReader(b.data)
}

// serveFile answers a download of b named name.
func serveFile(w http.ResponseWriter, name, contentType string, b blob) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.FormatInt(b.size(), 10))
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, b.reader())
}

// GeneratedContent returns size bytes of a fixed pseudo-random stream:
// the content of the emulator's generated files, for a test to compare a
// download with without holding either.
func GeneratedContent(size int64) io.Reader {
	return io.LimitReader(rand.NewChaCha8([32]byte{'z', 'c', 'r', 'm'}), size)
}
