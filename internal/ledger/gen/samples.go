package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// crm-oas v8.0 has schemas but no examples. For each endpoint's success
// answer, writeSamples makes one instance of its schema with every
// property Zoho documents, each leaf with a value of its own type that no
// other leaf of the sample has, so that a test can tell whether the SDK
// kept every documented field: sdk/testdata/crm-oas/{group}.json.

type sampler struct {
	dir   string
	docs  map[string]map[string]any // file name -> document
	n     int
	depth map[string]int // $ref -> how deep it is being expanded
	refs  int            // $refs being expanded
}

func writeSamples(oas, outDir, commit string) error {
	s := &sampler{dir: oas, docs: map[string]map[string]any{}, depth: map[string]int{}}
	files, err := filepath.Glob(filepath.Join(oas, "*.json"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	for _, file := range files {
		group := strings.TrimSuffix(filepath.Base(file), ".json")
		if group == "common" {
			continue
		}
		doc, err := s.doc(filepath.Base(file))
		if err != nil {
			return err
		}
		paths, _ := doc["paths"].(map[string]any)
		answers := map[string]any{}
		for path, ops := range paths {
			for method, op := range ops.(map[string]any) {
				m := strings.ToUpper(method)
				if !map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}[m] {
					continue
				}
				responses, _ := op.(map[string]any)["responses"].(map[string]any)
				for code, r := range responses {
					if !strings.HasPrefix(code, "2") {
						continue
					}
					if fix, ok := answerFixes[group+" "+m+" "+path]; ok && code == "200" {
						if fix == "" {
							continue
						}
						r = map[string]any{"$ref": "#/components/responses/" + fix}
					}
					if ref, ok := r.(map[string]any)["$ref"].(string); ok {
						_, r = s.resolve(filepath.Base(file), ref)
					}
					schema := jsonSchema(r)
					if schema == nil {
						continue
					}
					s.n = 0
					answers[m+" "+path+" "+code] = s.instance(filepath.Base(file), schema, "")
				}
			}
		}
		if len(answers) == 0 {
			continue
		}
		out := map[string]any{
			"source":  fmt.Sprintf("made from the response schemas of github.com/zoho/crm-oas v8.0/%s.json at %s by internal/ledger/gen: every documented property, each leaf a value of its own", group, commit),
			"answers": answers,
		}
		b, err := json.MarshalIndent(out, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(outDir, group+".json"), append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// answerFixes names, for endpoints whose success answer crm-oas refers
// to a wrong schema (user_groups.json answers an unsupported-version error
// for most of its calls), the response of the same file that describes
// the answer; "" where the file describes none, so the endpoint has no
// documented answer.
var answerFixes = map[string]string{
	"user_groups GET /crm/v8/settings/user_groups":                                                 "UserGroups",
	"user_groups GET /crm/v8/settings/user_groups/{group}":                                         "UserGroups",
	"user_groups GET /crm/v8/settings/user_groups/{group}/sources":                                 "Sources",
	"user_groups GET /crm/v8/settings/user_groups/{group}/actions/sources_count":                   "SourcesCount",
	"user_groups GET /crm/v8/settings/user_groups/actions/deletion_jobs":                           "JobStatus",
	"user_groups GET /crm/v8/users/{user}/actions/associated_groups":                               "UserGroups",
	"user_groups POST /crm/v8/settings/user_groups/actions/get_assigned":                           "",
	"user_groups POST /crm/v8/settings/user_groups/actions/get_unassigned":                         "",
	"user_groups GET /crm/v8/settings/user_groups/{group}/associated_users/actions/grouped_counts": "",
}

// propertyFixes types properties crm-oas types wrongly, by file and name:
// a user's time_zone is a zone's name ("Asia/Kolkata"), not an object.
var propertyFixes = map[string]string{
	"users.json time_zone": "string",
}

func jsonSchema(response any) any {
	r, _ := response.(map[string]any)
	content, _ := r["content"].(map[string]any)
	for ct, c := range content {
		if strings.Contains(ct, "json") {
			return c.(map[string]any)["schema"]
		}
	}
	return nil
}

func (s *sampler) doc(name string) (map[string]any, error) {
	if d, ok := s.docs[name]; ok {
		return d, nil
	}
	b, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		return nil, err
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.docs[name] = d
	return d, nil
}

// resolve follows a $ref, in the file or in another file of the folder
// (named by a URL ending in its name).
func (s *sampler) resolve(file, ref string) (string, any) {
	target, pointer, _ := strings.Cut(ref, "#")
	if target != "" {
		file = filepath.Base(target)
	}
	d, err := s.doc(file)
	if err != nil {
		return file, nil
	}
	var node any = d
	for _, part := range strings.Split(strings.Trim(pointer, "/"), "/") {
		m, ok := node.(map[string]any)
		if !ok {
			return file, nil
		}
		node = m[part]
	}
	return file, node
}

// instance makes a value of the schema.
func (s *sampler) instance(file string, schema any, name string) any {
	m, ok := schema.(map[string]any)
	if !ok {
		return nil
	}
	if ref, ok := m["$ref"].(string); ok {
		key := file + ref
		if s.depth[key] >= 1 || s.refs >= 6 { // a recursive or very deep schema: once is enough
			return nil
		}
		s.depth[key]++
		s.refs++
		defer func() { s.depth[key]--; s.refs-- }()
		f, target := s.resolve(file, ref)
		return s.instance(f, target, name)
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts, ok := m[k].([]any); ok && len(alts) > 0 {
			return s.instance(file, alts[0], name)
		}
	}
	if all, ok := m["allOf"].([]any); ok {
		merged := map[string]any{}
		for _, part := range all {
			if o, ok := s.instance(file, part, name).(map[string]any); ok {
				for k, v := range o {
					merged[k] = v
				}
			}
		}
		return merged
	}
	if enum, ok := m["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		if _, ok := m["properties"]; ok {
			typ = "object"
		}
	}
	s.n++
	switch typ {
	case "object":
		props, _ := m["properties"].(map[string]any)
		out := map[string]any{}
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			prop := props[k]
			if typ, ok := propertyFixes[file+" "+k]; ok {
				prop = map[string]any{"type": typ}
			}
			if v := s.instance(file, prop, k); v != nil {
				out[k] = v
			}
		}
		return out
	case "array":
		if v := s.instance(file, m["items"], name); v != nil {
			return []any{v}
		}
		return []any{}
	case "integer":
		return 100 + s.n
	case "number":
		return float64(100+s.n) + 0.25
	case "boolean":
		return s.n%2 == 0
	case "string":
		switch m["format"] {
		case "date":
			return fmt.Sprintf("2024-%02d-%02d", 1+s.n%12, 1+s.n%28)
		case "date-time":
			return fmt.Sprintf("2024-%02d-%02dT%02d:%02d:00+05:30", 1+s.n%12, 1+s.n%28, s.n%24, s.n%60)
		}
		if name == "id" || strings.HasSuffix(name, "_id") {
			return fmt.Sprintf("%d", 4150868000000000000+s.n)
		}
		return fmt.Sprintf("%s %d", name, s.n)
	}
	return nil
}
