package zohotest

import (
	"net/http"
	"slices"
	"time"
)

// Record locking (payload 80): a lock is a record of the system module
// Locking_Information__s under the locked record, so its answers read
// like record writes. POST {module}/{id}/Locking_Information__s locks the
// record ({data:[{Locked_Reason__s}]}), GET lists its locks (204 for
// none), GET, PUT and DELETE .../{lock_id} read, change and remove one
// ("relation removed"). While locked, a record cannot be updated (mass
// updates included), change owner, or be deleted (RECORD_LOCKED).

func init() {
	const base = "{module}/{id}/Locking_Information__s"
	handleCRM("POST", base, "ZohoCRM.modules.lockinginformation.CREATE", (*Server).lockRecord)
	handleCRM("GET", base, "ZohoCRM.modules.lockinginformation.READ", (*Server).listLocks)
	handleCRM("GET", base+"/{lock_id}", "ZohoCRM.modules.lockinginformation.READ", (*Server).getLock)
	handleCRM("PUT", base+"/{lock_id}", "ZohoCRM.modules.lockinginformation.UPDATE", (*Server).updateLock)
	handleCRM("DELETE", base+"/{lock_id}", "ZohoCRM.modules.lockinginformation.DELETE", (*Server).unlockRecord)
}

type recordLock struct {
	id, reason, configID  string
	lockedBy              obj
	createdBy, modifiedBy obj
	created, modified     time.Time
}

// isLocked reports whether a record has a lock; the caller may hold the
// module's lock, never the actions' one.
func (s *Server) isLocked(meta *moduleMeta, id string) bool {
	if s.actions.lockCount.Load() == 0 {
		return false // the usual case, without taking the lock
	}
	locked := false
	s.actions.with(func(d *actionData) { locked = len(d.locks[recordKeyOf(meta, id)]) > 0 })
	return locked
}

func (s *Server) lockJSON(meta *moduleMeta, r *record, l recordLock) obj {
	return obj{
		{"Locked_By__s", l.lockedBy},
		{"Locked_For__s", obj{{"module", obj{{"api_name", meta.APIName}, {"id", meta.ID}}}, {"name", r.displayName(meta)}, {"id", r.id}}},
		{"Locked_Reason__s", nullIfEmpty(l.reason)},
		{"Record_Locking_Configuration_Id__s", l.configID},
		{"Record_Locking_Rule_Id__s", nil},
		{"$editable", true},
		{"id", l.id},
		{"$sharing_permission", "full_access"},
		{"Lock_Source__s", "Manual"},
		{"Locked_Time__s", s.formatTime(l.created)},
	}
}

func (s *Server) lockDetails(l recordLock) obj {
	return obj{
		{"Modified_Time", s.formatTime(l.modified)}, {"Modified_By", l.modifiedBy},
		{"Created_Time", s.formatTime(l.created)}, {"id", l.id}, {"Created_By", l.createdBy},
	}
}

// lockReason reads {data:[{Locked_Reason__s}]}.
func lockReason(c *call) (string, bool) {
	entries, ok := readKeyedBody(c, "data", 1)
	if !ok {
		return "", false
	}
	if entries[0] == nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{notAnObject()}}})
		return "", false
	}
	reason, _, isText := entries[0].text("Locked_Reason__s")
	if !isText {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{keyedError(c, "data", 0, "INVALID_DATA", "invalid data", "Locked_Reason__s")}}})
		return "", false
	}
	return reason, true
}

func (s *Server) lockRecord(c *call) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return
	}
	reason, ok := lockReason(c)
	if !ok {
		return
	}
	now := s.Now()
	by := c.user.lookup(false)
	l := recordLock{id: s.ids.next(), reason: reason, configID: s.settings.metaID("record_locking:" + meta.APIName),
		lockedBy: by, createdBy: by, modifiedBy: by, created: now, modified: now}
	key := recordKeyOf(meta, r.id)
	already := false
	s.actions.with(func(d *actionData) {
		if len(d.locks[key]) > 0 {
			already = true
			return
		}
		if d.locks == nil {
			d.locks = map[recordKey][]recordLock{}
		}
		d.locks[key] = []recordLock{l}
		s.actions.lockCount.Add(1)
	})
	if already {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{lockedRecordError(r.id)}}})
		return
	}
	writeJSON(c.w, http.StatusCreated, obj{{"data", []recordResult{success(s.lockDetails(l), "record added")}}})
}

func (s *Server) locksOf(meta *moduleMeta, id string) []recordLock {
	var locks []recordLock
	s.actions.with(func(d *actionData) { locks = d.locks[recordKeyOf(meta, id)] })
	return locks
}

func (s *Server) listLocks(c *call) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return
	}
	locks := s.locksOf(meta, r.id)
	if len(locks) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, len(locks))
	for i, l := range locks {
		out[i] = s.lockJSON(meta, r, l)
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", out}, {"info", obj{
		{"per_page", maxPerPage}, {"next_page_token", nil}, {"count", len(out)}, {"page", 1},
		{"previous_page_token", nil}, {"page_token_expiry", nil}, {"more_records", false},
	}}})
}

// lockParam finds {lock_id} among the record's locks, answering
// INVALID_DATA for one that is not there.
func (s *Server) lockParam(c *call) (*moduleMeta, *record, recordLock, bool) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return nil, nil, recordLock{}, false
	}
	for _, l := range s.locksOf(meta, r.id) {
		if l.id == c.param("lock_id") {
			return meta, r, l, true
		}
	}
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", 3}})
	return nil, nil, recordLock{}, false
}

func (s *Server) getLock(c *call) {
	meta, r, l, ok := s.lockParam(c)
	if !ok {
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []obj{s.lockJSON(meta, r, l)}}})
}

func (s *Server) updateLock(c *call) {
	meta, r, l, ok := s.lockParam(c)
	if !ok {
		return
	}
	reason, ok := lockReason(c)
	if !ok {
		return
	}
	l.reason, l.modified, l.modifiedBy = reason, s.Now(), c.user.lookup(false)
	key := recordKeyOf(meta, r.id)
	s.actions.with(func(d *actionData) {
		locks := slices.Clone(d.locks[key])
		for i := range locks {
			if locks[i].id == l.id {
				locks[i] = l
			}
		}
		d.locks[key] = locks
	})
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(s.lockDetails(l), "record updated")}}})
}

func (s *Server) unlockRecord(c *call) {
	meta, r, l, ok := s.lockParam(c)
	if !ok {
		return
	}
	key := recordKeyOf(meta, r.id)
	s.actions.with(func(d *actionData) {
		locks := slices.DeleteFunc(slices.Clone(d.locks[key]), func(x recordLock) bool { return x.id == l.id })
		if len(locks) == 0 {
			delete(d.locks, key)
			s.actions.lockCount.Add(-1)
		} else {
			d.locks[key] = locks
		}
	})
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{successResult(l.id, "relation removed")}}})
}
