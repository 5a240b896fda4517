package zohotest

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
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
	handleCRM("POST", "settings/fields", "ZohoCRM.settings.fields.CREATE", (*Server).writeFieldMeta)
	handleCRM("PATCH", "settings/fields", "ZohoCRM.settings.fields.UPDATE", (*Server).writeFieldMeta)
	handleCRM("PATCH", "settings/fields/{id}", "ZohoCRM.settings.fields.UPDATE", (*Server).writeFieldMeta)
	handleCRM("DELETE", "settings/fields/{id}", "ZohoCRM.settings.fields.DELETE", (*Server).deleteFieldMeta)
}

// Field writes: POST settings/fields?module= adds custom fields (a label,
// field_label or display_label, and a data_type; pick_list_values for a
// picklist; lookup.module for a lookup), PATCH settings/fields (ids in the
// entries) and settings/fields/{id} change a label, a length or a
// picklist's values, DELETE settings/fields/{id}?module= deletes a custom
// field. One result per entry under "fields". A field added is listed and
// taken by record writes at once; a field deleted is refused by them
// (fieldRemoved).

// creatableTypes are the data types POST settings/fields makes here.
var creatableTypes = map[string]bool{
	"text": true, "textarea": true, "email": true, "phone": true, "website": true,
	"picklist": true, "multiselectpicklist": true, "integer": true, "bigint": true,
	"double": true, "currency": true, "percent": true, "decimal": true, "boolean": true,
	"date": true, "datetime": true, "lookup": true,
}

var notAPIName = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// apiNameFromLabel is the API name Zoho gives a field of this label:
// words joined by underscores.
func apiNameFromLabel(label string) string {
	return strings.Trim(notAPIName.ReplaceAllString(strings.TrimSpace(label), "_"), "_")
}

func (s *Server) writeFieldMeta(c *call) {
	ms, m, ok := s.moduleParam(c)
	if !ok {
		return
	}
	create, pathID := c.r.Method == http.MethodPost, c.param("id")
	if pathID != "" && !slices.ContainsFunc(m.Fields, func(f Field) bool { return f.ID == pathID }) {
		failSettingsID(c.w)
		return
	}
	entries, ok := readKeyedBody(c, "fields", maxWriteRecords)
	if !ok {
		return
	}
	results := make([]recordResult, len(entries))
	for i, e := range entries {
		for {
			old := ms.meta.Load()
			mod, r := s.fieldChange(c, old, e, i, create, pathID)
			if mod == nil || ms.meta.CompareAndSwap(old, newModuleMeta(*mod)) {
				results[i] = r
				break
			}
		}
	}
	allOK := http.StatusOK
	if create {
		allOK = http.StatusCreated
	}
	writeKeyed(c, "fields", results, allOK)
}

// fieldChange returns the module with an entry's field added or changed,
// and its result; a nil module for a refused entry.
func (s *Server) fieldChange(c *call, m *moduleMeta, e entry, i int, create bool, pathID string) (*Module, recordResult) {
	bad := refuser(c, "fields", i)
	if e == nil {
		return nil, notAnObject()
	}
	mod := m.Module.clone()
	var f Field
	at := -1
	if !create {
		id := pathID
		if id == "" {
			given, present, ok := e.text("id")
			if !present || !ok {
				return nil, *bad("MANDATORY_NOT_FOUND", "id")
			}
			id = given
		}
		if at = slices.IndexFunc(mod.Fields, func(f Field) bool { return f.ID == id }); at < 0 {
			return nil, *bad("INVALID_DATA", "id")
		}
		f = mod.Fields[at]
	}
	label, labelKey := "", "field_label"
	for _, k := range []string{"field_label", "display_label"} {
		if v, present, ok := e.text(k); present || !ok {
			if !ok || strings.TrimSpace(v) == "" {
				return nil, *bad("INVALID_DATA", k)
			}
			label, labelKey = v, k
			break
		}
	}
	if create && label == "" {
		return nil, *bad("MANDATORY_NOT_FOUND", "field_label")
	}
	if label != "" {
		if slices.ContainsFunc(mod.Fields, func(o Field) bool { return o.ID != f.ID && strings.EqualFold(o.Label, label) }) {
			return nil, *bad("DUPLICATE_DATA", labelKey)
		}
		f.Label = label
	}
	if create {
		dataType, present, ok := e.text("data_type")
		switch {
		case !present:
			return nil, *bad("MANDATORY_NOT_FOUND", "data_type")
		case !ok || !creatableTypes[dataType]:
			return nil, *bad("INVALID_DATA", "data_type")
		}
		f.DataType, f.Custom = dataType, true
		f.APIName = apiNameFromLabel(label)
		if name, present, ok := e.text("api_name"); present || !ok {
			if !ok || name != apiNameFromLabel(name) || name == "" {
				return nil, *bad("INVALID_DATA", "api_name")
			}
			f.APIName = name
		}
		if _, taken := m.field(f.APIName); taken {
			return nil, *bad("DUPLICATE_DATA", "api_name")
		}
		if f.DataType == "lookup" {
			raw, given := e["lookup"]
			var lk entry
			if !given || jsonUnmarshalEntry(raw, &lk) != nil {
				return nil, *bad("DEPENDENT_FIELD_MISSING", "lookup")
			}
			id, name, _, ok := lk.ref("module")
			target, found := s.moduleByRef(id, name)
			if !ok || !found {
				return nil, *bad("INVALID_DATA", "lookup")
			}
			f.LookupModule = target.APIName
		}
	}
	if raw, present := e["length"]; present {
		n := makeField("length", raw)
		v, isNum := number(n)
		if !isNum || v < 1 || v != float64(int(v)) {
			return nil, *bad("INVALID_DATA", "length")
		}
		f.Length = int(v)
	}
	if raw, present := e["pick_list_values"]; present || (create && strings.Contains(f.DataType, "picklist")) {
		values, ok := pickListGiven(raw)
		switch {
		case !present:
			return nil, *bad("DEPENDENT_FIELD_MISSING", "pick_list_values")
		case !ok || !strings.Contains(f.DataType, "picklist"):
			return nil, *bad("INVALID_DATA", "pick_list_values")
		}
		f.PickList = values
	}
	if create {
		f = s.fieldDefaults(f)
		mod.Fields = append(mod.Fields, f)
		mod.removed = slices.DeleteFunc(slices.Clone(mod.removed), func(n string) bool { return n == f.APIName })
		return &mod, successResult(f.ID, "field created")
	}
	mod.Fields[at] = f
	return &mod, successResult(f.ID, "field updated")
}

// pickListGiven reads pick_list_values: objects with actual_value (or
// display_value), or plain strings.
func pickListGiven(raw []byte) ([]string, bool) {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return nil, false
	}
	var out []string
	for _, item := range items {
		var v string
		if json.Unmarshal(item, &v) != nil {
			var e entry
			if jsonUnmarshalEntry(item, &e) != nil {
				return nil, false
			}
			actual, _, _ := e.text("actual_value")
			display, _, _ := e.text("display_value")
			v = cmp.Or(actual, display)
		}
		if strings.TrimSpace(v) == "" || slices.Contains(out, v) {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

func jsonUnmarshalEntry(raw []byte, e *entry) error {
	if err := json.Unmarshal(raw, e); err != nil {
		return err
	}
	if *e == nil {
		return errNotObject
	}
	return nil
}

var errNotObject = errors.New("not an object")

// moduleByRef finds a module by id or API name.
func (s *Server) moduleByRef(id, name string) (*moduleMeta, bool) {
	for _, m := range s.moduleList() {
		if (id != "" && m.ID == id) || (id == "" && strings.EqualFold(m.APIName, name)) {
			return m, true
		}
	}
	return nil, false
}

func (s *Server) deleteFieldMeta(c *call) {
	ms, _, ok := s.moduleParam(c)
	if !ok {
		return
	}
	id := c.param("id")
	for {
		old := ms.meta.Load()
		at := slices.IndexFunc(old.Fields, func(f Field) bool { return f.ID == id })
		if at < 0 {
			failSettingsID(c.w)
			return
		}
		f := old.Fields[at]
		if !f.Custom {
			fail(c.w, http.StatusBadRequest, "NOT_ALLOWED", "a standard field cannot be deleted", obj{{"api_name", f.APIName}})
			return
		}
		mod := old.Module.clone()
		mod.Fields = slices.Delete(mod.Fields, at, at+1)
		mod.removed = append(slices.Clone(mod.removed), f.APIName)
		if ms.meta.CompareAndSwap(old, newModuleMeta(mod)) {
			break
		}
	}
	writeKeyed(c, "fields", []recordResult{successResult(id, "field deleted")}, http.StatusOK)
}

// fieldRemoved reports whether a record write names a field deleted
// through DELETE settings/fields.
func (m *moduleMeta) fieldRemoved(name string) bool { return slices.Contains(m.removed, name) }

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
