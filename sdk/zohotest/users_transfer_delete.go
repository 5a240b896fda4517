package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Deleting a user after a transfer (crm-oas group users_transfer_delete):
// POST users/actions/transfer_and_delete ({transfer_and_delete:[{id,
// transfer:{id, records, assignment, criteria}, move_subordinate:{id}}]},
// one user a call) or users/{id}/actions/transfer_and_delete. Only an
// admin may (NO_PERMISSION); the admin of the org cannot be deleted
// (NOT_ALLOWED). With transfer.records the deleted user's records of every
// module go to the transfer's user; the deleted user leaves their
// territories, once the job Zoho runs it as (details.jobId; jobs.go) is
// done; GET users/actions/transfer_and_delete?job_id= reads it:
// in_progress, then completed.

func init() {
	handleCRM("POST", "users/actions/transfer_and_delete", "ZohoCRM.users.DELETE", (*Server).transferAndDeleteUser)
	handleCRM("POST", "users/{id}/actions/transfer_and_delete", "ZohoCRM.users.DELETE", (*Server).transferAndDeleteUser)
	handleCRM("GET", "users/actions/transfer_and_delete", "ZohoCRM.users.READ", (*Server).transferJob)
}

const transferKey = "transfer_and_delete"

func (s *Server) transferAndDeleteUser(c *call) {
	if !c.user.IsAdmin() {
		fail(c.w, http.StatusForbidden, "NO_PERMISSION", "permission denied", nil)
		return
	}
	pathID := c.param("id")
	entries, ok := readKeyedBody(c, transferKey, 1)
	if !ok {
		return
	}
	e := entries[0]
	bad := func(code, message, field string) {
		writeKeyed(c, transferKey, []recordResult{keyedError(c, transferKey, 0, code, message, field)}, http.StatusOK)
	}
	if e == nil {
		writeKeyed(c, transferKey, []recordResult{notAnObject()}, http.StatusOK)
		return
	}
	id := pathID
	if id == "" {
		id, _, _ = e.text("id")
	}
	var to struct {
		ID                            json.RawMessage `json:"id"`
		Records, Assignment, Criteria bool
	}
	var sub struct {
		ID json.RawMessage `json:"id"`
	}
	_, hasTransfer := e["transfer"]
	_, hasSub := e["move_subordinate"]
	if (hasTransfer && json.Unmarshal(e["transfer"], &to) != nil) || (hasSub && json.Unmarshal(e["move_subordinate"], &sub) != nil) {
		bad("INVALID_DATA", "invalid data", "transfer")
		return
	}
	old, found := s.User(id)
	heir, heirFound := s.User(idText(makeField("id", to.ID)))
	boss, bossFound := s.User(idText(makeField("id", sub.ID)))
	switch {
	case id == "":
		bad("MANDATORY_NOT_FOUND", "required field not found", "id")
	case !hasTransfer && !hasSub:
		bad("EXPECTED_FIELD_MISSING", "either transfer or move_subordinate is expected", "transfer")
	case !found || old.Status == "deleted":
		bad("INVALID_DATA", "the user id given seems to be invalid", "id")
	case old.ID == s.Admin().ID:
		bad("NOT_ALLOWED", "the super admin of the org cannot be deleted", "id")
	case hasTransfer && (!heirFound || heir.Status == "deleted" || heir.ID == old.ID):
		bad("INVALID_DATA", "the user to transfer to is invalid", "transfer")
	case hasSub && (!bossFound || boss.Status != "active" || boss.ID == old.ID):
		bad("INVALID_DATA", "the user to move the subordinates to is invalid", "move_subordinate")
	default:
		j := s.scheduleJob(transferKey, "", 1, func() (done, failed int) {
			if hasTransfer && to.Records {
				s.giveRecords(c, old.ID, heir)
			}
			s.retireUser(old.ID)
			return 1, 0
		})
		writeKeyed(c, transferKey, []recordResult{success(obj{{"jobId", j.id}, {"id", old.ID}}, "user is deleted successfully")}, http.StatusOK)
	}
}

// giveRecords makes heir the owner of every record from's owned.
func (s *Server) giveRecords(c *call, from string, heir User) {
	ownerRaw := mustJSON(heir.lookup(true))
	s.modules.mu.RLock()
	stores := slices.Clone(s.modules.list)
	s.modules.mu.RUnlock()
	for _, ms := range stores {
		meta := ms.meta.Load()
		ms.mu.Lock()
		for _, r := range slices.Clone(ms.order) {
			var owner struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(r.owner, &owner) == nil && owner.ID == from {
				s.rewriteLocked(c, ms, meta, r, func(nr *record) { nr.owner = ownerRaw })
			}
		}
		ms.mu.Unlock()
	}
}

// retireUser marks a user deleted and takes them out of their
// territories.
func (s *Server) retireUser(id string) {
	s.people.mu.Lock()
	if p, ok := s.people.byID[id]; ok {
		p.Status = "deleted"
		p.Modified = s.Now()
	}
	s.people.mu.Unlock()
	s.actions.with(func(d *actionData) {
		list := slices.Clone(s.territoriesLocked(d))
		for i, t := range list {
			if slices.Contains(t.users, id) {
				list[i].users = slices.DeleteFunc(slices.Clone(t.users), func(u string) bool { return u == id })
			}
		}
		d.territories = list
	})
}

func (s *Server) transferJob(c *call) {
	st, ok := s.findJob(c, transferKey, "")
	if !ok {
		return
	}
	status := "in_progress"
	if st.phase >= jobCompleted {
		status = st.phase.String()
	}
	writeJSON(c.w, http.StatusOK, obj{{transferKey, []obj{{{"status", status}}}}})
}
