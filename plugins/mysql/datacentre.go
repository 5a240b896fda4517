package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// DataCentreTableName is the side table that keeps each user's data
// centre (API domain and accounts server), which the seed's table has no
// column for. README.md says why a side table rather than new columns.
const DataCentreTableName = "oauthtokens_dc"

// MaxUserIdentifierCharacters is the width of the useridentifier columns,
// varchar(100) as in the seed.
const MaxUserIdentifierCharacters = 100

// UserIdentifierLimits tells the SDK, through Capabilities, that an
// identifier longer than the column is refused, before it spends a grant.
func (s *Store) UserIdentifierLimits() pluginproto.UserIdentifierLimits {
	if s.isZohoV8() {
		return pluginproto.UserIdentifierLimits{MaxCharacters: MaxZohoV8UserNameCharacters}
	}
	return pluginproto.UserIdentifierLimits{MaxCharacters: MaxUserIdentifierCharacters}
}

var _ pluginproto.IdentifierLimiter = (*Store)(nil)

// dataCentreTable is the side table's quoted name, `database`.`oauthtokens_dc`.
func (s *Store) dataCentreTable() string {
	return quoteIdentifier(s.cfg.Database) + "." + quoteIdentifier(DataCentreTableName)
}

// dataCentreColumns is the side table's schema. The primary key is the user
// (one row each; Group Replication also refuses writes to a table without
// one). refreshtokensha256 is the fingerprint of the refresh token the row
// belongs to: a row whose fingerprint no longer matches the user's tokens
// was left behind by a save of another SDK, and is ignored.
const dataCentreColumns = ` (
  useridentifier varchar(100) NOT NULL,
  refreshtokensha256 char(64) CHARACTER SET ascii NOT NULL,
  apidomain varchar(255) NOT NULL DEFAULT '',
  accountsserver varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (useridentifier)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`

// ensureDataCentreTable checks the side table, creating it when it is
// missing. It is created beside an existing seed table too: that table is
// never altered.
func (s *Store) ensureDataCentreTable(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "SELECT useridentifier, refreshtokensha256, apidomain, accountsserver FROM "+s.dataCentreTable()+" LIMIT 0")
	switch n := mysqlErrorNumber(err); {
	case err == nil:
		return nil
	case n == erNoSuchTable:
		if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+s.dataCentreTable()+dataCentreColumns); err != nil {
			return err
		}
		s.log.Info("created the data centre table (or it appeared meanwhile)", "address", s.addr, "table", s.cfg.Database+"."+DataCentreTableName)
		return nil
	case n == erBadField:
		return fmt.Errorf("table %s exists but lacks a column of zcrm's schema (useridentifier, refreshtokensha256, apidomain, accountsserver): %w",
			s.cfg.Database+"."+DataCentreTableName, err)
	default:
		return err
	}
}

// fingerprint is the hex sha256 of a refresh token: enough to tell whether
// a side row belongs to the tokens beside it, without a second copy of the
// secret.
func fingerprint(refreshToken string) string {
	sum := sha256.Sum256([]byte(refreshToken))
	return hex.EncodeToString(sum[:])
}

// dataCentreRow is the side table's row as the Get query's join gives it:
// all NULL when the user has none.
type dataCentreRow struct {
	fingerprint, apiDomain, accountsServer sql.NullString
}

// apply sets t's data centre from the row, if the row belongs to t's
// refresh token. A row that does not was left by a save through another
// SDK, which rewrote the user's tokens without knowing of this table: the
// tokens are then in an unknown data centre, which the SDK takes as its
// configured one.
func (r dataCentreRow) apply(s *Store, t *pluginproto.Tokens) {
	if !r.fingerprint.Valid {
		return
	}
	if r.fingerprint.String != fingerprint(t.RefreshToken) {
		s.log.Debug("ignoring the data centre row of a user whose refresh token another program has replaced", "user", t.UserIdentifier)
		return
	}
	t.APIDomain, t.AccountsServer = r.apiDomain.String, r.accountsServer.String
}

// saveDataCentre replaces the user's side row inside the save's
// transaction; tokens without a data centre leave the user with none.
func (s *Store) saveDataCentre(ctx context.Context, tx *sql.Tx, t pluginproto.Tokens) error {
	if _, err := tx.StmtContext(ctx, s.dcDeleteStmt).ExecContext(ctx, t.UserIdentifier); err != nil {
		return err
	}
	if t.APIDomain == "" && t.AccountsServer == "" {
		return nil
	}
	_, err := tx.StmtContext(ctx, s.dcInsertStmt).ExecContext(ctx, t.UserIdentifier, fingerprint(t.RefreshToken), t.APIDomain, t.AccountsServer)
	return err
}
