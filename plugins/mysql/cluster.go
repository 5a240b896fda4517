package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// clusterKind is what the store found at its address: a single server, or
// a node of a cluster whose nodes all take writes.
type clusterKind int

const (
	singleServer clusterKind = iota
	galeraCluster
	groupReplication
)

func (k clusterKind) String() string {
	switch k {
	case galeraCluster:
		return "Galera cluster"
	case groupReplication:
		return "Group Replication"
	}
	return "single server"
}

// detectCluster asks the server whether it is a cluster node. Behaviour
// differs there: GET_LOCK is local to one node (and refused by some
// MariaDB versions under wsrep), so the refresh lock is a lease row, and
// the seed's table wants a primary key.
func detectCluster(ctx context.Context, db *sql.DB) (clusterKind, error) {
	rows, err := db.QueryContext(ctx, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'group_replication_group_name')")
	if err != nil {
		return singleServer, err
	}
	defer rows.Close()
	kind := singleServer
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return singleServer, err
		}
		switch {
		case name == "wsrep_on" && strings.EqualFold(value, "ON"):
			kind = galeraCluster
		case name == "group_replication_group_name" && value != "" && kind == singleServer:
			kind = groupReplication
		}
	}
	return kind, rows.Err()
}

// clusterKind returns what the server is, asking it (through db) the first
// time.
func (s *Store) clusterKind(ctx context.Context, db *sql.DB) (clusterKind, error) {
	if s.clusterKnown.Load() {
		return clusterKind(s.cluster.Load()), nil
	}
	kind, err := detectCluster(ctx, db)
	if err != nil {
		return singleServer, err
	}
	s.cluster.Store(int32(kind))
	s.clusterKnown.Store(true)
	return kind, nil
}

// invisibleKeyColumn is the primary key the store adds to the seed's table
// on a cluster: invisible, so the Zoho SDKs' `select *` still returns
// their four columns and their inserts, which name the columns, fill it
// by auto-increment.
const invisibleKeyColumn = "zcrm_row_id"

// addKeySQL is the statement that gives table the invisible primary key.
func addKeySQL(table string) string {
	return "ALTER TABLE " + table + " ADD COLUMN " + invisibleKeyColumn +
		" BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE PRIMARY KEY"
}

// hasPrimaryKey reports whether the seed's table has one.
func (s *Store) hasPrimaryKey(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.STATISTICS"+
		" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY'", s.cfg.Database, TableName).Scan(&n)
	return n > 0, err
}

// ensurePrimaryKey runs on a cluster: a seed table without a primary key
// gets the invisible one if the operator consented (db_add_primary_key);
// otherwise the store leaves the table alone and says what to run. Galera
// replicates a table without a key (slowly, and some settings refuse it);
// Group Replication refuses writes to it.
func (s *Store) ensurePrimaryKey(ctx context.Context) error {
	has, err := s.hasPrimaryKey(ctx)
	if err != nil || has {
		return err
	}
	stmt := addKeySQL(s.table)
	if !s.cfg.AddPrimaryKey {
		s.noKeyAdvice = fmt.Sprintf("%s has no primary key, which a %s needs; run %q (the Zoho SDKs keep working: the column is invisible), or set db_add_primary_key=true (%s) to let the store do it",
			s.cfg.Database+"."+TableName, clusterKind(s.cluster.Load()), stmt, EnvAddPrimaryKey)
		s.log.Warn(s.noKeyAdvice)
		return nil
	}
	if _, err := s.db.ExecContext(ctx, stmt); err != nil {
		if has, herr := s.hasPrimaryKey(ctx); herr == nil && has {
			return nil // another process added it meanwhile
		}
		return fmt.Errorf("adding an invisible primary key to %s (db_add_primary_key is set): %w; the server may predate invisible columns (MariaDB 10.3, MySQL 8.0.23): add a primary key yourself", s.cfg.Database+"."+TableName, err)
	}
	s.log.Info("added an invisible primary key to the token table, as db_add_primary_key allows", "table", s.cfg.Database+"."+TableName, "column", invisibleKeyColumn)
	return nil
}

// createColumnsKey is the primary key clause of a table the store creates
// itself on a cluster (it alters nobody's table, so needs no consent).
func (s *Store) createColumnsKey() string {
	if clusterKind(s.cluster.Load()) == singleServer {
		return ""
	}
	return ",\n  " + invisibleKeyColumn + " BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE PRIMARY KEY"
}
