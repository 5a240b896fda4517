package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The emails of records (crm-oas group email_related_records): GET
// {module}/{id}/Emails lists a record's emails, ten a page (index= where
// the page starts, type= which kind, owner_id= whose mailbox with
// type=user_emails), GET {module}/{id}/Emails/{message_id} one of them
// with its content. A record's emails are those sent from Zoho CRM
// (send_mail.go, and mail merge's; scheduled ones until their time), its
// drafts (email_drafts.go, type=drafts only), and the users' own: emails
// associated by hand (associate_email.go) or synced from a mailbox
// (AddMailboxEmail). A user's own emails are seen by others only once the
// user shared the record's emails (record_share_email.go). For an
// account, the all_contacts_* types list the emails of its contacts.

func init() {
	const scope = "ZohoCRM.modules.emails.READ"
	handleCRM("GET", "{module}/{id}/Emails", scope, (*Server).listEmails)
	handleCRM("GET", "{module}/{id}/Emails/{message_id}", scope, (*Server).getEmail)
}

const emailsPerPage = 10

// emailModules are the modules whose records have emails.
var emailModules = moduleIn(true, "Leads", "Accounts", "Contacts", "Deals", "Quotes", "Invoices", "Sales_Orders", "Purchase_Orders")

// The kinds of emails, as type= names them.
const (
	kindSent      = "sent_from_crm"
	kindScheduled = "scheduled_in_crm"
	kindDrafts    = "drafts"
	kindUsers     = "user_emails"
)

// emailState holds what the email groups keep, under one lock.
type emailState struct {
	mu     sync.Mutex
	emails map[recordKey][]*storedEmail // the users' own and mail merge's, oldest first
	// shared lists, per record, the users who share their emails of it.
	shared  map[recordKey][]string
	blocked map[emailField]*blockedEmail // unblock_email.go
	compose map[string]map[string]doc    // user id -> type -> settings (email_compose.go)
	linkUse map[string][]string          // unsubscribe link id -> email template ids
	merges  []mailMergeTemplate          // mail_merge.go
}

// with runs f under the lock, making the maps on first use.
func (e *emailState) with(f func(e *emailState)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.emails == nil {
		e.emails = map[recordKey][]*storedEmail{}
		e.shared = map[recordKey][]string{}
		e.blocked = map[emailField]*blockedEmail{}
		e.compose = map[string]map[string]doc{}
		e.linkUse = map[string][]string{}
	}
	f(e)
}

// storedEmail is an email of a record. It is not changed once stored.
type storedEmail struct {
	messageID, originalMessageID string
	ownerID                      string
	from                         mailAddress
	to, cc, bcc                  []mailAddress
	subject, content, format     string
	sent                         bool      // sent by the org; false: received
	at                           time.Time // sent, received, or to be sent
	scheduled                    bool      // to be sent at at
	source                       string
	own                          bool // the user's own (associated, synced): private unless shared
	attachments                  []emailFile
	linked                       json.RawMessage // linked_record, or nil
}

// emailFile is a file of an email.
type emailFile struct {
	id, name, contentType string
	data                  []byte
}

func (e *storedEmail) kind() string {
	switch {
	case e.scheduled:
		return kindScheduled
	case e.own:
		return kindUsers
	}
	return kindSent
}

// MailboxEmail is an email Zoho synced to a record from a user's mailbox
// (the email integration, IMAP or POP): the API cannot make one.
type MailboxEmail struct {
	Owner       string // the user's id or email; the admin when empty
	From        string
	To, CC      []string
	Subject     string
	Content     string
	Sent        bool      // sent by the user; false: received
	Time        time.Time // the emulator's now when zero
	Attachments []EmailFile
}

// EmailFile is a file attached to a mailbox email.
type EmailFile struct {
	Name, ContentType string
	Data              []byte
}

// AddMailboxEmail adds a mailbox email to a record and returns its
// message id. It panics for a module the emulator does not have.
func (s *Server) AddMailboxEmail(module, recordID string, m MailboxEmail) string {
	meta := s.mustModule("AddMailboxEmail", module).meta.Load()
	owner := s.Admin()
	if m.Owner != "" {
		if u, ok := s.User(m.Owner); ok {
			owner = u
		}
	}
	at := m.Time
	if at.IsZero() {
		at = s.Now()
	}
	e := &storedEmail{messageID: randomHex(32), ownerID: owner.ID, from: mailAddress{Email: m.From}, subject: m.Subject,
		content: m.Content, format: "html", sent: m.Sent, at: at, source: "mailbox", own: true}
	for _, list := range []struct {
		from []string
		into *[]mailAddress
	}{{m.To, &e.to}, {m.CC, &e.cc}} {
		for _, a := range list.from {
			*list.into = append(*list.into, mailAddress{Email: a})
		}
	}
	for _, f := range m.Attachments {
		e.attachments = append(e.attachments, emailFile{id: s.ids.next(), name: f.Name, contentType: f.ContentType, data: f.Data})
	}
	s.storeEmail(recordKeyOf(meta, recordID), e)
	return e.messageID
}

func (s *Server) storeEmail(rk recordKey, e *storedEmail) {
	s.emails.with(func(st *emailState) { st.emails[rk] = append(st.emails[rk], e) })
}

// emailRecord resolves {module}/{id} of a record with emails.
func (s *Server) emailRecord(c *call) (*moduleMeta, string, bool) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return nil, "", false
	}
	if !emailModules(meta) {
		failModule(c.w)
		return nil, "", false
	}
	return meta, r.id, true
}

// recordEmails returns the emails of a record the caller may see,
// newest first.
func (s *Server) recordEmails(c *call, meta *moduleMeta, id string) []*storedEmail {
	rk := recordKeyOf(meta, id)
	var out []*storedEmail
	s.emails.with(func(st *emailState) {
		for _, e := range st.emails[rk] {
			if !e.own || e.ownerID == c.user.ID || slices.Contains(st.shared[rk], e.ownerID) {
				out = append(out, e)
			}
		}
	})
	now := s.Now()
	for _, m := range s.SentMails() {
		if !strings.EqualFold(m.Module, meta.APIName) || m.RecordID != id {
			continue
		}
		owner, ok := s.User(m.From)
		if !ok {
			owner = s.Admin()
		}
		e := &storedEmail{messageID: m.MessageID, ownerID: owner.ID, from: mailAddress{UserName: owner.FullName(), Email: m.From},
			subject: m.Subject, content: m.Content, format: m.MailFormat, sent: true, at: m.Sent, source: "crm_mail"}
		if !m.Scheduled.IsZero() {
			e.at, e.scheduled = m.Scheduled, m.Scheduled.After(now)
		}
		for _, list := range []struct {
			from []string
			into *[]mailAddress
		}{{m.To, &e.to}, {m.CC, &e.cc}, {m.BCC, &e.bcc}} {
			for _, a := range list.from {
				*list.into = append(*list.into, mailAddress{Email: a})
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b *storedEmail) int { return b.at.Compare(a.at) })
	return out
}

// findEmail returns the email of a record the caller may see, by id.
func (s *Server) findEmail(c *call, meta *moduleMeta, id, messageID string) *storedEmail {
	for _, e := range s.recordEmails(c, meta, id) {
		if e.messageID == messageID {
			return e
		}
	}
	return nil
}

func (s *Server) listEmails(c *call) {
	meta, id, ok := s.emailRecord(c)
	if !ok {
		return
	}
	typ, owner := c.query("type"), c.query("owner_id")
	switch {
	case strings.HasPrefix(typ, "all_contacts_") && meta.APIName != "Accounts",
		!slices.Contains([]string{"", kindSent, kindScheduled, kindDrafts, kindUsers,
			"all_contacts_sent_crm_emails", "all_contacts_scheduled_crm_emails", "all_contacts_draft_crm_emails"}, typ):
		failParam(c.w, "type")
		return
	case owner != "" && typ != kindUsers:
		failParam(c.w, "owner_id")
		return
	}
	start := 0
	if v := c.query("index"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			failParam(c.w, "index")
			return
		}
		start = n
	}
	records := []recordRef{{c.param("module"), meta, id}}
	if kind, ok := strings.CutPrefix(typ, "all_contacts_"); ok {
		records = s.accountContacts(id)
		typ = map[string]string{"sent_crm_emails": kindSent, "scheduled_crm_emails": kindScheduled, "draft_crm_emails": kindDrafts}[kind]
	}
	var emails []obj
	for _, r := range records {
		if typ == kindDrafts {
			for _, d := range s.keyedStore(emailDraftsSpec).entries(r.path + "/" + r.id) {
				emails = append(emails, draftAsEmail(d))
			}
			continue
		}
		for _, e := range s.recordEmails(c, r.meta, r.id) {
			if (typ == "" || e.kind() == typ) && (owner == "" || e.ownerID == owner) {
				emails = append(emails, s.emailJSON(e, false))
			}
		}
	}
	if start >= len(emails) {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	end := min(start+emailsPerPage, len(emails))
	var next, prev any
	if end < len(emails) {
		next = strconv.Itoa(end)
	}
	if start > 0 {
		prev = strconv.Itoa(max(start-emailsPerPage, 0))
	}
	writeJSON(c.w, http.StatusOK, obj{{"Emails", emails[start:end]}, {"info", obj{{"count", end - start},
		{"next_index", next}, {"prev_index", prev}, {"per_page", emailsPerPage}, {"more_records", end < len(emails)}}}})
}

// recordRef is a record whose emails a list shows; path is its module as
// the path names it (the drafts' parent).
type recordRef struct {
	path string
	meta *moduleMeta
	id   string
}

// accountContacts are the contacts of an account.
func (s *Server) accountContacts(accountID string) []recordRef {
	contacts := s.mustModule("accountContacts", "Contacts")
	var out []recordRef
	for _, r := range s.Records("Contacts").List() {
		if account, _ := r["Account_Name"].(map[string]any); account != nil && account["id"] == accountID {
			out = append(out, recordRef{"Contacts", contacts.meta.Load(), r["id"].(string)})
		}
	}
	return out
}

func (s *Server) getEmail(c *call) {
	meta, id, ok := s.emailRecord(c)
	if !ok {
		return
	}
	e := s.findEmail(c, meta, id, c.param("message_id"))
	if e == nil {
		failPathID(c.w, 3)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"Emails", []obj{s.emailJSON(e, true)}}, {"info", obj{{"count", 1},
		{"next_index", nil}, {"prev_index", nil}, {"per_page", emailsPerPage}, {"more_records", false}}}})
}

// emailJSON writes an email as the Emails list shows it; full adds the
// content.
func (s *Server) emailJSON(e *storedEmail, full bool) obj {
	owner, _ := s.User(e.ownerID)
	status := "sent"
	switch {
	case e.scheduled:
		status = "scheduled"
	case !e.sent:
		status = "received"
	}
	files := make([]obj, len(e.attachments))
	for i, f := range e.attachments {
		files[i] = obj{{"id", f.id}, {"name", f.name}, {"size", strconv.Itoa(len(f.data))}}
	}
	o := obj{
		{"message_id", e.messageID}, {"thread_id", e.messageID},
		{"from", e.from}, {"to", addressList(e.to)}, {"cc", addressList(e.cc)},
		{"subject", e.subject}, {"summary", summaryOf(e.content)}, {"mail_format", e.format},
		{"owner", owner.lookup(true)}, {"time", s.formatTime(e.at)},
		{"sent", e.sent}, {"read", false}, {"editable", e.scheduled},
		{"status", []obj{{{"type", status}, {"bounced_time", nil}, {"bounced_reason", nil}}}},
		{"has_attachment", len(e.attachments) > 0}, {"has_thread_attachment", len(e.attachments) > 0},
		{"attachments", files}, {"source", e.source}, {"linked_record", rawOrNull(e.linked)},
		{"intent", nil}, {"sentiment_info", nil}, {"emotion", nil}, {"activity_info", obj{}},
	}
	if full {
		o = append(o, kv{"content", e.content})
	}
	return o
}

// draftAsEmail writes a draft as the Emails list shows one.
func draftAsEmail(d doc) obj {
	to := d["to"]
	if to == nil {
		to = []obj{}
	}
	return obj{{"message_id", idOf(d)}, {"from", obj{{"user_name", nil}, {"email", d["from"]}}},
		{"to", to}, {"subject", d["subject"]}, {"summary", d["summary"]},
		{"time", d["modified_time"]}, {"sent", false}, {"editable", true},
		{"status", []obj{{{"type", "draft"}, {"bounced_time", nil}, {"bounced_reason", nil}}}}, {"source", "crm_mail"}}
}

func addressList(as []mailAddress) []mailAddress {
	if as == nil {
		return []mailAddress{}
	}
	return as
}

// summaryOf is the start of an email's content, as Zoho shows it.
func summaryOf(content string) string {
	r := []rune(content)
	if len(r) > 250 {
		r = r[:250]
	}
	return string(r)
}
