package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Invitations to a client portal (crm-oas group portal_invite): a record
// of a user type's personality module (a contact), which must have an
// Email, is invited (type=invite) to the user type and becomes one of its
// users (user_type_users.go), or invited again (type=reinvite, only once
// invited). One record at a time by {module}/{record}/actions/portal_invite
// with ?user_type_id=&type=&language=, or many in a background job
// ({module}/actions/portal_invite) whose status, with one result per
// record, is read by ?job_id=.

var portalInviteJobs = registerKeyed(&keyedSpec{path: "zohotest/portal_invite", key: "jobs", what: "job"})

func init() {
	handleCRM("POST", "{module}/{id}/actions/portal_invite", "ZohoCRM.modules.{module}.UPDATE", (*Server).invitePortalRecord)
	handleCRM("POST", "{module}/actions/portal_invite", "ZohoCRM.modules.{module}.UPDATE", (*Server).invitePortalRecords)
	handleCRM("GET", "{module}/actions/portal_invite", "ZohoCRM.modules.{module}.READ", (*Server).portalInviteStatus)
}

// portalInvite is one invitation asked for.
type portalInvite struct {
	ID         string `json:"id"`
	UserTypeID string `json:"user_type_id"`
	Type       string `json:"type"`
	Language   string `json:"language"`
}

// invitePortalLocked invites a record of module (rec, read before the
// actions' lock was taken, as record writes take the locks the other way
// round; nil when there is none) and returns its result.
func (s *Server) invitePortalLocked(d *actionData, module string, in portalInvite, rec map[string]any) recordResult {
	refuse := func(code, field string) recordResult {
		return recordError(code, "invalid data", obj{{"api_name", field}, {"record_id", in.ID}})
	}
	switch {
	case in.ID == "":
		return refuse("MANDATORY_NOT_FOUND", "id")
	case in.UserTypeID == "":
		return refuse("MANDATORY_NOT_FOUND", "user_type_id")
	case in.Type != "invite" && in.Type != "reinvite":
		return refuse("INVALID_DATA", "type")
	}
	at := slices.IndexFunc(d.portalTypes, func(t portalType) bool { return t.id == in.UserTypeID })
	if at < 0 {
		return refuse("INVALID_DATA", "user_type_id")
	}
	t := d.portalTypes[at]
	pm, _ := t.d["personality_module"].(map[string]any)
	if !strings.EqualFold(textOf(pm["api_name"]), module) {
		return refuse("INVALID_DATA", "user_type_id")
	}
	if rec == nil {
		return refuse("INVALID_DATA", "id")
	}
	email := textOf(rec["Email"])
	if email == "" {
		return refuse("MANDATORY_NOT_FOUND", "Email")
	}
	invited := slices.IndexFunc(d.portalUsers, func(u portalUser) bool { return u.portal == t.portal && u.record == in.ID })
	switch {
	case in.Type == "reinvite" && invited < 0:
		return refuse("INVALID_DATA", "type")
	case invited >= 0:
		d.portalUsers = slices.Clone(d.portalUsers)
		d.portalUsers[invited].Invited = s.Now()
	default:
		name := strings.TrimSpace(textOf(rec["First_Name"]) + " " + textOf(rec["Last_Name"]))
		d.portalUsers = append(slices.Clip(d.portalUsers), portalUser{PortalUser: PortalUser{PersonalityID: s.ids.next(), Name: name,
			Email: email, Module: module, Invited: s.Now()}, portal: t.portal, userType: t.id, record: in.ID})
	}
	return success(obj{{"record_id", in.ID}}, "invitation sent successfully")
}

func (s *Server) invitePortalRecord(c *call) {
	_, meta, id, ok := s.moduleRecord(c)
	if !ok {
		return
	}
	for _, p := range []string{"user_type_id", "type"} {
		if c.query(p) == "" {
			fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", p}})
			return
		}
	}
	rec, _ := s.Records(meta.APIName).Get(id)
	var r recordResult
	s.actions.with(func(d *actionData) {
		r = s.invitePortalLocked(d, meta.APIName, portalInvite{ID: id, UserTypeID: c.query("user_type_id"), Type: c.query("type"), Language: c.query("language")}, rec)
	})
	writeKeyed(c, "portal_invite", []recordResult{r}, http.StatusOK)
}

func (s *Server) invitePortalRecords(c *call) {
	_, meta, ok := s.module(c)
	if !ok {
		return
	}
	entries, ok := readKeyedBody(c, "portal_invite", 1)
	if !ok {
		return
	}
	var invites []portalInvite
	if raw, given := entries[0]["data"]; !given || json.Unmarshal(raw, &invites) != nil || len(invites) == 0 {
		writeJSON(c.w, http.StatusBadRequest, obj{{"portal_invite", []recordResult{keyedError(c, "portal_invite", 0, "MANDATORY_NOT_FOUND", "required field not found", "data")}}})
		return
	}
	if len(invites) > maxWriteRecords {
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", maxWriteRecords}, {"api_name", "data"}})
		return
	}
	module := meta.APIName
	st := s.keyedStore(portalInviteJobs)
	held := &inviteJob{}
	job := s.scheduleJob("portal_invite", module, len(invites), func() (done, failed int) {
		results := make([]recordResult, len(invites))
		recs := make([]map[string]any, len(invites))
		for i, in := range invites {
			recs[i], _ = s.Records(module).Get(in.ID)
		}
		s.actions.with(func(d *actionData) {
			for i, in := range invites {
				results[i] = s.invitePortalLocked(d, module, in, recs[i])
				if results[i].Status == "success" {
					done++
				} else {
					failed++
				}
			}
		})
		st.mu.Lock()
		held.results = results
		st.mu.Unlock()
		return done, failed
	})
	st.mu.Lock()
	held.id = job.id
	st.items[module] = append(st.items[module], doc{"job": held})
	st.mu.Unlock()
	r := success(obj{{"job_id", job.id}}, "invitations scheduled")
	r.Code = "SCHEDULED"
	writeJSON(c.w, http.StatusOK, obj{{"portal_invite", []recordResult{r}}})
}

// inviteJob is a job of invitations: its results once it has run.
type inviteJob struct {
	id      string
	results []recordResult
}

func (s *Server) portalInviteStatus(c *call) {
	_, meta, ok := s.module(c)
	if !ok {
		return
	}
	st, ok := s.findJob(c, "portal_invite", meta.APIName)
	if !ok {
		return
	}
	data := []recordResult{}
	store := s.keyedStore(portalInviteJobs)
	store.mu.Lock()
	for _, d := range store.items[meta.APIName] {
		if j := d["job"].(*inviteJob); j.id == st.id && j.results != nil {
			data = slices.Clone(j.results)
		}
	}
	store.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"portal_invite", []obj{{{"job_id", st.id}, {"status", st.phase.String()}, {"data", data}}}}})
}
