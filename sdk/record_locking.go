package sdk

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// RecordLockingService locks records against changes
// ({module}/{id}/Locking_Information__s). A locked record refuses writes
// with RECORD_LOCKED; automatic locks (by a locking rule) cannot be
// removed by hand.
type RecordLockingService service

// RecordLock is a lock on a record: a record of Zoho's
// Locking_Information__s module. Fields without a Go field are kept in
// Extra.
type RecordLock struct {
	ID         string    `json:"id,omitempty"`
	Reason     string    `json:"Locked_Reason__s,omitempty"`
	LockedBy   *Lookup   `json:"Locked_By__s,omitempty"`
	LockedTime time.Time `json:"Locked_Time__s,omitzero"`
	// Source is Manual, or Automatic for a locking rule's lock.
	Source string `json:"Lock_Source__s,omitempty"`

	kept
}

func (l *RecordLock) UnmarshalJSON(b []byte) error { return decodeKept(b, l) }
func (l RecordLock) MarshalJSON() ([]byte, error)  { return encodeKept(&l) }

// LockedFor is the locked record: its id and display name.
func (l *RecordLock) LockedFor() *Lookup { return l.fields().lookup("Locked_For__s") }

func lockPath(module, id string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("id", id); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(id) + "/Locking_Information__s", nil
}

func lockBody(reason string) map[string]any {
	return map[string]any{"data": []map[string]string{{"Locked_Reason__s": reason}}}
}

// Lock locks a record; the lock's id is in ActionResult.ID.
func (s *RecordLockingService) Lock(ctx context.Context, module, id, reason string) (*ActionResult, *Response, error) {
	path, err := lockPath(module, id)
	if err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, &Request{Method: http.MethodPost, Path: path, Body: lockBody(reason)}, 1))
}

// List returns a record's locks; an unlocked record has none (an empty
// slice).
func (s *RecordLockingService) List(ctx context.Context, module, id string) ([]*RecordLock, *Response, error) {
	path, err := lockPath(module, id)
	if err != nil {
		return nil, nil, err
	}
	return fetchPage[*RecordLock](ctx, s.client, &Request{Method: http.MethodGet, Path: path})
}

// Get returns one lock of a record.
func (s *RecordLockingService) Get(ctx context.Context, module, id, lockID string) (*RecordLock, *Response, error) {
	path, err := lockPath(module, id)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("lockID", lockID); err != nil {
		return nil, nil, err
	}
	locks, resp, err := fetchPage[*RecordLock](ctx, s.client, &Request{Method: http.MethodGet, Path: path + "/" + url.PathEscape(lockID)})
	if err != nil {
		return nil, resp, err
	}
	if len(locks) == 0 {
		return nil, resp, noContent("lock", lockID, path)
	}
	return locks[0], resp, nil
}

// Update changes a lock's reason.
func (s *RecordLockingService) Update(ctx context.Context, module, id, lockID, reason string) (*ActionResult, *Response, error) {
	path, err := lockPath(module, id)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("lockID", lockID); err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, &Request{Method: http.MethodPut, Path: path + "/" + url.PathEscape(lockID), Body: lockBody(reason)}, 1))
}

// Unlock removes a lock.
func (s *RecordLockingService) Unlock(ctx context.Context, module, id, lockID string) (*ActionResult, *Response, error) {
	path, err := lockPath(module, id)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("lockID", lockID); err != nil {
		return nil, nil, err
	}
	return single(s.client.doWrite(ctx, &Request{Method: http.MethodDelete, Path: path + "/" + url.PathEscape(lockID)}, 1))
}
