package mysql

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// LeaseTableName is the side table holding refresh leases on a cluster:
// one row per user whose lock is (or was) taken.
const LeaseTableName = "oauthtokens_lock"

// leaseColumns: the primary key is what certification (Galera, Group
// Replication) decides on when two nodes write the same user's lease at
// once: one commit wins, the other is rolled back.
const leaseColumns = ` (
  useridentifier varchar(100) NOT NULL,
  owner char(32) CHARACTER SET ascii NOT NULL,
  expiresms bigint NOT NULL,
  PRIMARY KEY (useridentifier)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`

// serverNowMs is the server's clock in epoch milliseconds. Leases are
// judged by the database's clock, not by each process's.
const serverNowMs = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"

const (
	// takeLeaseQuery inserts the user's lease, or takes over one that has
	// expired; a lease still held is left as it is (0 rows affected).
	// owner is assigned first, so the expiry follows the new owner.
	takeLeaseQuery = "INSERT INTO %s (useridentifier, owner, expiresms) VALUES (?, ?, " + serverNowMs + " + ?)" +
		" ON DUPLICATE KEY UPDATE" +
		" owner = IF(expiresms <= " + serverNowMs + ", VALUES(owner), owner)," +
		" expiresms = IF(owner = VALUES(owner), VALUES(expiresms), expiresms)"
	// releaseLeaseQuery is compare-and-delete: only the holder's own
	// lease goes.
	releaseLeaseQuery = "DELETE FROM %s WHERE useridentifier = ? AND owner = ?"
)

// Polling a held lease: from leasePollMin, doubling to leasePollMax, with
// jitter so that waiters on different nodes do not knock in step.
const (
	leasePollMin = 5 * time.Millisecond
	leasePollMax = 200 * time.Millisecond
)

// ErrLeaseLost is returned by a lease's release when the lease was no
// longer the caller's: it had expired, and perhaps another process holds
// it now, which the release leaves alone.
var ErrLeaseLost = errors.New("mysql token store: the refresh lease had expired before it was released")

func (s *Store) leaseTable() string {
	return quoteIdentifier(s.cfg.Database) + "." + quoteIdentifier(LeaseTableName)
}

// ensureLeaseTable creates the lease table when it is missing.
func (s *Store) ensureLeaseTable(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "SELECT useridentifier, owner, expiresms FROM "+s.leaseTable()+" LIMIT 0")
	if mysqlErrorNumber(err) != erNoSuchTable {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+s.leaseTable()+leaseColumns); err != nil {
		return err
	}
	s.log.Info("created the refresh lease table (or it appeared meanwhile)", "table", s.cfg.Database+"."+LeaseTableName)
	return nil
}

// leaseLock takes the user's lease: a row with an owner and an expiry,
// written by one autocommitted statement, so that on a cluster the
// certification of concurrent writes from several nodes lets exactly one
// through. It needs no session of its own: a holder that crashes leaves a
// row that expires after ttl.
func (s *Store) leaseLock(ctx context.Context, userIdentifier string, ttl time.Duration) (func(context.Context) error, error) {
	owner := newOwner()
	op := fmt.Sprintf("taking the refresh lease of %q", userIdentifier)
	ttlMs := max(ttl.Milliseconds(), 1)
	wait := leasePollMin
	for {
		var taken bool
		err := s.retry(ctx, op, func(ctx context.Context) error {
			res, err := s.takeLeaseStmt.ExecContext(ctx, s.leaseKey(userIdentifier), owner, ttlMs)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			taken = n > 0 // 1: inserted, 2: an expired lease taken over
			return err
		})
		if err != nil {
			return nil, s.explain(op, err)
		}
		if taken {
			break
		}
		if err := sleep(ctx, wait/2+rand.N(wait)); err != nil {
			return nil, err
		}
		wait = min(2*wait, leasePollMax)
	}
	var once sync.Once
	var releaseErr error
	release := func(ctx context.Context) error {
		once.Do(func() { releaseErr = s.releaseLease(ctx, userIdentifier, owner) })
		return releaseErr
	}
	return release, nil
}

func (s *Store) releaseLease(ctx context.Context, userIdentifier, owner string) error {
	op := fmt.Sprintf("releasing the refresh lease of %q", userIdentifier)
	var n int64
	err := s.retry(ctx, op, func(ctx context.Context) error {
		res, err := s.releaseLeaseStmt.ExecContext(ctx, s.leaseKey(userIdentifier), owner)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		// The lease expires by itself.
		return s.explain(op, err)
	}
	if n == 0 {
		s.log.Warn("the refresh lease had expired before it was released", "user", userIdentifier)
		return ErrLeaseLost
	}
	return nil
}

// newOwner names one holding of a lease.
func newOwner() string {
	var b [16]byte
	_, _ = crand.Read(b[:])
	return hex.EncodeToString(b[:])
}
