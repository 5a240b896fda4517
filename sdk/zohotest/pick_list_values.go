package zohotest

import "net/http"

// The values of one picklist field (crm-oas group pick_list_values):
// GET settings/fields/{field_id}/pick_list_values?module=, the values its
// metadata lists (a global picklist's in use, for a field that uses one),
// each with the layouts that offer it.

func init() {
	handleCRM(http.MethodGet, "settings/fields/{field_id}/pick_list_values", "ZohoCRM.settings.fields.READ", (*Server).fieldPickListValues)
}

func (s *Server) fieldPickListValues(c *call) {
	_, meta, ok := s.moduleParam(c)
	if !ok {
		return
	}
	var field *Field
	for i := range meta.Fields {
		if meta.Fields[i].ID == c.param("field_id") {
			field = &meta.Fields[i]
		}
	}
	if field == nil {
		failPathID(c.w, 2)
		return
	}
	if field.DataType != "picklist" && field.DataType != "multiselectpicklist" {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the field is not a picklist", obj{{"resource_path_index", 2}})
		return
	}
	values := s.pickListValues(*field)
	if len(values) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	layout := obj{{"api_name", "Standard"}, {"id", s.layoutID(meta)}, {"name", "Standard"}}
	for i := range values {
		values[i] = append(values[i], kv{"layout_associations", []obj{layout}})
	}
	writeJSON(c.w, http.StatusOK, obj{{"pick_list_values", values}})
}
