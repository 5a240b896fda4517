package bulk

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Criteria is a bulk read filter in Zoho's JSON form: a condition (Field,
// Comparator, Value) or a group (GroupOperator "and"/"or" over Group).
// Build one with Where, And and Or, or from the sdk's search criteria
// builder with FromSearch. It is encoded for the API version in use: v2
// names a condition's field as api_name, later versions as
// field.api_name.
type Criteria struct {
	Field         *FieldRef  `json:"field,omitempty"`
	APIName       string     `json:"api_name,omitempty"` // v2's form of Field
	Type          string     `json:"type,omitempty"`     // v8 OAS: "value"
	Comparator    string     `json:"comparator,omitempty"`
	Value         any        `json:"value,omitempty"`
	GroupOperator string     `json:"group_operator,omitempty"`
	Group         []Criteria `json:"group,omitempty"`
}

// FieldRef names a field.
type FieldRef struct {
	APIName string `json:"api_name"`
	ID      string `json:"id,omitempty"`
}

// Bulk read comparators (they differ from search's: equal, not equals).
const (
	Equal        = "equal"
	NotEqual     = "not_equal"
	In           = "in"
	NotIn        = "not_in"
	Contains     = "contains"
	NotContains  = "not_contains"
	StartsWith   = "starts_with"
	EndsWith     = "ends_with"
	LessThan     = "less_than"
	LessEqual    = "less_equal"
	GreaterThan  = "greater_than"
	GreaterEqual = "greater_equal"
	Between      = "between"
	NotBetween   = "not_between"
)

// Where is one condition. value is a string, number or boolean, or a
// slice of them for In, NotIn, Between and NotBetween.
func Where(field, comparator string, value any) Criteria {
	return Criteria{Field: &FieldRef{APIName: field}, Comparator: comparator, Value: value}
}

// And groups criteria that must all hold.
func And(c ...Criteria) Criteria { return group("and", c) }

// Or groups criteria of which one must hold.
func Or(c ...Criteria) Criteria { return group("or", c) }

func group(op string, c []Criteria) Criteria {
	if len(c) == 1 {
		return c[0]
	}
	return Criteria{GroupOperator: op, Group: c}
}

// forVersion rewrites conditions into the version's form.
func (c Criteria) forVersion(v2 bool) Criteria {
	if len(c.Group) > 0 {
		out := c
		out.Group = make([]Criteria, len(c.Group))
		for i, g := range c.Group {
			out.Group[i] = g.forVersion(v2)
		}
		return out
	}
	switch {
	case v2 && c.Field != nil:
		c.APIName, c.Field = c.Field.APIName, nil
	case !v2 && c.APIName != "":
		c.Field, c.APIName = &FieldRef{APIName: c.APIName}, ""
	}
	return c
}

// searchOperators maps the search builder's operators to bulk read's.
var searchOperators = map[string]string{
	"equals": Equal, "not_equal": NotEqual, "starts_with": StartsWith, "in": In, "not_in": NotIn,
	"greater_than": GreaterThan, "greater_equal": GreaterEqual, "less_than": LessThan,
	"less_equal": LessEqual, "between": Between,
}

// FromSearch turns criteria written with the sdk's builder (sdk.Criterion,
// sdk.AllOf, sdk.AnyOf), such as ((Last_Name:equals:Boyle)and(Age:greater_than:30)),
// into bulk read's JSON form. Several values of equals become in.
func FromSearch(criteria string) (Criteria, error) {
	p := &searchParser{s: strings.TrimSpace(criteria)}
	c, err := p.expr()
	if err == nil && p.pos != len(p.s) {
		err = fmt.Errorf("unexpected %q", p.s[p.pos:])
	}
	if err != nil {
		return Criteria{}, fmt.Errorf("zcrm: bulk criteria %q: %w", criteria, err)
	}
	return c, nil
}

type searchParser struct {
	s   string
	pos int
}

// expr is (cond) or (expr op expr op ...).
func (p *searchParser) expr() (Criteria, error) {
	if p.pos >= len(p.s) || p.s[p.pos] != '(' {
		return Criteria{}, fmt.Errorf("expected ( at %d", p.pos)
	}
	if p.pos+1 < len(p.s) && p.s[p.pos+1] != '(' {
		return p.condition()
	}
	p.pos++ // the group's (
	var parts []Criteria
	op := ""
	for {
		c, err := p.expr()
		if err != nil {
			return Criteria{}, err
		}
		parts = append(parts, c)
		rest := p.s[p.pos:]
		switch {
		case strings.HasPrefix(rest, ")"):
			p.pos++
			if op == "" {
				return parts[0], nil
			}
			return Criteria{GroupOperator: op, Group: parts}, nil
		case strings.HasPrefix(rest, "and"), strings.HasPrefix(rest, "or"):
			next := "and"
			if strings.HasPrefix(rest, "or") {
				next = "or"
			}
			if op != "" && op != next {
				// Zoho reads mixed operators left to right: nest what came so far.
				parts = []Criteria{{GroupOperator: op, Group: parts}}
			}
			op = next
			p.pos += len(next)
		default:
			return Criteria{}, fmt.Errorf("expected and, or or ) at %d", p.pos)
		}
	}
}

// condition reads (field:operator:value[,value]) with \ escapes.
func (p *searchParser) condition() (Criteria, error) {
	p.pos++
	var parts []string
	var cur strings.Builder
	var values []string
	for ; p.pos < len(p.s); p.pos++ {
		ch := p.s[p.pos]
		switch {
		case ch == '\\' && p.pos+1 < len(p.s):
			p.pos++
			cur.WriteByte(p.s[p.pos])
		case ch == ':' && len(parts) < 2:
			parts = append(parts, cur.String())
			cur.Reset()
		case ch == ',' && len(parts) == 2:
			values = append(values, cur.String())
			cur.Reset()
		case ch == ')':
			p.pos++
			values = append(values, cur.String())
			if len(parts) != 2 {
				return Criteria{}, fmt.Errorf("a condition is (field:operator:value)")
			}
			op, ok := searchOperators[parts[1]]
			if !ok {
				return Criteria{}, fmt.Errorf("operator %q has no bulk read comparator", parts[1])
			}
			var value any = values[0]
			switch {
			case op == Between:
				if len(values) != 2 {
					return Criteria{}, fmt.Errorf("between takes two values")
				}
				value = values
			case op == In || op == NotIn:
				value = values
			case len(values) > 1 && op == Equal:
				op, value = In, values
			case len(values) > 1 && op == NotEqual:
				op, value = NotIn, values
			}
			return Where(parts[0], op, value), nil
		default:
			cur.WriteByte(ch)
		}
	}
	return Criteria{}, fmt.Errorf("unclosed condition")
}

// String is the criteria as JSON, for logs and errors.
func (c Criteria) String() string {
	b, _ := json.Marshal(c)
	return string(b)
}
