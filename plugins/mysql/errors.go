package mysql

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"

	driver "github.com/go-sql-driver/mysql"
)

// Server error numbers the store treats specially.
const (
	erDBAccessDenied     = 1044 // user may not use (or create) the database
	erAccessDenied       = 1045 // bad user or password
	erBadDB              = 1049 // unknown database
	erServerShutdown     = 1053
	erBadField           = 1054 // unknown column
	erDupEntry           = 1062
	erNoSuchTable        = 1146
	erTableAccessDenied  = 1142
	erLockWaitTimeout    = 1205
	erLockDeadlock       = 1213
	erOutOfRange         = 1264
	erTruncated          = 1265
	erTruncatedWrongVal  = 1292
	erWrongStringValue   = 1366
	erConnectionKilled   = 1927 // MariaDB: the session was killed
	erClientIdleTimeout  = 4031 // MySQL 8: disconnected for inactivity
	minRedactedSecretLen = 4
)

// isUnreachable reports a failure to connect at all: nothing listening,
// no route, a name that does not resolve.
func isUnreachable(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// isLostConnection reports a connection that worked and then broke: the
// server killed it, restarted, or dropped it after an idle timeout. Such a
// call is worth one more try on a fresh connection.
func isLostConnection(err error) bool {
	var ce *connectError
	if err == nil || isUnreachable(err) || errors.As(err, &ce) {
		return false
	}
	var myErr *driver.MySQLError
	if errors.As(err, &myErr) {
		switch myErr.Number {
		case erServerShutdown, erConnectionKilled, erClientIdleTimeout:
			return true
		}
		return false
	}
	return errors.Is(err, sqldriver.ErrBadConn) ||
		errors.Is(err, driver.ErrInvalidConn) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed)
}

// isLockConflict reports a transaction InnoDB rolled back to break a
// deadlock or a lock wait: it can be run again as it is.
func isLockConflict(err error) bool {
	var myErr *driver.MySQLError
	return errors.As(err, &myErr) && (myErr.Number == erLockDeadlock || myErr.Number == erLockWaitTimeout)
}

func mysqlErrorNumber(err error) uint16 {
	var myErr *driver.MySQLError
	if errors.As(err, &myErr) {
		return myErr.Number
	}
	return 0
}

// storeError is what the store returns: a message that says what failed and
// what to check, and the cause for errors.Is/As. The cause is already
// scrubbed of secrets.
type storeError struct {
	msg   string
	cause error
}

func (e *storeError) Error() string { return e.msg }
func (e *storeError) Unwrap() error { return e.cause }

// quotedValue matches a value MySQL quotes in a message such as
// "Duplicate entry 'x' for key" or "Incorrect string value: '\xF0...'".
var quotedValue = regexp.MustCompile(`'(?:[^'\\]|\\.)*'`)

// scrub returns err with any secret removed from its text. Messages of
// errors that quote the offending value lose their quoted parts, since the
// value may be (part of) a token.
func scrub(err error, secrets ...string) error {
	text := err.Error()
	clean := text
	var myErr *driver.MySQLError
	if errors.As(err, &myErr) {
		switch myErr.Number {
		case erDupEntry, erWrongStringValue, erOutOfRange, erTruncated, erTruncatedWrongVal:
			clean = quotedValue.ReplaceAllString(clean, "'<redacted>'")
		}
	}
	for _, s := range secrets {
		if len(s) >= minRedactedSecretLen {
			clean = strings.ReplaceAll(clean, s, "<redacted>")
		}
	}
	if clean == text {
		return err
	}
	if myErr != nil {
		// Keep the error number for errors.As, without the secret text.
		return &driver.MySQLError{Number: myErr.Number, SQLState: myErr.SQLState,
			Message: quotedValue.ReplaceAllString(redactAll(myErr.Message, secrets), "'<redacted>'")}
	}
	return errors.New(clean)
}

func redactAll(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minRedactedSecretLen {
			s = strings.ReplaceAll(s, secret, "<redacted>")
		}
	}
	return s
}

// explain wraps err from operation op with what to check. Context errors
// stay recognisable with errors.Is, so the host sees a deadline as one.
func (s *Store) explain(op string, err error, secrets ...string) error {
	secrets = append(secrets, s.cfg.Password)
	err = scrub(err, secrets...)
	prefix := "mysql token store: " + op
	var msg string
	var ce *connectError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		msg = fmt.Sprintf("%s: %v (MySQL at %s)", prefix, err, s.addr)
	case errors.As(err, &ce) && mysqlErrorNumber(err) == 0:
		msg = fmt.Sprintf("%s: could not connect to MySQL at %s (%v); %s", prefix, s.addr, err, ce.hint())
	case isUnreachable(err):
		msg = fmt.Sprintf("%s: could not connect to MySQL at %s (%v); check db_address and db_port (%s, %s) and that the server is running and accepts TCP connections",
			prefix, s.addr, err, EnvAddress, EnvPort)
	case mysqlErrorNumber(err) == erAccessDenied:
		msg = fmt.Sprintf("%s: MySQL at %s refused user %q (%v); check db_username and db_password (%s, %s)",
			prefix, s.addr, s.cfg.User, err, EnvUsername, EnvPassword)
	case mysqlErrorNumber(err) == erDBAccessDenied, mysqlErrorNumber(err) == erTableAccessDenied:
		msg = fmt.Sprintf("%s: MySQL user %q lacks a privilege on database %s (%v); grant it %s on %s.%s and %s.%s, and CREATE if the store is to create the database or the tables (or create them with the schema in the plugin's README)",
			prefix, s.cfg.User, s.cfg.Database, err, s.privileges(), s.cfg.Database, s.cfg.Table, s.cfg.Database, s.sideTableNames())
	case isLostConnection(err):
		msg = fmt.Sprintf("%s: lost the connection to MySQL at %s twice in a row (%v); check that the server is up and stable", prefix, s.addr, err)
	default:
		msg = fmt.Sprintf("%s: MySQL at %s, database %s: %v", prefix, s.addr, s.cfg.Database, err)
	}
	return &storeError{msg: msg, cause: err}
}

// privileges are those the store's statements need on existing tables.
func (s *Store) privileges() string {
	if s.isZohoV8() {
		return "SELECT, INSERT, UPDATE and DELETE"
	}
	return "SELECT, INSERT and DELETE"
}

// sideTableNames names zcrm's side tables, for a grant.
func (s *Store) sideTableNames() string {
	if s.isZohoV8() {
		return BudgetTableName // and the lease table on a cluster
	}
	return DataCentreTableName
}
