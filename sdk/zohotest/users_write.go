package zohotest

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

// Managing users: POST users (one user a call), PUT users/{id} and PUT
// users (ids in the entries), DELETE users/{id}, GET
// users/search?criteria=&type= and GET users/actions/count?type=. Bodies and answers
// are {"users":[...]} as in Zoho's v2 samples and the crm-oas v8 examples
// (testdata/reference/19_users_manage.json). An added user is invited: it
// is active but not confirmed until it accepts, so it shows under
// NotConfirmedUsers. A deleted user keeps its record with status
// "deleted" and shows under DeletedUsers only.

func init() {
	handleCRM("POST", "users", "ZohoCRM.users.CREATE", (*Server).createUser)
	handleCRM("PUT", "users/{id}", "ZohoCRM.users.UPDATE", (*Server).updateUser)
	handleCRM("PUT", "users", "ZohoCRM.users.UPDATE", (*Server).updateUsers)
	handleCRM("GET", "users/actions/count", "ZohoCRM.users.READ", (*Server).countUsers)
	handleCRM("DELETE", "users/{id}", "ZohoCRM.users.DELETE", (*Server).deleteUser)
	handleCRM("GET", "users/search", "ZohoCRM.users.READ", (*Server).searchUsers)
}

// userRefLocked resolves a role or profile given by id or name.
func (us *userStore) userRefLocked(kind string, names []string, id, name string) (Ref, bool) {
	for _, n := range names {
		refID := us.refIDLocked(kind+" "+n, "")
		if (id != "" && refID == id) || (id == "" && strings.EqualFold(n, name)) {
			return Ref{ID: refID, Name: n}, true
		}
	}
	return Ref{}, false
}

// applyUserFields sets the fields an entry gives on u; it returns a
// per-entry error for a wrong value. create allows email to be set.
func (s *Server) applyUserFieldsLocked(c *call, e entry, u *User, create bool) *recordResult {
	us := &s.people
	bad := func(code, message, field string, extra ...kv) *recordResult {
		r := keyedError(c, "users", 0, code, message, field, extra...)
		return &r
	}
	texts := []struct {
		key string
		dst *string
	}{
		{"first_name", &u.FirstName}, {"last_name", &u.LastName}, {"email", &u.Email},
		{"phone", &u.Phone}, {"mobile", &u.Mobile}, {"time_zone", &u.TimeZone}, {"locale", &u.Locale},
	}
	for _, t := range texts {
		v, present, ok := e.text(t.key)
		if !ok {
			return bad("INVALID_DATA", "invalid data", t.key, kv{"expected_data_type", "text"})
		}
		if !present {
			continue
		}
		v = strings.TrimSpace(v)
		switch t.key {
		case "email":
			if !create && !strings.EqualFold(v, u.Email) && !u.Unconfirmed {
				r := recordError("EMAIL_UPDATE_NOT_ALOWED", "Cannot update email of a confirmed CRM User", obj{{"api_name", "email"}})
				return &r
			}
			if !validEmail(v) {
				r := recordError("INVALID_DATA", "Invalid Email Id. Please choose a different email id", obj{{"api_name", "email"}})
				return &r
			}
		case "time_zone":
			if _, err := time.LoadLocation(v); err != nil {
				return bad("INVALID_DATA", "Give a proper time zone value", t.key)
			}
		}
		*t.dst = v
	}
	for _, r := range []struct {
		key   string
		names []string
		dst   *Ref
	}{{"role", us.roles, &u.Role}, {"profile", us.profiles, &u.Profile}} {
		id, name, present, ok := e.ref(r.key)
		if !present {
			continue
		}
		ref, found := us.userRefLocked(r.key, r.names, id, name)
		if !ok || !found {
			return bad("INVALID_DATA", "INVALID_DATA", r.key)
		}
		*r.dst = ref
	}
	if status, present, ok := e.text("status"); present {
		if !ok || (status != "active" && status != "disabled") {
			return bad("INVALID_DATA", "Pattern not matched", "status")
		}
		u.Status = status
	}
	return nil
}

func (s *Server) createUser(c *call) {
	entries, ok := readKeyedBody(c, "users", 1)
	if !ok {
		return
	}
	e := entries[0]
	if e == nil {
		writeKeyed(c, "users", []recordResult{notAnObject()}, http.StatusCreated)
		return
	}
	if s.group != nil {
		// Taken before the user store, as AddUser does: a Zoho account
		// lives in one DC.
		s.group.usersMu.Lock()
		defer s.group.usersMu.Unlock()
	}
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	u := User{Unconfirmed: true}
	if r := s.applyUserFieldsLocked(c, e, &u, true); r != nil {
		writeKeyed(c, "users", []recordResult{*r}, http.StatusCreated)
		return
	}
	for _, required := range []struct {
		key   string
		given bool
	}{{"last_name", u.LastName != ""}, {"email", u.Email != ""}, {"role", u.Role.ID != ""}, {"profile", u.Profile.ID != ""}} {
		if !required.given {
			writeKeyed(c, "users", []recordResult{keyedError(c, "users", 0, "MANDATORY_NOT_FOUND", "required field not found", required.key)}, http.StatusCreated)
			return
		}
	}
	var added User
	var err error
	if _, elsewhere := s.emailTakenElsewhere(u.Email); elsewhere {
		err = errors.New("the email is taken in another data centre")
	} else {
		added, err = s.addUserLocked(u)
	}
	if err != nil {
		writeKeyed(c, "users", []recordResult{recordError("DUPLICATE_DATA", "Failed to add user since same email id is already present", nil)}, http.StatusCreated)
		return
	}
	writeKeyed(c, "users", []recordResult{successResult(added.ID, "User added")}, http.StatusCreated)
}

func (s *Server) updateUser(c *call) {
	entries, ok := readKeyedBody(c, "users", 1)
	if !ok {
		return
	}
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	if _, found := us.byID[c.param("id")]; !found {
		failPathID(c.w, 1)
		return
	}
	writeKeyed(c, "users", []recordResult{s.updateUserLocked(c, c.param("id"), entries[0], 0)}, http.StatusOK)
}

// updateUsers serves PUT users: each entry names its user by id.
func (s *Server) updateUsers(c *call) {
	entries, ok := readKeyedBody(c, "users", maxWriteRecords)
	if !ok {
		return
	}
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		id, _, _ := e.text("id")
		if e == nil || id == "" {
			results[i] = keyedError(c, "users", i, "MANDATORY_NOT_FOUND", "required field not found", "id")
			continue
		}
		if _, found := us.byID[id]; !found {
			results[i] = keyedError(c, "users", i, "INVALID_DATA", "the id given seems to be invalid", "id")
			continue
		}
		results[i] = s.updateUserLocked(c, id, e, i)
	}
	writeKeyed(c, "users", results, http.StatusOK)
}

// updateUserLocked applies one entry to the user with this id, who
// exists; the caller holds the user store's lock.
func (s *Server) updateUserLocked(c *call, id string, e entry, index int) recordResult {
	us := &s.people
	p := us.byID[id]
	if p.Status == "deleted" {
		return recordError("CANNOT_UPDATE_DELETED_USER", "Deleted user cannot be updated", nil)
	}
	if e == nil {
		return notAnObject()
	}
	u := *p
	if r := s.applyUserFieldsLocked(c, e, &u, false); r != nil {
		return *r
	}
	if u.LastName == "" {
		return keyedError(c, "users", index, "MANDATORY_NOT_FOUND", "required field not found", "last_name")
	}
	if key := strings.ToLower(u.Email); key != strings.ToLower(p.Email) {
		if _, dup := us.byEmail[key]; dup {
			return recordError("DUPLICATE_DATA", "duplicate data", obj{{"api_name", "email"}})
		}
		delete(us.byEmail, strings.ToLower(p.Email))
		us.byEmail[key] = p
	}
	u.Modified = s.Now()
	*p = u
	return successResult(u.ID, "User updated")
}

func (s *Server) deleteUser(c *call) {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	id := c.param("id")
	p, found := us.byID[id]
	if !found {
		failPathID(c.w, 1)
		return
	}
	if p.Status == "deleted" {
		d := obj{{"id", id}}
		if c.version.atLeast(sinceJSONPath) {
			d = obj{{"json_path", "$.users[0].id"}, {"id", id}}
		}
		writeKeyed(c, "users", []recordResult{recordError("ID_ALREADY_DELETED", "User is already deleted", d)}, http.StatusOK)
		return
	}
	p.Status = "deleted"
	p.Modified = s.Now()
	writeKeyed(c, "users", []recordResult{successResult(id, "User deleted")}, http.StatusOK)
}

// countUsers serves GET users/actions/count?type=: the users of a type
// (every one not deleted by default), written as Zoho's samples do, a
// number.
func (s *Server) countUsers(c *call) {
	selects, ok := userTypeParam(c)
	if !ok {
		return
	}
	n := 0
	for _, u := range s.Users() {
		if selects(&u, c.user.ID) {
			n++
		}
	}
	writeJSON(c.w, http.StatusOK, obj{{"count", n}})
}

// userRecord presents a user to the criteria matcher of record search:
// its answer keys, with role and profile also as role.name, role.id...
func (s *Server) userRecord(u User) *record {
	lookup := func(r Ref) obj { return obj{{"name", r.Name}, {"id", r.ID}} }
	fields := []fieldValue{
		fieldOf("id", u.ID), fieldOf("email", u.Email), fieldOf("first_name", u.FirstName),
		fieldOf("last_name", u.LastName), fieldOf("full_name", u.FullName()), fieldOf("status", u.Status),
		fieldOf("zuid", u.ZUID), fieldOf("confirm", !u.Unconfirmed), fieldOf("phone", u.Phone),
		fieldOf("mobile", u.Mobile), fieldOf("time_zone", u.TimeZone), fieldOf("locale", u.Locale),
		fieldOf("role", lookup(u.Role)), fieldOf("role.name", u.Role.Name), fieldOf("role.id", u.Role.ID),
		fieldOf("profile", lookup(u.Profile)), fieldOf("profile.name", u.Profile.Name), fieldOf("profile.id", u.Profile.ID),
		fieldOf("created_time", s.formatTime(u.Created)), fieldOf("Modified_Time", s.formatTime(u.Modified)),
	}
	return &record{id: u.ID, fields: fields, layout: s.layoutOf(fields)}
}

func (s *Server) searchUsers(c *call) {
	criteria := c.query("criteria")
	if criteria == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "criteria"}})
		return
	}
	cond, err := parseCriteria(criteria)
	if err != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_QUERY", "Invalid query formed", obj{{"reason", err.Error()}, {"param_name", "criteria"}})
		return
	}
	selects, ok := userTypeParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	var matched []User
	for _, u := range s.Users() {
		if selects(&u, c.user.ID) && cond.match(s.userRecord(u)) {
			matched = append(matched, u)
		}
	}
	s.writeUserPage(c, matched, page, perPage)
}
