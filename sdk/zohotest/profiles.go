package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// Profiles: GET settings/profiles and settings/profiles/{id}, with the
// keys of Zoho's v2 sample (name, modified_by, description, id, category)
// and of the v8 one (display_label, api_name, custom, type, created_by,
// created_time, modified_time); see testdata/reference/17_settings_profiles.json.
// The org has Administrator and Standard; a user's profile that does not
// exist yet is added.

// addProfileLocked adds a profile if it is new and returns its id.
func (us *userStore) addProfileLocked(name string, givenID ...string) string {
	id := ""
	if len(givenID) > 0 {
		id = givenID[0]
	}
	if !slices.Contains(us.profiles, name) {
		us.profiles = append(us.profiles, name)
	}
	return us.refIDLocked("profile "+name, id)
}

// AddProfile adds a profile and returns its reference. It panics if the
// name is empty or taken.
func (s *Server) AddProfile(name string) Ref {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	if name == "" {
		panic("zohotest: AddProfile: a name is required")
	}
	if slices.Contains(us.profiles, name) {
		panic("zohotest: AddProfile: a profile " + name + " exists already")
	}
	return Ref{ID: us.addProfileLocked(name), Name: name}
}

// Profiles returns the org's profiles, in creation order.
func (s *Server) Profiles() []Ref {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	out := make([]Ref, len(us.profiles))
	for i, name := range us.profiles {
		out[i] = Ref{ID: us.refIDLocked("profile "+name, ""), Name: name}
	}
	return out
}

func init() {
	handleCRM("GET", "settings/profiles", "ZohoCRM.settings.profiles.READ", (*Server).listProfiles)
	handleCRM("GET", "settings/profiles/{id}", "ZohoCRM.settings.profiles.READ", (*Server).getProfile)
	handleCRM("POST", "settings/profiles/{id}/actions/clone", "ZohoCRM.settings.profiles.CREATE", (*Server).writeProfile)
	handleCRM("PUT", "settings/profiles/{id}", "ZohoCRM.settings.profiles.UPDATE", (*Server).writeProfile)
	handleCRM("DELETE", "settings/profiles/{id}", "ZohoCRM.settings.profiles.DELETE", (*Server).deleteProfile)
}

// Profile writes: POST settings/profiles/{id}/actions/clone adds a
// profile (name required and unique, description) with the permissions of
// {id}; PUT settings/profiles/{id} renames it or changes its description
// (Administrator keeps its name); DELETE settings/profiles/{id}?transfer_to=
// moves its users to the profile named. Administrator and Standard are not
// deleted. Unknown ids answer Zoho's INVALID_DATA "the id given seems to
// be invalid or already deleted".

// maxProfiles is the most profiles an org has (crm-oas profiles:
// LICENSE_LIMIT_EXCEEDED, limit 25).
const maxProfiles = 25

func failProfileID(c *call) {
	fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid or already deleted", obj{})
}

func (s *Server) writeProfile(c *call) {
	entries, ok := readKeyedBody(c, "profiles", 1)
	if !ok {
		return
	}
	clone := c.r.Method == http.MethodPost
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	src, found := us.userRefLocked("profile", us.profiles, c.param("id"), "")
	if !found {
		failProfileID(c)
		return
	}
	e, bad := entries[0], refuser(c, "profiles", 0)
	answer := func(r recordResult, allOK int) { writeKeyed(c, "profiles", []recordResult{r}, allOK) }
	if e == nil {
		answer(notAnObject(), http.StatusOK)
		return
	}
	name, present, ok := e.text("name")
	desc, descGiven, descOK := e.text("description")
	switch {
	case !ok || (present && strings.TrimSpace(name) == ""):
		answer(*bad("INVALID_DATA", "name"), http.StatusOK)
		return
	case !present && clone:
		answer(*bad("MANDATORY_NOT_FOUND", "name"), http.StatusOK)
		return
	case present && !strings.EqualFold(name, src.Name) && slices.ContainsFunc(us.profiles, func(n string) bool { return strings.EqualFold(n, name) }):
		answer(*bad("DUPLICATE_DATA", "name"), http.StatusOK)
		return
	case !descOK:
		answer(*bad("INVALID_DATA", "description"), http.StatusOK)
		return
	case present && !clone && name != src.Name && src.Name == "Administrator":
		answer(*bad("INVALID_DATA", "name"), http.StatusOK)
		return
	}
	if clone {
		if len(us.profiles) >= maxProfiles {
			fail(c.w, http.StatusBadRequest, "LICENSE_LIMIT_EXCEEDED", "Request exceeds your license limit.", obj{{"limit", maxProfiles}})
			return
		}
		id := us.addProfileLocked(name)
		us.describeProfileLocked(name, desc)
		answer(successResult(id, "profile cloned successfully"), http.StatusCreated)
		return
	}
	if present && name != src.Name {
		us.renameProfileLocked(src.Name, name)
		src.Name = name
	}
	if descGiven {
		us.describeProfileLocked(src.Name, desc)
	}
	answer(successResult(src.ID, "profile updated successfully"), http.StatusOK)
}

func (us *userStore) describeProfileLocked(name, desc string) {
	if us.profileDescs == nil {
		us.profileDescs = map[string]string{}
	}
	us.profileDescs[name] = desc
}

// renameProfileLocked renames a profile, keeping its id and its users.
func (us *userStore) renameProfileLocked(old, name string) {
	us.profiles[slices.Index(us.profiles, old)] = name
	us.refIDs["profile "+name] = us.refIDs["profile "+old]
	delete(us.refIDs, "profile "+old)
	if d, ok := us.profileDescs[old]; ok {
		us.profileDescs[name] = d
		delete(us.profileDescs, old)
	}
	for _, u := range us.list {
		if u.Profile.Name == old {
			u.Profile.Name = name
		}
	}
}

func (s *Server) deleteProfile(c *call) {
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	gone, found := us.userRefLocked("profile", us.profiles, c.param("id"), "")
	if !found {
		failProfileID(c)
		return
	}
	to := c.query("transfer_to")
	if to == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "required param missing", obj{{"param_name", "transfer_to"}})
		return
	}
	heir, found := us.userRefLocked("profile", us.profiles, to, "")
	if !found || heir.ID == gone.ID {
		failParam(c.w, "transfer_to")
		return
	}
	if _, builtIn := profileDescriptions[gone.Name]; builtIn {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "a built-in profile cannot be deleted", obj{{"resource_path_index", 2}})
		return
	}
	for _, u := range us.list {
		if u.Profile.ID == gone.ID {
			u.Profile = heir
		}
	}
	us.profiles = slices.DeleteFunc(us.profiles, func(n string) bool { return n == gone.Name })
	delete(us.refIDs, "profile "+gone.Name)
	delete(us.profileDescs, gone.Name)
	writeJSON(c.w, http.StatusOK, successResult(gone.ID, "profile deleted successfully"))
}

// The built-in profiles' descriptions, in the emulator's words.
var profileDescriptions = map[string]string{
	"Administrator": "Every permission, administration included.",
	"Standard":      "Every permission except administration.",
}

// renderProfile writes a profile in the keys of the version: v2's sample
// has category, v8's api_name, display_label, custom, type and the times
// (reference 17).
func (s *Server) renderProfile(c *call, p Ref) obj {
	builtIn := p.Name == "Administrator" || p.Name == "Standard"
	desc := profileDescriptions[p.Name]
	s.people.mu.Lock()
	if d, ok := s.people.profileDescs[p.Name]; ok {
		desc = d
	}
	s.people.mu.Unlock()
	admin, started := s.Admin().lookup(false), s.formatTime(s.settings.started)
	if !c.version.atLeast(sinceSettingsV8Keys) {
		return obj{
			{"name", p.Name},
			{"modified_by", admin},
			{"description", nullIfEmpty(desc)},
			{"id", p.ID},
			{"category", false},
		}
	}
	var createdBy, createdTime any
	if !builtIn {
		createdBy, createdTime = admin, started
	}
	return obj{
		{"display_label", p.Name},
		{"created_time", createdTime},
		{"modified_time", started},
		{"api_name", apiNameOf(p.Name)},
		{"custom", !builtIn},
		{"name", p.Name},
		{"modified_by", admin},
		{"description", nullIfEmpty(desc)},
		{"id", p.ID},
		{"type", "normal_profile"},
		{"created_by", createdBy},
	}
}

func (s *Server) listProfiles(c *call) {
	profiles := s.Profiles()
	out := make([]obj, len(profiles))
	for i, p := range profiles {
		out[i] = s.renderProfile(c, p)
	}
	answer := obj{{"profiles", out}}
	if c.version.atLeast(sinceSettingsV8Keys) {
		// One page holds them all: Zoho's orgs have a few dozen at most.
		answer = append(answer, kv{"info", obj{{"page", 1}, {"per_page", 200}, {"count", len(out)}, {"more_records", false}}})
	}
	writeJSON(c.w, http.StatusOK, answer)
}

func (s *Server) getProfile(c *call) {
	id := c.param("id")
	for _, p := range s.Profiles() {
		if p.ID == id {
			writeJSON(c.w, http.StatusOK, obj{{"profiles", []obj{s.renderProfile(c, p)}}})
			return
		}
	}
	failSettingsID(c.w)
}
