package sdk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strings"
)

// FilesService stores files in Zoho's file store (POST files), for
// file-upload fields, mail attachments and inline images, and reads them
// back. The Files API lives on the user's CRM API domain
// ({api-domain}/crm/{version}/files), unlike Bulk Write's upload host.
type FilesService service

// Zoho's limits for the file store.
const (
	MaxFilesPerUpload = 10       // files one call takes; the SDK splits longer lists
	MaxFileBytes      = 20 << 20 // the largest file
)

// FileUpload is a file to store: its name and content. Content given as an
// io.ReadSeeker that also reads at offsets (an *os.File) is streamed, and
// read again from its start if the call is retried; other readers are
// read into memory first.
type FileUpload struct {
	Name    string
	Content io.Reader
}

// FileUploadOptions are the options of Upload.
type FileUploadOptions struct {
	// Inline stores images to show inside rich text (type=inline).
	Inline bool
}

// filePart is one file of a multipart body: its part header, and its
// content as a section of a file or as bytes.
type filePart struct {
	header []byte
	at     io.ReaderAt
	start  int64
	size   int64
	data   []byte
}

func (p filePart) reader() io.Reader {
	if p.at != nil {
		return io.NewSectionReader(p.at, p.start, p.size)
	}
	return bytes.NewReader(p.data)
}

// Upload stores files (10 a call) and returns one result per file in
// input order, the file's encrypted id in ActionResult.ID and its name in
// Details["name"].
func (s *FilesService) Upload(ctx context.Context, files []FileUpload, opts *FileUploadOptions) ([]*ActionResult, *Response, error) {
	if len(files) == 0 {
		return nil, nil, &ValidationError{Field: "files", Problem: "is empty"}
	}
	parts := make([]filePart, len(files))
	for i, f := range files {
		p, err := newFilePart(fmt.Sprintf("files[%d]", i), f)
		if err != nil {
			return nil, nil, err
		}
		parts[i] = p
	}
	q := url.Values{}
	if opts != nil && opts.Inline {
		q.Set("type", "inline")
	}
	return s.client.batchedBy(ctx, len(parts), MaxFilesPerUpload, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := multipartFiles(parts[lo:hi])
		req.Method, req.Path, req.Query = http.MethodPost, "files", q
		return s.client.doWrite(ctx, req, hi-lo)
	})
}

// boundary is fixed so that the part headers can be built before the body.
const filesBoundary = "zcrm-files-8f3b0c2a9d4e"

func newFilePart(field string, f FileUpload) (filePart, error) {
	if strings.TrimSpace(f.Name) == "" {
		return filePart{}, &ValidationError{Field: field + ".Name", Problem: "is empty"}
	}
	if f.Content == nil {
		return filePart{}, &ValidationError{Field: field + ".Content", Problem: "is nil"}
	}
	tooBig := &ValidationError{Field: field, Problem: fmt.Sprintf("%s is larger than %d MB, the most Zoho's file store takes", f.Name, MaxFileBytes>>20)}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", f.Name))
	ct := mime.TypeByExtension(filepath.Ext(f.Name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	var head bytes.Buffer
	head.WriteString("--" + filesBoundary + "\r\n")
	for _, k := range []string{"Content-Disposition", "Content-Type"} {
		head.WriteString(k + ": " + h.Get(k) + "\r\n")
	}
	head.WriteString("\r\n")
	p := filePart{header: head.Bytes()}

	rs, seeks := f.Content.(io.ReadSeeker)
	at, readsAt := f.Content.(io.ReaderAt)
	if seeks && readsAt {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return filePart{}, fmt.Errorf("zcrm: reading %s: %w", f.Name, err)
		}
		end, err := rs.Seek(0, io.SeekEnd)
		if err != nil {
			return filePart{}, fmt.Errorf("zcrm: reading %s: %w", f.Name, err)
		}
		if end-start > MaxFileBytes {
			return filePart{}, tooBig
		}
		p.at, p.start, p.size = at, start, end-start
		return p, nil
	}
	data, err := io.ReadAll(io.LimitReader(f.Content, MaxFileBytes+1))
	if err != nil {
		return filePart{}, fmt.Errorf("zcrm: reading %s: %w", f.Name, err)
	}
	if len(data) > MaxFileBytes {
		return filePart{}, tooBig
	}
	p.data, p.size = data, int64(len(data))
	return p, nil
}

// multipartFiles is a multipart/form-data body of "file" parts, assembled
// afresh for each attempt.
func multipartFiles(parts []filePart) *Request {
	closing := []byte("\r\n--" + filesBoundary + "--\r\n")
	var length int64
	for i, p := range parts {
		if i > 0 {
			length += 2 // the CRLF ending the previous part
		}
		length += int64(len(p.header)) + p.size
	}
	length += int64(len(closing))
	return &Request{
		ContentType:   "multipart/form-data; boundary=" + filesBoundary,
		ContentLength: length,
		GetBody: func() (io.ReadCloser, error) {
			readers := make([]io.Reader, 0, 3*len(parts)+1)
			for i, p := range parts {
				if i > 0 {
					readers = append(readers, strings.NewReader("\r\n"))
				}
				readers = append(readers, bytes.NewReader(p.header), p.reader())
			}
			readers = append(readers, bytes.NewReader(closing))
			return io.NopCloser(io.MultiReader(readers...)), nil
		},
	}
}

// Download opens a stored file by its id. Read it from the returned
// Download and close it; it is streamed, not held in memory.
func (s *FilesService) Download(ctx context.Context, id string) (*Download, *Response, error) {
	if strings.TrimSpace(id) == "" {
		return nil, nil, &ValidationError{Field: "id", Problem: "is empty"}
	}
	return s.client.downloadRequest(ctx, &Request{Method: http.MethodGet, Path: "files", Query: url.Values{"id": {id}}}, "file with this id")
}
