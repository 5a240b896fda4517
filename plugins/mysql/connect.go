package mysql

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/hashicorp/go-hclog"
)

// connector opens the store's connections. It bounds the whole set-up
// (dial, MySQL's greeting, authentication) by the dial timeout, not only
// the dial, and marks every failure as a connectError: a connection that
// never worked is reported as such, promptly, and is neither retried as a
// lost connection by the store nor, as a bad connection, by database/sql.
//
// With several addresses (the nodes of a cluster) it connects to the one
// that last worked, and on failure tries the others in order, so a fleet
// keeps going through the surviving nodes when one goes down.
type connector struct {
	nodes   []sqldriver.Connector
	addrs   []string
	timeout time.Duration
	log     hclog.Logger
	current atomic.Int32 // index of the node that last worked
}

func (c *connector) Driver() sqldriver.Driver { return c.nodes[0].Driver() }

func (c *connector) Connect(ctx context.Context) (sqldriver.Conn, error) {
	start := int(c.current.Load())
	var errs []error
	for i := range c.nodes {
		n := (start + i) % len(c.nodes)
		conn, err := c.connectTo(ctx, n)
		if err == nil {
			if n != start && c.current.CompareAndSwap(int32(start), int32(n)) {
				c.log.Warn("MySQL at "+c.addrs[start]+" did not answer; using the next address", "address", c.addrs[n])
			}
			return conn, nil
		}
		var ce *connectError
		if !errors.As(err, &ce) || ctx.Err() != nil || len(c.nodes) == 1 {
			return nil, err
		}
		// A refused password or a missing database would be refused by
		// every node alike: only a node that is down, dying or not synced
		// is skipped.
		var serverErr *driver.MySQLError
		if errors.As(ce.err, &serverErr) {
			return nil, err
		}
		errs = append(errs, fmt.Errorf("%s: %w", c.addrs[n], err))
	}
	return nil, &connectError{err: errors.Join(errs...), several: true}
}

func (c *connector) connectTo(ctx context.Context, n int) (sqldriver.Conn, error) {
	connectCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	conn, err := c.nodes[n].Connect(connectCtx)
	if err != nil {
		// Our own bound, not the caller's deadline: the caller must not
		// read it as its context ending.
		timedOut := ctx.Err() == nil && connectCtx.Err() != nil
		return nil, &connectError{err: err, timedOut: timedOut, timeout: c.timeout}
	}
	{
		// A cluster node that is up but not part of the primary component
		// (being resynchronised, or cut off) accepts connections and
		// refuses queries: check before handing it out.
		if err := prepareNode(connectCtx, conn); err != nil {
			_ = conn.Close()
			return nil, &connectError{err: err, timedOut: ctx.Err() == nil && connectCtx.Err() != nil, timeout: c.timeout}
		}
	}
	return conn, nil
}

// errNodeNotReady marks a Galera node that is not synced with its cluster.
var errNodeNotReady = errors.New("the cluster node is not ready (wsrep_ready is OFF)")

// prepareNode asks a node whether it serves queries (wsrep_ready on a
// Galera node; anything else, which has no such status, is ready) and, on
// a Galera node, makes the session's reads wait until the node has applied
// what the cluster committed before them: a process reading the tokens
// another process just saved through another node must see them, or it
// would refresh them again.
func prepareNode(ctx context.Context, conn sqldriver.Conn) error {
	q, ok := conn.(sqldriver.QueryerContext)
	if !ok {
		return nil
	}
	// MariaDB has wsrep_on (OFF without Galera); MySQL has none.
	if on, err := showValue(ctx, q, "SHOW GLOBAL VARIABLES LIKE 'wsrep_on'"); err != nil || !strings.EqualFold(on, "ON") {
		return err
	}
	ready, err := showValue(ctx, q, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'")
	if err != nil {
		return err
	}
	if !strings.EqualFold(ready, "ON") {
		return errNodeNotReady
	}
	if e, ok := conn.(sqldriver.ExecerContext); ok {
		_, err = e.ExecContext(ctx, "SET SESSION wsrep_sync_wait = 1", nil)
	}
	return err
}

// showValue runs a SHOW ... LIKE statement and returns the value of its
// one row, or "" when it has none.
func showValue(ctx context.Context, q sqldriver.QueryerContext, stmt string) (string, error) {
	rows, err := q.QueryContext(ctx, stmt, nil)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	vals := make([]sqldriver.Value, 2)
	if rows.Next(vals) != nil {
		return "", nil
	}
	switch v := vals[1].(type) {
	case []byte:
		return string(v), nil
	case string:
		return v, nil
	}
	return fmt.Sprint(vals[1]), nil
}

// connectError is a failure to set up a connection.
type connectError struct {
	err      error
	timedOut bool // the connector's own timeout ended the attempt
	timeout  time.Duration
	several  bool // err joins the failures of every address
}

func (e *connectError) Error() string {
	if e.several {
		return "no address answered: " + strings.ReplaceAll(e.err.Error(), "\n", "; ")
	}
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
	case e.several:
		return fmt.Sprintf("check db_address (%s), which lists them, and that at least one server is running, accepts TCP connections and, on a cluster, is synced", EnvAddress)
	case isUnreachable(e.err):
		return fmt.Sprintf("check db_address and db_port (%s, %s) and that the server is running and accepts TCP connections", EnvAddress, EnvPort)
	case e.timedOut:
		return fmt.Sprintf("something at that address accepted the connection but did not answer as MySQL: check that db_address and db_port (%s, %s) point at MySQL itself", EnvAddress, EnvPort)
	default:
		return fmt.Sprintf("something at that address accepted the connection and closed it before MySQL's greeting: check that db_address and db_port (%s, %s) point at MySQL itself (not at a proxy whose server is down) and that the server accepts connections from this host", EnvAddress, EnvPort)
	}
}
