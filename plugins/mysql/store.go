// Package mysql is zcrm's default token store: the MySQL (or MariaDB) table
// the Zoho Ruby, Python and Node SDKs use, zohooauth.oauthtokens, so tokens
// they wrote can be read here and the reverse.
//
// The table may have no key and several rows per user (those SDKs delete and
// then insert outside a transaction). Get reads the row with the latest
// expiry; Save replaces every row of the user in one transaction. Each
// user's data centre is kept in a side table, oauthtokens_dc, written in
// the same transaction. The refresh lock is MySQL's GET_LOCK, held on a
// connection of its own.
//
// Serve runs the store as a plugin: the SDK calls it in a program that
// serves its own token store, and the binary cmd/zcrm-persistence-mysql is
// nothing else. A program can also use Store in-process.
package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/hashicorp/go-hclog"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Store keeps tokens in the seed's oauthtokens table. It is safe for
// concurrent use, and several processes may share one table.
type Store struct {
	cfg   Config
	addr  string
	log   hclog.Logger
	table string // `database`.`oauthtokens`

	// db runs the token queries; locks holds one connection per held
	// refresh lock, apart, so held locks cannot starve Save of connections.
	db    *sql.DB
	locks *sql.DB

	schemaMu    sync.Mutex
	schemaReady bool
	// cluster is what the server turned out to be, known once the schema
	// is ready; on a cluster the refresh lock is a lease row.
	cluster      atomic.Int32 // a clusterKind
	clusterKnown atomic.Bool
	// forceLease makes the refresh lock a lease on a single server too
	// (tests and benchmarks compare the two).
	forceLease bool
	// noKeyAdvice says what to run when a cluster needs a primary key
	// the operator has not let the store add; empty otherwise.
	noKeyAdvice string
	// Prepared once the table is known to exist; database/sql prepares
	// them again on each connection that runs them.
	getStmt, listStmt, deleteStmt, insertStmt *sql.Stmt
	dcDeleteStmt, dcInsertStmt                *sql.Stmt
	getLockStmt, releaseLockStmt              *sql.Stmt
	takeLeaseStmt, releaseLeaseStmt           *sql.Stmt
	budgetMu                                  sync.Mutex
	budgetStmts                               budgetStatements
	// v8: the statements of the table of Zoho's v8 SDKs (LayoutZohoV8).
	v8 zohoV8
}

var (
	_ pluginproto.TokenStore   = (*Store)(nil)
	_ pluginproto.Locker       = (*Store)(nil)
	_ pluginproto.ClientKeeper = (*Store)(nil)
)

// Connection pool sizes. Token calls are short; a handful of connections
// keeps contention on the table low. Lock waiters each need a session.
const (
	maxDataConns = 8
	maxLockConns = 32
	// A connection older than this is replaced, well before a typical
	// server-side idle timeout would drop it.
	connMaxIdle = 2 * time.Minute
	connMaxLife = 30 * time.Minute
	// Deadlocks between concurrent saves are retried this many times, after
	// pauses growing from conflictPause to maxConflictPause.
	maxConflictRetries = 30
	conflictPause      = 2 * time.Millisecond
	maxConflictPause   = 100 * time.Millisecond
)

// New returns a Store for cfg. It does not connect: the first call does,
// and creates the database and the table when they are absent, so a store
// can be made while MySQL is down and report that per call.
func New(cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if cfg.Table == "" {
		cfg.Table = TableName
	}
	addrs, err := cfg.Addresses()
	if err != nil {
		return nil, err
	}
	connector := &connector{addrs: addrs, timeout: cfg.DialTimeout, log: cfg.Logger}
	for _, addr := range addrs {
		dc := driver.NewConfig()
		dc.Net = "tcp"
		dc.Addr = addr
		dc.User = cfg.User
		dc.Passwd = cfg.Password
		dc.Timeout = cfg.DialTimeout
		dc.Logger = driverLogger{cfg.Logger}
		// Refuse, rather than truncate, a value too long for its column,
		// even on a server configured without strict mode.
		dc.Params = map[string]string{"sql_mode": "CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_ALL_TABLES')"}
		dconn, err := driver.NewConnector(dc)
		if err != nil {
			return nil, fmt.Errorf("mysql token store: %w", err)
		}
		connector.nodes = append(connector.nodes, dconn)
	}
	s := &Store{
		cfg:   cfg,
		addr:  cfg.Address(),
		log:   cfg.Logger,
		table: quoteIdentifier(cfg.Database) + "." + quoteIdentifier(cfg.Table),
		db:    sql.OpenDB(connector),
		locks: sql.OpenDB(connector),
	}
	s.db.SetMaxOpenConns(maxDataConns)
	s.db.SetMaxIdleConns(maxDataConns)
	s.db.SetConnMaxIdleTime(connMaxIdle)
	s.db.SetConnMaxLifetime(connMaxLife)
	s.locks.SetMaxOpenConns(maxLockConns)
	s.locks.SetMaxIdleConns(2)
	s.locks.SetConnMaxIdleTime(connMaxIdle)
	return s, nil
}

// Address returns the server's host:port.
func (s *Store) Address() string { return s.addr }

// Database returns the database holding the table.
func (s *Store) Database() string { return s.cfg.Database }

// Close closes the store's connections. Locks still held are freed by the
// server when their connections close.
func (s *Store) Close() error {
	s.schemaMu.Lock()
	var errs []error
	for _, st := range append([]*sql.Stmt{s.getStmt, s.listStmt, s.deleteStmt, s.insertStmt, s.dcDeleteStmt, s.dcInsertStmt,
		s.getLockStmt, s.releaseLockStmt, s.takeLeaseStmt, s.releaseLeaseStmt}, append(s.budgetStmts.all(), s.v8.all()...)...) {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	s.schemaMu.Unlock()
	return errors.Join(append(errs, s.db.Close(), s.locks.Close())...)
}

// Prepare connects and makes sure the database and table exist. Calls do
// it themselves; Prepare lets a program find out early.
func (s *Store) Prepare(ctx context.Context) error {
	return s.ensureSchema(ctx)
}

// ensureSchema checks the table once per Store, creating what is missing.
// A failure is returned and the next call tries again.
func (s *Store) ensureSchema(ctx context.Context) error {
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	if s.schemaReady {
		return nil
	}
	err := s.retry(ctx, "checking the table", func(ctx context.Context) error {
		kind, err := s.clusterKind(ctx, s.db)
		if err != nil {
			return err
		}
		if s.isZohoV8() {
			// Zoho's table has a primary key of its own.
			if err := s.ensureZohoV8Table(ctx); err != nil {
				return err
			}
			return s.ensureSideTables(ctx)
		}
		// Probing first needs no CREATE privilege when the table exists.
		_, err = s.db.ExecContext(ctx, "SELECT useridentifier, accesstoken, refreshtoken, expirytime FROM "+s.table+" LIMIT 0")
		switch n := mysqlErrorNumber(err); {
		case err == nil:
			if kind != singleServer {
				if err := s.ensurePrimaryKey(ctx); err != nil {
					return err
				}
			}
			return s.ensureSideTables(ctx)
		case n == erBadDB || n == erNoSuchTable:
			if err := s.createSchema(ctx); err != nil {
				return err
			}
			return s.ensureSideTables(ctx)
		case n == erBadField:
			return fmt.Errorf("table %s exists but lacks a column of the Zoho SDKs' schema (useridentifier, accesstoken, refreshtoken, expirytime): %w", s.table, err)
		default:
			return err
		}
	})
	if err == nil {
		err = s.retry(ctx, "preparing statements", s.prepareStatements)
	}
	if err != nil {
		return s.explain("preparing "+s.tableName(), err)
	}
	s.schemaReady = true
	return nil
}

// ensureSideTables checks zcrm's own tables beside the seed's, creating
// those missing.
func (s *Store) ensureSideTables(ctx context.Context) error {
	// Zoho's v8 table keeps the API domain itself; the accounts server
	// follows from it, as in Zoho's SDKs.
	if !s.isZohoV8() {
		if err := s.ensureDataCentreTable(ctx); err != nil {
			return err
		}
	}
	if s.usesLease() {
		if err := s.ensureLeaseTable(ctx); err != nil {
			return err
		}
	}
	return nil
}

// usesLease says whether the refresh lock is a lease row rather than
// GET_LOCK: on a cluster, where GET_LOCK holds on one node only.
func (s *Store) usesLease() bool {
	return clusterKind(s.cluster.Load()) != singleServer || s.forceLease
}

// prepareStatements saves a round trip per query: a statement prepared on
// a connection is only executed after that.
func (s *Store) prepareStatements(ctx context.Context) error {
	queries := []preparedQuery{
		{&s.getLockStmt, getLockQuery},
		{&s.releaseLockStmt, releaseLockQuery},
	}
	if s.usesLease() {
		queries = append(queries,
			preparedQuery{&s.takeLeaseStmt, fmt.Sprintf(takeLeaseQuery, s.leaseTable())},
			preparedQuery{&s.releaseLeaseStmt, fmt.Sprintf(releaseLeaseQuery, s.leaseTable())})
	}
	if s.isZohoV8() {
		queries = append(queries, s.zohoV8Queries()...)
	} else {
		queries = append(queries, s.seedQueries()...)
	}
	for _, q := range queries {
		if *q.stmt != nil {
			continue
		}
		st, err := s.db.PrepareContext(ctx, q.query)
		if err != nil {
			return err
		}
		*q.stmt = st
	}
	return nil
}

// preparedQuery is a statement to prepare and where to keep it.
type preparedQuery struct {
	stmt  **sql.Stmt
	query string
}

// seedQueries are the statements of the seed's table.
func (s *Store) seedQueries() []preparedQuery {
	return []preparedQuery{
		// One statement, so the tokens and their data centre come from
		// one snapshot. The join compares as utf8mb4_bin, as the side
		// table's key does, whatever the seed table's character set.
		{&s.getStmt, "SELECT t.useridentifier, t.accesstoken, t.refreshtoken, t.expirytime, d.refreshtokensha256, d.apidomain, d.accountsserver" +
			" FROM " + s.table + " t LEFT JOIN " + s.dataCentreTable() + " d ON d.useridentifier = CONVERT(t.useridentifier USING utf8mb4) COLLATE utf8mb4_bin" +
			" WHERE t.useridentifier = ? ORDER BY t.expirytime DESC LIMIT 1"},
		{&s.listStmt, "SELECT useridentifier, MAX(expirytime) FROM " + s.table +
			" WHERE useridentifier IS NOT NULL GROUP BY useridentifier ORDER BY useridentifier"},
		{&s.deleteStmt, "DELETE FROM " + s.table + " WHERE useridentifier = ?"},
		{&s.insertStmt, "INSERT INTO " + s.table + " (useridentifier, accesstoken, refreshtoken, expirytime) VALUES (?, ?, ?, ?)"},
		{&s.dcDeleteStmt, "DELETE FROM " + s.dataCentreTable() + " WHERE useridentifier = ?"},
		{&s.dcInsertStmt, "INSERT INTO " + s.dataCentreTable() + " (useridentifier, refreshtokensha256, apidomain, accountsserver) VALUES (?, ?, ?, ?)"},
	}
}

// createSchema creates the database and the table with the Zoho SDKs'
// columns. The index is an addition they do not need: it keeps a user's
// lookups and row locks off the other users' rows.
func (s *Store) createSchema(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdentifier(s.cfg.Database)+" CHARACTER SET utf8mb4"); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+s.table+` (
  useridentifier varchar(100),
  accesstoken varchar(100),
  refreshtoken varchar(100),
  expirytime bigint,
  KEY useridentifier_idx (useridentifier)`+s.createColumnsKey()+`
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`)
	if err == nil {
		s.log.Info("created the token table (or it appeared meanwhile)", "address", s.addr, "table", s.cfg.Database+"."+TableName)
	}
	return err
}

// retry runs fn, again once after a lost connection, and again (a few
// times, after a short pause) when InnoDB rolled it back for a deadlock or
// a lock wait timeout.
func (s *Store) retry(ctx context.Context, op string, fn func(context.Context) error) error {
	reconnected := false
	conflicts := 0
	for {
		err := fn(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		switch {
		case isLostConnection(err) && !reconnected:
			reconnected = true
			s.log.Warn("lost the connection to MySQL; trying once more", "op", op, "address", s.addr, "error", scrub(err, s.cfg.Password))
		case (isLockConflict(err) || s.idTaken(err)) && conflicts < maxConflictRetries:
			conflicts++
			s.log.Debug("transaction rolled back by a lock conflict; retrying", "op", op, "attempt", conflicts, "error", err)
			if err := pause(ctx, conflicts); err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// pause waits before retry number attempt: a random delay up to a bound
// that doubles each time, so that writers that collided spread out.
func pause(ctx context.Context, attempt int) error {
	bound := maxConflictPause
	if attempt < 16 && conflictPause<<attempt < bound {
		bound = conflictPause << attempt
	}
	return sleep(ctx, bound/4+rand.N(bound*3/4))
}

// do runs one token operation: schema check, retries, and an error that
// says what to check and holds no secret.
func (s *Store) do(ctx context.Context, op string, secrets []string, fn func(context.Context) error) error {
	if err := s.ensureSchema(ctx); err != nil {
		return err
	}
	err := s.retry(ctx, op, fn)
	if n := mysqlErrorNumber(err); n == erNoSuchTable || n == erBadDB {
		// Someone dropped the table (or the database) since it was
		// checked: create it again, as at the start.
		s.log.Warn("the token table has disappeared; creating it again", "table", s.tableName())
		s.schemaMu.Lock()
		s.schemaReady = false
		s.schemaMu.Unlock()
		if err := s.ensureSchema(ctx); err != nil {
			return err
		}
		err = s.retry(ctx, op, fn)
	}
	if err != nil {
		if errors.Is(err, pluginproto.ErrNotFound) {
			return err
		}
		return s.explain(op, err, secrets...)
	}
	return nil
}

// Save replaces every row of t.UserIdentifier with one row holding t, and
// the user's data centre row, in one transaction.
//
// The transaction runs at READ COMMITTED, which takes no gap locks, so
// saves of different users do not deadlock each other. Saves of one user
// are serialised with a GET_LOCK of their own (see save), since at that
// level two of them could otherwise both find no row and both insert.
func (s *Store) Save(ctx context.Context, t pluginproto.Tokens) error {
	if t.UserIdentifier == "" {
		return errors.New("mysql token store: saving tokens: the user identifier is empty")
	}
	op := fmt.Sprintf("saving the tokens of %q", t.UserIdentifier)
	return s.do(ctx, op, []string{t.AccessToken, t.RefreshToken}, func(ctx context.Context) error {
		return s.save(ctx, t)
	})
}

func (s *Store) save(ctx context.Context, t pluginproto.Tokens) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// The session may still hold the save lock: closing it frees
			// the lock, where returning it to the pool would not.
			discard(conn)
			return
		}
		err = conn.Close()
	}()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	name := lockName("save", s.lockScope(), t.UserIdentifier)
	getLock := tx.StmtContext(ctx, s.getLockStmt)
	if err := waitForLock(ctx, getLock.QueryRowContext, name); err != nil {
		return err
	}
	if s.isZohoV8() {
		if err := s.zohoV8Save(ctx, tx, t); err != nil {
			return err
		}
	} else if err := s.saveSeed(ctx, tx, t); err != nil {
		return err
	}
	// Releasing before the commit is safe: the next saver's delete waits
	// on this transaction's row locks, then sees and removes its row.
	var released sql.NullInt64
	if err := tx.StmtContext(ctx, s.releaseLockStmt).QueryRowContext(ctx, name).Scan(&released); err != nil {
		return err
	}
	if released.Int64 != 1 {
		return errors.New("the save lock was lost before the transaction ended")
	}
	return tx.Commit()
}

// saveSeed replaces the user's rows of the seed's table, and their data
// centre row.
func (s *Store) saveSeed(ctx context.Context, tx *sql.Tx, t pluginproto.Tokens) error {
	if _, err := tx.StmtContext(ctx, s.deleteStmt).ExecContext(ctx, t.UserIdentifier); err != nil {
		return err
	}
	if _, err := tx.StmtContext(ctx, s.insertStmt).ExecContext(ctx, t.UserIdentifier, t.AccessToken, t.RefreshToken, t.ExpiryTime); err != nil {
		return err
	}
	return s.saveDataCentre(ctx, tx, t)
}

// GetClient returns the user's tokens of the OAuth client clientID, or
// those stored without a client id. The seed's table keeps no client id:
// there it is Get.
func (s *Store) GetClient(ctx context.Context, userIdentifier, clientID string) (pluginproto.Tokens, error) {
	if !s.isZohoV8() {
		return s.Get(ctx, userIdentifier)
	}
	return s.zohoV8Get(ctx, userIdentifier, clientID)
}

// DeleteClient removes the user's tokens of clientID and those stored
// without a client id. The seed's table keeps no client id: there it is
// Delete.
func (s *Store) DeleteClient(ctx context.Context, userIdentifier, clientID string) error {
	if !s.isZohoV8() {
		return s.Delete(ctx, userIdentifier)
	}
	return s.zohoV8Delete(ctx, userIdentifier, clientID)
}

// Get returns the user's row with the latest expiry, and its data centre
// when the side table has one for these tokens. In Zoho's v8 table, it is
// the user's row of whichever client.
func (s *Store) Get(ctx context.Context, userIdentifier string) (pluginproto.Tokens, error) {
	if s.isZohoV8() {
		return s.zohoV8Get(ctx, userIdentifier, "")
	}
	var user, access, refresh sql.NullString
	var expiry sql.NullInt64
	var dc dataCentreRow
	op := fmt.Sprintf("reading the tokens of %q", userIdentifier)
	err := s.do(ctx, op, nil, func(ctx context.Context) error {
		err := s.getStmt.QueryRowContext(ctx, userIdentifier).Scan(&user, &access, &refresh, &expiry,
			&dc.fingerprint, &dc.apiDomain, &dc.accountsServer)
		if errors.Is(err, sql.ErrNoRows) {
			return &notFoundError{user: userIdentifier, table: s.cfg.Database + "." + TableName}
		}
		return err
	})
	if err != nil {
		return pluginproto.Tokens{}, err
	}
	t := pluginproto.Tokens{
		UserIdentifier: user.String,
		AccessToken:    access.String,
		RefreshToken:   refresh.String,
		ExpiryTime:     expiry.Int64,
	}
	dc.apply(s, &t)
	return t, nil
}

// Delete removes every row of the user and their data centre row, in one
// transaction.
func (s *Store) Delete(ctx context.Context, userIdentifier string) error {
	if s.isZohoV8() {
		return s.zohoV8Delete(ctx, userIdentifier, "")
	}
	op := fmt.Sprintf("deleting the tokens of %q", userIdentifier)
	return s.do(ctx, op, nil, func(ctx context.Context) error {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck // a no-op after Commit
		if _, err := tx.StmtContext(ctx, s.deleteStmt).ExecContext(ctx, userIdentifier); err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, s.dcDeleteStmt).ExecContext(ctx, userIdentifier); err != nil {
			return err
		}
		return tx.Commit()
	})
}

// List returns each stored user once, with their latest expiry.
func (s *Store) List(ctx context.Context) ([]pluginproto.TokenInfo, error) {
	if s.isZohoV8() {
		return s.zohoV8List(ctx)
	}
	var infos []pluginproto.TokenInfo
	err := s.do(ctx, "listing the stored users", nil, func(ctx context.Context) error {
		infos = infos[:0]
		rows, err := s.listStmt.QueryContext(ctx)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var info pluginproto.TokenInfo
			var expiry sql.NullInt64
			if err := rows.Scan(&info.UserIdentifier, &expiry); err != nil {
				return err
			}
			info.ExpiryTime = expiry.Int64
			infos = append(infos, info)
		}
		return rows.Err()
	})
	return infos, err
}

// notFoundError is pluginproto.ErrNotFound for errors.Is. Its text does
// not repeat ErrNotFound's, which the host side adds again after gRPC.
type notFoundError struct{ user, table string }

func (e *notFoundError) Error() string        { return fmt.Sprintf("%q has no row in %s", e.user, e.table) }
func (e *notFoundError) Is(target error) bool { return target == pluginproto.ErrNotFound }

// driverLogger sends the driver's messages to the store's logger. They
// describe connections, never queries or credentials.
type driverLogger struct{ log hclog.Logger }

func (l driverLogger) Print(v ...any) {
	msg := strings.TrimSpace(fmt.Sprint(v...))
	if strings.Contains(msg, "bad idle connection") {
		// Expected after a server-side idle timeout; the pool reconnects.
		l.log.Debug("mysql driver: " + msg)
		return
	}
	l.log.Warn("mysql driver: " + msg)
}
