package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// BudgetTableName is the side table counting refreshes per refresh token,
// for the SDK's fleet-wide refresh budget. It holds no token: rows are
// keyed by a fingerprint the SDK computes.
const BudgetTableName = "oauthtokens_refreshes"

// budgetColumns: one row per refresh token, with the times (epoch ms,
// comma-separated, oldest first) of its refreshes still in the window.
const budgetColumns = ` (
  refreshtokenkey char(64) CHARACTER SET ascii NOT NULL,
  refreshedms varchar(2000) CHARACTER SET ascii NOT NULL DEFAULT '',
  PRIMARY KEY (refreshtokenkey)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`

// maxBudgetLimit bounds the times a row keeps (each at most 14 digits and
// a comma within 2000 characters).
const maxBudgetLimit = 100

var _ pluginproto.RefreshBudgeter = (*Store)(nil)

type budgetStatements struct {
	ensureRow, read, write *sql.Stmt
}

func (b budgetStatements) all() []*sql.Stmt {
	var all []*sql.Stmt
	for _, st := range []*sql.Stmt{b.ensureRow, b.read, b.write} {
		if st != nil {
			all = append(all, st)
		}
	}
	return all
}

func (s *Store) budgetTable() string {
	return quoteIdentifier(s.cfg.Database) + "." + quoteIdentifier(BudgetTableName)
}

func (s *Store) budgetQueries() []struct {
	stmt  **sql.Stmt
	query string
} {
	return []struct {
		stmt  **sql.Stmt
		query string
	}{
		// The no-op update takes the row's lock when it exists.
		{&s.budgetStmts.ensureRow, "INSERT INTO " + s.budgetTable() + " (refreshtokenkey, refreshedms) VALUES (?, '') ON DUPLICATE KEY UPDATE refreshtokenkey = refreshtokenkey"},
		{&s.budgetStmts.read, "SELECT refreshedms FROM " + s.budgetTable() + " WHERE refreshtokenkey = ? FOR UPDATE"},
		{&s.budgetStmts.write, "UPDATE " + s.budgetTable() + " SET refreshedms = ? WHERE refreshtokenkey = ?"},
	}
}

// prepareBudget creates the budget table on the first SpendRefresh, not
// at start: a store whose user may not create it still keeps tokens, and
// the SDK, told the budget failed, counts per process.
func (s *Store) prepareBudget(ctx context.Context) error {
	if err := s.ensureSchema(ctx); err != nil {
		return err
	}
	s.budgetMu.Lock()
	defer s.budgetMu.Unlock()
	if s.budgetStmts.write != nil {
		return nil
	}
	err := s.retry(ctx, "preparing the refresh budget table", func(ctx context.Context) error {
		if err := s.ensureBudgetTable(ctx); err != nil {
			return err
		}
		for _, q := range s.budgetQueries() {
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
	})
	if err != nil {
		return s.explain("preparing "+s.cfg.Database+"."+BudgetTableName, err)
	}
	return nil
}

// ensureBudgetTable creates the budget table when it is missing.
func (s *Store) ensureBudgetTable(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "SELECT refreshtokenkey, refreshedms FROM "+s.budgetTable()+" LIMIT 0")
	if mysqlErrorNumber(err) != erNoSuchTable {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+s.budgetTable()+budgetColumns); err != nil {
		return err
	}
	s.log.Info("created the refresh budget table (or it appeared meanwhile)", "table", s.cfg.Database+"."+BudgetTableName)
	return nil
}

// SpendRefresh records a refresh of the refresh token key at at, if fewer
// than limit were recorded in the window before it, in one transaction:
// on a single server the row lock serialises processes, and on a cluster
// certification rolls back all but one of concurrent writers, which then
// run again and see the winner's refresh.
func (s *Store) SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (pluginproto.RefreshBudget, error) {
	if err := pluginproto.CheckBudgetRequest(key, limit, window); err != nil {
		return pluginproto.RefreshBudget{}, err
	}
	limit = min(limit, maxBudgetLimit)
	var budget pluginproto.RefreshBudget
	err := s.updateBudget(ctx, "counting a refresh", key, func(times []time.Time) []time.Time {
		var kept []time.Time
		budget, kept = pluginproto.Spend(times, at, limit, window)
		return kept
	})
	return budget, err
}

// RefundRefresh removes one refresh of key recorded at at.
func (s *Store) RefundRefresh(ctx context.Context, key string, at time.Time) error {
	if err := pluginproto.CheckBudgetRequest(key, 1, time.Millisecond); err != nil {
		return err
	}
	return s.updateBudget(ctx, "refunding a refresh", key, func(times []time.Time) []time.Time { return pluginproto.Refund(times, at) })
}

func (s *Store) updateBudget(ctx context.Context, op, key string, change func([]time.Time) []time.Time) error {
	if err := s.prepareBudget(ctx); err != nil {
		return err
	}
	return s.do(ctx, op, nil, func(ctx context.Context) error {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck // a no-op after Commit
		if _, err := tx.StmtContext(ctx, s.budgetStmts.ensureRow).ExecContext(ctx, key); err != nil {
			return err
		}
		var text string
		if err := tx.StmtContext(ctx, s.budgetStmts.read).QueryRowContext(ctx, key).Scan(&text); err != nil {
			return err
		}
		times, err := parseRefreshTimes(text)
		if err != nil {
			return fmt.Errorf("%s holds an unreadable row: %w", s.cfg.Database+"."+BudgetTableName, err)
		}
		if _, err := tx.StmtContext(ctx, s.budgetStmts.write).ExecContext(ctx, formatRefreshTimes(change(times)), key); err != nil {
			return err
		}
		return tx.Commit()
	})
}

func parseRefreshTimes(text string) ([]time.Time, error) {
	if text == "" {
		return nil, nil
	}
	var times []time.Time
	for _, f := range strings.Split(text, ",") {
		ms, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, errors.New("a refresh time is not a number")
		}
		times = append(times, time.UnixMilli(ms))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	return times, nil
}

func formatRefreshTimes(times []time.Time) string {
	parts := make([]string, len(times))
	for i, t := range times {
		parts[i] = strconv.FormatInt(t.UnixMilli(), 10)
	}
	return strings.Join(parts, ",")
}
