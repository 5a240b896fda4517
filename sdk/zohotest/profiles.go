package zohotest

import (
	"net/http"
	"slices"
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
	admin, started := s.Admin().lookup(false), s.formatTime(s.settings.started)
	if !c.version.atLeast(sinceSettingsV8Keys) {
		return obj{
			{"name", p.Name},
			{"modified_by", admin},
			{"description", nullIfEmpty(profileDescriptions[p.Name])},
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
		{"description", nullIfEmpty(profileDescriptions[p.Name])},
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
