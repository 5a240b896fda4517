package zohotest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// GET {module}/search?criteria=|email=|phone=|word= (payload 27), with
// page and per_page; 204 when nothing matches.

func init() {
	handleCRM("GET", "{module}/search", "ZohoCRM.modules.{module}.READ", (*Server).searchRecords)
}

func (s *Server) searchRecords(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	match, given, ok := searchMatch(c, meta)
	if !ok {
		return
	}
	if !given {
		fail(c.w, http.StatusBadRequest, "EXPECTED_PARAM_MISSING", "one of the expected parameter is missing",
			obj{{"param_names", []string{"criteria", "email", "phone", "word"}}})
		return
	}
	p, ok := s.readListParams(c, meta)
	if !ok {
		return
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	if page*perPage > discretePageLimit {
		fail(c.w, http.StatusBadRequest, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get the first 2000 records without using page_token param", obj{{"limit", discretePageLimit}})
		return
	}
	recs, more := ms.query(recordQuery{filter: p.filter(match), sortBy: p.sortBy, desc: p.sortDesc, offset: (page - 1) * perPage, limit: perPage})
	if len(recs) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	s.writeRecords(c, recs, p.fields, obj{{"per_page", perPage}, {"count", len(recs)}, {"page", page}, {"more_records", more}})
}

// searchMatch reads criteria, email, phone or word (the first given) into
// a filter; given is false when there is none. A criteria that does not
// parse is answered here.
func searchMatch(c *call, meta *moduleMeta) (match func(*record) bool, given, ok bool) {
	switch {
	case c.query("criteria") != "":
		cond, err := parseCriteria(c.query("criteria"))
		if err != nil {
			fail(c.w, http.StatusBadRequest, "INVALID_QUERY", "Invalid query formed", obj{{"reason", err.Error()}, {"param_name", "criteria"}})
			return nil, true, false
		}
		return cond.match, true, true
	case c.query("email") != "":
		return matchAnyField(meta, c.query("email"), isEmailField, func(v, q string) bool { return strings.EqualFold(v, q) }), true, true
	case c.query("phone") != "":
		return matchAnyField(meta, c.query("phone"), isPhoneField, samePhone), true, true
	case c.query("word") != "":
		return matchAnyField(meta, c.query("word"), func(string, *moduleMeta) bool { return true }, containsFold), true, true
	}
	return func(*record) bool { return true }, false, true
}

func isEmailField(name string, meta *moduleMeta) bool {
	if fd, ok := meta.field(name); ok {
		return fd.DataType == "email"
	}
	return strings.Contains(strings.ToLower(name), "email")
}

func isPhoneField(name string, meta *moduleMeta) bool {
	if fd, ok := meta.field(name); ok {
		return fd.DataType == "phone"
	}
	n := strings.ToLower(name)
	return strings.Contains(n, "phone") || strings.Contains(n, "mobile")
}

// matchAnyField matches records where some text field that fits has a
// value eq accepts.
func matchAnyField(meta *moduleMeta, q string, fits func(string, *moduleMeta) bool, eq func(v, q string) bool) func(*record) bool {
	return func(r *record) bool {
		for _, f := range r.own {
			if f.kind == kindString && fits(f.name, meta) && eq(f.str, q) {
				return true
			}
		}
		return false
	}
}

func containsFold(v, q string) bool { return strings.Contains(strings.ToLower(v), strings.ToLower(q)) }

// samePhone compares phone numbers by their digits.
func samePhone(v, q string) bool {
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	dv, dq := digits(v), digits(q)
	return dq != "" && dv == dq
}

// Criteria: (Field:operator:value), groups joined with and/or, nested in
// parentheses: ((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M)).
// Values escape ( ) , and \ with a backslash; an unescaped comma separates
// alternatives (equals a or b). Groups combine left to right.

type criterion interface {
	match(*record) bool
}

type condition struct {
	field, op string
	values    []string
}

type junction struct {
	and         bool
	left, right criterion
}

func (j junction) match(r *record) bool {
	if j.and {
		return j.left.match(r) && j.right.match(r)
	}
	return j.left.match(r) || j.right.match(r)
}

var criteriaOps = map[string]bool{
	"equals": true, "not_equal": true, "starts_with": true, "in": true, "not_in": true,
	"greater_than": true, "greater_equal": true, "less_than": true, "less_equal": true, "between": true,
}

type criteriaParser struct {
	s   string
	pos int
}

func parseCriteria(s string) (criterion, error) {
	p := &criteriaParser{s: strings.TrimSpace(s)}
	c, err := p.group()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.s) {
		return nil, errors.New("unexpected text after the criteria at position " + strconv.Itoa(p.pos))
	}
	return c, nil
}

func (p *criteriaParser) skipSpace() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

// group parses "(" (condition | group {and|or group}) ")".
func (p *criteriaParser) group() (criterion, error) {
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '(' {
		return nil, errors.New("expected ( at position " + strconv.Itoa(p.pos))
	}
	p.pos++
	p.skipSpace()
	var result criterion
	if p.pos < len(p.s) && p.s[p.pos] == '(' {
		var err error
		if result, err = p.group(); err != nil {
			return nil, err
		}
	joins:
		for {
			p.skipSpace()
			rest := strings.ToLower(p.s[p.pos:])
			var and bool
			switch {
			case strings.HasPrefix(rest, "and"):
				and, p.pos = true, p.pos+3
			case strings.HasPrefix(rest, "or"):
				p.pos += 2
			default:
				break joins
			}
			right, err := p.group()
			if err != nil {
				return nil, err
			}
			result = junction{and: and, left: result, right: right}
		}
	} else {
		cond, err := p.condition()
		if err != nil {
			return nil, err
		}
		result = cond
	}
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != ')' {
		return nil, errors.New("expected ) at position " + strconv.Itoa(p.pos))
	}
	p.pos++
	return result, nil
}

// condition parses Field:operator:value up to the unescaped ")".
func (p *criteriaParser) condition() (condition, error) {
	end := p.pos
	for end < len(p.s) && p.s[end] != ')' {
		if p.s[end] == '\\' {
			end++
		}
		end++
	}
	if end > len(p.s) {
		end = len(p.s)
	}
	text := p.s[p.pos:end]
	p.pos = end
	field, rest, ok1 := strings.Cut(text, ":")
	op, value, ok2 := strings.Cut(rest, ":")
	field, op = strings.TrimSpace(field), strings.ToLower(strings.TrimSpace(op))
	if !ok1 || !ok2 || field == "" {
		return condition{}, errors.New("a condition reads (field:operator:value), not (" + text + ")")
	}
	if !criteriaOps[op] {
		return condition{}, errors.New("unknown operator " + op)
	}
	values := splitEscaped(value)
	if op == "between" && len(values) != 2 {
		return condition{}, errors.New("between takes two values: (field:between:low,high)")
	}
	return condition{field: field, op: op, values: values}, nil
}

// splitEscaped splits on unescaped commas and removes the escapes.
func splitEscaped(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case s[i] == ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(out, cur.String())
}

func (c condition) match(r *record) bool {
	var candidates []string
	var num *float64
	switch c.field {
	case "id":
		candidates = []string{r.id}
	default:
		f, ok := r.field(c.field)
		if !ok || f.empty() {
			return c.op == "not_equal" || c.op == "not_in"
		}
		candidates, num = comparable(f)
	}
	switch c.op {
	case "equals", "in":
		return anyPair(candidates, c.values, strings.EqualFold)
	case "not_equal", "not_in":
		return !anyPair(candidates, c.values, strings.EqualFold)
	case "starts_with":
		return anyPair(candidates, c.values, func(v, q string) bool { return strings.HasPrefix(strings.ToLower(v), strings.ToLower(q)) })
	case "between":
		return compareText(candidates[0], num, c.values[0]) >= 0 && compareText(candidates[0], num, c.values[1]) <= 0
	}
	cmp := compareText(candidates[0], num, c.values[0])
	switch c.op {
	case "greater_than":
		return cmp > 0
	case "greater_equal":
		return cmp >= 0
	case "less_than":
		return cmp < 0
	}
	return cmp <= 0 // less_equal
}

// comparable gives the texts a value can be matched as: a string itself,
// a number in its JSON form, a lookup's name and id, a list's items.
func comparable(f fieldValue) ([]string, *float64) {
	switch f.kind {
	case kindString:
		return []string{f.str}, nil
	case kindNumber:
		n := f.num
		return []string{string(f.raw)}, &n
	case kindBool:
		return []string{strconv.FormatBool(f.b)}, nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case float64:
			out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
		case map[string]any:
			walk(t["name"])
			walk(t["id"])
		case []any:
			for _, item := range t {
				walk(item)
			}
		}
	}
	walk(f.decoded())
	if len(out) == 0 {
		out = []string{""}
	}
	return out, nil
}

func anyPair(values, queries []string, eq func(v, q string) bool) bool {
	for _, v := range values {
		for _, q := range queries {
			if eq(v, q) {
				return true
			}
		}
	}
	return false
}

// compareText compares numerically when both sides are numbers, as times
// when both are times, else as text ignoring case.
func compareText(v string, num *float64, q string) int {
	if num != nil {
		if qn, err := strconv.ParseFloat(q, 64); err == nil {
			switch {
			case *num < qn:
				return -1
			case *num > qn:
				return 1
			}
			return 0
		}
	}
	if tv, ok := parseZohoTime(v); ok {
		if tq, ok := parseZohoTime(q); ok {
			return tv.Compare(tq)
		}
	}
	return strings.Compare(strings.ToLower(v), strings.ToLower(q))
}
