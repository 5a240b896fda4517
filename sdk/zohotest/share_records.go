package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Sharing records (payload 79): GET {module}/{id}/actions/share lists
// whom a record is shared with, POST shares it (share[]: shared_with
// {id, type users|groups|roles}, permission full_access|read_only|
// read_write, share_related_records, type private|public), PUT changes
// the permissions of those it names, DELETE revokes every share and
// answers share as an object, not an array. v2 named the user as
// user{id}; the emulator reads both. A record is shared with at most 10
// users, 5 groups and 5 roles; activities cannot be shared.

func init() {
	handleCRM("GET", "{module}/{id}/actions/share", "ZohoCRM.share.{module}.READ", (*Server).listShares)
	handleCRM("POST", "{module}/{id}/actions/share", "ZohoCRM.share.{module}.CREATE", (*Server).shareRecord)
	handleCRM("PUT", "{module}/{id}/actions/share", "ZohoCRM.share.{module}.UPDATE", (*Server).updateShares)
	handleCRM("DELETE", "{module}/{id}/actions/share", "ZohoCRM.share.{module}.DELETE", (*Server).revokeShares)
}

var shareLimits = map[string]int{"users": 10, "groups": 5, "roles": 5}

type shareEntry struct {
	withID, withType, withName string
	permission, typ            string
	related                    bool
	sharedBy                   obj
	sharedAt                   time.Time
}

func (s *Server) shareJSON(sh shareEntry) obj {
	return obj{
		{"share_related_records", sh.related},
		{"shared_with", obj{{"name", sh.withName}, {"id", sh.withID}, {"type", sh.withType}}},
		{"shared_by", sh.sharedBy},
		{"shared_time", s.formatTime(sh.sharedAt)},
		{"permission", sh.permission},
		{"type", sh.typ},
	}
}

// shareableRecord resolves {module}/{id}, refusing activities.
func (s *Server) shareableRecord(c *call) (*moduleMeta, *record, bool) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return nil, nil, false
	}
	switch meta.APIName {
	case "Tasks", "Events", "Calls":
		fail(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "activities cannot be shared", obj{{"resource_path_index", 0}})
		return nil, nil, false
	}
	return meta, r, true
}

func (s *Server) listShares(c *call) {
	meta, r, ok := s.shareableRecord(c)
	if !ok {
		return
	}
	var shares []shareEntry
	s.actions.with(func(d *actionData) { shares = d.shares[recordKeyOf(meta, r.id)] })
	if len(shares) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	out := make([]obj, len(shares))
	for i, sh := range shares {
		out[i] = s.shareJSON(sh)
	}
	writeJSON(c.w, http.StatusOK, obj{{"share", out}})
}

// readShares reads share[] into entries, naming each shared_with.
func (s *Server) readShares(c *call) ([]shareEntry, []recordResult, bool) {
	entries, ok := readKeyedBody(c, "share", 20)
	if !ok {
		return nil, nil, false
	}
	groups := s.userGroups()
	now := s.Now()
	out := make([]shareEntry, len(entries))
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		if e == nil {
			results[i] = notAnObject()
			continue
		}
		bad := func(field string) { results[i] = keyedError(c, "share", i, "INVALID_DATA", "invalid data", field) }
		var with struct {
			ID   json.RawMessage `json:"id"`
			Type string          `json:"type"`
		}
		raw, has := e["shared_with"]
		if !has {
			raw, has = e["user"] // v2
			with.Type = "users"
		}
		if !has || json.Unmarshal(raw, &with) != nil || len(with.ID) == 0 {
			results[i] = keyedError(c, "share", i, "MANDATORY_NOT_FOUND", "required field not found", "shared_with")
			continue
		}
		sh := shareEntry{withID: idText(makeField("id", with.ID)), withType: with.Type, permission: "read_only", typ: "private",
			sharedBy: c.user.lookup(false), sharedAt: now}
		switch with.Type {
		case "users":
			u, found := s.User(sh.withID)
			if !found || u.Status != "active" {
				bad("shared_with")
				continue
			}
			sh.withName = u.FullName()
		case "groups":
			i := slices.IndexFunc(groups, func(g userGroup) bool { return g.id == sh.withID })
			if i < 0 {
				bad("shared_with")
				continue
			}
			sh.withName = groups[i].name
		case "roles":
			if !isDigits(sh.withID) {
				bad("shared_with")
				continue
			}
		default:
			bad("type")
			continue
		}
		if p, present, _ := e.text("permission"); present {
			switch p {
			case "full_access", "read_only", "read_write":
				sh.permission = p
			default:
				bad("permission")
				continue
			}
		}
		if t, present, _ := e.text("type"); present {
			if t != "private" && t != "public" {
				bad("type")
				continue
			}
			sh.typ = t
		}
		if raw, has := e["share_related_records"]; has && json.Unmarshal(raw, &sh.related) != nil {
			bad("share_related_records")
			continue
		}
		out[i] = sh
		results[i] = recordResult{Code: "SUCCESS", Details: obj{}, Message: "record will be shared successfully", Status: "success"}
	}
	return out, results, true
}

func (s *Server) shareRecord(c *call) { s.writeShares(c, false) }

func (s *Server) updateShares(c *call) { s.writeShares(c, true) }

// writeShares adds the shares (a new share of someone already shared
// with replaces theirs); with update, only those already shared with may
// be named.
func (s *Server) writeShares(c *call, update bool) {
	meta, r, ok := s.shareableRecord(c)
	if !ok {
		return
	}
	given, results, ok := s.readShares(c)
	if !ok {
		return
	}
	key := recordKeyOf(meta, r.id)
	s.actions.with(func(d *actionData) {
		shares := slices.Clone(d.shares[key])
		for i, sh := range given {
			if results[i].Status != "success" {
				continue
			}
			at := slices.IndexFunc(shares, func(o shareEntry) bool { return o.withID == sh.withID && o.withType == sh.withType })
			switch {
			case at >= 0:
				shares[at] = sh
			case update:
				results[i] = keyedError(c, "share", i, "INVALID_DATA", "the record is not shared with this id", "shared_with")
			default:
				n := 0
				for _, o := range shares {
					if o.withType == sh.withType {
						n++
					}
				}
				if n >= shareLimits[sh.withType] {
					results[i] = keyedError(c, "share", i, "LIMIT_EXCEEDED", "the record is shared with as many as allowed", "shared_with", kv{"limit", shareLimits[sh.withType]})
					continue
				}
				shares = append(shares, sh)
			}
		}
		if d.shares == nil {
			d.shares = map[recordKey][]shareEntry{}
		}
		d.shares[key] = shares
	})
	writeKeyed(c, "share", results, http.StatusOK)
}

func (s *Server) revokeShares(c *call) {
	meta, r, ok := s.shareableRecord(c)
	if !ok {
		return
	}
	s.actions.with(func(d *actionData) { delete(d.shares, recordKeyOf(meta, r.id)) })
	writeJSON(c.w, http.StatusOK, obj{{"share", successResult(r.id, "Sharing Revoked")}})
}
