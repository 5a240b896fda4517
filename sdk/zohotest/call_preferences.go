package zohotest

// The org's call preferences (crm-oas group call_preferences,
// /settings/call_preferences): whether a call shows its from and to
// numbers, one setting without an id; an update gives both.

var _ = registerSingleton(&keyedSpec{
	path:     "settings/call_preferences",
	key:      "call_preferences",
	what:     "call preferences",
	scope:    "ZohoCRM.settings.modules",
	ops:      opGet | opUpdate,
	noID:     true,
	required: []string{"show_from_number", "show_to_number"},
	seed: func(s *Server) []doc {
		return []doc{{"show_from_number": true, "show_to_number": true}}
	},
	check: booleans("call_preferences", "show_from_number", "show_to_number"),
})

// booleans checks that keys of a setting under key, where given, are
// booleans.
func booleans(key string, keys ...string) func(s *Server, c *call, e, old doc, index int) *recordResult {
	return func(s *Server, c *call, e, old doc, index int) *recordResult {
		for _, k := range keys {
			if _, ok := e[k].(bool); !ok {
				return refuser(c, key, 0)("INVALID_DATA", k, kv{"expected_data_type", "boolean"})
			}
		}
		return nil
	}
}
