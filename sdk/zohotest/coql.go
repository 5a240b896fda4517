package zohotest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// COQL: POST coql with {"select_query": "select ... from Module where ...
// [order by ...] [limit n [offset m]]"} (payloads/36). The emulator runs
// the subset clients page with: columns (field API names, id, and a
// lookup's sub-field such as Account_Name.Account_Name, joined to the
// lookup's module), WHERE with = != <> > < >= <= like, not like, in, not
// in, between, is null and is not null joined by and/or in parentheses,
// ORDER BY any columns asc/desc (id ascending by default), LIMIT and
// OFFSET (or LIMIT offset, count). WHERE is mandatory, as Zoho's
// "missing clause" error shows. Aggregates, subqueries and aliases answer
// "given coql query not supported". Limits by version: LIMIT at most 200,
// or 2000 from v4 (sinceCOQLLimit2000); LIMIT and OFFSET reach the first
// 10,000 records, 100,000 from v7 (sinceCOQLReach100k).

func init() {
	handleCRM("POST", "coql", "ZohoCRM.coql.READ", (*Server).coql)
}

// coqlError is an error answer: SYNTAX_ERROR, INVALID_QUERY...
type coqlError struct {
	code, message string
	details       obj
}

func (e *coqlError) write(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, e.code, e.message, e.details)
}

func coqlSyntaxError(tok coqlToken) *coqlError {
	if tok.kind == coqlEOF {
		return &coqlError{"SYNTAX_ERROR", "unexpected end of query", obj{{"line", 1}, {"column", tok.pos + 1}, {"near", ""}}}
	}
	return &coqlError{"SYNTAX_ERROR", "unexpected token", obj{{"line", 1}, {"column", tok.pos + 1}, {"near", tok.text}}}
}

var errCOQLNotSupported = &coqlError{"SYNTAX_ERROR", "given coql query not supported", obj{}}

func (s *Server) coql(c *call) {
	var body struct {
		Query *string `json:"select_query"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 1<<20)).Decode(&body); err != nil {
		failBody(c.w)
		return
	}
	if body.Query == nil || strings.TrimSpace(*body.Query) == "" {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "mandatory key not found", obj{{"api_name", "select_query"}})
		return
	}
	q, cerr := parseCOQL(*body.Query)
	if cerr != nil {
		cerr.write(c.w)
		return
	}
	ms, ok := s.modules.get(q.module)
	if !ok {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the given module is not supported in api", obj{})
		return
	}
	meta := ms.meta.Load()
	if !allowsAny(c.grant.scopes, "ZohoCRM.modules."+strings.ToLower(strings.ReplaceAll(meta.APIName, "_", ""))+".READ") {
		failScope(c.w)
		return
	}
	if cerr := q.check(meta); cerr != nil {
		cerr.write(c.w)
		return
	}
	perCall, reach := 200, 10_000
	if c.version.atLeast(sinceCOQLLimit2000) {
		perCall = 2000
	}
	if c.version.atLeast(sinceCOQLReach100k) {
		reach = 100_000
	}
	switch {
	case q.limit <= 0:
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "limit should be greater than 0", obj{})
		return
	case c.composite && q.limit > compositeReadLimit && q.limitGiven:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"by", "limit"}, {"limit", compositeReadLimit}})
		return
	case q.limit > perCall:
		fail(c.w, http.StatusBadRequest, "INVALID_QUERY", "limit given seems to be invalid", obj{{"limit", perCall}})
		return
	case q.offset+q.limit > reach:
		// Zoho's exact answer past the reach is unconfirmed.
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", reach}})
		return
	}

	if c.composite {
		q.limit = min(q.limit, compositeReadLimit)
	}
	recs, more := s.runCOQL(ms, meta, q)
	if len(recs) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	data := make([]obj, len(recs))
	for i, r := range recs {
		row := make(obj, 0, len(q.columns)+1)
		for _, col := range q.columns {
			row = append(row, kv{col, json.RawMessage(s.coqlValue(meta, r, col).raw)})
		}
		if !slices.Contains(q.columns, "id") {
			row = append(row, kv{"id", r.id})
		}
		data[i] = row
	}
	writeJSON(c.w, http.StatusOK, obj{{"data", data}, {"info", obj{{"count", len(data)}, {"more_records", more}}}})
}

// runCOQL finds the page of records the query selects.
func (s *Server) runCOQL(ms *moduleStore, meta *moduleMeta, q *coqlQuery) ([]*record, bool) {
	ms.mu.RLock()
	all := slices.Clone(ms.order)
	ms.mu.RUnlock()
	matches := all[:0]
	for _, r := range all {
		if q.where.eval(s, meta, r) {
			matches = append(matches, r)
		}
	}
	if len(q.order) > 0 {
		type keyed struct {
			r    *record
			keys []fieldValue
		}
		ks := make([]keyed, len(matches))
		for i, r := range matches {
			ks[i].r = r
			for _, o := range q.order {
				ks[i].keys = append(ks[i].keys, s.coqlValue(meta, r, o.column))
			}
		}
		slices.SortStableFunc(ks, func(a, b keyed) int {
			for i, o := range q.order {
				if c := coqlCompare(a.keys[i], b.keys[i]); c != 0 {
					if o.desc {
						return -c
					}
					return c
				}
			}
			return compareIDs(a.r.id, b.r.id)
		})
		for i := range ks {
			matches[i] = ks[i].r
		}
	}
	start := min(q.offset, len(matches))
	end := min(start+q.limit, len(matches))
	return matches[start:end], end < len(matches)
}

// coqlValue is a column of a record: a field, id, or a sub-field of a
// lookup (its own key, or the field of the record it points to).
func (s *Server) coqlValue(meta *moduleMeta, r *record, column string) fieldValue {
	if column == "id" {
		return fieldOf("id", r.id)
	}
	base, sub, joined := strings.Cut(column, ".")
	f, ok := r.field(base)
	if !ok {
		return makeField(column, nil)
	}
	if !joined {
		return f
	}
	if f.kind != kindObject {
		return makeField(column, nil)
	}
	var o map[string]json.RawMessage
	if json.Unmarshal(f.raw, &o) != nil {
		return makeField(column, nil)
	}
	if raw, ok := o[sub]; ok {
		return makeField(column, compactJSONValue(raw))
	}
	fd, ok := meta.field(base)
	if !ok || fd.LookupModule == "" {
		return makeField(column, nil)
	}
	target, ok := s.modules.get(fd.LookupModule)
	if !ok {
		return makeField(column, nil)
	}
	id := idText(makeField("id", o["id"]))
	target.mu.RLock()
	tr := target.byID[id]
	target.mu.RUnlock()
	if tr == nil {
		return makeField(column, nil)
	}
	return s.coqlValue(target.meta.Load(), tr, sub)
}

// coqlCompare orders empty values first, then numbers, booleans and
// text (ignoring case).
func coqlCompare(a, b fieldValue) int {
	ae, be := a.empty(), b.empty()
	switch {
	case ae && be:
		return 0
	case ae:
		return -1
	case be:
		return 1
	case a.kind != b.kind:
		return int(a.kind) - int(b.kind)
	}
	switch a.kind {
	case kindNumber:
		return cmpFloat(a.num, b.num)
	case kindBool:
		return cmpFloat(coqlBoolNum(a.b), coqlBoolNum(b.b))
	case kindString:
		return strings.Compare(strings.ToLower(a.str), strings.ToLower(b.str))
	}
	return strings.Compare(string(a.raw), string(b.raw))
}

func coqlBoolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// The query.

type coqlQuery struct {
	columns       []string
	module        string
	where         coqlExpr
	order         []coqlOrder
	limit, offset int
	limitGiven    bool // the query has a limit clause
}

type coqlOrder struct {
	column string
	desc   bool
}

type coqlExpr interface {
	eval(s *Server, meta *moduleMeta, r *record) bool
	columns() []string
}

type coqlJunction struct {
	and         bool
	left, right coqlExpr
}

func (j coqlJunction) eval(s *Server, meta *moduleMeta, r *record) bool {
	if j.and {
		return j.left.eval(s, meta, r) && j.right.eval(s, meta, r)
	}
	return j.left.eval(s, meta, r) || j.right.eval(s, meta, r)
}

func (j coqlJunction) columns() []string { return append(j.left.columns(), j.right.columns()...) }

// coqlCond is column op value(s).
type coqlCond struct {
	column string
	op     string // = != > < >= <= like in between "is null"; not negates
	not    bool
	values []string
}

func (c coqlCond) columns() []string { return []string{c.column} }

func (c coqlCond) eval(s *Server, meta *moduleMeta, r *record) bool {
	return c.match(s.coqlValue(meta, r, c.column)) != c.not
}

func (c coqlCond) match(f fieldValue) bool {
	if c.op == "is null" {
		return f.empty()
	}
	if f.empty() {
		return false
	}
	cands, num := comparable(f)
	eq := func(v string) bool {
		for _, cand := range cands {
			if compareText(cand, num, v) == 0 {
				return true
			}
		}
		return false
	}
	switch c.op {
	case "=", "in":
		return slices.ContainsFunc(c.values, eq)
	case "like":
		return anyPair(cands, c.values, coqlLike)
	case "between":
		return compareText(cands[0], num, c.values[0]) >= 0 && compareText(cands[0], num, c.values[1]) <= 0
	}
	cmp := compareText(cands[0], num, c.values[0])
	switch c.op {
	case ">":
		return cmp > 0
	case "<":
		return cmp < 0
	case ">=":
		return cmp >= 0
	}
	return cmp <= 0 // <=
}

// coqlLike reads % at either end as starts with, ends with or contains.
func coqlLike(v, pattern string) bool {
	v, p := strings.ToLower(v), strings.ToLower(pattern)
	start, end := strings.HasPrefix(p, "%"), strings.HasSuffix(p, "%") && len(p) > 1
	p = strings.TrimSuffix(strings.TrimPrefix(p, "%"), "%")
	switch {
	case start && end:
		return strings.Contains(v, p)
	case start:
		return strings.HasSuffix(v, p)
	case end:
		return strings.HasPrefix(v, p)
	}
	return v == p
}

// check validates the columns against the module's fields.
func (q *coqlQuery) check(meta *moduleMeta) *coqlError {
	cols := slices.Clone(q.columns)
	cols = append(cols, q.where.columns()...)
	for _, o := range q.order {
		cols = append(cols, o.column)
	}
	for _, col := range cols {
		base, _, joined := strings.Cut(col, ".")
		if base == "id" && !joined {
			continue
		}
		fd, ok := meta.field(base)
		if !ok || (joined && fd.DataType != "lookup" && fd.DataType != "ownerlookup") {
			return &coqlError{"INVALID_QUERY", "column given seems to be invalid", obj{{"column_name", col}}}
		}
	}
	return nil
}

// Parsing.

type coqlTokenKind int

const (
	coqlEOF coqlTokenKind = iota
	coqlIdent
	coqlNumber
	coqlString
	coqlSymbolTok
)

type coqlToken struct {
	kind coqlTokenKind
	text string // a string's value, unquoted
	pos  int
}

func (t coqlToken) is(word string) bool {
	return t.kind == coqlIdent && strings.EqualFold(t.text, word)
}

func lexCOQL(src string) ([]coqlToken, *coqlError) {
	var toks []coqlToken
	i := 0
	for i < len(src) {
		ch := src[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		case ch == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(src); j++ {
				if src[j] == '\\' && j+1 < len(src) {
					j++
					b.WriteByte(src[j])
					continue
				}
				if src[j] == '\'' {
					if j+1 < len(src) && src[j+1] == '\'' { // '' is a quote
						b.WriteByte('\'')
						j++
						continue
					}
					break
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, coqlSyntaxError(coqlToken{kind: coqlSymbolTok, text: src[i:], pos: i})
			}
			toks = append(toks, coqlToken{coqlString, b.String(), i})
			i = j + 1
		case coqlIdentStart(ch):
			j := i
			for j < len(src) && (coqlIdentStart(src[j]) || (src[j] >= '0' && src[j] <= '9') || src[j] == '.') {
				j++
			}
			toks = append(toks, coqlToken{coqlIdent, src[i:j], i})
			i = j
		case ch >= '0' && ch <= '9' || (ch == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			j := i + 1
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			toks = append(toks, coqlToken{coqlNumber, src[i:j], i})
			i = j
		default:
			sym := coqlSymbol(src[i:])
			if sym == "" {
				return nil, coqlSyntaxError(coqlToken{kind: coqlSymbolTok, text: string(ch), pos: i})
			}
			toks = append(toks, coqlToken{coqlSymbolTok, sym, i})
			i += len(sym)
		}
	}
	return append(toks, coqlToken{kind: coqlEOF, pos: len(src)}), nil
}

// coqlSymbol is the operator or punctuation src starts with, or "".
func coqlSymbol(src string) string {
	for _, sym := range []string{"!=", "<>", ">=", "<=", "=", ">", "<", "(", ")", ",", "*", ";"} {
		if strings.HasPrefix(src, sym) {
			return sym
		}
	}
	return ""
}

func coqlIdentStart(ch byte) bool {
	return ch == '_' || ch == '$' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}

type coqlParser struct {
	toks []coqlToken
	pos  int
}

func (p *coqlParser) peek() coqlToken { return p.toks[p.pos] }

func (p *coqlParser) next() coqlToken {
	t := p.toks[p.pos]
	if t.kind != coqlEOF {
		p.pos++
	}
	return t
}

func (p *coqlParser) symbol(s string) bool {
	if t := p.peek(); t.kind == coqlSymbolTok && t.text == s {
		p.pos++
		return true
	}
	return false
}

func (p *coqlParser) keyword(words ...string) bool {
	for i, w := range words {
		if p.pos+i >= len(p.toks) || !p.toks[p.pos+i].is(w) {
			return false
		}
	}
	p.pos += len(words)
	return true
}

func parseCOQL(src string) (*coqlQuery, *coqlError) {
	toks, err := lexCOQL(strings.TrimRight(strings.TrimSpace(src), ";"))
	if err != nil {
		return nil, err
	}
	p := &coqlParser{toks: toks}
	q := &coqlQuery{limit: 200}
	if !p.keyword("select") {
		return nil, coqlSyntaxError(p.peek())
	}
	for {
		t := p.next()
		switch {
		case t.kind == coqlSymbolTok && t.text == "*":
			return nil, errCOQLNotSupported
		case t.kind != coqlIdent:
			return nil, coqlSyntaxError(t)
		}
		if p.peek().kind == coqlSymbolTok && p.peek().text == "(" {
			return nil, errCOQLNotSupported // aggregates and functions
		}
		if p.peek().is("as") {
			return nil, errCOQLNotSupported // aliases
		}
		q.columns = append(q.columns, t.text)
		if !p.symbol(",") {
			break
		}
	}
	if !p.keyword("from") {
		return nil, coqlSyntaxError(p.peek())
	}
	mod := p.next()
	if mod.kind != coqlIdent {
		return nil, coqlSyntaxError(mod)
	}
	q.module = mod.text
	if !p.keyword("where") {
		if t := p.peek(); t.kind == coqlEOF || t.is("order") || t.is("limit") || t.is("offset") {
			return nil, &coqlError{"SYNTAX_ERROR", "missing clause", obj{{"clause", "where"}}}
		}
		return nil, coqlSyntaxError(p.peek())
	}
	where, err := p.expr()
	if err != nil {
		return nil, err
	}
	q.where = where
	if p.keyword("order", "by") {
		for {
			t := p.next()
			if t.kind != coqlIdent {
				return nil, coqlSyntaxError(t)
			}
			o := coqlOrder{column: t.text}
			if p.keyword("desc") {
				o.desc = true
			} else {
				p.keyword("asc")
			}
			q.order = append(q.order, o)
			if !p.symbol(",") {
				break
			}
		}
	}
	if p.keyword("limit") {
		n, err := p.count("limit")
		if err != nil {
			return nil, err
		}
		q.limit, q.limitGiven = n, true
		if p.symbol(",") { // limit offset, count
			m, err := p.count("limit")
			if err != nil {
				return nil, err
			}
			q.offset, q.limit = n, m
		}
	}
	if p.keyword("offset") {
		m, err := p.count("offset")
		if err != nil {
			return nil, err
		}
		q.offset = m
	}
	if t := p.peek(); t.kind != coqlEOF {
		return nil, coqlSyntaxError(t)
	}
	return q, nil
}

// count reads a LIMIT or OFFSET number.
func (p *coqlParser) count(clause string) (int, *coqlError) {
	t := p.next()
	n, err := strconv.Atoi(t.text)
	if t.kind != coqlNumber || err != nil || n < 0 {
		return 0, &coqlError{"INVALID_QUERY", clause + " given seems to be invalid", obj{{clause, t.text}}}
	}
	return n, nil
}

// expr parses conditions joined by and/or; and binds tighter.
func (p *coqlParser) expr() (coqlExpr, *coqlError) {
	left, err := p.conjunction()
	if err != nil {
		return nil, err
	}
	for p.keyword("or") {
		right, err := p.conjunction()
		if err != nil {
			return nil, err
		}
		left = coqlJunction{left: left, right: right}
	}
	return left, nil
}

func (p *coqlParser) conjunction() (coqlExpr, *coqlError) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.keyword("and") {
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		left = coqlJunction{and: true, left: left, right: right}
	}
	return left, nil
}

func (p *coqlParser) term() (coqlExpr, *coqlError) {
	if p.symbol("(") {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.symbol(")") {
			return nil, coqlSyntaxError(p.peek())
		}
		return e, nil
	}
	col := p.next()
	if col.kind != coqlIdent {
		return nil, coqlSyntaxError(col)
	}
	c := coqlCond{column: col.text}
	switch t := p.peek(); {
	case p.keyword("is", "not", "null"):
		c.op, c.not = "is null", true
		return c, nil
	case p.keyword("is", "null"):
		c.op = "is null"
		return c, nil
	case p.keyword("not", "in"):
		c.op, c.not = "in", true
	case p.keyword("in"):
		c.op = "in"
	case p.keyword("not", "like"):
		c.op, c.not = "like", true
	case p.keyword("like"):
		c.op = "like"
	case p.keyword("between"):
		lo, err := p.value()
		if err != nil {
			return nil, err
		}
		if !p.keyword("and") {
			return nil, coqlSyntaxError(p.peek())
		}
		hi, err := p.value()
		if err != nil {
			return nil, err
		}
		c.op, c.values = "between", []string{lo, hi}
		return c, nil
	case t.kind == coqlSymbolTok && slices.Contains([]string{"=", "!=", "<>", ">", "<", ">=", "<="}, t.text):
		p.next()
		c.op = t.text
		if c.op == "!=" || c.op == "<>" {
			c.op, c.not = "=", true
		}
	default:
		return nil, coqlSyntaxError(t)
	}
	if c.op == "in" {
		if !p.symbol("(") {
			return nil, coqlSyntaxError(p.peek())
		}
		for {
			if p.peek().is("select") {
				return nil, errCOQLNotSupported // subqueries
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.values = append(c.values, v)
			if !p.symbol(",") {
				break
			}
		}
		if !p.symbol(")") {
			return nil, coqlSyntaxError(p.peek())
		}
		return c, nil
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	c.values = []string{v}
	return c, nil
}

// value reads a literal: 'text', a number, true or false.
func (p *coqlParser) value() (string, *coqlError) {
	t := p.next()
	switch {
	case t.kind == coqlString, t.kind == coqlNumber:
		return t.text, nil
	case t.is("true"), t.is("false"):
		return strings.ToLower(t.text), nil
	}
	return "", coqlSyntaxError(t)
}
