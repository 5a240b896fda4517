package zohotest

import (
	"net/http"
	"slices"
)

// How a record's emails are shared (crm-oas group email_sharing_details):
// GET {module}/{id}/__emails_sharing_details names the users who share
// their own emails of the record (record_share_email.go), with their
// mailbox's kind as _type, and the kinds of emails the record's emails
// can be shown as: emails_sent_from_crm and all_emails always,
// all_contacts_emails for an account, all_imap_shared_users once a user
// shares.

func init() {
	handleCRM("GET", "{module}/{id}/__emails_sharing_details", "ZohoCRM.modules.emails.READ", (*Server).emailSharingDetails)
}

func (s *Server) emailSharingDetails(c *call) {
	meta, id, ok := s.emailRecord(c)
	if !ok {
		return
	}
	var sharers []string
	s.emails.with(func(st *emailState) { sharers = slices.Clone(st.shared[recordKeyOf(meta, id)]) })
	users := []obj{}
	for _, uid := range sharers {
		u, _ := s.User(uid)
		users = append(users, obj{{"id", u.ID}, {"name", u.FullName()}, {"_type", "imap"}})
	}
	types := []string{"emails_sent_from_crm"}
	if meta.APIName == "Accounts" {
		types = append(types, "all_contacts_emails")
	}
	if len(sharers) > 0 {
		types = append(types, "all_imap_shared_users")
	}
	types = append(types, "all_emails")
	writeJSON(c.w, http.StatusOK, obj{{"__emails_sharing_details", []obj{{{"available_types", types}, {"share_from_users", users}}}}})
}
