package zohotest

import "net/http"

// The org's wizards (crm-oas group wizards), read only through the API: a
// new org has none, and a test adds one with Server.AddWizard. A wizard
// has a container for its module's layout, with one screen per section
// of the layout; GET settings/wizards/{id} needs ?layout_id=, a layout the
// wizard has a container for.

var wizards = registerKeyed(&keyedSpec{
	path:  "settings/wizards",
	key:   "wizards",
	what:  "wizard",
	scope: "ZohoCRM.settings.wizards",
	ops:   opList | opGet,
})

func init() { wizards.parent = (*Server).wizardLayout } // out of the variables' initialization order

// wizardLayout checks ?layout_id= of a get: required, and a layout the
// wizard has a container for.
func (s *Server) wizardLayout(c *call) bool {
	if c.param("id") == "" {
		return true
	}
	layout := c.query("layout_id")
	if layout == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param_name", "layout_id"}})
		return false
	}
	for _, w := range s.keyedStore(wizards).entries("") {
		if idOf(w) != c.param("id") {
			continue
		}
		containers, _ := w["containers"].([]any)
		for _, item := range containers {
			container, _ := item.(map[string]any)
			if l, _ := container["layout"].(map[string]any); textOf(l["id"]) == layout {
				return true
			}
		}
		failParam(c.w, "layout_id")
		return false
	}
	return true // no such wizard: the get answers it
}

// AddWizard adds an active wizard for the standard layout of module, with
// a screen holding the layout's fields, and returns its id. It panics if
// the module is unknown.
func (s *Server) AddWizard(module, name string) string {
	meta := s.mustModule("AddWizard", module).meta.Load()
	by, now := s.Admin().lookup(true), s.formatTime(s.Now())
	var fields []obj
	for _, f := range meta.Fields {
		fields = append(fields, obj{{"api_name", f.APIName}, {"id", f.ID}})
	}
	screen := obj{{"id", s.ids.next()}, {"display_label", meta.SingularLabel + " Information"}, {"api_name", "Screen_1"},
		{"reference_id", s.ids.next()}, {"conditional_rules", []obj{}},
		{"segments", []obj{{{"id", s.ids.next()}, {"display_label", "Segment 1"}, {"sequence_number", 1}, {"column_count", 2}, {"fields", fields}}}}}
	d := doc{
		"id": s.ids.next(), "name": name, "active": true,
		"module":     map[string]any{"api_name": meta.APIName, "id": meta.ID},
		"created_by": by, "created_time": now, "modified_by": by, "modified_time": now,
		"profiles": []any{},
		"containers": []any{obj{
			{"id", s.ids.next()},
			{"layout", obj{{"id", s.layoutID(meta)}, {"name", "Standard"}}},
			{"screens", []obj{screen}},
			{"chart_data", obj{{"nodes", []obj{{{"pos_x", 100}, {"pos_y", 100}, {"start_node", true}, {"screen", screen[:3]}}}}, {"connections", []obj{}}}},
		}},
	}
	st := s.keyedStore(wizards)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.items[""] = append(st.items[""], cloneDoc(d))
	return idOf(d)
}
