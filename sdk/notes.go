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
	f := rawFields(n.Extra())
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
			b := n.body(s.client, withParent)
			if method == http.MethodPut {
				b["id"] = n.ID
			}
			data = append(data, b)
		}
		return s.client.doWrite(ctx, &Request{Method: method, Path: path, Body: map[string]any{"data": data}}, hi-lo)
	})
}

// Update changes a note of a record: its title and content, those set. A
// refused update is also the error.
func (s *NotesService) Update(ctx context.Context, module, recordID, noteID string, note *Note) (*ActionResult, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.one(ctx, http.MethodPut, path, noteID, note)
}

// Delete deletes a note of a record. A refusal is also the error.
func (s *NotesService) Delete(ctx context.Context, module, recordID, noteID string) (*ActionResult, *Response, error) {
	path, err := recordNotesPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.one(ctx, http.MethodDelete, path, noteID, nil)
}

// one sends a write of one note, or a delete (nil note), to path/{id}.
func (s *NotesService) one(ctx context.Context, method, path, id string, note *Note) (*ActionResult, *Response, error) {
	if err := requireID("note id", id); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: method, Path: path + "/" + url.PathEscape(id)}
	if method != http.MethodDelete {
		if err := checkNotes([]*Note{note}, false); err != nil {
			return nil, nil, err
		}
		req.Body = map[string]any{"data": []map[string]any{note.body(s.client, false)}}
	}
	return single(s.client.doWrite(ctx, req, 1))
}

// DeleteMany deletes notes by id (DELETE Notes?ids=), in batches of 100;
// one result per id in input order. OAuth scope:
// ZohoCRM.modules.notes.DELETE.
func (s *NotesService) DeleteMany(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return deleteIDsAt(ctx, s.client, Request{Method: http.MethodDelete, Path: "Notes"}, ids)
}

// Notes by id, across modules (GET, PUT and DELETE Notes/{id}, PUT Notes).

var notes = keyed[Note]{path: "Notes", key: "data", what: "note"}

// Get returns the note with this id, with the fields named (from v8 Zoho
// requires some; the SDK asks for the usual ones when none is). A note
// that does not exist is an error. OAuth scope: ZohoCRM.modules.notes.READ.
func (s *NotesService) Get(ctx context.Context, id string, fields ...string) (*Note, *Response, error) {
	if len(fields) == 0 && s.client.apiVersionAtLeast(8) {
		fields = defaultNoteFields
	}
	return notes.get(ctx, s.client, id, query("fields", strings.Join(fields, ",")))
}

// UpdateMany changes notes of any records, each named by its ID: their
// titles and contents, those set (PUT Notes), in batches of 100; one
// result per note in input order. OAuth scope:
// ZohoCRM.modules.notes.UPDATE.
func (s *NotesService) UpdateMany(ctx context.Context, notes []*Note) ([]*ActionResult, *Response, error) {
	for i, n := range notes {
		if n != nil && n.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("notes[%d]", i), Problem: "has no ID: name the note to update"}
		}
	}
	if err := checkNotes(notes, false); err != nil {
		return nil, nil, err
	}
	return s.write(ctx, http.MethodPut, "Notes", notes, false)
}

// UpdateOne changes the note with this id (PUT Notes/{id}): its title and
// content, those set. A refused update is also the error. OAuth scope:
// ZohoCRM.modules.notes.UPDATE.
func (s *NotesService) UpdateOne(ctx context.Context, id string, note *Note) (*ActionResult, *Response, error) {
	return s.one(ctx, http.MethodPut, "Notes", id, note)
}

// DeleteOne deletes the note with this id (DELETE Notes/{id}). A refusal
// is also the error. OAuth scope: ZohoCRM.modules.notes.DELETE.
func (s *NotesService) DeleteOne(ctx context.Context, id string) (*ActionResult, *Response, error) {
	return s.one(ctx, http.MethodDelete, "Notes", id, nil)
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
