package zohotest

import "slices"

// The org's fiscal year (crm-oas group fiscal_year): one setting, which
// starts in January and is named by its last month's year in a new org;
// an update must give both keys.

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December"}

var _ = registerSingleton(&keyedSpec{
	path:     "settings/fiscal_year",
	key:      "fiscal_year",
	what:     "fiscal year",
	scope:    "ZohoCRM.settings.fiscal_year",
	ops:      opGet | opUpdate,
	required: []string{"start_month", "display_based_on"},
	seed: func(s *Server) []doc {
		return []doc{{"start_month": "January", "display_based_on": "end_month"}}
	},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		field := ""
		switch {
		case !slices.Contains(months, text(e, "start_month")):
			field = "start_month"
		case text(e, "display_based_on") != "start_month" && text(e, "display_based_on") != "end_month":
			field = "display_based_on"
		default:
			return nil
		}
		return refuser(c, "fiscal_year", 0)("INVALID_DATA", field)
	},
})
