package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AttachmentsService uploads, lists, downloads and deletes a record's attachments ({module}/{id}/Attachments).
type AttachmentsService service

// Attachment is a file or a link attached to a record. Fields without a Go
// field are kept in Extra; Size, Owner, Parent and the times are read from
// them by methods, because Zoho has sent them in two shapes over the years
// (objects and RFC 3339 now, flat ids and "2016-03-30 20:29:35" in early
// v2).
type Attachment struct {
	ID       string `json:"id,omitempty"`
	FileName string `json:"File_Name,omitempty"`
	// Type is Zoho's $type: "File" for an uploaded file.
	Type string `json:"$type,omitempty"`
	// LinkURL is set for a link attached with AttachLink.
	LinkURL string `json:"$link_url,omitempty"`
	FileID  string `json:"$file_id,omitempty"`
	// SEModule is the module of the record it is attached to.
	SEModule string `json:"$se_module,omitempty"`

	kept
}

func (a *Attachment) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a Attachment) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// IsLink reports whether the attachment is a link rather than a file.
func (a *Attachment) IsLink() bool { return a.LinkURL != "" }

// Size is the file's size in bytes (Zoho sends it as a string).
func (a *Attachment) Size() int64 {
	n, _ := strconv.ParseInt(rawFields(a.Extra()).text("Size"), 10, 64)
	return n
}

// Parent is the record the attachment belongs to.
func (a *Attachment) Parent() *Lookup { return rawFields(a.Extra()).lookup("Parent_Id") }

// Owner is the attachment's owner.
func (a *Attachment) Owner() *Lookup { return rawFields(a.Extra()).lookup("Owner") }

// CreatedBy is the user who attached it.
func (a *Attachment) CreatedBy() *Lookup { return rawFields(a.Extra()).lookup("Created_By") }

// ModifiedBy is the user who last changed it.
func (a *Attachment) ModifiedBy() *Lookup { return rawFields(a.Extra()).lookup("Modified_By") }

// CreatedTime is when it was attached; zero if unknown.
func (a *Attachment) CreatedTime() time.Time { return rawFields(a.Extra()).time("Created_Time") }

// ModifiedTime is when it was last changed; zero if unknown.
func (a *Attachment) ModifiedTime() time.Time { return rawFields(a.Extra()).time("Modified_Time") }

// apiVersionAtLeast reports whether the configured API version is major
// or later ("v2.1" is 2).
func (c *Client) apiVersionAtLeast(major int) bool {
	v := strings.TrimPrefix(c.core.cfg.APIVersion, "v")
	v, _, _ = strings.Cut(v, ".")
	n, err := strconv.Atoi(v)
	return err == nil && n >= major
}

// rawFields is a resource's JSON split into fields, for the values Zoho
// sends in more than one shape.
type rawFields map[string]json.RawMessage

func (k *kept) fields() rawFields { return rawFields(k.extra) }

// text reads a string or a number as text; "" for anything else.
func (f rawFields) text(key string) string { return jsonText(f[key]) }

func jsonText(raw json.RawMessage) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return ""
	}
	s, _ := stringOf(v)
	return s
}

// lookup reads {"id","name"[,"email"]}, or a flat id with its name in
// "$<key>" (early v2).
func (f rawFields) lookup(key string) *Lookup {
	raw := f[key]
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] == '{' {
		var l Lookup
		if json.Unmarshal(raw, &l) != nil || (l.ID == "" && l.Name == "") {
			return nil
		}
		return &l
	}
	id := jsonText(raw)
	if id == "" {
		return nil
	}
	return &Lookup{ID: id, Name: f.text("$" + key)}
}

// time reads Zoho's date-times: RFC 3339, or "2006-01-02 15:04:05" (UTC)
// in early v2 answers.
func (f rawFields) time(key string) time.Time {
	s := f.text(key)
	for _, layout := range []string{ZohoTimeLayout, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// AttachmentListOptions pages through a record's attachments. From v8
// Zoho requires the fields to return; when Fields is empty the SDK asks
// for the usual ones.
type AttachmentListOptions struct {
	Fields []string
	ListOptions
}

var defaultAttachmentFields = []string{"id", "File_Name", "Size", "Owner", "Created_By", "Created_Time", "Modified_By", "Modified_Time", "Parent_Id"}

func (s *AttachmentsService) path(module, recordID string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("record id", recordID); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(recordID) + "/Attachments", nil
}

// List returns one page of a record's attachments; none is an empty slice.
func (s *AttachmentsService) List(ctx context.Context, module, recordID string, opts *AttachmentListOptions) ([]*Attachment, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	o := AttachmentListOptions{}
	if opts != nil {
		o = *opts
	}
	q := url.Values{}
	fields := o.Fields
	if len(fields) == 0 && s.client.apiVersionAtLeast(8) {
		fields = defaultAttachmentFields
	}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	o.ListOptions.encode(q)
	return fetchPage[*Attachment](ctx, s.client, &Request{Method: http.MethodGet, Path: path, Query: q})
}

// All iterates over every attachment of a record, page by page.
func (s *AttachmentsService) All(ctx context.Context, module, recordID string, opts *AttachmentListOptions) iter.Seq2[*Attachment, error] {
	o := AttachmentListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*Attachment, *Response, error) {
		o.ListOptions = lo
		return s.List(ctx, module, recordID, &o)
	})
}

// MaxUploadBytes is the largest file the SDK uploads: the largest
// attachment Zoho's documentation allows (100 MB; its file store takes
// 20 MB, and a photo 10 MB, which Zoho enforces). A file given as an
// io.ReadSeeker (an *os.File, say) is streamed from disk, and read again
// from its start if the request is retried; any other reader is read into
// memory first.
const MaxUploadBytes = 100 << 20

// Upload attaches a file, read from r, to a record as fileName, and
// returns Zoho's result (the attachment's id in Details).
func (s *AttachmentsService) Upload(ctx context.Context, module, recordID, fileName string, r io.Reader) (*ActionResult, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.client.uploadFile(ctx, path, fileName, r)
}

// AttachLink attaches a link to a record; title may be empty (Zoho then
// uses the page's title).
func (s *AttachmentsService) AttachLink(ctx context.Context, module, recordID, link, title string) (*ActionResult, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if u, err := url.Parse(link); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, nil, &ValidationError{Field: "link", Problem: fmt.Sprintf("%q is not an absolute URL such as https://example.com/page", link)}
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("attachmentUrl", link)
	if title != "" {
		_ = mw.WriteField("title", title)
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return s.client.doSingle(ctx, &Request{Method: http.MethodPost, Path: path, RawBody: buf.Bytes(), ContentType: mw.FormDataContentType()})
}

// Download opens an attachment's file. Read it from the returned Download
// and close it; the file is streamed, not held in memory.
func (s *AttachmentsService) Download(ctx context.Context, module, recordID, attachmentID string) (*Download, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("attachment id", attachmentID); err != nil {
		return nil, nil, err
	}
	return s.client.download(ctx, path+"/"+url.PathEscape(attachmentID), "attachment "+attachmentID)
}

// Delete deletes an attachment.
func (s *AttachmentsService) Delete(ctx context.Context, module, recordID, attachmentID string) (*ActionResult, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("attachment id", attachmentID); err != nil {
		return nil, nil, err
	}
	return s.client.doSingle(ctx, &Request{Method: http.MethodDelete, Path: path + "/" + url.PathEscape(attachmentID)})
}

// DeleteMany deletes attachments of a record by id (DELETE
// {module}/{id}/Attachments?ids=), 100 a call; one result per id in input
// order. OAuth scope: ZohoCRM.modules.attachments.DELETE and
// ZohoCRM.modules.{module}.DELETE.
func (s *AttachmentsService) DeleteMany(ctx context.Context, module, recordID string, ids ...string) ([]*ActionResult, *Response, error) {
	path, err := s.path(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return deleteIDsAt(ctx, s.client, Request{Method: http.MethodDelete, Path: path}, ids)
}

// Download is a file being downloaded from Zoho: read it, then close it.
type Download struct {
	io.ReadCloser
	FileName    string // from Content-Disposition, when Zoho gives one
	ContentType string
	Size        int64 // Content-Length; -1 when unknown
}

// download opens a file answer; a 204 means there is nothing to download.
func (c *Client) download(ctx context.Context, path, what string) (*Download, *Response, error) {
	return c.downloadRequest(ctx, &Request{Method: http.MethodGet, Path: path}, what)
}

// downloadRequest is download for a request with a query.
func (c *Client) downloadRequest(ctx context.Context, req *Request, what string) (*Download, *Response, error) {
	path := req.Path
	resp, err := c.DoStream(ctx, req)
	if err != nil {
		return nil, resp, err
	}
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		return nil, resp, &APIError{StatusCode: http.StatusNotFound, Code: "NO_CONTENT", Message: "Zoho has no " + what,
			Method: http.MethodGet, Path: "/" + path}
	}
	d := &Download{ReadCloser: resp.Body, ContentType: resp.Header.Get("Content-Type"), Size: resp.ContentLength}
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		d.FileName = params["filename"]
	}
	return d, resp, nil
}

// doSingle sends a write whose answer is one result, either {"data":[r]}
// or r itself (photos, blueprints).
func (c *Client) doSingle(ctx context.Context, req *Request) (*ActionResult, *Response, error) {
	var body struct {
		ActionResult
		Data []*ActionResult `json:"data"`
	}
	resp, err := c.Do(ctx, req, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) > 0 {
		return body.Data[0], resp, nil
	}
	if body.Status == "" {
		return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho's answer has no result", req.Method, req.Path)
	}
	r := body.ActionResult
	return &r, resp, nil
}

// uploadFile POSTs a file, read from r, to path as multipartFile builds it
// and returns Zoho's result.
func (c *Client) uploadFile(ctx context.Context, path, fileName string, r io.Reader) (*ActionResult, *Response, error) {
	req, err := multipartFile(fileName, r)
	if err != nil {
		return nil, nil, err
	}
	req.Method, req.Path = http.MethodPost, path
	return c.doSingle(ctx, req)
}

// fileBodies returns a GetBody that serves the multipart body of a file,
// whole, for each attempt. After a 429 the transport may still be reading
// the previous attempt's body, so attempts must not share a read offset: a
// file that reads at offsets (an *os.File) gets a section reader per
// attempt; any other seeker is rewound only once the previous attempt's
// body has been closed, which the transport always does.
func fileBodies(rs io.ReadSeeker, start, size int64, prefix, suffix []byte, fileName string) func() (io.ReadCloser, error) {
	body := func(file io.Reader, onClose func()) io.ReadCloser {
		return &closeNotifier{Reader: io.MultiReader(bytes.NewReader(prefix), file, bytes.NewReader(suffix)), onClose: onClose}
	}
	if ra, ok := rs.(io.ReaderAt); ok {
		return func() (io.ReadCloser, error) {
			return body(io.NewSectionReader(ra, start, size), nil), nil
		}
	}
	var previous chan struct{} // closed when the last attempt's body is
	return func() (io.ReadCloser, error) {
		if previous != nil {
			<-previous
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("zcrm: rewinding %s: %w", fileName, err)
		}
		closed := make(chan struct{})
		previous = closed
		var once sync.Once
		return body(io.LimitReader(rs, size), func() { once.Do(func() { close(closed) }) }), nil
	}
}

// closeNotifier is a request body that says when the transport is done
// with it.
type closeNotifier struct {
	io.Reader
	onClose func()
}

func (c *closeNotifier) Close() error {
	if c.onClose != nil {
		c.onClose()
	}
	return nil
}

// multipartFile builds a request body in multipart/form-data with the file
// as its "file" part, refusing files over MaxUploadBytes. A seekable file
// is streamed: the body is the part's header, the file from where r stands,
// and the closing boundary, assembled afresh for each attempt.
func multipartFile(fileName string, r io.Reader) (*Request, error) {
	if strings.TrimSpace(fileName) == "" {
		return nil, &ValidationError{Field: "fileName", Problem: "is empty; Zoho shows the attachment under this name"}
	}
	if r == nil {
		return nil, &ValidationError{Field: "file", Problem: "is nil"}
	}
	tooBig := &ValidationError{Field: "file", Problem: fmt.Sprintf("%s is larger than %d MB, the most Zoho takes", fileName, MaxUploadBytes>>20)}

	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", fileName))
	ct := mime.TypeByExtension(filepath.Ext(fileName))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if _, err := mw.CreatePart(h); err != nil {
		return nil, err
	}
	prefix := bytes.Clone(head.Bytes())
	head.Reset()
	if err := mw.Close(); err != nil {
		return nil, err
	}
	suffix := bytes.Clone(head.Bytes())
	req := &Request{ContentType: mw.FormDataContentType()}

	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("zcrm: reading %s: %w", fileName, err)
		}
		end, err := rs.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, fmt.Errorf("zcrm: reading %s: %w", fileName, err)
		}
		size := end - start
		if size > MaxUploadBytes {
			return nil, tooBig
		}
		req.ContentLength = int64(len(prefix)) + size + int64(len(suffix))
		req.GetBody = fileBodies(rs, start, size, prefix, suffix, fileName)
		return req, nil
	}

	var body bytes.Buffer
	body.Write(prefix)
	n, err := io.Copy(&body, io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("zcrm: reading %s: %w", fileName, err)
	}
	if n > MaxUploadBytes {
		return nil, tooBig
	}
	body.Write(suffix)
	req.RawBody = body.Bytes()
	return req, nil
}
