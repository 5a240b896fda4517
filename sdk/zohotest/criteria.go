package zohotest

import "strings"

// Rules' criteria (scoring, sharing and record locking rules) in Zoho's
// JSON form: {"field":{"api_name"},"comparator","value"} or
// {"group_operator":"and"|"or","group":[...]}.

// criteriaProblem returns what is wrong with criteria on a module's
// records: "" when nothing is, else the key at fault (a group without
// its operator or items, a condition without comparator, or on a field
// the module has not).
func criteriaProblem(meta *moduleMeta, v any) string {
	c, ok := v.(map[string]any)
	if !ok {
		return "criteria"
	}
	if group, isGroup := c["group"].([]any); isGroup || c["group_operator"] != nil {
		op, _ := c["group_operator"].(string)
		if op = strings.ToLower(op); (op != "and" && op != "or") || len(group) == 0 {
			return "group_operator"
		}
		for _, item := range group {
			if p := criteriaProblem(meta, item); p != "" {
				return p
			}
		}
		return ""
	}
	field, _ := c["field"].(map[string]any)
	name, _ := field["api_name"].(string)
	if _, known := meta.field(name); !known {
		return "field"
	}
	if comparator, _ := c["comparator"].(string); comparator == "" {
		return "comparator"
	}
	return ""
}

// criteriaMatch reports whether d (a settings entry, its keys as Zoho's
// search filters name them: "shared_to.type") meets criteria: equal and
// in compare text case-insensitively, like looks for the text.
func criteriaMatch(d doc, v any) bool {
	c, _ := v.(map[string]any)
	if group, ok := c["group"].([]any); ok {
		and := !strings.EqualFold(text(c, "group_operator"), "or")
		for _, item := range group {
			if criteriaMatch(d, item) != and {
				return !and
			}
		}
		return and
	}
	field, _ := c["field"].(map[string]any)
	name, _ := field["api_name"].(string)
	have := strings.ToLower(textAt(d, name))
	want := func(x any) string { return strings.ToLower(textOf(x)) }
	switch text(c, "comparator") {
	case "equal":
		return have == want(c["value"])
	case "in":
		values, _ := c["value"].([]any)
		for _, x := range values {
			if have == want(x) {
				return true
			}
		}
		return false
	case "like":
		return strings.Contains(have, want(c["value"]))
	}
	return false
}

// textAt reads a dotted path of d ("shared_to.resource.id") as text.
func textAt(d doc, path string) string {
	var v any = map[string]any(d)
	for _, k := range strings.Split(path, ".") {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return textOf(v)
}

// textOf is a JSON scalar as text: strings as they are, numbers and
// booleans as JSON writes them.
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return strings.Trim(string(mustJSON(v)), `"`)
}
