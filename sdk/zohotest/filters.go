package zohotest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
)

// The filters parameter of settings lists (territories and their
// children, user groups, users' unavailability, portal users): criteria
// in the JSON form bulk reads take ({"field":{"api_name"},"comparator",
// "value"} or a group), matched against an entry's keys as the filter
// names them ("manager.id").

// filtersParam reads ?filters=: nil when absent; a value that is not
// criteria is answered INVALID_DATA.
func filtersParam(c *call) (bulkMatcher, bool) {
	raw := c.query("filters")
	if raw == "" {
		return nil, true
	}
	m, err := parseBulkCriteria(json.RawMessage(raw), false, 0)
	if err != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"param_name", "filters"}, {"reason", err.Error()}})
		return nil, false
	}
	return m, true
}

// matchValues reports whether m (nil matches everything) matches an
// entry whose filterable keys have these values.
func (s *Server) matchValues(m bulkMatcher, values map[string]any) bool {
	if m == nil {
		return true
	}
	fields := make([]fieldValue, 0, len(values))
	for _, name := range slices.Sorted(maps.Keys(values)) {
		fields = append(fields, fieldOf(name, values[name]))
	}
	return m.match(&record{fields: fields, layout: s.layoutOf(fields)})
}

// pagedFilters reads the paging and filters of a list, answering a bad
// value itself.
func pagedFilters(c *call) (page, perPage int, m bulkMatcher, ok bool) {
	if page, perPage, ok = c.paging(); !ok {
		return 0, 0, nil, false
	}
	m, ok = filtersParam(c)
	return page, perPage, m, ok
}
