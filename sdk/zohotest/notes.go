package zohotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Notes are records of the Notes module (modules.go), so GET Notes, PUT
// Notes, GET/PUT/DELETE Notes/{id} and DELETE Notes?ids= are the records
// API's. This file adds what is particular to notes (payload 29): the
// parent record, given on creation as Parent_Id and se_module (v2) or
// Parent_Id {"module":{"api_name"},"id"} (v6+), both taken in every
// version, and stored as Zoho answers it, Parent_Id {"name","id","module"}
// with $se_module; and the notes of one record,
// {module}/{id}/Notes[/{note_id}]. A note's attachments are those of a
// Notes record (attachments.go).

func init() {
	handleCRM("POST", "Notes", "ZohoCRM.modules.notes.CREATE", (*Server).createNotes)
	const read = "ZohoCRM.modules.notes.READ"
	handleCRM("GET", "{module}/{id}/Notes", read, (*Server).listRecordNotes)
	handleCRM("POST", "{module}/{id}/Notes", "ZohoCRM.modules.notes.CREATE", (*Server).createRecordNotes)
	handleCRM("PUT", "{module}/{id}/Notes/{note_id}", "ZohoCRM.modules.notes.UPDATE", (*Server).updateRecordNote)
	handleCRM("DELETE", "{module}/{id}/Notes/{note_id}", "ZohoCRM.modules.notes.DELETE", (*Server).deleteRecordNote)
}

const notesModule = "Notes"

func (s *Server) notesStore() (*moduleStore, *moduleMeta) {
	ms := s.mustModule("notes", notesModule)
	return ms, ms.meta.Load()
}

// noteParent is the record a note hangs off.
type noteParent struct {
	meta *moduleMeta
	rec  *record
}

// parentField is Parent_Id as Zoho answers it.
func (p noteParent) parentField() fieldValue {
	return fieldOf("Parent_Id", obj{
		{"name", nullIfEmpty(p.rec.displayName(p.meta))},
		{"id", p.rec.id},
		{"module", obj{{"api_name", p.meta.APIName}, {"id", p.meta.ID}}},
	})
}

// props are a note's $-properties (v2 sample: $se_module, $approval,
// $followed).
func (p noteParent) props(meta *moduleMeta) []fieldValue {
	return defaultProps(meta, map[string]fieldValue{
		"$se_module": fieldOf("$se_module", p.meta.APIName),
		"$approval":  fieldOf("$approval", obj{{"delegate", false}, {"approve", false}, {"reject", false}}),
		"$followed":  fieldOf("$followed", false),
	})
}

// resolveNoteParent reads the parent of a note given to POST Notes.
func (s *Server) resolveNoteParent(c *call, raw json.RawMessage, index int) (noteParent, *recordResult) {
	fields, err := decodeObject(raw)
	if err != nil {
		e := recordError("INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}, {"api_name", "data"}})
		return noteParent{}, &e
	}
	pf, ok := findField(fields, "Parent_Id")
	if !ok || pf.empty() {
		return noteParent{}, fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "Parent_Id", index)
	}
	id, ok := lookupID(pf)
	if !ok || id == "" {
		return noteParent{}, fieldError(c, "INVALID_DATA", "invalid data", "Parent_Id", index)
	}
	module := ""
	if f, ok := findField(fields, "se_module"); ok && f.kind == kindString {
		module = f.str
	}
	if pf.kind == kindObject {
		var o struct {
			Module struct {
				APIName string `json:"api_name"`
			} `json:"module"`
		}
		if json.Unmarshal(pf.raw, &o) == nil && o.Module.APIName != "" {
			module = o.Module.APIName
		}
	}
	if module == "" {
		return noteParent{}, fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "se_module", index)
	}
	ms, ok := s.modules.get(module)
	if !ok || strings.EqualFold(module, notesModule) {
		return noteParent{}, fieldError(c, "INVALID_MODULE", "the module name given seems to be invalid", "se_module", index)
	}
	ms.mu.RLock()
	rec := ms.byID[id]
	ms.mu.RUnlock()
	if rec == nil {
		return noteParent{}, fieldError(c, "INVALID_DATA", "the related id given seems to be invalid", "Parent_Id", index)
	}
	return noteParent{meta: ms.meta.Load(), rec: rec}, nil
}

// noteInput is a note to create, checked.
type noteInput struct {
	parent noteParent
	p      prepared
}

// prepareNote checks a note's own fields: the parent is set aside, and a
// note needs a content (before v8) or a title or a content (v8).
func (s *Server) prepareNote(c *call, meta *moduleMeta, raw json.RawMessage, index int) prepared {
	p := s.prepare(c, meta, raw, index)
	if p.err != nil {
		return p
	}
	own := p.own[:0]
	for _, f := range p.own {
		if f.name != "Parent_Id" && f.name != "se_module" {
			own = append(own, f)
		}
	}
	p.own = own
	title, _ := findField(own, "Note_Title")
	content, _ := findField(own, "Note_Content")
	switch {
	case c.version.atLeast(sinceNoteTitleOrContent) && title.empty() && content.empty():
		// Payload 29's v8 partial error item.
		e := recordError("EXPECTED_FIELD_MISSING", "should contain either content or title", obj{{"expected_fields", []obj{
			{{"api_name", "Note_Content"}, {"json_path", fmt.Sprintf("$.data[%d].Note_Content", index)}},
			{{"api_name", "Note_Title"}, {"json_path", fmt.Sprintf("$.data[%d].Note_Title", index)}},
		}}})
		p.err = &e
	case !c.version.atLeast(sinceNoteTitleOrContent) && content.empty():
		p.err = fieldError(c, "MANDATORY_NOT_FOUND", "required field not found", "Note_Content", index)
	}
	return p
}

// insertNotes stores checked notes and answers one result per input.
func (s *Server) insertNotes(c *call, inputs []noteInput, errs []*recordResult) {
	ms, meta := s.notesStore()
	wr := s.newWriter(c, ms, meta)
	results := make([]recordResult, len(inputs))
	ms.mu.Lock()
	for i, in := range inputs {
		if errs[i] != nil {
			results[i] = *errs[i]
			continue
		}
		r := s.storeNoteLocked(wr, in.parent, in.p.own, in.p.owner)
		results[i] = success(s.successDetails(c, r, false), "record added") // payload 29: no $approval_state
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusCreated)
}

// storeNoteLocked creates a note, the Notes lock held; a nil owner is the
// writer's user.
func (s *Server) storeNoteLocked(wr *writer, parent noteParent, own []fieldValue, owner []byte) *record {
	if owner == nil {
		owner = wr.owner
	}
	r := &record{
		id: s.ids.next(), own: append(own, parent.parentField()), props: parent.props(wr.meta),
		owner: owner, createdBy: wr.by, modifiedBy: wr.by, created: wr.now, modified: wr.now,
	}
	s.assemble(wr.meta, r)
	wr.ms.insertLocked(r)
	return r
}

// createNotes is POST Notes: notes for any records, each naming its parent.
func (s *Server) createNotes(c *call) {
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	_, meta := s.notesStore()
	inputs := make([]noteInput, len(body.data))
	errs := make([]*recordResult, len(body.data))
	for i, raw := range body.data {
		parent, e := s.resolveNoteParent(c, raw, i)
		if e != nil {
			errs[i] = e
			continue
		}
		p := s.prepareNote(c, meta, raw, i)
		inputs[i], errs[i] = noteInput{parent: parent, p: p}, p.err
	}
	s.insertNotes(c, inputs, errs)
}

// createRecordNotes is POST {module}/{id}/Notes: the parent is the path's.
func (s *Server) createRecordNotes(c *call) {
	_, pmeta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	_, meta := s.notesStore()
	parent := noteParent{meta: pmeta, rec: rec}
	inputs := make([]noteInput, len(body.data))
	errs := make([]*recordResult, len(body.data))
	for i, raw := range body.data {
		p := s.prepareNote(c, meta, raw, i)
		inputs[i], errs[i] = noteInput{parent: parent, p: p}, p.err
	}
	s.insertNotes(c, inputs, errs)
}

// noteOf reports whether a Notes record hangs off the record.
func noteOf(r *record, module, parentID string) bool {
	f, ok := r.field("Parent_Id")
	if !ok {
		return false
	}
	if id, _ := lookupID(f); id != parentID {
		return false
	}
	m, ok := r.field("$se_module")
	return ok && strings.EqualFold(m.str, module)
}

func (s *Server) listRecordNotes(c *call) {
	_, pmeta, rec, ok := s.parentRecord(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	var fields []string
	if v := c.query("fields"); v != "" {
		fields = splitList(v)
	}
	ms, _ := s.notesStore()
	notes, more := ms.query(recordQuery{
		filter: func(r *record) bool { return noteOf(r, pmeta.APIName, rec.id) },
		sortBy: "id", desc: true, // newest first
		offset: (page - 1) * perPage, limit: perPage,
	})
	if len(notes) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	info := obj{{"per_page", perPage}, {"count", len(notes)}, {"page", page}, {"more_records", more}}
	s.writeRecords(c, notes, fields, info)
}

// recordNote resolves {module}/{id}/Notes/{note_id}; it answers the error
// itself.
func (s *Server) recordNote(c *call) (string, bool) {
	_, pmeta, rec, ok := s.parentRecord(c)
	if !ok {
		return "", false
	}
	noteID := c.param("note_id")
	ms, _ := s.notesStore()
	ms.mu.RLock()
	note := ms.byID[noteID]
	ms.mu.RUnlock()
	if note == nil || !noteOf(note, pmeta.APIName, rec.id) {
		failPathID(c.w, 3)
		return "", false
	}
	return noteID, true
}

func (s *Server) updateRecordNote(c *call) {
	noteID, ok := s.recordNote(c)
	if !ok {
		return
	}
	body, ok := readWriteBody(c)
	if !ok {
		return
	}
	ms, meta := s.notesStore()
	p := s.prepare(c, meta, body.data[0], 0)
	own := p.own[:0]
	for _, f := range p.own {
		if f.name != "Parent_Id" && f.name != "se_module" { // a note keeps its parent
			own = append(own, f)
		}
	}
	p.own = own
	s.update(c, ms, meta, []prepared{p}, noteID)
}

func (s *Server) deleteRecordNote(c *call) {
	noteID, ok := s.recordNote(c)
	if !ok {
		return
	}
	ms, meta := s.notesStore()
	ms.mu.Lock()
	if r := ms.removeLocked(noteID); r != nil {
		ms.deleted = append(ms.deleted, recycled(meta, r, mustJSON(c.user.lookup(false)), s.Now()))
	}
	ms.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(obj{{"id", noteID}}, "record deleted")}}})
}
