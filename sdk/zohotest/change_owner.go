package zohotest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Change owner (payload 71): POST {module}/{id}/actions/change_owner and,
// for up to 500 records, POST {module}/actions/change_owner with ids. The
// body names the new owner {id}, whether to notify them, and related
// activities (Tasks, Events, Calls) to move too. Each record answers
// "owner is successfully updated", or RECORD_LOCKED when locked
// (record_locking.go).

func init() {
	const scope = "ZohoCRM.change_owner.CREATE"
	handleCRM("POST", "{module}/{id}/actions/change_owner", scope, (*Server).changeOwner)
	handleCRM("POST", "{module}/actions/change_owner", scope, (*Server).changeOwners)
}

const maxChangeOwnerIDs = 500

type changeOwnerBody struct {
	IDs   []json.RawMessage `json:"ids"`
	Owner *struct {
		ID json.RawMessage `json:"id"`
	} `json:"owner"`
	Notify         bool `json:"notify"`
	RelatedModules []struct {
		APIName string          `json:"api_name"`
		ID      json.RawMessage `json:"id"`
	} `json:"related_modules"`
}

func (s *Server) changeOwner(c *call) {
	id, ok := c.pathID()
	if !ok {
		return
	}
	s.changeOwnerOf(c, []string{id}, false)
}

func (s *Server) changeOwners(c *call) {
	s.changeOwnerOf(c, nil, true)
}

func (s *Server) changeOwnerOf(c *call, ids []string, many bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	var body changeOwnerBody
	if !readJSON(c, &body) {
		return
	}
	if body.Owner == nil || len(body.Owner.ID) == 0 {
		failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "owner"}, {"json_path", "$.owner"}})
		return
	}
	owner, found := s.User(idText(makeField("id", body.Owner.ID)))
	if !found || owner.Status != "active" {
		failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "id"}, {"json_path", "$.owner.id"}})
		return
	}
	for i, rm := range body.RelatedModules {
		switch strings.ToLower(rm.APIName) {
		case "tasks", "events", "calls":
		default:
			failData(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "the related module is not supported", obj{{"api_name", "api_name"}, {"json_path", "$.related_modules[" + strconv.Itoa(i) + "].api_name"}})
			return
		}
	}
	if many {
		for _, raw := range body.IDs {
			ids = append(ids, idText(makeField("id", raw)))
		}
		switch {
		case len(ids) == 0:
			failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "ids"}, {"json_path", "$.ids"}})
			return
		case len(ids) > maxChangeOwnerIDs:
			fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxChangeOwnerIDs}, {"api_name", "ids"}})
			return
		}
	}
	ownerRaw := mustJSON(owner.lookup(true))
	results := make([]recordResult, len(ids))
	ms.mu.Lock()
	for i, id := range ids {
		r := ms.byID[id]
		switch {
		case r == nil:
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
		case s.isLocked(meta, id):
			results[i] = lockedRecordError(id)
		default:
			s.rewriteLocked(c, ms, meta, r, func(nr *record) { nr.owner = ownerRaw })
			results[i] = successResult(id, "owner is successfully updated")
		}
	}
	ms.mu.Unlock()
	writeKeyed(c, "data", results, http.StatusOK)
}
