package zohotest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// Unsubscribe links (crm-oas group unsubscribe_links): keyed entries under
// settings/unsubscribe_links with a unique name, a page (standard, or
// custom at custom_location_url) and what follows the opt-out (a message,
// or a redirect to submission_redirect_url). A link an email template
// uses (UseUnsubscribeLink) is listed by GET
// settings/unsubscribe_link/actions/associations and cannot be deleted.

var unsubscribeLinksSpec = registerKeyed(&keyedSpec{
	path:     "settings/unsubscribe_links",
	key:      "unsubscribe_links",
	what:     "unsubscribe link",
	scope:    "ZohoCRM.settings.unsubscribe",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"name", "page_type", "submission_action_type"},
	unique:   []string{"name"},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		fault := func(code, field string, details ...kv) *recordResult {
			r := keyedError(c, "unsubscribe_links", index, code, "invalid data", field, details...)
			return &r
		}
		for _, rule := range []struct {
			field  string
			values []string
			needs  map[string]string // value -> the field it needs
		}{
			{"page_type", []string{"standard", "custom"}, map[string]string{"custom": "custom_location_url"}},
			{"submission_action_type", []string{"redirect", "display_message"},
				map[string]string{"redirect": "submission_redirect_url", "display_message": "submission_message"}},
		} {
			v := text(e, rule.field)
			if !slices.Contains(rule.values, v) {
				return fault("INVALID_DATA", rule.field, kv{"supported_values", rule.values})
			}
			if need := rule.needs[v]; need != "" && text(e, need) == "" {
				return fault("DEPENDENT_FIELD_MISSING", need, kv{"dependee", obj{{"api_name", rule.field},
					{"json_path", fmt.Sprintf("$.unsubscribe_links[%d].%s", index, rule.field)}}})
			}
		}
		for _, k := range []string{"custom_location_url", "submission_redirect_url"} {
			if v := text(e, k); v != "" {
				if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return fault("INVALID_DATA", k)
				}
			}
		}
		by, now := c.user.lookup(false), s.formatTime(s.Now())
		if old == nil {
			e["created_by"], e["created_time"] = by, now
		}
		e["modified_by"], e["modified_time"] = by, now
		return nil
	},
	refuse: func(s *Server, c *call, old doc) *recordResult {
		inUse := false
		s.emails.with(func(st *emailState) { inUse = len(st.linkUse[idOf(old)]) > 0 })
		if !inUse {
			return nil
		}
		r := recordError("NOT_ALLOWED", "the unsubscribe link is used by email templates", obj{{"resource_path_index", 2}})
		return &r
	},
})

func init() {
	handleCRM("GET", "settings/unsubscribe_link/actions/associations", "ZohoCRM.settings.unsubscribe.READ", (*Server).unsubscribeLinkAssociations)
}

// UseUnsubscribeLink puts an unsubscribe link in an email template, as a
// user does in the template editor.
func (s *Server) UseUnsubscribeLink(linkID, templateID string) error {
	found := slices.ContainsFunc(s.keyedStore(unsubscribeLinksSpec).entries(""), func(d doc) bool { return idOf(d) == linkID })
	if !found || !s.hasEmailTemplate(templateID) {
		return fmt.Errorf("zohotest: no unsubscribe link %q or email template %q", linkID, templateID)
	}
	s.emails.with(func(st *emailState) {
		if !slices.Contains(st.linkUse[linkID], templateID) {
			st.linkUse[linkID] = append(slices.Clone(st.linkUse[linkID]), templateID)
		}
	})
	return nil
}

func (s *Server) unsubscribeLinkAssociations(c *call) {
	var out []obj
	for _, link := range s.keyedStore(unsubscribeLinksSpec).entries("") {
		var templates []string
		s.emails.with(func(st *emailState) { templates = slices.Clone(st.linkUse[idOf(link)]) })
		var places []obj
		for _, id := range templates {
			t := s.emailTemplate(id)
			places = append(places, obj{{"type", "email_template"}, {"resource", obj{{"id", id}, {"name", t["name"]}}},
				{"details", obj{{"module", t["module"]}}}})
		}
		if places != nil {
			out = append(out, obj{{"id", idOf(link)}, {"associated_places", places}})
		}
	}
	if out == nil {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"associations", out}})
}
