package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// The recycle bin (crm-oas group recycle_bin, settings/recycle_bin): the
// records of every module deleted and not yet gone for good, each with
// its module, owner, who deleted it and when; whatever deleted them
// (DELETE {module}[/{id}], mass delete, notes, RecordStore.Delete) put
// them there. A record deleted from the bin is gone for good (GET
// {module}/deleted lists it as permanent); a record restored (POST
// settings/recycle_bin/{id}/actions/restore, Zoho's "Restore Recycle Bin
// Records" page) is back as it was, its timeline telling of its deletion
// and restore; its notes in the bin come back with it. A note whose
// parent is still in the bin is not restored
// (CANNOT_RESTORE_WITHOUT_PARENT). Lists are most recently deleted first
// (sort_by deleted_time or display_name, sort_order), filtered by ids=
// and filters on module, display_name, owner.id and deleted_by.id.

func init() {
	const scope = "ZohoCRM.settings.recycle_bin"
	handleCRM("GET", "settings/recycle_bin", scope+".READ", (*Server).listRecycleBin)
	handleCRM("GET", "settings/recycle_bin/{record_id}", scope+".READ", (*Server).getRecycleBin)
	handleCRM("DELETE", "settings/recycle_bin", scope+".DELETE", (*Server).purgeRecycleBin)
	handleCRM("DELETE", "settings/recycle_bin/{record_id}", scope+".DELETE", (*Server).purgeRecycleBin)
	handleCRM("POST", "settings/recycle_bin/{record_id}/actions/restore", scope+".UPDATE", (*Server).restoreRecycleBin)
}

// binned is a record in the recycle bin and the store it came from.
type binned struct {
	ms *moduleStore
	d  deletedEntry
}

// recycleBin returns what the recycle bin holds, oldest first.
func (s *Server) recycleBin() []binned {
	s.modules.mu.RLock()
	stores := slices.Clone(s.modules.list)
	s.modules.mu.RUnlock()
	var out []binned
	for _, ms := range stores {
		ms.mu.RLock()
		for _, d := range ms.deleted {
			if !d.permanent && d.rec != nil {
				out = append(out, binned{ms, *d})
			}
		}
		ms.mu.RUnlock()
	}
	slices.SortStableFunc(out, func(a, b binned) int { return a.d.deletedTime.Compare(b.d.deletedTime) })
	return out
}

// binEntry is a recycled record as the recycle bin lists it.
func (s *Server) binEntry(b binned) obj {
	return obj{{"display_name", b.d.displayName}, {"deleted_time", s.formatTime(b.d.deletedTime)},
		{"module", moduleRefDoc(s, b.d.module)}, {"owner", json.RawMessage(b.d.rec.owner)},
		{"deleted_by", json.RawMessage(b.d.deletedBy)}, {"id", b.d.id}}
}

// binFilter keeps the entries ?ids= and ?filters= select.
func (s *Server) binFilter(c *call, m bulkMatcher) func(b binned) bool {
	ids := splitList(c.query("ids"))
	return func(b binned) bool {
		if len(ids) > 0 && !slices.Contains(ids, b.d.id) {
			return false
		}
		return s.matchValues(m, map[string]any{"module": b.d.module, "module.api_name": b.d.module,
			"display_name": b.d.displayName, "owner.id": byID(b.d.rec.owner), "deleted_by.id": byID(b.d.deletedBy)})
	}
}

func (s *Server) listRecycleBin(c *call) {
	page, perPage, m, ok := pagedFilters(c)
	if !ok {
		return
	}
	by, order := c.query("sort_by"), c.query("sort_order")
	if by != "" && by != "deleted_time" && by != "display_name" {
		failParam(c.w, "sort_by")
		return
	}
	if order != "" && order != "asc" && order != "desc" {
		failParam(c.w, "sort_order")
		return
	}
	keep := s.binFilter(c, m)
	items := slices.DeleteFunc(s.recycleBin(), func(b binned) bool { return !keep(b) })
	if by == "display_name" {
		slices.SortStableFunc(items, func(a, b binned) int { return strings.Compare(a.d.displayName, b.d.displayName) })
	} else if order == "" {
		order = "desc" // the most recent first
	}
	if order == "desc" {
		slices.Reverse(items)
	}
	if len(items) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	start, end := pageOf(len(items), page, perPage)
	entries := make([]obj, 0, end-start)
	for _, b := range items[start:end] {
		entries = append(entries, s.binEntry(b))
	}
	writeJSON(c.w, http.StatusOK, obj{{"recycle_bin", entries}, {"info", pageInfo(perPage, len(entries), page, end < len(items))}})
}

// binned finds a record in the recycle bin.
func (s *Server) binned(id string) (binned, bool) {
	for _, b := range s.recycleBin() {
		if b.d.id == id {
			return b, true
		}
	}
	return binned{}, false
}

func (s *Server) getRecycleBin(c *call) {
	b, ok := s.binned(c.param("record_id"))
	if !ok {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"recycle_bin", []obj{s.binEntry(b)}}})
}

// purgeRecycleBin deletes records from the bin for good: the one of the
// path, those of ?ids=, or those ?filters= selects.
func (s *Server) purgeRecycleBin(c *call) {
	var ids []string
	switch {
	case c.param("record_id") != "":
		ids = []string{c.param("record_id")}
	case c.query("ids") == "" && c.query("filters") != "":
		m, ok := filtersParam(c)
		if !ok {
			return
		}
		keep := s.binFilter(c, m)
		for _, b := range s.recycleBin() {
			if keep(b) {
				ids = append(ids, b.d.id)
			}
		}
	default:
		var ok bool
		if ids, ok = idsParam(c); !ok {
			return
		}
	}
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
		b, ok := s.binned(id)
		if !ok {
			continue
		}
		b.ms.mu.Lock()
		for _, d := range b.ms.deleted {
			if d.id == id && !d.permanent {
				d.permanent = true
				d.displayName, d.createdBy, d.deletedBy, d.rec = "", nil, nil, nil
				results[i] = successResult(id, "record deleted")
			}
		}
		b.ms.mu.Unlock()
	}
	writeKeyed(c, "recycle_bin", results, http.StatusOK)
}

// restoreRecycleBin puts a record back as it was, with its notes in the
// bin, as Zoho restores a record's associated records.
func (s *Server) restoreRecycleBin(c *call) {
	id := c.param("record_id")
	refuse := func(code, message string) {
		writeKeyed(c, "recycle_bin", []recordResult{recordError(code, message, obj{{"id", id}})}, http.StatusOK)
	}
	b, ok := s.binned(id)
	if !ok {
		refuse("INVALID_DATA", "the id given seems to be invalid")
		return
	}
	if parent := binnedNoteParent(b); parent != "" {
		if _, inBin := s.binned(parent); inBin {
			refuse("CANNOT_RESTORE_WITHOUT_PARENT", "the parent record is in the recycle bin")
			return
		}
	}
	if !s.unbin(c, b) { // restored or purged meanwhile
		refuse("INVALID_DATA", "the id given seems to be invalid")
		return
	}
	for _, other := range s.recycleBin() { // its notes in the bin come back with it
		if binnedNoteParent(other) == id {
			s.unbin(c, other)
		}
	}
	writeKeyed(c, "recycle_bin", []recordResult{successResult(id, "record restored successfully")}, http.StatusOK)
}

// binnedNoteParent is the record a binned note is on ("" for other records).
func binnedNoteParent(b binned) string {
	if b.d.module != "Notes" {
		return ""
	}
	f, _ := b.d.rec.field("Parent_Id")
	id, _ := lookupID(f)
	return id
}

// unbin puts a binned record back in its module, noting its deletion and
// restore on its timeline; false when it is no longer in the bin.
func (s *Server) unbin(c *call, b binned) bool {
	ms := b.ms
	ms.mu.Lock()
	defer ms.mu.Unlock()
	at := slices.IndexFunc(ms.deleted, func(d *deletedEntry) bool { return d.id == b.d.id && !d.permanent && d.rec != nil })
	if at < 0 {
		return false
	}
	d := ms.deleted[at]
	ms.deleted = slices.Delete(ms.deleted, at, at+1)
	ms.putLocked(d.rec)
	s.timelines.note(d.module, d.id, timelineEvent{action: "deleted", at: d.deletedTime, by: d.deletedBy})
	s.timelines.note(d.module, d.id, timelineEvent{action: "restored", at: s.Now(), by: mustJSON(c.user.lookup(false))})
	ms.tell("restore", nil, d.rec)
	return true
}
