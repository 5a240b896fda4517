package zohotest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// User is a CRM user (and the Zoho account behind it).
type User struct {
	ID          string // 19 digits; generated when empty
	ZUID        string // Zoho account id; generated when empty
	FirstName   string
	LastName    string
	Email       string // required, unique (case-insensitive)
	Role        Ref    // default Manager
	Profile     Ref    // default Standard; Administrator makes an admin
	Status      string // "active" (default), "disabled" or "deleted"
	Unconfirmed bool   // invited but not yet confirmed
	TimeZone    string // default Asia/Kolkata
	Locale      string // default en_US
	Phone       string
	Mobile      string
	Created     time.Time // set by AddUser
	Modified    time.Time // set by AddUser
}

// Ref names something by id and name, as Zoho's {"name","id"} objects do.
type Ref struct {
	ID   string
	Name string
}

// FullName is "First Last".
func (u User) FullName() string { return strings.TrimSpace(u.FirstName + " " + u.LastName) }

// IsAdmin reports whether the user has the Administrator profile.
func (u User) IsAdmin() bool { return u.Profile.Name == "Administrator" }

type userStore struct {
	s       *Server
	mu      sync.RWMutex
	list    []*User // creation order
	byID    map[string]*User
	byEmail map[string]*User // lower-cased
	refIDs  map[string]string
	adminID string
	consent string
	// autoConsent: the consent page approves at once for consent (NewServer's
	// default, and after SetConsentUser) rather than showing the page.
	autoConsent bool

	roles    []string          // role names, in creation order
	parents  map[string]string // role name -> the role it reports to
	profiles []string          // profile names, in creation order
	// profileDescs are the descriptions profiles were given (profiles.go).
	profileDescs map[string]string
}

func (us *userStore) init(s *Server) {
	us.s = s
	us.byID = map[string]*User{}
	us.byEmail = map[string]*User{}
	us.refIDs = map[string]string{}
	us.parents = map[string]string{}
	us.mu.Lock()
	us.addRoleLocked("CEO", "")
	us.addRoleLocked("Manager", "CEO")
	us.addProfileLocked("Administrator")
	us.addProfileLocked("Standard")
	us.mu.Unlock()
	admin := dataCenterAdmin(s.Location)
	admin.Role, admin.Profile = Ref{Name: "CEO"}, Ref{Name: "Administrator"}
	admin = s.AddUser(admin)
	us.adminID = admin.ID
	us.consent = admin.ID
	us.autoConsent = s.group == nil && !s.cfg.consentPage
}

// AddUser adds a CRM user and returns it with its generated fields. It
// panics if Email is empty or already taken.
func (s *Server) AddUser(u User) User {
	if u.Email == "" {
		panic("zohotest: AddUser: Email is required")
	}
	if s.group != nil {
		// A Zoho account lives in one DC.
		s.group.usersMu.Lock()
		defer s.group.usersMu.Unlock()
		if loc, taken := s.group.emailTakenElsewhere(s, u.Email); taken {
			panic(fmt.Sprintf("zohotest: AddUser: a user with email %s exists already, in data centre %s", u.Email, loc))
		}
	}
	us := &s.people
	us.mu.Lock()
	defer us.mu.Unlock()
	added, err := s.addUserLocked(u)
	if err != nil {
		panic("zohotest: AddUser: " + err.Error())
	}
	return added
}

// addUserLocked is AddUser under the lock; it refuses a taken email or id.
func (s *Server) addUserLocked(u User) (User, error) {
	us := &s.people
	now := s.Now()
	key := strings.ToLower(u.Email)
	if _, dup := us.byEmail[key]; dup {
		return User{}, fmt.Errorf("a user with email %s exists already", u.Email)
	}
	if u.ID == "" {
		u.ID = s.ids.next()
	}
	if _, dup := us.byID[u.ID]; dup {
		return User{}, fmt.Errorf("a user with id %s exists already", u.ID)
	}
	if u.ZUID == "" {
		u.ZUID = s.ids.zuid()
	}
	if u.Role.Name == "" {
		u.Role.Name = "Manager"
	}
	if u.Profile.Name == "" {
		u.Profile.Name = "Standard"
	}
	u.Role.ID = us.addRoleLocked(u.Role.Name, "CEO", u.Role.ID)
	u.Profile.ID = us.addProfileLocked(u.Profile.Name, u.Profile.ID)
	if u.Status == "" {
		u.Status = "active"
	}
	if u.TimeZone == "" {
		u.TimeZone = "Asia/Kolkata"
	}
	if u.Locale == "" {
		u.Locale = "en_US"
	}
	if u.Created.IsZero() {
		u.Created = now
	}
	if u.Modified.IsZero() {
		u.Modified = u.Created
	}
	p := &u
	us.list = append(us.list, p)
	us.byID[u.ID] = p
	us.byEmail[key] = p
	return u, nil
}

// refIDLocked gives roles and profiles of one name one id.
func (us *userStore) refIDLocked(key, given string) string {
	if given != "" {
		us.refIDs[key] = given
		return given
	}
	if id, ok := us.refIDs[key]; ok {
		return id
	}
	id := us.s.ids.next()
	us.refIDs[key] = id
	return id
}

// Admin returns the org's default user, an administrator: the user the
// CRM's CurrentUser is for tokens minted for its email, and the one the
// consent page approves for unless SetConsentUser says otherwise.
func (s *Server) Admin() User {
	u, _ := s.people.byIDCopy(s.people.adminID)
	return u
}

// User returns the user with this id or email.
func (s *Server) User(idOrEmail string) (User, bool) {
	if u, ok := s.people.byIDCopy(idOrEmail); ok {
		return u, true
	}
	s.people.mu.RLock()
	defer s.people.mu.RUnlock()
	if u, ok := s.people.byEmail[strings.ToLower(idOrEmail)]; ok {
		return *u, true
	}
	return User{}, false
}

// Users returns every user, in creation order.
func (s *Server) Users() []User {
	s.people.mu.RLock()
	defer s.people.mu.RUnlock()
	out := make([]User, len(s.people.list))
	for i, u := range s.people.list {
		out[i] = *u
	}
	return out
}

// SetConsentUser makes the consent page (GET /oauth/v2/auth) approve at
// once for the user with this email, without showing the page: NewServer
// does so for Admin unless WithConsentPage. It panics if no user has that
// email.
func (s *Server) SetConsentUser(email string) {
	u := s.mustUser("SetConsentUser", email)
	s.people.mu.Lock()
	s.people.consent = u.ID
	s.people.autoConsent = true
	s.people.mu.Unlock()
}

func (us *userStore) byIDCopy(id string) (User, bool) {
	us.mu.RLock()
	defer us.mu.RUnlock()
	if u, ok := us.byID[id]; ok {
		return *u, true
	}
	return User{}, false
}

func (s *Server) userByEmail(email string) (User, bool) {
	s.people.mu.RLock()
	defer s.people.mu.RUnlock()
	if u, ok := s.people.byEmail[strings.ToLower(email)]; ok {
		return *u, true
	}
	return User{}, false
}

func (s *Server) mustUser(caller, email string) User {
	s.people.mu.RLock()
	defer s.people.mu.RUnlock()
	u, ok := s.people.byEmail[strings.ToLower(email)]
	if !ok {
		panic(fmt.Sprintf("zohotest: %s: no user has email %q (add one with AddUser)", caller, email))
	}
	return *u
}

// userLookup is how a user appears in records: {"name","id"}, and with
// email for owners.
func (u User) lookup(withEmail bool) obj {
	o := obj{{"name", u.FullName()}, {"id", u.ID}}
	if withEmail {
		o = append(o, kv{"email", u.Email})
	}
	return o
}

// The CRM users API: GET users?type=..., GET users/{id}.

func init() {
	handleCRM("GET", "users", "ZohoCRM.users.READ", (*Server).listUsers)
	handleCRM("GET", "users/{id}", "ZohoCRM.users.READ", (*Server).getUser)
}

// userTypes are the values of GET users?type=, with who each selects.
var userTypes = map[string]func(u *User, current string) bool{
	"AllUsers":              func(u *User, _ string) bool { return u.Status != "deleted" },
	"ActiveUsers":           func(u *User, _ string) bool { return u.Status == "active" },
	"DeactiveUsers":         func(u *User, _ string) bool { return u.Status == "disabled" },
	"ConfirmedUsers":        func(u *User, _ string) bool { return u.Status != "deleted" && !u.Unconfirmed },
	"NotConfirmedUsers":     func(u *User, _ string) bool { return u.Status != "deleted" && u.Unconfirmed },
	"DeletedUsers":          func(u *User, _ string) bool { return u.Status == "deleted" },
	"ActiveConfirmedUsers":  func(u *User, _ string) bool { return u.Status == "active" && !u.Unconfirmed },
	"AdminUsers":            func(u *User, _ string) bool { return u.Status != "deleted" && u.IsAdmin() },
	"ActiveConfirmedAdmins": func(u *User, _ string) bool { return u.Status == "active" && !u.Unconfirmed && u.IsAdmin() },
	"CurrentUser":           func(u *User, current string) bool { return u.ID == current },
}

// userTypeParam reads ?type= (AllUsers when absent) and returns whom it
// selects; an unknown type is answered.
func userTypeParam(c *call) (func(u *User, current string) bool, bool) {
	typ := c.query("type")
	if typ == "" {
		typ = "AllUsers"
	}
	selects, ok := userTypes[typ]
	if !ok {
		failParam(c.w, "type")
	}
	return selects, ok
}

// writeUserPage answers one page of the users a list or search matched;
// a page past the last is 204.
func (s *Server) writeUserPage(c *call, matched []User, page, perPage int) {
	start, end := pageOf(len(matched), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	users := make([]obj, 0, end-start)
	for _, u := range matched[start:end] {
		users = append(users, s.renderUser(c, u))
	}
	writeJSON(c.w, http.StatusOK, obj{{"users", users}, {"info", pageInfo(perPage, len(users), page, end < len(matched))}})
}

func (s *Server) listUsers(c *call) {
	selects, ok := userTypeParam(c)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	since, conditional := c.ifModifiedSince()

	s.people.mu.RLock()
	var matched []User
	for _, u := range s.people.list {
		if selects(u, c.user.ID) && (!conditional || u.Modified.Truncate(time.Second).After(since)) {
			matched = append(matched, *u)
		}
	}
	s.people.mu.RUnlock()

	if len(matched) == 0 {
		if conditional {
			writeEmpty(c.w, http.StatusNotModified)
		} else {
			writeEmpty(c.w, http.StatusNoContent)
		}
		return
	}
	s.writeUserPage(c, matched, page, perPage)
}

func (s *Server) getUser(c *call) {
	id := c.param("id")
	u, ok := s.people.byIDCopy(id)
	if !ok {
		failPathID(c.w, 1)
		return
	}
	if since, conditional := c.ifModifiedSince(); conditional && !u.Modified.Truncate(time.Second).After(since) {
		writeEmpty(c.w, http.StatusNotModified)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"users", []obj{s.renderUser(c, u)}}})
}

// renderUser writes a user with the keys of Zoho's v2 samples
// (payloads 07 and 08); from sinceUserSystemKeys the name format is
// name_format__s, with the v7 and v8 keys beside it (reference 07).
func (s *Server) renderUser(c *call, u User) obj {
	admin := s.Admin()
	_, offset := s.Now().In(s.cfg.location).Zone()
	nameFormat := kv{"name_format", "Salutation,First Name,Last Name"}
	if c.version.atLeast(sinceUserSystemKeys) {
		nameFormat.k = "name_format__s"
	}
	out := obj{
		{"country", nil},
		{"role", obj{{"name", u.Role.Name}, {"id", u.Role.ID}}},
		{"city", nil},
		{"signature", nil},
		nameFormat,
		{"language", "en_US"},
		{"locale", u.Locale},
		{"microsoft", false},
		{"personal_account", false},
		{"Isonline", false},
		{"default_tab_group", "0"},
		{"Modified_By", admin.lookup(false)},
		{"street", nil},
		{"alias", nil},
		{"theme", obj{
			{"normal_tab", obj{{"font_color", "#FFFFFF"}, {"background", "#222222"}}},
			{"selected_tab", obj{{"font_color", "#FFFFFF"}, {"background", "#222222"}}},
			{"new_background", "#018EE0"},
			{"background", "#F3F0EB"},
			{"screen", "fixed"},
			{"type", "default"},
		}},
		{"id", u.ID},
		{"state", nil},
		{"country_locale", u.Locale},
		{"fax", nil},
		{"first_name", nullIfEmpty(u.FirstName)},
		{"email", u.Email},
		{"Reporting_To", nil},
		{"zip", nil},
		{"decimal_separator", "Period"},
		{"created_time", s.formatTime(u.Created)},
		{"Modified_Time", s.formatTime(u.Modified)},
		{"website", nil},
		{"time_format", "hh:mm a"},
		{"offset", offset * 1000},
		{"profile", obj{{"name", u.Profile.Name}, {"id", u.Profile.ID}}},
		{"mobile", nullIfEmpty(u.Mobile)},
		{"last_name", u.LastName},
		{"time_zone", u.TimeZone},
		{"created_by", admin.lookup(false)},
		{"zuid", u.ZUID},
		{"confirm", !u.Unconfirmed},
		{"full_name", u.FullName()},
		{"territories", s.territoriesOfUser(u.ID)},
		{"phone", nullIfEmpty(u.Phone)},
		{"dob", nil},
		{"date_format", "MM/dd/yyyy"},
		{"status", u.Status},
	}
	if c.version.atLeast(sinceUserSystemKeys) {
		out = append(out,
			kv{"sort_order_preference__s", "First Name,Last Name"},
			kv{"type__s", "Regular User"},
			kv{"status_reason__s", nil},
			kv{"sandboxDeveloper", false},
			kv{"$shift_effective_from", nil},
			kv{"$current_shift", nil},
			kv{"$next_shift", nil},
			kv{"image_link", nil},
		)
	}
	return out
}

// territoriesOfUser is a user's "territories": each territory they are
// in, and whether they manage it.
func (s *Server) territoriesOfUser(id string) []obj {
	out := []obj{}
	for _, t := range s.userTerritories(id) {
		out = append(out, obj{{"manager", t.managerID() == id}, {"name", t.name}, {"id", t.id}})
	}
	return out
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func parseInt64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }
