package zohotest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Org variables (settings/variables) and their groups
// (settings/variable_groups), with the shapes and errors of the crm-oas
// v8 examples (testdata/reference/16_settings_variables.json): answers
// under "variables" and "variable_groups", a variable's value as text, its
// group as {"api_name","id"}.

// Variable is an org variable.
type Variable struct {
	ID          string // generated when empty
	Name        string // required, at most 50 characters
	APIName     string // default: Name with underscores; unique
	Description string
	Type        string // text (default), integer, boolean, date or float
	Value       string
	GroupID     string // default: the General group
	ReadOnly    bool
}

// VariableGroup is a group of org variables.
type VariableGroup struct {
	ID          string // generated when empty
	Name        string // required
	APIName     string // default: Name with underscores
	Description string
}

// variableTypes are the types the v8 examples list as supported.
var variableTypes = []string{"text", "integer", "boolean", "date", "float"}

var variableAPIName = regexp.MustCompile(`^[a-zA-Z]+\w*[a-zA-Z0-9]*$`)

type variableStore struct {
	idList[Variable]
	s      *Server
	groups []*VariableGroup // guarded by mu
}

func (v Variable) entryID() string { return v.ID }

func (vs *variableStore) init(s *Server) {
	vs.s = s
	vs.name("variables", "variable", "invalid data")
	vs.addGroupLocked(VariableGroup{Name: "General"})
}

func apiNameOf(name string) string { return strings.ReplaceAll(strings.TrimSpace(name), " ", "_") }

func (vs *variableStore) addGroupLocked(g VariableGroup) *VariableGroup {
	if g.ID == "" {
		g.ID = vs.s.ids.next()
	}
	if g.APIName == "" {
		g.APIName = apiNameOf(g.Name)
	}
	p := &g
	vs.groups = append(vs.groups, p)
	return p
}

func (vs *variableStore) groupLocked(idOrAPIName string) *VariableGroup {
	for _, g := range vs.groups {
		if g.ID == idOrAPIName || strings.EqualFold(g.APIName, idOrAPIName) {
			return g
		}
	}
	return nil
}

func (vs *variableStore) apiNameTakenLocked(apiName, skipID string) bool {
	return vs.takenLocked(skipID, func(v Variable) bool { return strings.EqualFold(v.APIName, apiName) })
}

// AddVariableGroup adds a variable group and returns it. It panics if Name
// is empty or its API name is taken.
func (s *Server) AddVariableGroup(g VariableGroup) VariableGroup {
	vs := &s.settings.variables
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if strings.TrimSpace(g.Name) == "" {
		panic("zohotest: AddVariableGroup: Name is required")
	}
	if vs.groupLocked(apiNameOf(g.Name)) != nil || (g.APIName != "" && vs.groupLocked(g.APIName) != nil) {
		panic("zohotest: AddVariableGroup: a group " + g.Name + " exists already")
	}
	return *vs.addGroupLocked(g)
}

// AddVariable adds an org variable and returns it. It panics if Name is
// empty, the API name is taken, the type is unknown or the group does not
// exist.
func (s *Server) AddVariable(v Variable) Variable {
	vs := &s.settings.variables
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if strings.TrimSpace(v.Name) == "" {
		panic("zohotest: AddVariable: Name is required")
	}
	if v.APIName == "" {
		v.APIName = apiNameOf(v.Name)
	}
	if vs.apiNameTakenLocked(v.APIName, "") {
		panic("zohotest: AddVariable: a variable " + v.APIName + " exists already")
	}
	if v.Type == "" {
		v.Type = "text"
	}
	if !slices.Contains(variableTypes, v.Type) {
		panic("zohotest: AddVariable: unknown type " + v.Type)
	}
	if v.GroupID == "" {
		v.GroupID = vs.groups[0].ID
	}
	if vs.groupLocked(v.GroupID) == nil {
		panic("zohotest: AddVariable: no variable group " + v.GroupID)
	}
	if v.ID == "" {
		v.ID = s.ids.next()
	}
	vs.items = append(vs.items, v)
	return v
}

// Variables returns the org variables, in creation order.
func (s *Server) Variables() []Variable { return s.settings.variables.all() }

// VariableGroups returns the variable groups, General first.
func (s *Server) VariableGroups() []VariableGroup {
	vs := &s.settings.variables
	vs.mu.Lock()
	defer vs.mu.Unlock()
	out := make([]VariableGroup, len(vs.groups))
	for i, g := range vs.groups {
		out[i] = *g
	}
	return out
}

func init() {
	const read = "ZohoCRM.settings.variables.READ"
	handleCRM("GET", "settings/variables", read, (*Server).listVariables)
	handleCRM("GET", "settings/variables/{id}", read, (*Server).getVariable)
	handleCRM("POST", "settings/variables", "ZohoCRM.settings.variables.CREATE", (*Server).createVariables)
	handleCRM("PUT", "settings/variables", "ZohoCRM.settings.variables.UPDATE", (*Server).updateVariables)
	handleCRM("PUT", "settings/variables/{id}", "ZohoCRM.settings.variables.UPDATE", (*Server).updateVariable)
	handleCRM("DELETE", "settings/variables", "ZohoCRM.settings.variables.DELETE", (*Server).deleteVariables)
	handleCRM("DELETE", "settings/variables/{id}", "ZohoCRM.settings.variables.DELETE", (*Server).deleteVariable)
	handleCRM("GET", "settings/variable_groups", "ZohoCRM.settings.variable_groups.READ", (*Server).listVariableGroups)
	handleCRM("GET", "settings/variable_groups/{id}", "ZohoCRM.settings.variable_groups.READ", (*Server).getVariableGroup)
}

func (vs *variableStore) renderLocked(v Variable) obj {
	g := vs.groupLocked(v.GroupID)
	group := obj{{"api_name", g.APIName}, {"id", g.ID}}
	return obj{
		{"read_only", v.ReadOnly},
		{"api_name", v.APIName},
		{"name", v.Name},
		{"description", nullIfEmpty(v.Description)},
		{"id", v.ID},
		{"source", "crm"},
		{"type", v.Type},
		{"variable_group", group},
		{"value", v.Value},
	}
}

func renderVariableGroup(g *VariableGroup) obj {
	return obj{
		{"display_label", g.Name},
		{"api_name", g.APIName},
		{"name", g.Name},
		{"description", nullIfEmpty(g.Description)},
		{"id", g.ID},
		{"source", "crm"},
	}
}

// groupFilter reads ?group= (an id or API name); ok is false, the error
// answered, for a group that does not exist.
func (vs *variableStore) groupFilterLocked(c *call) (string, bool) {
	name := c.query("group")
	if name == "" {
		return "", true
	}
	g := vs.groupLocked(name)
	if g == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "Invalid data", obj{{"param_name", "group"}})
		return "", false
	}
	return g.ID, true
}

func (s *Server) listVariables(c *call) {
	vs := &s.settings.variables
	vs.mu.Lock()
	group, ok := vs.groupFilterLocked(c)
	if !ok {
		vs.mu.Unlock()
		return
	}
	var out []obj
	for _, v := range vs.items {
		if group == "" || v.GroupID == group {
			out = append(out, vs.renderLocked(v))
		}
	}
	vs.mu.Unlock()
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"variables", out}})
}

func (s *Server) getVariable(c *call) {
	vs := &s.settings.variables
	vs.mu.Lock()
	group, ok := vs.groupFilterLocked(c)
	if !ok {
		vs.mu.Unlock()
		return
	}
	var found obj
	if i := vs.indexLocked(c.param("id")); i >= 0 && (group == "" || vs.items[i].GroupID == group) {
		found = vs.renderLocked(vs.items[i])
	}
	vs.mu.Unlock()
	vs.answerOne(c, found)
}

// variableFields applies an entry's name, api_name, description,
// variable_group, type and value to v, checking each.
func (vs *variableStore) variableFieldsLocked(c *call, e entry, i int, v *Variable) *recordResult {
	bad := func(code, message, field string, extra ...kv) *recordResult {
		r := keyedError(c, "variables", i, code, message, field, extra...)
		return &r
	}
	limits := map[string]int{"name": 50, "api_name": 100, "description": 250}
	for _, key := range []string{"name", "api_name", "description"} {
		text, present, ok := e.text(key)
		if !ok {
			return bad("INVALID_DATA", "Invalid data type", key, kv{"expected_data_type", "text"})
		}
		if !present {
			continue
		}
		if utf8.RuneCountInString(text) > limits[key] {
			return bad("INVALID_DATA", "Invalid data", key, kv{"maximum_length", limits[key]})
		}
		switch key {
		case "name":
			v.Name = strings.TrimSpace(text)
		case "api_name":
			if !variableAPIName.MatchString(text) {
				return bad("INVALID_DATA", "Invalid data", key, kv{"regex", variableAPIName.String()})
			}
			v.APIName = text
		case "description":
			v.Description = text
		}
	}
	if id, name, present, ok := e.ref("variable_group"); present {
		if !ok {
			return bad("INVALID_DATA", "Invalid data type", "variable_group", kv{"expected_data_type", "jsonobject"})
		}
		key := id
		if key == "" {
			key = name
		}
		g := vs.groupLocked(key)
		if g == nil {
			return bad("INVALID_DATA", "Invalid data", "variable_group")
		}
		v.GroupID = g.ID
	}
	if typ, present, ok := e.text("type"); present {
		if !ok {
			return bad("INVALID_DATA", "Invalid data type", "type", kv{"expected_data_type", "text"})
		}
		if !slices.Contains(variableTypes, typ) {
			return bad("INVALID_DATA", "Invalid data", "type", kv{"supported_values", variableTypes})
		}
		v.Type = typ
	}
	if raw, present := e["value"]; present && string(raw) != "null" {
		value, ok := variableValue(v.Type, makeField("value", raw))
		if !ok {
			return bad("INVALID_DATA", "Invalid data type", "value", kv{"expected_data_type", v.Type})
		}
		v.Value = value
	}
	return nil
}

// variableValue checks a value against the variable's type and returns it
// as the text Zoho answers with.
func variableValue(typ string, f fieldValue) (string, bool) {
	switch typ {
	case "integer":
		n, ok := number(f)
		if !ok || n != float64(int64(n)) {
			return "", false
		}
		return strconv.FormatInt(int64(n), 10), true
	case "float":
		n, ok := number(f)
		if !ok {
			return "", false
		}
		return strconv.FormatFloat(n, 'f', -1, 64), true
	case "boolean":
		switch {
		case f.kind == kindBool:
			return strconv.FormatBool(f.b), true
		case f.kind == kindString && (f.str == "true" || f.str == "false"):
			return f.str, true
		}
		return "", false
	case "date":
		if f.kind != kindString {
			return "", false
		}
		if _, err := time.Parse(time.DateOnly, f.str); err != nil && f.str != "" {
			return "", false
		}
		return f.str, true
	}
	switch f.kind {
	case kindString:
		return f.str, true
	case kindNumber, kindBool:
		return string(f.raw), true
	}
	return "", false
}

func (s *Server) createVariables(c *call) {
	vs := &s.settings.variables
	vs.writeEach(c, http.StatusCreated, func(e entry, i int) recordResult {
		var v Variable
		if r := vs.variableFieldsLocked(c, e, i, &v); r != nil {
			return *r
		}
		missing := ""
		switch {
		case v.Name == "":
			missing = "name"
		case v.APIName == "":
			missing = "api_name"
		case v.GroupID == "":
			missing = "variable_group"
		case v.Type == "":
			missing = "type"
		}
		if missing != "" {
			return keyedError(c, "variables", i, "MANDATORY_NOT_FOUND", "Required field is missing", missing)
		}
		if vs.apiNameTakenLocked(v.APIName, "") {
			return keyedError(c, "variables", i, "DUPLICATE_DATA", "duplicate data", "api_name")
		}
		v.ID = s.ids.next()
		vs.items = append(vs.items, v)
		return successResult(v.ID, "variable added")
	})
}

// updateOneLocked applies one entry of an update to the variable with id.
func (vs *variableStore) updateOneLocked(c *call, e entry, i int, id string) recordResult {
	at := vs.indexLocked(id)
	if at < 0 {
		return keyedError(c, "variables", i, "INVALID_DATA", "Invalid data", "id")
	}
	v := vs.items[at]
	if v.ReadOnly {
		return keyedError(c, "variables", i, "NOT_ALLOWED", "the variable is read only", "id")
	}
	if r := vs.variableFieldsLocked(c, e, i, &v); r != nil {
		return *r
	}
	if v.Name == "" {
		return keyedError(c, "variables", i, "MANDATORY_NOT_FOUND", "Required field is missing", "name")
	}
	if vs.apiNameTakenLocked(v.APIName, v.ID) {
		return keyedError(c, "variables", i, "DUPLICATE_DATA", "duplicate data", "api_name")
	}
	vs.items[at] = v
	return successResult(v.ID, "variable updated")
}

func (s *Server) updateVariables(c *call) {
	vs := &s.settings.variables
	vs.writeEach(c, http.StatusOK, func(e entry, i int) recordResult {
		id, present, _ := e.text("id")
		if !present {
			return keyedError(c, "variables", i, "MANDATORY_NOT_FOUND", "Required field is missing", "id")
		}
		return vs.updateOneLocked(c, e, i, id)
	})
}

func (s *Server) updateVariable(c *call) {
	id := c.param("id")
	entries, ok := readKeyedBody(c, "variables", 1)
	if !ok {
		return
	}
	vs := &s.settings.variables
	vs.mu.Lock()
	defer vs.mu.Unlock()
	group, ok := vs.groupFilterLocked(c)
	if !ok {
		return
	}
	at := vs.indexLocked(id)
	if at < 0 {
		// PUT settings/variables/{api_name}?group=: the variable of that API
		// name, in the group when one is named.
		at = slices.IndexFunc(vs.items, func(v Variable) bool { return v.APIName == id && (group == "" || v.GroupID == group) })
	}
	if at < 0 || (group != "" && vs.items[at].GroupID != group) {
		vs.failID(c.w)
		return
	}
	id = vs.items[at].ID
	if entries[0] == nil {
		writeKeyed(c, "variables", []recordResult{notAnObject()}, http.StatusOK)
		return
	}
	writeKeyed(c, "variables", []recordResult{vs.updateOneLocked(c, entries[0], 0, id)}, http.StatusOK)
}

func (s *Server) deleteVariables(c *call) { s.settings.variables.deleteMany(c) }

func (s *Server) deleteVariable(c *call) { s.settings.variables.deleteOne(c) }

func (s *Server) listVariableGroups(c *call) {
	vs := &s.settings.variables
	vs.mu.Lock()
	out := make([]obj, len(vs.groups))
	for i, g := range vs.groups {
		out[i] = renderVariableGroup(g)
	}
	vs.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"variable_groups", out}})
}

func (s *Server) getVariableGroup(c *call) {
	vs := &s.settings.variables
	vs.mu.Lock()
	var out obj
	if g := vs.groupLocked(c.param("id")); g != nil {
		out = renderVariableGroup(g)
	}
	vs.mu.Unlock()
	if out == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "Invalid ID", obj{{"resource_path_index", 2}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"variable_groups", []obj{out}}})
}
