package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Checks before sending (WriteOptions.Validate): each record of a write is
// checked against the module's field metadata, which the client keeps
// (FieldsService.Cached) and fetches again when a record names a field it
// does not know (the field may be new), as the Python SDK's
// auto_refresh_fields does. A record that would fail is a *ValidationError
// naming the record's index and the field, and nothing is sent.

// fieldMetaCache holds the field metadata of modules, per user (users of
// one client may be in different orgs).
type fieldMetaCache struct {
	mu      sync.Mutex
	modules map[string]*moduleFields
}

// moduleFields is one module's fields by API name.
type moduleFields struct {
	list   []*Field
	byName map[string]*Field
}

func newModuleFields(list []*Field) *moduleFields {
	m := &moduleFields{list: list, byName: make(map[string]*Field, len(list))}
	for _, f := range list {
		m.byName[f.APIName] = f
	}
	return m
}

func (s *FieldsService) cacheKey(module string) string {
	return s.client.user + "\x00" + strings.ToLower(module)
}

// Cached returns a module's fields from the client's cache, fetching them
// (Fields.List) the first time. The cache serves every Client that
// ForUser made from the same one, each user apart.
func (s *FieldsService) Cached(ctx context.Context, module string) ([]*Field, error) {
	m, err := s.cached(ctx, module, false)
	if err != nil {
		return nil, err
	}
	return m.list, nil
}

// Forget drops a module's fields from the cache (all modules with none
// given), so that the next Cached fetches them again.
func (s *FieldsService) Forget(modules ...string) {
	cache := &s.client.core.fieldMeta
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if len(modules) == 0 {
		cache.modules = nil
		return
	}
	for _, m := range modules {
		delete(cache.modules, s.cacheKey(m))
	}
}

func (s *FieldsService) cached(ctx context.Context, module string, refresh bool) (*moduleFields, error) {
	cache := &s.client.core.fieldMeta
	key := s.cacheKey(module)
	cache.mu.Lock()
	m := cache.modules[key]
	cache.mu.Unlock()
	if m != nil && !refresh {
		return m, nil
	}
	list, _, err := s.List(ctx, module, nil)
	if err != nil {
		return nil, fmt.Errorf("zcrm: the fields of %s, to check the records before sending: %w", module, err)
	}
	m = newModuleFields(list)
	cache.mu.Lock()
	if cache.modules == nil {
		cache.modules = map[string]*moduleFields{}
	}
	cache.modules[key] = m
	cache.mu.Unlock()
	return m, nil
}

// writeKind says which checks a write gets: a create must give the
// mandatory fields, an update or upsert need not.
type writeKind int

const (
	writeCreate writeKind = iota
	writeUpdate
)

// checkRecords checks records before they are sent; an unknown field
// fetches the module's fields again once before it is refused.
func (c *Client) checkRecords(ctx context.Context, module string, recs []encodedRecord, kind writeKind) error {
	fields, err := c.Fields.cached(ctx, module, false)
	if err != nil {
		return err
	}
	problems, unknown := checkAgainst(fields, module, recs, kind)
	if unknown {
		if fields, err = c.Fields.cached(ctx, module, true); err != nil {
			return err
		}
		problems, _ = checkAgainst(fields, module, recs, kind)
	}
	return errors.Join(problems...)
}

// computedTypes are the data types Zoho computes; a write cannot set them.
var computedTypes = []string{"formula", "autonumber", "rollup_summary"}

// checkAgainst returns the problems of each record, and whether one of
// them is a field the metadata does not know.
func checkAgainst(m *moduleFields, module string, recs []encodedRecord, kind writeKind) (problems []error, unknown bool) {
	problem := func(i int, field, text string) {
		problems = append(problems, &ValidationError{Field: fmt.Sprintf("records[%d].%s", i, field), Index: i, APIName: field, Problem: text})
	}
	for i, rec := range recs {
		given := make(map[string][]byte, len(rec.fields))
		for _, f := range rec.fields {
			given[f.name] = f.raw
			if f.name == "id" || strings.HasPrefix(f.name, "$") {
				continue
			}
			meta, ok := m.byName[f.name]
			switch {
			case !ok:
				unknown = true
				problem(i, f.name, "is not a field of "+module)
			case meta.ReadOnly || slices.Contains(computedTypes, meta.DataType):
				problem(i, f.name, "is read-only ("+meta.DataType+"): Zoho sets it")
			case meta.DataType == "picklist" || meta.DataType == "multiselectpicklist":
				if bad, ok := notInPicklist(meta, f.raw); ok {
					problem(i, f.name, fmt.Sprintf("%q is not a value of the picklist (%s)", bad, picklistValues(meta)))
				}
			}
		}
		if kind != writeCreate {
			continue
		}
		for _, meta := range m.list {
			if !meta.Mandatory() || meta.ReadOnly || slices.Contains(computedTypes, meta.DataType) {
				continue
			}
			if raw, ok := given[meta.APIName]; !ok || emptyJSON(raw) {
				problem(i, meta.APIName, "is mandatory and missing")
			}
		}
	}
	return problems, unknown
}

// notInPicklist returns the first value of a picklist or multi-select
// value that the field's pick_list_values lack. A field whose metadata
// lists no values is not checked.
func notInPicklist(meta *Field, raw []byte) (string, bool) {
	if len(meta.PickListValues) == 0 || emptyJSON(raw) {
		return "", false
	}
	var values []string
	if raw[0] == '[' {
		if json.Unmarshal(raw, &values) != nil {
			return string(raw), true
		}
	} else {
		var v string
		if json.Unmarshal(raw, &v) != nil {
			return string(raw), true
		}
		values = []string{v}
	}
	for _, v := range values {
		if !slices.ContainsFunc(meta.PickListValues, func(p *PickListValue) bool { return p.ActualValue == v || p.DisplayValue == v }) {
			return v, true
		}
	}
	return "", false
}

func picklistValues(meta *Field) string {
	var names []string
	for _, p := range meta.PickListValues {
		names = append(names, p.ActualValue)
	}
	if len(names) > 10 {
		names = append(names[:10], "...")
	}
	return strings.Join(names, ", ")
}

// emptyJSON: null, "", [] and {} leave a field empty.
func emptyJSON(raw []byte) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "null", `""`, "[]", "{}", "":
		return true
	}
	return false
}
