package zohotest

import "net/http"

// From addresses (payload 74): GET settings/emails/actions/from_addresses
// lists the addresses the caller may send mail from. In the emulator that
// is their own email (type primary).

func init() {
	handleCRM("GET", "settings/emails/actions/from_addresses", "ZohoCRM.settings.emails.READ", (*Server).listFromAddresses)
}

type fromAddress struct {
	userName, typ, email string
}

func (s *Server) fromAddresses(u User) []fromAddress {
	return []fromAddress{{userName: u.FullName(), typ: "primary", email: u.Email}}
}

func (s *Server) listFromAddresses(c *call) {
	var out []obj
	for _, a := range s.fromAddresses(c.user) {
		out = append(out, obj{{"user_name", a.userName}, {"type", a.typ}, {"email", a.email}, {"id", nil}})
	}
	writeJSON(c.w, http.StatusOK, obj{{"from_addresses", out}})
}
