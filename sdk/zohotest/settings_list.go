package zohotest

import (
	"net/http"
	"slices"
	"sync"
)

// idList is the store of a settings resource that is an ordered list of
// entries with ids (taxes, variables), with the lookups and the handlers
// such resources answer alike. A store embeds it; mu also guards what the
// store adds beside the entries.
type idList[T identified] struct {
	mu    sync.Mutex
	items []T

	key   string // the answers' key: "taxes"
	noun  string // the entry in result messages: "tax"
	badID string // the message for an id in the path that names nothing
}

// identified is an entry with an id.
type identified interface{ entryID() string }

func (l *idList[T]) name(key, noun, badID string) {
	l.key, l.noun, l.badID = key, noun, badID
}

func (l *idList[T]) indexLocked(id string) int {
	return slices.IndexFunc(l.items, func(e T) bool { return e.entryID() == id })
}

// takenLocked reports whether an entry other than skipID matches.
func (l *idList[T]) takenLocked(skipID string, match func(T) bool) bool {
	return slices.ContainsFunc(l.items, func(e T) bool { return e.entryID() != skipID && match(e) })
}

func (l *idList[T]) removeLocked(id string) bool {
	at := l.indexLocked(id)
	if at < 0 {
		return false
	}
	l.items = slices.Delete(l.items, at, at+1)
	return true
}

// all returns a copy of the entries, in their order (empty, not nil,
// when there are none).
func (l *idList[T]) all() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append(make([]T, 0, len(l.items)), l.items...)
}

// failID answers an id in the path that names no entry.
func (l *idList[T]) failID(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", l.badID, obj{{"resource_path_index", 2}})
}

// writeEach answers a write of many entries ({key:[...]}, at most
// maxWriteRecords): one result per entry, from one run under the lock,
// except for an entry that is not an object, which fails on its own.
func (l *idList[T]) writeEach(c *call, allOK int, one func(e entry, i int) recordResult) {
	entries, ok := readKeyedBody(c, l.key, maxWriteRecords)
	if !ok {
		return
	}
	l.mu.Lock()
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		results[i] = one(e, i)
	}
	l.mu.Unlock()
	writeKeyed(c, l.key, results, allOK)
}

// deleteMany answers DELETE ?ids=: one result per id, in their order.
func (l *idList[T]) deleteMany(c *call) {
	ids, ok := idsParam(c)
	if !ok {
		return
	}
	l.mu.Lock()
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		if l.removeLocked(id) {
			results[i] = successResult(id, l.noun+" deleted")
		} else {
			results[i] = recordError("INVALID_DATA", l.noun+" not deleted", obj{{"id", id}})
		}
	}
	l.mu.Unlock()
	writeKeyed(c, l.key, results, http.StatusOK)
}

// deleteOne answers DELETE .../{id}.
func (l *idList[T]) deleteOne(c *call) {
	id := c.param("id")
	l.mu.Lock()
	removed := l.removeLocked(id)
	l.mu.Unlock()
	if !removed {
		l.failID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{l.key, []recordResult{successResult(id, l.noun+" deleted")}}})
}

// answerOne answers a GET .../{id} with the rendered entry, or nil when
// the id names none.
func (l *idList[T]) answerOne(c *call, found obj) {
	if found == nil {
		l.failID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{l.key, []obj{found}}})
}
