package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// NotesService manages notes, on a record ({module}/{id}/Notes) or across a module (/Notes).
type NotesService service

// Note is a note on a record. Fields without a Go field are kept in Extra.
type Note struct {
	ID           string    `json:"id,omitempty"`
	Title        string    `json:"Note_Title,omitempty"`
	Content      string    `json:"Note_Content,omitempty"`
	Owner        *Lookup   `json:"Owner,omitempty"`
	CreatedBy    *Lookup   `json:"Created_By,omitempty"`
	ModifiedBy   *Lookup   `json:"Modified_By,omitempty"`
	CreatedTime  time.Time `json:"Created_Time,omitzero"`
	ModifiedTime time.Time `json:"Modified_Time,omitzero"`

	// ParentModule and ParentID name the record the note is on; read from
	// Parent_Id and $se_module, and set them to create notes with
	// NotesService.Create. ParentName is the record's name, as Zoho gives
	// it.
	ParentModule string `json:"-"`
	ParentID     string `json:"-"`
	ParentName   string `json:"-"`

	kept
}

func (n *Note) UnmarshalJSON(b []byte) error {
	if err := decodeKept(b, n); err != nil {
		return err
	}
	// Parent_Id is {"name","id"} (v2), with "module":{"api_name","id"}
	// (v8), or a bare id; $se_module names the module before v8.
	f := n.fields()
	n.ParentModule = f.text("$se_module")
	if p := f["Parent_Id"]; len(p) > 0 && p[0] == '{' {
		var parent struct {
			ID     json.RawMessage `json:"id"`
			Name   string          `json:"name"`
			Module struct {
				APIName string `json:"api_name"`
			} `json:"module"`
		}
		if json.Unmarshal(p, &parent) == nil {
			n.ParentID, n.ParentName = jsonText(parent.ID), parent.Name
			if parent.Module.APIName != "" {
				n.ParentModule = parent.Module.APIName
			}
		}
	} else {
		n.ParentID = f.text("Parent_Id")
	}
	return nil
}

func (n Note) MarshalJSON() ([]byte, error) { return encodeKept(&n) }

// Notes name their parent with Parent_Id and se_module up to v5; the v6
// documentation and later give Parent_Id {"module":{"api_name"},"id"}.
const sinceNoteParentObject = 6

// body is the note as a write sends it: title, content and, for
// NotesService.Create, the parent in the version's shape.
func (n *Note) body(c *Client, withParent bool) map[string]any {
	m := map[string]any{}
	if n.Title != "" {
		m["Note_Title"] = n.Title
	}
	if n.Content != "" {
		m["Note_Content"] = n.Content
	}
	if withParent {
		if c.apiVersionAtLeast(sinceNoteParentObject) {
			m["Parent_Id"] = map[string]any{"module": map[string]string{"api_name": n.ParentModule}, "id": n.ParentID}
		} else {
			m["Parent_Id"], m["se_module"] = n.ParentID, n.ParentModule
		}
	}
	return m
}

// NoteListOptions selects and orders the notes List returns. From v8
// Zoho requires the fields to return; when Fields is empty the SDK asks
// for the usual ones.
type NoteListOptions struct {
	Fields    []string
	SortBy    string
	SortOrder string // asc or desc
	ListOptions
}

var defaultNoteFields = []string{"Note_Title", "Note_Content", "Parent_Id", "Owner", "Created_By", "Created_Time", "Modified_By", "Modified_Time"}

func (s *NotesService) list(ctx context.Context, path string, q url.Values) ([]*Note, *Response, error) {
	return fetchPage[*Note](ctx, s.client, &Request{Method: http.MethodGet, Path: path, Query: q})
}

// List returns one page of the notes of every record (GET Notes).
func (s *NotesService) List(ctx context.Context, opts *NoteListOptions) ([]*Note, *Response, error) {
	o := NoteListOptions{}
	if opts != nil {
		o = *opts
	}
	q := url.Values{}
	fields := o.Fields
	if len(fields) == 0 && s.client.apiVersionAtLeast(8) {
		fields = defaultNoteFields
	}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	if o.SortBy != "" {
		q.Set("sort_by", o.SortBy)
	}
	if o.SortOrder != "" {
		q.Set("sort_order", o.SortOrder)
	}
	o.ListOptions.encode(q)
	return s.list(ctx, "Notes", q)
}

// All iterates over the notes of every record, page by page.
func (s *NotesService) All(ctx context.Context, opts *NoteListOptions) iter.Seq2[*Note, error] {
	o := NoteListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*Note, *Response, error) {
		o.ListOptions = lo
		return s.List(ctx, &o)
	})
}

func recordNotesPath(module, recordID string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("record id", recordID); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(recordID) + "/Notes", nil
}

// ListByRecord returns one page of a record's notes.
func (s *NotesService) ListByRecord(ctx context.Context, module, recordID string, opts *ListOptions) ([]*Note, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	if opts != nil {
		opts.encode(q)
	}
	return s.list(ctx, path, q)
}

// AllByRecord iterates over a record's notes, page by page.
func (s *NotesService) AllByRecord(ctx context.Context, module, recordID string, opts *ListOptions) iter.Seq2[*Note, error] {
	start := ListOptions{}
	if opts != nil {
		start = *opts
	}
	return paginate(ctx, start, func(lo ListOptions) ([]*Note, *Response, error) {
		return s.ListByRecord(ctx, module, recordID, &lo)
	})
}

// Add adds notes to a record, in batches of 100; one result per note in
// input order (the note's id in ActionResult.ID). A note Zoho refuses is a
// failed result, not an error.
func (s *NotesService) Add(ctx context.Context, module, recordID string, notes ...*Note) ([]*ActionResult, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := checkNotes(notes, false); err != nil {
		return nil, nil, err
	}
	return s.write(ctx, http.MethodPost, path, notes, false)
}

// Create adds notes to any records, each naming its record with
// ParentModule and ParentID, in batches of 100; one result per note in
// input order.
func (s *NotesService) Create(ctx context.Context, notes []*Note) ([]*ActionResult, *Response, error) {
	if err := checkNotes(notes, true); err != nil {
		return nil, nil, err
	}
	return s.write(ctx, http.MethodPost, "Notes", notes, true)
}

func checkNotes(notes []*Note, withParent bool) error {
	for i, n := range notes {
		field := fmt.Sprintf("notes[%d]", i)
		switch {
		case n == nil:
			return &ValidationError{Field: field, Problem: "is nil"}
		case n.Title == "" && n.Content == "":
			return &ValidationError{Field: field, Problem: "has neither a title nor a content"}
		case withParent && (strings.TrimSpace(n.ParentModule) == "" || strings.TrimSpace(n.ParentID) == ""):
			return &ValidationError{Field: field, Problem: "needs ParentModule and ParentID: the record the note is on"}
		}
	}
	return nil
}

func (s *NotesService) write(ctx context.Context, method, path string, notes []*Note, withParent bool) ([]*ActionResult, *Response, error) {
	if len(notes) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.Records.batched(ctx, len(notes), func(lo, hi int) ([]*ActionResult, *Response, error) {
		data := make([]map[string]any, 0, hi-lo)
		for _, n := range notes[lo:hi] {
			data = append(data, n.body(s.client, withParent))
		}
		return s.client.doWrite(ctx, &Request{Method: method, Path: path, Body: map[string]any{"data": data}}, hi-lo)
	})
}

// Update changes a note of a record: its title and content, those set.
func (s *NotesService) Update(ctx context.Context, module, recordID, noteID string, note *Note) (*ActionResult, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("note id", noteID); err != nil {
		return nil, nil, err
	}
	if err := checkNotes([]*Note{note}, false); err != nil {
		return nil, nil, err
	}
	body := map[string]any{"data": []map[string]any{note.body(s.client, false)}}
	results, resp, err := s.client.doWrite(ctx, &Request{Method: http.MethodPut, Path: path + "/" + url.PathEscape(noteID), Body: body}, 1)
	if err != nil {
		return nil, resp, err
	}
	return results[0], resp, nil
}

// Delete deletes a note of a record.
func (s *NotesService) Delete(ctx context.Context, module, recordID, noteID string) (*ActionResult, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("note id", noteID); err != nil {
		return nil, nil, err
	}
	results, resp, err := s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: path + "/" + url.PathEscape(noteID)}, 1)
	if err != nil {
		return nil, resp, err
	}
	return results[0], resp, nil
}

// DeleteMany deletes notes by id, in batches of 100; one result per id in
// input order.
func (s *NotesService) DeleteMany(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.Records.batched(ctx, len(ids), func(lo, hi int) ([]*ActionResult, *Response, error) {
		q := url.Values{"ids": {strings.Join(ids[lo:hi], ",")}}
		return s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: "Notes", Query: q}, hi-lo)
	})
}

// A note's attachments are those of a record of the Notes module.

// ListAttachments returns one page of a note's attachments.
func (s *NotesService) ListAttachments(ctx context.Context, noteID string, opts *AttachmentListOptions) ([]*Attachment, *Response, error) {
	return s.client.Attachments.List(ctx, "Notes", noteID, opts)
}

// UploadAttachment attaches a file, read from r, to a note.
func (s *NotesService) UploadAttachment(ctx context.Context, noteID, fileName string, r io.Reader) (*ActionResult, *Response, error) {
	return s.client.Attachments.Upload(ctx, "Notes", noteID, fileName, r)
}

// DownloadAttachment opens a note's attachment; close it when done.
func (s *NotesService) DownloadAttachment(ctx context.Context, noteID, attachmentID string) (*Download, *Response, error) {
	return s.client.Attachments.Download(ctx, "Notes", noteID, attachmentID)
}

// DeleteAttachment deletes a note's attachment.
func (s *NotesService) DeleteAttachment(ctx context.Context, noteID, attachmentID string) (*ActionResult, *Response, error) {
	return s.client.Attachments.Delete(ctx, "Notes", noteID, attachmentID)
}
