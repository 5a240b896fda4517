package zohotest

import (
	"net/http"
	"strings"
)

// Email templates (crm-oas group email_templates): keyed entries under
// settings/email_templates, read only through the API (the org makes them
// in the UI): a page of them without their content, filtered by ?module=
// and ?category= (favorite, created_by_me, shared_with_me, or the
// template's category), or one by id with its content. A new org has a
// template for Leads, Contacts and Deals. Sorting is not emulated.
// inventory_templates.go serves inventory templates the same way.

var emailTemplatesSpec = registerKeyed(templateSpec("settings/email_templates", "email_templates", "email template",
	"ZohoCRM.templates.email", func(s *Server, module, name string) doc {
		return doc{"subject": name + " from ${!Users.First Name}", "description": "", "associated": false, "consent_linked": false, "category": "normal",
			"attachments": []any{}, "last_version_statistics": doc{"tracked": 0, "delivered": 0, "opened": 0, "bounced": 0, "sent": 0, "clicked": 0}}
	}, [][2]string{{"Leads", "Welcome"}, {"Contacts", "Follow up"}, {"Deals", "Proposal"}}))

// templateSpec declares a read-only keyed template resource: the
// templates seed names (module, name), each with what extra gives, the
// list filtered by ?module= (which must name a module) and ?category=.
func templateSpec(path, key, what, scope string, extra func(s *Server, module, name string) doc, seed [][2]string) *keyedSpec {
	return &keyedSpec{
		path: path, key: key, what: what, scope: scope, ops: opList | opGet,
		listOmits: []string{"content", "mail_content"},
		seed: func(s *Server) []doc {
			admin := s.Admin().lookup(false)
			now := s.formatTime(s.Now())
			var out []doc
			for _, mn := range seed {
				meta := s.mustModule("templates", mn[0]).meta.Load()
				d := doc{"name": mn[1], "module": doc{"api_name": meta.APIName, "id": meta.ID},
					"folder":   doc{"id": s.ids.next(), "name": "Public " + strings.ToLower(what) + "s"},
					"category": "system_templates", "editor_mode": "rich_text", "favorite": false,
					"content": "<p>" + mn[1] + "</p>", "mail_content": "<p>" + mn[1] + "</p>",
					"created_by": admin, "modified_by": admin, "created_time": now, "modified_time": now, "last_usage_time": nil}
				for k, v := range extra(s, meta.APIName, mn[1]) {
					d[k] = v
				}
				out = append(out, d)
			}
			return out
		},
		parent: func(s *Server, c *call) bool {
			if m := c.query("module"); m != "" {
				if _, ok := s.modules.get(m); !ok {
					fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{{"param_name", "module"}})
					return false
				}
			}
			return true
		},
		filter: func(s *Server, c *call, d doc) bool {
			m, _ := d["module"].(map[string]any)
			if want := c.query("module"); want != "" && (m == nil || !strings.EqualFold(want, m["api_name"].(string))) {
				return false
			}
			createdBy, _ := d["created_by"].(map[string]any)
			mine := createdBy != nil && createdBy["id"] == c.user.ID
			switch category := c.query("category"); category {
			case "":
				return true
			case "favorite":
				return d["favorite"] == true
			case "created_by_me":
				return mine
			case "shared_with_me":
				return !mine
			default:
				return category == text(d, "category")
			}
		},
	}
}

// hasEmailTemplate reports whether the org has an email template of this id.
func (s *Server) hasEmailTemplate(id string) bool {
	return s.emailTemplate(id) != nil
}

func (s *Server) emailTemplate(id string) doc {
	for _, d := range s.keyedStore(emailTemplatesSpec).entries("") {
		if idOf(d) == id {
			return d
		}
	}
	return nil
}
