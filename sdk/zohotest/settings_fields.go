package zohotest

import (
	"net/http"
	"slices"
)

// Field metadata: GET settings/fields?module= and settings/fields/{id}?module=,
// derived from the module's fields, with the keys of Zoho's v2 sample
// (testdata/reference/13) and system_mandatory (later versions), and from
// v8 display_label beside field_label. A lookup
// names the module it points to and the related list its records appear
// in there.

func init() {
	const read = "ZohoCRM.settings.fields.READ"
	handleCRM("GET", "settings/fields", read, (*Server).listFieldMeta)
	handleCRM("GET", "settings/fields/{id}", read, (*Server).getFieldMeta)
}

// jsonTypes maps data types to the JSON type of their values (formulas
// and rollup summaries by their return type).
var jsonTypes = map[string]string{
	"integer": "integer", "bigint": "integer",
	"double": "double", "currency": "double", "percent": "double", "decimal": "double",
	"boolean": "boolean", "lookup": "jsonobject", "ownerlookup": "jsonobject",
	"userlookup": "jsonobject", "consent_lookup": "jsonobject",
	"multiselectpicklist": "jsonarray", "multiselectlookup": "jsonarray", "subform": "jsonarray",
	"multiuserlookup": "jsonarray", "fileupload": "jsonarray", "imageupload": "jsonarray",
}

// jsonTypeOf is the JSON type of a field's values.
func jsonTypeOf(f Field) string {
	dataType := f.DataType
	if (dataType == "formula" || dataType == "rollup_summary") && f.ReturnType != "" {
		dataType = f.ReturnType
	}
	if t := jsonTypes[dataType]; t != "" {
		return t
	}
	return "string"
}

// defaultLengths are the lengths Zoho gives fields by type when the
// metadata sets none.
var defaultLengths = map[string]int{
	"text": 255, "textarea": 32000, "email": 100, "phone": 30, "website": 255, "picklist": 120,
	"multiselectpicklist": 2000, "integer": 9, "bigint": 18, "double": 16, "currency": 16,
	"percent": 5, "decimal": 16, "boolean": 5, "date": 20, "datetime": 120, "lookup": 120,
	"ownerlookup": 120, "autonumber": 50, "formula": 255, "userlookup": 120,
	"rollup_summary": 16, "profileimage": 255,
}

// renderField writes a field's metadata.
func (s *Server) renderField(c *call, m *moduleMeta, f Field) obj {
	jsonType := jsonTypeOf(f)
	length := f.Length
	if length == 0 {
		length = defaultLengths[f.DataType]
	}
	lookup := obj{}
	if f.DataType == "lookup" && f.LookupModule != "" {
		var module any = f.LookupModule
		if target, ok := s.modules.get(f.LookupModule); ok && c.version.atLeast(sinceObjectRefs) {
			module = obj{{"api_name", f.LookupModule}, {"id", target.meta.Load().ID}}
		}
		lookup = obj{
			{"display_label", m.PluralLabel},
			{"api_name", m.APIName},
			{"module", module},
			{"id", s.settings.metaID("related_list|" + lowerKey(f.LookupModule) + "|" + lowerKey(m.APIName))},
		}
	}
	var subform, decimals, associated any
	if f.DataType == "subform" {
		rows := f.APIName
		if f.SubformModule != "" {
			rows = f.SubformModule
		}
		subform = obj{{"module", rows}, {"id", f.ID}}
		if target, ok := s.modules.get(rows); ok {
			associated = obj{{"api_name", rows}, {"id", target.meta.Load().ID}}
		}
	}
	switch f.DataType {
	case "double", "currency", "decimal":
		decimals = 2
		if f.DecimalPlace > 0 {
			decimals = f.DecimalPlace
		}
	}
	created := "default"
	if f.Custom {
		created = "custom"
	}
	out := obj{
		{"private", nil},
		{"webhook", true},
		{"json_type", jsonType},
		{"crypt", nil},
		{"field_label", f.Label},
		{"tooltip", nil},
		{"created_source", created},
		{"field_read_only", f.ReadOnly},
		{"section_id", 1},
		{"read_only", f.ReadOnly},
		{"association_details", nil},
		{"businesscard_supported", !f.ReadOnly},
		{"currency", obj{}},
		{"id", f.ID},
		{"custom_field", f.Custom},
		{"lookup", lookup},
		{"visible", true},
		{"length", length},
		{"view_type", obj{{"view", true}, {"edit", !f.ReadOnly}, {"quick_create", f.Mandatory}, {"create", !f.ReadOnly}}},
		{"subform", subform},
		{"api_name", f.APIName},
		{"unique", obj{}},
		{"external", externalMeta(f)},
		{"data_type", f.DataType},
		{"formula", obj{}},
		{"decimal_place", decimals},
		{"mass_update", !f.ReadOnly && !f.Unique},
		{"pick_list_values", s.pickListValues(f)},
		{"multiselectlookup", obj{}},
		{"auto_number", obj{}},
		{"system_mandatory", f.Mandatory},
	}
	out = s.typeDetails(out, f, associated)
	if c.version.atLeast(sinceSettingsV8Keys) {
		out = append(out, kv{"display_label", f.Label}) // beside field_label (crm-oas v8 getFields)
	}
	return out
}

func (s *Server) listFieldMeta(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	switch c.query("type") {
	case "", "all", "unused":
	default:
		failParam(c.w, "type")
		return
	}
	out := make([]obj, len(m.Fields))
	for i, f := range m.Fields {
		out[i] = s.renderField(c, m, f)
	}
	writeJSON(c.w, http.StatusOK, obj{{"fields", out}})
}

func (s *Server) getFieldMeta(c *call) {
	_, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	i := slices.IndexFunc(m.Fields, func(f Field) bool { return f.ID == c.param("id") })
	if i < 0 {
		failSettingsID(c.w)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"fields", []obj{s.renderField(c, m, m.Fields[i])}}})
}
