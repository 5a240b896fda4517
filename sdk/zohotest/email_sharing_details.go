package zohotest

import (
	"net/http"
	"slices"
)

// How a record's emails are shared (crm-oas group email_sharing_details):
// GET {module}/{id}/__emails_sharing_details names the users who share
// their emails of the record (record_share_email.go) and the kinds of
// emails (type= of the Emails list) the caller can see of it.

func init() {
	handleCRM("GET", "{module}/{id}/__emails_sharing_details", "ZohoCRM.settings.emails.READ", (*Server).emailSharingDetails)
}

func (s *Server) emailSharingDetails(c *call) {
	meta, id, ok := s.emailRecord(c)
	if !ok {
		return
	}
	if !shareEmailModules(meta) {
		failModule(c.w)
		return
	}
	rk := recordKeyOf(meta, id)
	var sharers []string
	s.emails.with(func(st *emailState) { sharers = slices.Clone(st.shared[rk]) })
	users := []obj{}
	for _, uid := range sharers {
		u, _ := s.User(uid)
		users = append(users, obj{{"name", u.FullName()}, {"_type", "user"}, {"id", u.ID}})
	}
	types := []string{}
	for _, e := range s.recordEmails(c, meta, id) {
		if !slices.Contains(types, e.kind()) {
			types = append(types, e.kind())
		}
	}
	slices.Sort(types)
	writeJSON(c.w, http.StatusOK, obj{{"__emails_sharing_details", []obj{{{"share_from_users", users}, {"available_types", types}}}}})
}
