package zohotest

// The org's cadences (crm-oas group cadences, GET
// settings/automation/cadences): a new org has two, on the first custom
// view of Leads and of Contacts, listed a page at a time; Zoho's API only
// reads them.

var _ = registerKeyed(&keyedSpec{
	path:  "settings/automation/cadences",
	key:   "cadences",
	what:  "cadence",
	scope: "ZohoCRM.settings.cadences",
	ops:   opList,
	seed: func(s *Server) []doc {
		by := s.Admin().lookup(false)
		now := s.formatTime(s.Now())
		var out []doc
		for _, c := range []struct {
			module, name         string
			emails, calls, tasks int
			active               bool
		}{{"Leads", "New lead nurture", 3, 1, 1, true}, {"Contacts", "Renewal reminders", 2, 0, 1, false}} {
			m, ok := s.moduleOfRef(c.module)
			if !ok || len(m.CustomViews) == 0 {
				continue
			}
			status := "inactive"
			if c.active {
				status = "active"
			}
			out = append(out, doc{
				"name": c.name, "module": obj{{"api_name", m.APIName}, {"id", m.ID}},
				"custom_view": obj{{"id", m.CustomViews[0].ID}, {"name", m.CustomViews[0].Name}},
				"type":        "automatic", "active": c.active, "published": true, "status": status,
				"execution_details": obj{{"type", "never_ends"}, {"end_date", nil}, {"automatic_unenroll", true},
					{"execute_every", obj{{"period", "days"}, {"unit", 1}}},
					{"unenroll_properties", obj{{"type", "after_last_follow_up"}, {"end_date", nil}}}},
				"summary":    obj{{"email_follow_up_count", c.emails}, {"call_follow_up_count", c.calls}, {"task_follow_up_count", c.tasks}},
				"created_by": by, "created_time": now, "modified_by": by, "modified_time": now,
			})
		}
		return out
	},
})
