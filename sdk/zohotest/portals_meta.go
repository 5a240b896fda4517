package zohotest

import "net/http"

// What a portal's user type may show of a personality module (crm-oas
// group portals_meta, settings/portals/meta?module=): the modules of its
// related lists, each with its layouts, views and filters. A module
// without related modules answers 204.

func init() {
	handleCRM("GET", "settings/portals/meta", "ZohoCRM.settings.clientportal.READ", (*Server).portalsMeta)
}

func (s *Server) portalsMeta(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	var out []obj
	for _, rl := range s.relatedListsOf(m) {
		ms, found := s.modules.get(rl.Module)
		if rl.Module == "" || !found {
			continue
		}
		rm := ms.meta.Load()
		var views []obj
		for _, v := range rm.CustomViews {
			views = append(views, obj{{"display_label", v.Name}, {"name", v.Name}, {"id", v.ID}, {"type", "all"}})
		}
		if views == nil {
			views = []obj{}
		}
		out = append(out, obj{{"module", obj{{"api_name", rm.APIName}, {"id", rm.ID}, {"plural_label", rm.PluralLabel}, {"shared_type", "private"},
			{"filters", []obj{}}, {"layouts", []obj{{{"display_label", "Standard"}, {"id", s.layoutID(rm)}, {"name", "Standard"}}}}, {"views", views}}}})
	}
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"related_lists", out}})
}
