package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// The APIs the org may call (crm-oas group apis, GET /__apis): the
// emulator's own CRM routes, each path with its methods, the scope each
// takes (the first of its alternatives) and its credits; a write of
// records costs 1 to 10 (one per ten records). ?filters= selects paths
// by criteria on path ({"field":{"api_name":"path"},...}).

func init() {
	handleCRM(http.MethodGet, "__apis", "ZohoCRM.settings.modules.READ", (*Server).listAPIs)
}

func (s *Server) listAPIs(c *call) {
	m, ok := filtersParam(c)
	if !ok {
		return
	}
	type operation struct {
		method, scope string
		min, max      int
	}
	byPath := map[string][]operation{}
	var paths []string
	for _, rt := range crmRoutes {
		if rt.pattern[0] == "zohotest" {
			continue
		}
		path := "/crm/" + c.version.String() + "/" + strings.Join(rt.pattern, "/")
		if slices.Contains(apiFamilies, rt.pattern[0]) {
			path = "/crm/" + rt.pattern[0] + "/" + c.version.String() + "/" + strings.Join(rt.pattern[1:], "/")
		}
		if !s.matchValues(m, map[string]any{"path": path}) {
			continue
		}
		scope, _, _ := strings.Cut(rt.scope, " ")
		op := operation{method: rt.method, scope: scope, min: rt.credits, max: rt.credits}
		if rt.pattern[0] == "{module}" && len(rt.pattern) <= 2 && rt.method != http.MethodGet && rt.method != http.MethodDelete {
			op.max = 10
		}
		if _, seen := byPath[path]; !seen {
			paths = append(paths, path)
		}
		byPath[path] = append(byPath[path], op)
	}
	if len(paths) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	slices.Sort(paths)
	apis := make([]obj, len(paths))
	for i, p := range paths {
		ops := make([]obj, len(byPath[p]))
		for j, op := range byPath[p] {
			ops[j] = obj{{"method", op.method}, {"oauth_scope", op.scope}, {"max_credits", op.max}, {"min_credits", op.min}}
		}
		apis[i] = obj{{"path", p}, {"operation_types", ops}}
	}
	writeJSON(c.w, http.StatusOK, obj{{"__apis", apis}})
}
