package zohotest

import (
	"encoding/json"
	"slices"
)

// Record-level sharing of emails (crm-oas group record_share_email): POST
// {module}/{id}/actions/share_emails shares the caller's own emails of a
// record (associated or synced: see email_related_records.go) with the
// org's other users, unshare_emails stops it; the mass forms take up to
// 200 ids. Leads, Contacts and custom modules. Sharing what is shared is
// ALREADY_SHARED, unsharing what is not NOT_SHARED.

var shareEmailModules = moduleIn(true, "Leads", "Contacts")

func init() {
	for _, share := range []bool{true, false} {
		name := "share_emails"
		if !share {
			name = "unshare_emails"
		}
		registerRecordAction(&recordActionSpec{
			name: name, scope: "ZohoCRM.modules.{module}.CREATE", maxIDs: 200, supports: shareEmailModules,
			act: func(s *Server, c *call, meta *moduleMeta, id string, _ map[string]json.RawMessage) recordResult {
				return s.shareEmails(c, recordKeyOf(meta, id), share)
			},
		})
	}
}

func (s *Server) shareEmails(c *call, rk recordKey, share bool) recordResult {
	var r recordResult
	s.emails.with(func(st *emailState) {
		users := st.shared[rk]
		at := slices.Index(users, c.user.ID)
		switch {
		case share && at >= 0:
			r = recordError("ALREADY_SHARED", "Emails are already shared to the colleagues already", obj{{"id", rk.id}})
		case share:
			st.shared[rk] = append(slices.Clone(users), c.user.ID)
			r = successResult(rk.id, "Successfully shared")
		case at < 0:
			r = recordError("NOT_SHARED", "Emails are not  shared to the colleagues already", obj{{"id", rk.id}})
		default:
			st.shared[rk] = slices.Delete(slices.Clone(users), at, at+1)
			r = successResult(rk.id, "Sharing revoked successfully")
		}
	})
	return r
}
