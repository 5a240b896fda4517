package zohotest

// The org's service preferences (crm-oas group service_preference,
// /settings/service_preferences): whether job sheets are enabled for
// services, one setting without an id.

var _ = registerSingleton(&keyedSpec{
	path:     "settings/service_preferences",
	key:      "service_preferences",
	what:     "service preferences",
	scope:    "ZohoCRM.settings.modules",
	ops:      opGet | opUpdate,
	noID:     true,
	required: []string{"job_sheet_enabled"},
	seed: func(s *Server) []doc {
		return []doc{{"job_sheet_enabled": false}}
	},
	check: booleans("service_preferences", "job_sheet_enabled"),
})
