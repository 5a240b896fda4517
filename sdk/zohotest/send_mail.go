package zohotest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Send mail (payload 74): POST {module}/{id}/actions/send_mail sends (or
// with scheduled_time schedules) an email from a record. from must be one
// of the caller's from addresses (from_addresses.go), to is mandatory, and
// every address must look like one. The emulator keeps what was sent
// (SentMails) and, like Zoho's error text, allows 100 mails a day (a
// rolling day on its clock). 20 credits a call (reference 4.2).

func init() {
	rt := handleCRM("POST", "{module}/{id}/actions/send_mail", "ZohoCRM.send_mail.{module}.CREATE ZohoCRM.send_mail.all.CREATE", (*Server).sendMail)
	rt.credits = 20
}

const mailsPerDay = 100

// SentMail is a mail the emulator was asked to send.
type SentMail struct {
	MessageID  string
	Module     string
	RecordID   string
	From       string
	To, CC     []string
	BCC        []string
	Subject    string
	Content    string
	MailFormat string // html or text
	Scheduled  time.Time
	Sent       time.Time // the emulator's time of the call
}

// SentMails returns the mails sent through the API, oldest first.
func (s *Server) SentMails() []SentMail {
	var out []SentMail
	s.actions.with(func(d *actionData) { out = append(out, d.mails...) })
	return out
}

type mailAddress struct {
	UserName string `json:"user_name"`
	Email    string `json:"email"`
}

func (s *Server) sendMail(c *call) {
	_, meta, r, ok := s.parentRecord(c)
	if !ok {
		return
	}
	entries, ok := readKeyedBody(c, "data", 1)
	if !ok {
		return
	}
	e := entries[0]
	bad := func(code, message, field string) {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{keyedError(c, "data", 0, code, message, field)}}})
	}
	if e == nil {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{notAnObject()}}})
		return
	}
	var from mailAddress
	var to, cc, bcc []mailAddress
	for _, f := range []struct {
		key  string
		into any
		need bool
	}{{"from", &from, true}, {"to", &to, true}, {"cc", &cc, false}, {"bcc", &bcc, false}} {
		raw, has := e[f.key]
		if !has || string(raw) == "null" {
			if f.need {
				bad("MANDATORY_NOT_FOUND", "required field not found", f.key)
				return
			}
			continue
		}
		if json.Unmarshal(raw, f.into) != nil {
			bad("INVALID_DATA", "invalid data", f.key)
			return
		}
	}
	if len(to) == 0 {
		bad("MANDATORY_NOT_FOUND", "required field not found", "to")
		return
	}
	if !s.isFromAddress(c.user, from.Email) {
		bad("INVALID_DATA", "the from address is not one of the user's from addresses", "from")
		return
	}
	for key, list := range map[string][]mailAddress{"to": to, "cc": cc, "bcc": bcc} {
		for _, a := range list {
			if !validEmail(a.Email) {
				bad("INVALID_DATA", "invalid data", key)
				return
			}
		}
	}
	format, _, _ := e.text("mail_format")
	switch format {
	case "":
		format = "html"
	case "html", "text":
	default:
		bad("INVALID_DATA", "invalid data", "mail_format")
		return
	}
	var scheduled time.Time
	if at, present, _ := e.text("scheduled_time"); present {
		t, ok := parseZohoTime(at)
		if !ok {
			bad("INVALID_DATA", "invalid data", "scheduled_time")
			return
		}
		scheduled = t
	}
	subject, _, _ := e.text("subject")
	content, _, _ := e.text("content")
	now := s.Now()
	m := SentMail{MessageID: randomHex(48), Module: meta.APIName, RecordID: r.id, From: from.Email, Subject: subject,
		Content: content, MailFormat: format, Scheduled: scheduled, Sent: now}
	for _, a := range to {
		m.To = append(m.To, a.Email)
	}
	for _, a := range cc {
		m.CC = append(m.CC, a.Email)
	}
	for _, a := range bcc {
		m.BCC = append(m.BCC, a.Email)
	}
	overLimit := false
	s.actions.with(func(d *actionData) {
		sent := 0
		for _, old := range d.mails {
			if now.Sub(old.Sent) < 24*time.Hour {
				sent++
			}
		}
		if sent >= mailsPerDay {
			overLimit = true
			return
		}
		d.mails = append(d.mails, m)
	})
	if overLimit {
		writeJSON(c.w, http.StatusBadRequest, obj{{"data", []recordResult{recordError("LIMIT_EXCEEDED",
			"You have reached the maximum limit of sending 100 emails per day", obj{{"limit", mailsPerDay}})}}})
		return
	}
	message := "Your mail has been sent successfully."
	if !scheduled.IsZero() {
		message = "Your mail has been scheduled successfully."
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", []recordResult{success(obj{{"message_id", m.MessageID}}, message)}}})
}

// isFromAddress: the caller's own email is their primary from address.
func (s *Server) isFromAddress(u User, email string) bool {
	for _, a := range s.fromAddresses(u) {
		if strings.EqualFold(a.email, email) {
			return true
		}
	}
	return false
}
