package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Unblocking email addresses (crm-oas group unblock_email): POST
// {module}/{id}/actions/unblock_email with unblock_fields (Email,
// Secondary_Email) unblocks a record's addresses blocked by a soft
// bounce (BlockEmail stands for the bounce); the mass form takes up to 500
// ids. An address may be unblocked five times; the sixth is refused, as
// is one not blocked, an unknown field or one the module lacks
// (NOT_ALLOWED).

var unblockModules = moduleIn(true, "Leads", "Contacts", "Deals", "Accounts", "Sales_Orders", "Purchase_Orders", "Invoices", "Quotes", "Cases")

// emailField is an email field of a record.
type emailField struct {
	record recordKey
	field  string
}

type blockedEmail struct {
	blocked   bool
	unblocked int // times
}

const maxUnblocks = 5

var unblockableFields = []string{"Email", "Secondary_Email"}

func init() {
	registerRecordAction(&recordActionSpec{
		name: "unblock_email", scope: "ZohoCRM.send_mail.{module}.CREATE ZohoCRM.send_mail.all.CREATE", maxIDs: 500,
		supports: unblockModules,
		check: func(s *Server, c *call, body map[string]json.RawMessage) bool {
			var fields []string
			if err := json.Unmarshal(body["unblock_fields"], &fields); err != nil || len(fields) == 0 {
				fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "unblock_fields"}, {"json_path", "$.unblock_fields"}})
				return false
			}
			for _, f := range fields {
				if !slices.Contains(unblockableFields, f) {
					fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "unknown field provided", obj{{"api_name", "unblock_fields"},
						{"json_path", "$.unblock_fields"}, {"supported_values", unblockableFields}})
					return false
				}
			}
			return true
		},
		act: func(s *Server, c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult {
			var fields []string
			_ = json.Unmarshal(body["unblock_fields"], &fields)
			notAllowed := func(message, field string) recordResult {
				return recordError("NOT_ALLOWED", message, obj{{"api_name", field}, {"id", id}})
			}
			for _, f := range fields {
				if _, has := meta.field(f); !has {
					return notAllowed(f+" field not available for module", f)
				}
			}
			var r recordResult
			s.emails.with(func(st *emailState) {
				for _, f := range fields {
					switch b := st.blocked[emailField{recordKeyOf(meta, id), f}]; {
					case b == nil || !b.blocked:
						r = notAllowed("Email is already unblocked", f)
						return
					case b.unblocked >= maxUnblocks:
						r = notAllowed("Cannot unblock, email has been unblocked 5 times already", f)
						return
					}
				}
				for _, f := range fields {
					b := st.blocked[emailField{recordKeyOf(meta, id), f}]
					b.blocked = false
					b.unblocked++
				}
				r = successResult(id, "Unblocked successfully")
			})
			return r
		},
	})
}

// BlockEmail blocks an email field of a record (Email, Secondary_Email),
// as a soft bounce of mail to it does.
func (s *Server) BlockEmail(module, id, field string) {
	meta := s.mustModule("BlockEmail", module).meta.Load()
	s.emails.with(func(st *emailState) {
		key := emailField{recordKeyOf(meta, id), field}
		if st.blocked[key] == nil {
			st.blocked[key] = &blockedEmail{}
		}
		st.blocked[key].blocked = true
	})
}

// EmailBlocked reports whether an email field of a record is blocked.
func (s *Server) EmailBlocked(module, id, field string) bool {
	meta := s.mustModule("EmailBlocked", module).meta.Load()
	blocked := false
	s.emails.with(func(st *emailState) {
		b := st.blocked[emailField{recordKeyOf(meta, id), field}]
		blocked = b != nil && b.blocked
	})
	return blocked
}
