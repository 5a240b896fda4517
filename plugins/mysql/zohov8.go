package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// MaxZohoV8UserNameCharacters is the width of user_name in the table of
// Zoho's v8 SDKs, varchar(255).
const MaxZohoV8UserNameCharacters = 255

// zohoV8Columns is the table of Zoho's v8 SDKs as their documentation
// creates it, with an index on user_name added (their lookups are by it).
// The store creates it so when it is missing, and otherwise never alters
// it: zcrm's locks and refresh budget live in side tables.
const zohoV8Columns = ` (
  id varchar(10) NOT NULL,
  user_name varchar(255),
  client_id varchar(255),
  client_secret varchar(255),
  refresh_token varchar(255),
  access_token varchar(255),
  grant_token varchar(255),
  expiry_time varchar(20),
  redirect_url varchar(255),
  api_domain varchar(255),
  PRIMARY KEY (id),
  KEY user_name_idx (user_name(100))
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`

// zohoClientRows matches the rows of a user that serve client ? (given
// twice): those of that client and those without a client id, or every row
// when no client is named, as pluginproto.ClientMatch rules.
const zohoClientRows = "user_name = ? AND (? = '' OR client_id = ? OR client_id IS NULL OR client_id = '')"

// zohoBestFirst orders the rows zohoClientRows matches: the named client's
// own before rows without a client id, then the latest expiry.
const zohoBestFirst = " ORDER BY (COALESCE(client_id, '') = ?) DESC, CAST(expiry_time AS DECIMAL(20)) DESC, CAST(id AS UNSIGNED) DESC"

// zohoV8 holds the statements of the v8 table.
type zohoV8 struct {
	get, pick, claim, update, nextID, insert, deleteOthers, deleteRows, list *sql.Stmt
}

func (z *zohoV8) all() []*sql.Stmt {
	return []*sql.Stmt{z.get, z.pick, z.claim, z.update, z.nextID, z.insert, z.deleteOthers, z.deleteRows, z.list}
}

func (s *Store) isZohoV8() bool { return s.cfg.Layout == LayoutZohoV8 }

// tableName is the token table as messages name it: database.table.
func (s *Store) tableName() string { return s.cfg.Database + "." + s.cfg.Table }

// ensureZohoV8Table checks the v8 table, creating the database and the
// table when they are missing.
func (s *Store) ensureZohoV8Table(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "SELECT id, user_name, client_id, client_secret, refresh_token, access_token, grant_token, expiry_time, redirect_url, api_domain FROM "+s.table+" LIMIT 0")
	switch n := mysqlErrorNumber(err); {
	case err == nil:
		return nil
	case n == erBadDB || n == erNoSuchTable:
		if _, err := s.db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdentifier(s.cfg.Database)+" CHARACTER SET utf8mb4"); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+s.table+zohoV8Columns); err != nil {
			return err
		}
		s.log.Info("created the token table of Zoho's v8 SDKs (or it appeared meanwhile)", "address", s.addr, "table", s.tableName())
		return nil
	case n == erBadField:
		return fmt.Errorf("table %s exists but lacks a column of the Zoho v8 SDKs' schema (id, user_name, client_id, client_secret, refresh_token, access_token, grant_token, expiry_time, redirect_url, api_domain): %w", s.tableName(), err)
	default:
		return err
	}
}

func (s *Store) zohoV8Queries() []preparedQuery {
	t, z := s.table, &s.v8
	return []preparedQuery{
		{&z.get, "SELECT user_name, client_id, access_token, refresh_token, expiry_time, api_domain FROM " + t +
			" WHERE " + zohoClientRows + zohoBestFirst + " LIMIT 1"},
		{&z.pick, "SELECT id FROM " + t + " WHERE " + zohoClientRows + zohoBestFirst + " LIMIT 1 FOR UPDATE"},
		// Zoho's SDKs find a row saved without a user name by its refresh
		// token (and client).
		{&z.claim, "SELECT id FROM " + t + " WHERE (user_name IS NULL OR user_name = '') AND client_id = ? AND refresh_token = ?" +
			" ORDER BY CAST(id AS UNSIGNED) LIMIT 1 FOR UPDATE"},
		// client_secret, grant_token and redirect_url stay as they are.
		{&z.update, "UPDATE " + t + " SET user_name = ?, client_id = COALESCE(NULLIF(?, ''), client_id), refresh_token = ?, access_token = ?," +
			" expiry_time = ?, api_domain = NULLIF(?, '') WHERE id = ?"},
		// Numbered as Zoho's SDKs number rows, one above the highest.
		{&z.nextID, "SELECT COALESCE(MAX(CAST(id AS UNSIGNED)), 0) + 1 FROM " + t},
		{&z.insert, "INSERT INTO " + t + " (id, user_name, client_id, refresh_token, access_token, expiry_time, api_domain)" +
			" VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, NULLIF(?, ''))"},
		{&z.deleteOthers, "DELETE FROM " + t + " WHERE " + zohoClientRows + " AND id <> ?"},
		{&z.deleteRows, "DELETE FROM " + t + " WHERE " + zohoClientRows},
		{&z.list, "SELECT user_name, COALESCE(client_id, ''), expiry_time FROM " + t +
			" WHERE user_name IS NOT NULL AND user_name <> '' ORDER BY user_name, client_id"},
	}
}

// zohoV8Get returns the user's row that serves clientID.
func (s *Store) zohoV8Get(ctx context.Context, user, clientID string) (pluginproto.Tokens, error) {
	var name, client, access, refresh, expiry, apiDomain sql.NullString
	op := fmt.Sprintf("reading the tokens of %q", user)
	err := s.do(ctx, op, nil, func(ctx context.Context) error {
		err := s.v8.get.QueryRowContext(ctx, user, clientID, clientID, clientID).Scan(&name, &client, &access, &refresh, &expiry, &apiDomain)
		if errors.Is(err, sql.ErrNoRows) {
			return &notFoundError{user: user, table: s.tableName()}
		}
		return err
	})
	if err != nil {
		return pluginproto.Tokens{}, err
	}
	ms, err := pluginproto.ParseExpiryText(expiry.String)
	if err != nil {
		return pluginproto.Tokens{}, fmt.Errorf("mysql token store: %s: the row of %q has an expiry_time that %v", s.tableName(), user, err)
	}
	return pluginproto.Tokens{
		UserIdentifier: name.String,
		AccessToken:    access.String,
		RefreshToken:   refresh.String,
		ExpiryTime:     ms,
		APIDomain:      apiDomain.String,
		ClientID:       client.String,
	}, nil
}

// zohoV8Save updates the row that serves the user and t.ClientID, else the
// row Zoho's SDKs saved without a user name for this client and refresh
// token, else inserts a row; other rows that would serve the user and
// client go, so that a Get finds what was saved. One transaction, under
// the user's save lock.
func (s *Store) zohoV8Save(ctx context.Context, tx *sql.Tx, t pluginproto.Tokens) error {
	expiry := pluginproto.FormatExpiryText(t.ExpiryTime)
	var id string
	err := tx.StmtContext(ctx, s.v8.pick).QueryRowContext(ctx, t.UserIdentifier, t.ClientID, t.ClientID, t.ClientID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && t.ClientID != "" && t.RefreshToken != "" {
		err = tx.StmtContext(ctx, s.v8.claim).QueryRowContext(ctx, t.ClientID, t.RefreshToken).Scan(&id)
	}
	switch {
	case err == nil:
		if _, err := tx.StmtContext(ctx, s.v8.update).ExecContext(ctx, t.UserIdentifier, t.ClientID, t.RefreshToken, t.AccessToken, expiry, t.APIDomain, id); err != nil {
			return err
		}
	case errors.Is(err, sql.ErrNoRows):
		var next uint64
		if err := tx.StmtContext(ctx, s.v8.nextID).QueryRowContext(ctx).Scan(&next); err != nil {
			return err
		}
		id = strconv.FormatUint(next, 10)
		if _, err := tx.StmtContext(ctx, s.v8.insert).ExecContext(ctx, id, t.UserIdentifier, t.ClientID, t.RefreshToken, t.AccessToken, expiry, t.APIDomain); err != nil {
			return err
		}
	default:
		return err
	}
	_, err = tx.StmtContext(ctx, s.v8.deleteOthers).ExecContext(ctx, t.UserIdentifier, t.ClientID, t.ClientID, id)
	return err
}

// zohoV8Delete removes the user's rows that serve clientID.
func (s *Store) zohoV8Delete(ctx context.Context, user, clientID string) error {
	op := fmt.Sprintf("deleting the tokens of %q", user)
	return s.do(ctx, op, nil, func(ctx context.Context) error {
		_, err := s.v8.deleteRows.ExecContext(ctx, user, clientID, clientID)
		return err
	})
}

// zohoV8List returns each user and client once, with the latest expiry.
// Rows without a user name are left out: zcrm finds tokens by user.
func (s *Store) zohoV8List(ctx context.Context) ([]pluginproto.TokenInfo, error) {
	var infos []pluginproto.TokenInfo
	err := s.do(ctx, "listing the stored users", nil, func(ctx context.Context) error {
		infos = infos[:0]
		rows, err := s.v8.list.QueryContext(ctx)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var info pluginproto.TokenInfo
			var expiry sql.NullString
			if err := rows.Scan(&info.UserIdentifier, &info.ClientID, &expiry); err != nil {
				return err
			}
			info.ExpiryTime, _ = pluginproto.ParseExpiryText(expiry.String) // unreadable: listed as expired
			if n := len(infos); n > 0 && infos[n-1].UserIdentifier == info.UserIdentifier && infos[n-1].ClientID == info.ClientID {
				infos[n-1].ExpiryTime = max(infos[n-1].ExpiryTime, info.ExpiryTime)
				continue
			}
			infos = append(infos, info)
		}
		return rows.Err()
	})
	return infos, err
}

// lockScope keeps the GET_LOCK names of one table apart from another's:
// the database for the seed's table (as before tables were configurable),
// the database and the table for Zoho's.
func (s *Store) lockScope() string {
	if s.isZohoV8() {
		return s.cfg.Database + "\x00" + s.cfg.Table
	}
	return s.cfg.Database
}

// leaseKey is the key of a user's row in the lease table, whose column
// holds 100 characters: the user for the seed's table, a digest of the
// table and the user (whose name may be 255 long) for Zoho's.
func (s *Store) leaseKey(user string) string {
	if !s.isZohoV8() {
		return user
	}
	sum := sha256.Sum256([]byte(s.cfg.Table + "\x00" + user))
	return "v8:" + hex.EncodeToString(sum[:])
}

// idTaken reports an insert into Zoho's table that lost its id to another
// writer's at once (both took one above the highest): run again, it takes
// the next.
func (s *Store) idTaken(err error) bool {
	return s.isZohoV8() && mysqlErrorNumber(err) == erDupEntry
}
