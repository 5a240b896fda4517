package sdk

// Criteria is a condition on a field (Field, Comparator, Value) or a group
// of criteria joined by GroupOperator ("and", "or"), in the JSON form
// Zoho's rules take: scoring rules' field rules, sharing rules, record
// locking rules. Build one with Where, MatchAll and MatchAny.
type Criteria struct {
	GroupOperator string      `json:"group_operator,omitempty"`
	Group         []*Criteria `json:"group,omitempty"`

	Field      *FieldRef `json:"field,omitempty"`
	Comparator string    `json:"comparator,omitempty"` // equal, not_equal, in, like, contains...
	// Value is a string, number or bool, or a slice of them for in;
	// numbers read from Zoho are json.Number.
	Value any `json:"value,omitempty"`
	// Type is what Value is, where Zoho says ("value").
	Type string `json:"type,omitempty"`

	kept
}

func (c *Criteria) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c Criteria) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// Where is one condition on the field with this API name.
func Where(field, comparator string, value any) *Criteria {
	return &Criteria{Field: &FieldRef{APIName: field}, Comparator: comparator, Value: value}
}

// MatchAll groups criteria that must all hold.
func MatchAll(criteria ...*Criteria) *Criteria { return criteriaGroup("and", criteria) }

// MatchAny groups criteria of which one must hold.
func MatchAny(criteria ...*Criteria) *Criteria { return criteriaGroup("or", criteria) }

func criteriaGroup(op string, criteria []*Criteria) *Criteria {
	if len(criteria) == 1 {
		return criteria[0]
	}
	return &Criteria{GroupOperator: op, Group: criteria}
}
