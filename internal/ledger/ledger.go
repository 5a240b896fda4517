// Package ledger reads the list of Zoho CRM's endpoints that the SDK is
// measured against: every method and path of Zoho's OpenAPI description of
// CRM v8 (github.com/zoho/crm-oas, folder v8.0, one file per API group),
// kept in sdk/testdata/crm-oas-v8.0.ledger. The SDK's tests check that each
// line is reached by a typed call against the emulator, unless the line
// says it is pending (not typed yet) or left out (with Zoho's reason).
//
// A line is
//
//	METHOD PATH GROUPS [pending] [via=METHOD:TEMPLATE ...] [left-out: REASON]
//
// GROUPS are the crm-oas files (without .json) that describe the endpoint,
// comma-separated. A via template is another path that reaches the line,
// for an endpoint whose path Zoho hands out at run time ({download_url}).
// Lines starting with # are comments.
package ledger

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
)

// File is the ledger's path from the module's root.
const File = "sdk/testdata/crm-oas-v8.0.ledger"

// State says what the tests expect of a line.
type State int

const (
	// Reached: some typed call of the SDK must reach the endpoint.
	Reached State = iota
	// Pending: not typed yet; a typed call reaching it is an error too, so
	// that the mark is dropped when the call is added.
	Pending
	// LeftOut: deliberately not typed, for the reason given.
	LeftOut
)

// Line is one endpoint.
type Line struct {
	Method string
	Path   string // as crm-oas writes it, /crm/v8/...
	Groups []string
	State  State
	Reason string     // why it is left out
	Via    []template // other paths that reach it

	tmpl template
	num  int // line number in the file
}

type template struct {
	method string
	segs   []string // "" for a parameter
}

// Ledger is the parsed file.
type Ledger struct {
	Lines []*Line
}

// Load reads a ledger file.
func Load(path string) (*Ledger, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l := &Ledger{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		line, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		line.num = n
		l.Lines = append(l.Lines, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for _, line := range l.Lines {
		key := line.Method + " " + line.tmpl.shape()
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s %s is the endpoint of line %d again", path, line.num, line.Method, line.Path, first)
		}
		seen[key] = line.num
	}
	return l, nil
}

var methods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}

func parseLine(text string) (*Line, error) {
	text, reason, leftOut := strings.Cut(text, "left-out:")
	fields := strings.Fields(text)
	if len(fields) < 3 {
		return nil, fmt.Errorf("want METHOD PATH GROUPS, got %q", text)
	}
	line := &Line{Method: fields[0], Path: fields[1], Groups: strings.Split(fields[2], ",")}
	if !methods[line.Method] || !strings.HasPrefix(line.Path, "/") {
		return nil, fmt.Errorf("want METHOD PATH GROUPS, got %q", text)
	}
	line.tmpl = parseTemplate(line.Method, line.Path)
	for _, f := range fields[3:] {
		switch {
		case f == "pending":
			line.State = Pending
		case strings.HasPrefix(f, "via="):
			method, path, ok := strings.Cut(strings.TrimPrefix(f, "via="), ":")
			if !ok || !methods[method] {
				return nil, fmt.Errorf("want via=METHOD:TEMPLATE, got %q", f)
			}
			line.Via = append(line.Via, parseTemplate(method, path))
		default:
			return nil, fmt.Errorf("unknown mark %q", f)
		}
	}
	if leftOut {
		if line.State == Pending {
			return nil, fmt.Errorf("a line is pending or left out, not both")
		}
		line.State, line.Reason = LeftOut, strings.TrimSpace(reason)
		if line.Reason == "" {
			return nil, fmt.Errorf("left-out: needs Zoho's reason")
		}
	}
	return line, nil
}

func parseTemplate(method, path string) template {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ""
		}
	}
	return template{method: method, segs: segs}
}

func (t template) shape() string {
	out := make([]string, len(t.segs))
	for i, s := range t.segs {
		if s == "" {
			s = "{}"
		}
		out[i] = s
	}
	return "/" + strings.Join(out, "/")
}

var versionSegment = regexp.MustCompile(`^v[0-9]+(\.[0-9]+)?$`)

// pathSegments splits an escaped request path and writes its API version
// as v8, so that a call made with any version reaches the v8 line.
func pathSegments(escaped string) []string {
	segs := strings.Split(strings.Trim(escaped, "/"), "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	if len(segs) > 1 && segs[0] == "crm" {
		at := 1
		if len(segs) > 2 && (segs[1] == "bulk" || segs[1] == "email") {
			at = 2
		}
		if versionSegment.MatchString(segs[at]) {
			segs[at] = "v8"
		}
	}
	return segs
}

// matches reports whether t matches the segments, and how specific the
// match is: one bit per literal, the first segment highest.
func (t template) matches(method string, segs []string) (bool, uint64) {
	if t.method != method || len(t.segs) != len(segs) {
		return false, 0
	}
	var score uint64
	for i, s := range t.segs {
		if s == "" {
			if segs[i] == "" {
				return false, 0
			}
			continue
		}
		if s != segs[i] {
			return false, 0
		}
		if i < 64 {
			score |= 1 << (63 - i)
		}
	}
	return true, score
}

// Match returns the line a request reaches: of the lines whose path (or a
// via template) matches, the most specific (the first segment where two
// differ, a literal beats a parameter). Nil when none does.
func (l *Ledger) Match(method, escapedPath string) *Line {
	segs := pathSegments(escapedPath)
	var best *Line
	var bestScore uint64
	for _, line := range l.Lines {
		for _, t := range append([]template{line.tmpl}, line.Via...) {
			ok, score := t.matches(method, segs)
			if ok && (best == nil || score > bestScore) {
				best, bestScore = line, score
			}
		}
	}
	return best
}

// Request is a request an emulator answered.
type Request struct{ Method, Path string }

// Check matches what was served against the lines owned (by the package
// whose tests ran) and returns what is wrong: an owned line that should
// have been reached and was not, and a pending line that was reached (its
// mark must go).
func (l *Ledger) Check(served []Request, owned func(*Line) bool) []string {
	reached := map[*Line]bool{}
	for _, r := range served {
		if line := l.Match(r.Method, r.Path); line != nil {
			reached[line] = true
		}
	}
	var problems []string
	for _, line := range l.Lines {
		if !owned(line) {
			continue
		}
		switch {
		case line.State == Reached && !reached[line]:
			problems = append(problems, fmt.Sprintf("%s %s (%s): no typed call reached it in these tests", line.Method, line.Path, strings.Join(line.Groups, ",")))
		case line.State == Pending && reached[line]:
			problems = append(problems, fmt.Sprintf("%s %s (%s): a typed call reached it: drop its pending mark", line.Method, line.Path, strings.Join(line.Groups, ",")))
		}
	}
	return problems
}

// Counts is what the README says of the ledger.
type Counts struct {
	Endpoints, Reached, LeftOut int
	Groups, WholeGroups         int
}

// Count counts endpoints and groups: a group is whole when each of its
// endpoints is reached or left out.
func (l *Ledger) Count() Counts {
	var c Counts
	whole := map[string]bool{}
	for _, line := range l.Lines {
		c.Endpoints++
		switch line.State {
		case Reached:
			c.Reached++
		case LeftOut:
			c.LeftOut++
		}
		for _, g := range line.Groups {
			if _, ok := whole[g]; !ok {
				whole[g] = true
			}
			if line.State == Pending {
				whole[g] = false
			}
		}
	}
	c.Groups = len(whole)
	for _, w := range whole {
		if w {
			c.WholeGroups++
		}
	}
	return c
}

// Sentence is how the README states the counts; a test keeps it true.
func (c Counts) Sentence() string {
	s := fmt.Sprintf("zcrm calls %d of the %d endpoints of Zoho CRM v8 (crm-oas v8.0) and every endpoint of %d of its %d API groups", c.Reached, c.Endpoints, c.WholeGroups, c.Groups)
	if c.LeftOut > 0 {
		s += fmt.Sprintf("; %d endpoints are left out, each with Zoho's reason", c.LeftOut)
	}
	return s + "."
}

// Groups returns the groups' names, sorted.
func (l *Ledger) Groups() []string {
	set := map[string]bool{}
	for _, line := range l.Lines {
		for _, g := range line.Groups {
			set[g] = true
		}
	}
	out := make([]string, 0, len(set))
	for g := range set {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// packageGroups are the groups whose typed calls are tested in another
// package than sdk: bulk jobs in sdk/bulk, notification channels in
// sdk/notify (beside the handler and keeper built on them).
var packageGroups = map[string]string{
	"bulk_read":     "bulk",
	"bulk_write":    "bulk",
	"notifications": "notify",
}

// owner is the package whose tests must reach the line: "bulk" or
// "notify" when every group of the line is theirs, else "sdk".
func owner(line *Line) string {
	pkg := ""
	for _, g := range line.Groups {
		p, ok := packageGroups[g]
		if !ok || (pkg != "" && p != pkg) {
			return "sdk"
		}
		pkg = p
	}
	return pkg
}

// OwnedByBulk reports whether the line's calls are tested in sdk/bulk.
func OwnedByBulk(line *Line) bool { return owner(line) == "bulk" }

// OwnedByNotify reports whether the line's calls are tested in sdk/notify.
func OwnedByNotify(line *Line) bool { return owner(line) == "notify" }

// OwnedBySDK reports whether the line's calls are tested in package sdk.
func OwnedBySDK(line *Line) bool { return owner(line) == "sdk" }
