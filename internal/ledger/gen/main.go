// Command gen writes the endpoint ledger (sdk/testdata/crm-oas-v8.0.ledger)
// from a checkout of github.com/zoho/crm-oas: every method and path of the
// OpenAPI files in its folder v8.0, each with the groups (file names) that
// describe it. Paths that differ only in their parameters' names are one
// endpoint. The marks of an existing ledger (pending, via, left-out) are
// kept; a new endpoint comes in as pending.
//
//	go run ./internal/ledger/gen -oas ../crm-oas/v8.0 -commit $(git -C ../crm-oas rev-parse --short HEAD)
//
// It also writes, for each group, an answer made from the schema of each
// of its endpoints' success answers (samples.go).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	oas := flag.String("oas", "", "the v8.0 folder of a crm-oas checkout")
	out := flag.String("ledger", "sdk/testdata/crm-oas-v8.0.ledger", "the ledger to write (its marks are kept)")
	samples := flag.String("samples", "sdk/testdata/crm-oas", "the folder of the answers made from crm-oas's schemas")
	commit := flag.String("commit", "", "the crm-oas commit, named in the samples' source")
	flag.Parse()
	err := run(*oas, *out)
	if err == nil {
		err = writeSamples(*oas, *samples, *commit)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

var param = regexp.MustCompile(`\{[^}]*\}`)

type endpoint struct {
	method, path string
	groups       []string
}

func run(oas, out string) error {
	if oas == "" {
		return fmt.Errorf("-oas is required")
	}
	files, err := filepath.Glob(filepath.Join(oas, "*.json"))
	if err != nil {
		return err
	}
	byShape := map[string]*endpoint{}
	for _, file := range files {
		group := strings.TrimSuffix(filepath.Base(file), ".json")
		if group == "common" { // what the groups share, no endpoint of its own
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var doc struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		for path, ops := range doc.Paths {
			for method := range ops {
				m := strings.ToUpper(method)
				if !map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}[m] {
					continue
				}
				key := m + " " + param.ReplaceAllString(path, "{}")
				e, ok := byShape[key]
				if !ok {
					e = &endpoint{method: m, path: path}
					byShape[key] = e
				}
				if !contains(e.groups, group) {
					e.groups = append(e.groups, group)
				}
			}
		}
	}
	marks, err := oldMarks(out)
	if err != nil {
		return err
	}
	endpoints := make([]*endpoint, 0, len(byShape))
	for _, e := range byShape {
		sort.Strings(e.groups)
		endpoints = append(endpoints, e)
	}
	sort.Slice(endpoints, func(i, j int) bool {
		a, b := endpoints[i], endpoints[j]
		if a.groups[0] != b.groups[0] {
			return a.groups[0] < b.groups[0]
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return a.method < b.method
	})
	var sb strings.Builder
	sb.WriteString("# The endpoints of Zoho CRM v8: every method and path of github.com/zoho/crm-oas, folder v8.0,\n")
	sb.WriteString("# with the API groups (its files) that describe them. Written by internal/ledger/gen; the marks\n")
	sb.WriteString("# are kept by hand: pending (not typed yet), via=METHOD:PATH (another path reaching the line),\n")
	sb.WriteString("# left-out: Zoho's reason. See internal/ledger.\n")
	for _, e := range endpoints {
		key := e.method + " " + param.ReplaceAllString(e.path, "{}")
		mark, ok := marks[key]
		if !ok {
			mark = "pending"
		}
		line := e.method + " " + e.path + " " + strings.Join(e.groups, ",")
		if mark != "" {
			line += " " + mark
		}
		sb.WriteString(line + "\n")
	}
	return os.WriteFile(out, []byte(sb.String()), 0o644)
}

// oldMarks reads the marks of an existing ledger by endpoint.
func oldMarks(path string) (map[string]string, error) {
	marks := map[string]string{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return marks, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.SplitN(text, " ", 4)
		if len(fields) < 3 {
			continue
		}
		mark := ""
		if len(fields) == 4 {
			mark = fields[3]
		}
		marks[fields[0]+" "+param.ReplaceAllString(fields[1], "{}")] = mark
	}
	return marks, sc.Err()
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
