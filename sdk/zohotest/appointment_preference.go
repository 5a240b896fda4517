package zohotest

import "slices"

// The org's appointment preferences (crm-oas group appointment_preference,
// /settings/appointment_preferences): one setting without an id. A new
// org creates no deal when an appointment is completed; create_deal needs
// a deal_record_configuration naming a layout of Deals and mappings of
// Deals' fields (static values or merge fields), which Zoho answers with
// each field's id.

var appointmentCompletedValues = []string{"do_not_create_deal", "create_deal"}

var _ = registerSingleton(&keyedSpec{
	path:  "settings/appointment_preferences",
	key:   "appointment_preferences",
	what:  "appointment preferences",
	scope: "ZohoCRM.modules.appointments",
	ops:   opGet | opUpdate,
	noID:  true,
	seed: func(s *Server) []doc {
		return []doc{{"show_job_sheet": false, "when_duration_exceeds": "extend_appointment_duration",
			"when_appointment_completed": "do_not_create_deal", "allow_booking_outside_service_availability": false,
			"allow_booking_outside_businesshours": false, "deal_record_configuration": nil}}
	},
	check: checkAppointmentPreferences,
})

func checkAppointmentPreferences(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "appointment_preferences", 0)
	for _, k := range []string{"show_job_sheet", "allow_booking_outside_service_availability", "allow_booking_outside_businesshours"} {
		if _, ok := e[k].(bool); !ok && e[k] != nil {
			return refuse("INVALID_DATA", k, kv{"expected_data_type", "boolean"})
		}
	}
	completed := text(e, "when_appointment_completed")
	if !slices.Contains(appointmentCompletedValues, completed) {
		return refuse("INVALID_DATA", "when_appointment_completed", kv{"supported_values", appointmentCompletedValues})
	}
	config, _ := e["deal_record_configuration"].(map[string]any)
	if completed == "do_not_create_deal" {
		return nil
	}
	if config == nil {
		return refuse("DEPENDENT_MISMATCH", "deal_record_configuration",
			kv{"dependee", obj{{"api_name", "when_appointment_completed"}, {"json_path", "$.appointment_preferences.when_appointment_completed"}}})
	}
	deals, ok := s.moduleOfRef("Deals")
	if !ok {
		return refuse("INVALID_DATA", "deal_record_configuration")
	}
	layout, _ := config["layout"].(map[string]any)
	if layout == nil || textOf(layout["id"]) != s.layoutID(deals) {
		return refuse("INVALID_DATA", "layout")
	}
	config["layout"] = obj{{"api_name", "Standard"}, {"id", s.layoutID(deals)}}
	mappings, _ := config["field_mappings"].([]any)
	if len(mappings) == 0 {
		return refuse("MANDATORY_NOT_FOUND", "field_mappings")
	}
	for _, item := range mappings {
		m, _ := item.(map[string]any)
		field, ok := fieldOfRef(deals, m["field"])
		if !ok {
			return refuse("INVALID_DATA", "field")
		}
		if t := text(m, "type"); t != "static" && t != "merge_field" {
			return refuse("INVALID_DATA", "type", kv{"supported_values", []string{"static", "merge_field"}})
		}
		m["field"] = field[:2] // id and api_name
	}
	if textOf(config["id"]) == "" {
		config["id"] = s.ids.next()
	}
	return nil
}
