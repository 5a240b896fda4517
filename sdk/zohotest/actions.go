package zohotest

import (
	"encoding/json"
	"io"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// The state of the record actions the Ruby SDK lacked (record locking,
// sharing, currencies, territories, user groups, files, mass delete jobs,
// sent mail), under one lock. Values are replaced, never changed in place,
// so a composite request's rollback (composite.go) restores a copy.

type actionState struct {
	mu sync.Mutex
	d  actionData
	// lockCount is how many records are locked, so that record writes
	// check locks only when there are some.
	lockCount atomic.Int64
}

type actionData struct {
	locks             map[recordKey][]recordLock
	shares            map[recordKey][]shareEntry
	currencies        []currency // multi-currency is on once there is one
	territories       []territory
	recordTerritories map[recordKey][]string
	groups            []userGroup
	files             map[string]storedFile
	massDeletes       map[string]massDeleteJob
	massOwners        map[string]massOwnerJob
	mails             []SentMail

	// People and territories: the territories deleted while something was
	// associated with them (territories.go).
	deletedTerritories []deletedTerritory
	// The user types of client portals and their users
	// (user_type_users.go).
	portalTypes []portalType
	portalUsers []portalUser
	// The client portals themselves (portals.go).
	portals []portalEntry
}

func (a *actionState) clone() actionData {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := a.d
	d.locks = maps.Clone(d.locks)
	d.shares = maps.Clone(d.shares)
	d.currencies = slices.Clone(d.currencies)
	d.territories = slices.Clone(d.territories)
	d.recordTerritories = maps.Clone(d.recordTerritories)
	d.groups = slices.Clone(d.groups)
	d.files = maps.Clone(d.files)
	d.massDeletes = maps.Clone(d.massDeletes)
	d.massOwners = maps.Clone(d.massOwners)
	d.mails = slices.Clone(d.mails)
	d.deletedTerritories = slices.Clone(d.deletedTerritories)
	d.portalTypes = slices.Clone(d.portalTypes)
	d.portalUsers = slices.Clone(d.portalUsers)
	d.portals = slices.Clone(d.portals)
	return d
}

// restore puts back a clone's state, except the files uploaded and the
// mail sent meanwhile: those are not undone by Zoho's rollback either.
func (a *actionState) restore(d actionData) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d.files, d.mails = a.d.files, a.d.mails
	a.d = d
	a.lockCount.Store(int64(len(d.locks)))
}

// with runs f on the state under the lock.
func (a *actionState) with(f func(d *actionData)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f(&a.d)
}

// rewriteLocked replaces a record with a copy that change altered, as
// modified now by the caller; the caller holds ms.mu.
func (s *Server) rewriteLocked(c *call, ms *moduleStore, meta *moduleMeta, r *record, change func(nr *record)) *record {
	nr := &record{id: r.id, own: slices.Clone(r.own), props: r.props, owner: r.owner, createdBy: r.createdBy,
		modifiedBy: mustJSON(c.user.lookup(false)), created: r.created, modified: s.Now()}
	change(nr)
	s.assemble(meta, nr)
	ms.replaceLocked(nr)
	return nr
}

// setOwnField sets (or with a nil value removes) one of a record's own
// fields.
func setOwnField(nr *record, name string, v any) {
	i := indexOfField(nr.own, name)
	switch {
	case v == nil && i >= 0:
		nr.own = slices.Delete(nr.own, i, i+1)
	case v == nil:
	case i >= 0:
		nr.own[i] = fieldOf(name, v)
	default:
		nr.own = append(nr.own, fieldOf(name, v))
	}
}

// readJSON decodes a request body, answering Zoho's error for one that is
// not JSON.
func readJSON(c *call, v any) bool {
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 16<<20)).Decode(v); err != nil {
		failBody(c.w)
		return false
	}
	return true
}

// lockedRecordError is the per-record answer for a write to a locked
// record (payload 41's RECORD_LOCKED).
func lockedRecordError(id string) recordResult {
	return recordError("RECORD_LOCKED", "Sorry, you cannot perform this operation as the record is locked.", obj{{"action", "record_locking"}, {"id", id}})
}
