package zohotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
)

// The email composer's defaults (crm-oas group email_compose), served
// beside the CRM API at /crm/email/{version}/settings/compose: one entry
// per kind of email (default, emailin, mass_mail) with the default from
// and reply-to addresses and font, each user's own. GET lists them (one
// kind with ?type=); PUT {"email_compose":[...]} changes the kinds its
// entries name, the from address being one of the user's from addresses.

var composeTypes = []string{"default", "emailin", "mass_mail"}

func init() {
	handleCRM("GET", "email/settings/compose", "ZohoCRM.settings.emails.READ", (*Server).getCompose)
	handleCRM("PUT", "email/settings/compose", "ZohoCRM.settings.emails.UPDATE", (*Server).putCompose)
}

// composeOf returns the user's settings, made from the user on first use;
// the caller holds the lock.
func (st *emailState) composeOf(u User) map[string]doc {
	if st.compose[u.ID] == nil {
		st.compose[u.ID] = map[string]doc{}
		for _, t := range composeTypes {
			me := doc{"type": "primary", "user_name": u.FullName(), "email": u.Email}
			st.compose[u.ID][t] = doc{"type": t, "default_from_address": me, "default_replyto_address": me,
				"font": doc{"size": 10, "family": "Verdana"}}
		}
	}
	return st.compose[u.ID]
}

func (s *Server) getCompose(c *call) {
	typ := c.query("type")
	if typ != "" && !slices.Contains(composeTypes, typ) {
		failParam(c.w, "type")
		return
	}
	var out []doc
	s.emails.with(func(st *emailState) {
		for _, t := range composeTypes {
			if typ == "" || typ == t {
				out = append(out, cloneDoc(st.composeOf(c.user)[t]))
			}
		}
	})
	writeJSON(c.w, http.StatusOK, obj{{"email_compose", out}})
}

func (s *Server) putCompose(c *call) {
	entries, ok := readKeyedBody(c, "email_compose", len(composeTypes))
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	s.emails.with(func(st *emailState) {
		mine := st.composeOf(c.user)
		for i, e := range entries {
			results[i] = s.composeEntry(c, mine, e, i)
		}
	})
	writeKeyed(c, "email_compose", results, http.StatusOK)
}

// composeEntry checks one entry and stores what it changes.
func (s *Server) composeEntry(c *call, mine map[string]doc, e entry, index int) recordResult {
	if e == nil {
		return notAnObject()
	}
	typ, _, _ := e.text("type")
	if !slices.Contains(composeTypes, typ) {
		return keyedError(c, "email_compose", index, "INVALID_DATA", "invalid data", "type", kv{"supported_values", composeTypes})
	}
	d := cloneDoc(mine[typ])
	for k, raw := range e {
		var v doc
		switch k {
		case "default_from_address", "default_replyto_address", "font":
			if err := decodeDoc(raw, &v); err != nil || v == nil {
				return keyedError(c, "email_compose", index, "INVALID_DATA", "invalid data", k, kv{"expected_data_type", "jsonobject"})
			}
		default:
			continue
		}
		if k == "font" {
			if size, ok := v["size"].(json.Number); ok {
				if n, err := size.Int64(); err != nil || n < 8 || n > 72 {
					return keyedError(c, "email_compose", index, "INVALID_DATA", "invalid data", "size")
				}
			}
		} else {
			email, _ := v["email"].(string)
			if (k == "default_from_address" && !s.isFromAddress(c.user, email)) || !validEmail(email) {
				return keyedError(c, "email_compose", index, "INVALID_DATA", "invalid data", "email")
			}
		}
		d[k] = v
	}
	mine[typ] = d
	return success(obj{{"type", typ}}, "email compose settings updated successfully")
}

// decodeDoc decodes a JSON object, numbers as json.Number.
func decodeDoc(raw json.RawMessage, v *doc) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}
