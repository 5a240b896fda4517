package zohotest

import (
	"slices"
)

// Field map dependencies (crm-oas group field_map_dependency): in a layout
// of a module (the path's layout, ?module=), the values of a child
// picklist offered for each value of a parent picklist. Parent and child
// are picklist fields of the module (by api_name or id), a child has one
// parent, and each value, of the parent (pick_list_values) or of the
// child (maps), is one of its field's, named by id, display_value or
// actual_value. An update merges the parent's values given into the
// stored ones, and their maps (_delete takes one off).

var mapDependencies = registerKeyed(&keyedSpec{
	path:     "settings/layouts/{layout_id}/map_dependency",
	key:      "map_dependency",
	what:     "map dependency",
	scope:    "ZohoCRM.settings.fields",
	ops:      opList | opGet | opCreate | opUpdateOne | opDeleteOne,
	required: []string{"parent", "child", "pick_list_values"},
	parent:   (*Server).dependencyLayout,
})

func init() { mapDependencies.check = checkMapDependency } // out of the variables' initialization order

// dependencyLayout checks ?module= and the path's layout, a layout of it.
func (s *Server) dependencyLayout(c *call) bool {
	_, meta, ok := s.moduleParam(c)
	if !ok {
		return false
	}
	if s.layoutID(meta) != c.param("layout_id") {
		failPathID(c.w, 2)
		return false
	}
	return true
}

// picklistField finds a picklist field of the module by {api_name, id}.
func picklistField(meta *moduleMeta, ref any) (Field, bool) {
	m, _ := ref.(map[string]any)
	name, id := text(m, "api_name"), textOf(m["id"])
	for _, f := range meta.Fields {
		if (name == "" || f.APIName == name) && (id == "" || f.ID == id) && (name != "" || id != "") {
			return f, f.DataType == "picklist" || f.DataType == "multiselectpicklist"
		}
	}
	return Field{}, false
}

// pickValue finds a value of a picklist field as its metadata lists it,
// by the id, display_value or actual_value of ref.
func (s *Server) pickValue(f Field, ref map[string]any) (map[string]any, bool) {
	id, shown, actual := textOf(ref["id"]), text(ref, "display_value"), text(ref, "actual_value")
	for _, v := range s.pickListValues(f) {
		d := map[string]any{}
		for _, p := range v {
			d[p.k] = p.v
		}
		if (id != "" && textOf(d["id"]) == id) || (id == "" && shown != "" && d["display_value"] == shown) || (id == "" && shown == "" && actual != "" && d["actual_value"] == actual) {
			return map[string]any{"id": textOf(d["id"]), "display_value": d["display_value"], "actual_value": d["actual_value"]}, true
		}
	}
	return nil, false
}

func checkMapDependency(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "map_dependency", index)
	ms, _ := s.modules.get(c.query("module"))
	meta := ms.meta.Load()
	parent, ok := picklistField(meta, e["parent"])
	if !ok {
		return refuse("INVALID_DATA", "parent")
	}
	child, ok := picklistField(meta, e["child"])
	if !ok || child.APIName == parent.APIName {
		return refuse("INVALID_DATA", "child")
	}
	stored, _ := old["pick_list_values"].([]any)
	values := make([]any, 0, len(stored))
	for _, v := range stored {
		values = append(values, map[string]any(cloneDoc(v.(map[string]any))))
	}
	given, _ := e["pick_list_values"].([]any)
	if len(given) == 0 {
		return refuse("INVALID_DATA", "pick_list_values")
	}
	for _, item := range given {
		g, _ := item.(map[string]any)
		pv, ok := s.pickValue(parent, g)
		if !ok {
			return refuse("INVALID_DATA", "pick_list_values")
		}
		at := slices.IndexFunc(values, func(v any) bool { return idOf(v.(map[string]any)) == pv["id"] })
		var maps []any
		if at >= 0 {
			maps, _ = values[at].(map[string]any)["maps"].([]any)
		}
		givenMaps, _ := g["maps"].([]any)
		for _, mi := range givenMaps {
			m, _ := mi.(map[string]any)
			cv, ok := s.pickValue(child, m)
			if !ok {
				return refuse("INVALID_DATA", "maps")
			}
			maps = slices.DeleteFunc(maps, func(x any) bool { return idOf(x.(map[string]any)) == cv["id"] })
			if m["_delete"] != true {
				maps = append(maps, cv)
			}
		}
		pv["maps"] = maps
		if at >= 0 {
			values[at] = pv
		} else {
			values = append(values, pv)
		}
	}
	// A child has one parent in a layout; the store is locked by the caller.
	for _, other := range s.keyedStore(mapDependencies).items[parentKey(c)] {
		if idOf(other) != idOf(e) && textOf(other["child"].(map[string]any)["id"]) == child.ID {
			return refuse("DUPLICATE_DATA", "child")
		}
	}
	e["pick_list_values"] = values
	e["parent"] = map[string]any{"api_name": parent.APIName, "id": parent.ID}
	e["child"] = map[string]any{"api_name": child.APIName, "id": child.ID}
	for k, v := range map[string]any{"active": true, "internal": false, "source": 1, "category": 2, "sub_module": nil} {
		if _, ok := e[k]; !ok {
			e[k] = v
		}
	}
	return nil
}
