package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	sqldriver "database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// lockPoll is the longest one GET_LOCK waits before the store looks at its
// context again.
const lockPoll = time.Second

const (
	getLockQuery     = "SELECT GET_LOCK(?, ?)"
	releaseLockQuery = "SELECT RELEASE_LOCK(?)"
)

// lockName derives the GET_LOCK name of one of a user's locks: kind is
// "refresh" (Lock) or "save" (Save). Names are limited to 64 characters and
// shared by the whole server, so the name holds a hash of the database and
// the user: stores on different databases of one server do not block each
// other.
func lockName(kind, database, user string) string {
	sum := sha256.Sum256([]byte(database + "\x00" + user))
	return "zcrm-" + kind + ":" + hex.EncodeToString(sum[:])[:48]
}

// Lock takes the refresh lock of a user with GET_LOCK on a connection kept
// for the lock's life, waiting until it is free or ctx is done. GET_LOCK is
// re-entrant within a session, so every holder has its own connection; when
// that connection dies, the server frees the lock.
//
// ttl is not enforced here: pluginproto.Serve enforces it for the plugin.
// A program using Store in-process must call release itself.
//
// On a cluster (Galera, Group Replication) GET_LOCK holds on one node only,
// so the lock is a lease row instead (see leaseLock).
func (s *Store) Lock(ctx context.Context, userIdentifier string, ttl time.Duration) (func(context.Context) error, error) {
	// Asked on the lock pool, whose connection GET_LOCK then reuses.
	if _, err := s.clusterKind(ctx, s.locks); err != nil {
		return nil, s.explain("finding out whether MySQL is a cluster", err)
	}
	if s.usesLease() {
		if err := s.ensureSchema(ctx); err != nil {
			return nil, err
		}
		return s.leaseLock(ctx, userIdentifier, ttl)
	}
	name := lockName("refresh", s.lockScope(), userIdentifier)
	op := fmt.Sprintf("taking the refresh lock of %q", userIdentifier)
	var conn *sql.Conn
	err := s.retry(ctx, op, func(ctx context.Context) error {
		c, err := s.locks.Conn(ctx)
		if err != nil {
			return err
		}
		query := func(ctx context.Context, args ...any) *sql.Row { return c.QueryRowContext(ctx, getLockQuery, args...) }
		if err := waitForLock(ctx, query, name); err != nil {
			discard(c)
			return err
		}
		conn = c
		return nil
	})
	if err != nil {
		return nil, s.explain(op, err)
	}

	var once sync.Once
	var releaseErr error
	release := func(ctx context.Context) error {
		once.Do(func() { releaseErr = s.releaseLock(ctx, conn, name, userIdentifier) })
		return releaseErr
	}
	return release, nil
}

// waitForLock loops on GET_LOCK (run by getLock, on the session that is to
// hold the lock) with short timeouts, so that a deadline is met without the
// driver having to kill the connection.
func waitForLock(ctx context.Context, getLock func(context.Context, ...any) *sql.Row, name string) error {
	for {
		wait := lockPoll
		if deadline, ok := ctx.Deadline(); ok {
			// Stop a little before the deadline to get GET_LOCK's answer
			// rather than a cancelled query.
			if left := time.Until(deadline) - 10*time.Millisecond; left < wait {
				wait = left
			}
		}
		if wait <= 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			return context.DeadlineExceeded
		}
		var got sql.NullInt64
		asked := time.Now()
		if err := getLock(ctx, name, wait.Seconds()).Scan(&got); err != nil {
			return err
		}
		switch {
		case !got.Valid:
			return errors.New("GET_LOCK failed (returned NULL)")
		case got.Int64 == 1:
			return nil
		}
		// A server that rounds the timeout to whole seconds (MariaDB
		// before 10.1.2, MySQL) may answer a short wait at once: pause
		// rather than spin.
		if early := wait - time.Since(asked); early > wait/2 {
			if err := sleep(ctx, early); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// releaseLock frees the lock and returns its connection to the pool. If the
// connection broke, the server has freed the lock with the session; the
// connection is discarded so that no later holder inherits a session that
// might still hold it.
func (s *Store) releaseLock(ctx context.Context, conn *sql.Conn, name, user string) error {
	var released sql.NullInt64
	err := conn.QueryRowContext(ctx, releaseLockQuery, name).Scan(&released)
	if err != nil {
		discard(conn)
		s.log.Warn("could not release a refresh lock; closed its connection, which frees it", "user", user, "error", scrub(err, s.cfg.Password))
		return nil
	}
	if released.Int64 != 1 {
		s.log.Warn("the refresh lock was no longer held when released", "user", user)
	}
	return conn.Close()
}

// discard closes conn and keeps it out of the pool.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return sqldriver.ErrBadConn })
	_ = conn.Close()
}
