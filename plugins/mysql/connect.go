package mysql

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// connector opens the store's connections. It bounds the whole set-up
// (dial, MySQL's greeting, authentication) by the dial timeout, not only
// the dial, and marks every failure as a connectError: a connection that
// never worked is reported as such, promptly, and is neither retried as a
// lost connection by the store nor, as a bad connection, by database/sql.
type connector struct {
	sqldriver.Connector
	timeout time.Duration
}

func (c connector) Connect(ctx context.Context) (sqldriver.Conn, error) {
	connectCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	conn, err := c.Connector.Connect(connectCtx)
	if err != nil {
		// Our own bound, not the caller's deadline: the caller must not
		// read it as its context ending.
		timedOut := ctx.Err() == nil && connectCtx.Err() != nil
		return nil, &connectError{err: err, timedOut: timedOut, timeout: c.timeout}
	}
	return conn, nil
}

// connectError is a failure to set up a connection.
type connectError struct {
	err      error
	timedOut bool // the connector's own timeout ended the attempt
	timeout  time.Duration
}

func (e *connectError) Error() string {
	if e.timedOut {
		return fmt.Sprintf("no answer within %v (%v)", e.timeout, e.err)
	}
	return e.err.Error()
}

// Is hides what would make the failure look like something else: a bad
// connection (which database/sql retries), or the caller's context ending
// when the connector's own timeout did.
func (e *connectError) Is(target error) bool {
	if target == sqldriver.ErrBadConn {
		return false
	}
	if e.timedOut && (target == context.DeadlineExceeded || target == context.Canceled) {
		return false
	}
	return errors.Is(e.err, target)
}

// As reaches the driver's error, such as a *mysql.MySQLError for a refused
// password.
func (e *connectError) As(target any) bool { return errors.As(e.err, target) }

// hint says what to check after a failed connection, by how it failed.
func (e *connectError) hint() string {
	switch {
	case isUnreachable(e.err):
		return fmt.Sprintf("check db_address and db_port (%s, %s) and that the server is running and accepts TCP connections", EnvAddress, EnvPort)
	case e.timedOut:
		return fmt.Sprintf("something at that address accepted the connection but did not answer as MySQL: check that db_address and db_port (%s, %s) point at MySQL itself", EnvAddress, EnvPort)
	default:
		return fmt.Sprintf("something at that address accepted the connection and closed it before MySQL's greeting: check that db_address and db_port (%s, %s) point at MySQL itself (not at a proxy whose server is down) and that the server accepts connections from this host", EnvAddress, EnvPort)
	}
}
