package zohotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// moduleIn returns a supports func for the modules of these API names,
// and custom modules too when custom is set.
func moduleIn(custom bool, names ...string) func(meta *moduleMeta) bool {
	return func(meta *moduleMeta) bool {
		return (custom && meta.Custom) || slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, meta.APIName) })
	}
}

// Many calls are actions on records: POST {module}/{id}/actions/{name} on
// one record and, where Zoho has the mass form, POST
// {module}/actions/{name} with the records' "ids". A recordActionSpec
// declares such an action once (name, scope, limit, what it does to one
// record); registerRecordAction serves both routes: the module, the ids
// and the body are checked the same way for every action, and the answer
// is one result per record under the action's key.

// recordActionSpec declares an action on records.
type recordActionSpec struct {
	name  string // the path's last segment: "share_emails"
	key   string // the JSON key of the results; "data" when empty
	scope string // the route's scopes, as handleCRM takes them
	// maxIDs is the most ids the mass form takes; 0 for an action Zoho
	// takes on one record only.
	maxIDs int
	// massOnly: Zoho has the mass form alone, no route for one record.
	massOnly bool
	// status is the HTTP status when every record succeeded; 200 when 0.
	status int
	// supports reports whether the action is taken on the module's
	// records; every module's when nil.
	supports func(meta *moduleMeta) bool
	// check validates the body before any record is acted on; it answers
	// the error itself and returns false.
	check func(s *Server, c *call, body map[string]json.RawMessage) bool
	// act does the action to one existing record and returns its result.
	act func(s *Server, c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult
}

// registerRecordAction registers spec's routes and returns the routes
// (the record's, then the mass form's), for credits.
func registerRecordAction(spec *recordActionSpec) []*route {
	var routes []*route
	if !spec.massOnly {
		routes = append(routes, handleCRM(http.MethodPost, "{module}/{id}/actions/"+spec.name, spec.scope,
			func(s *Server, c *call) { spec.serve(s, c, false) }))
	}
	if spec.maxIDs > 0 {
		routes = append(routes, handleCRM(http.MethodPost, "{module}/actions/"+spec.name, spec.scope,
			func(s *Server, c *call) { spec.serve(s, c, true) }))
	}
	return routes
}

func (spec *recordActionSpec) serve(s *Server, c *call, many bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	if spec.supports != nil && !spec.supports(meta) {
		fail(c.w, http.StatusBadRequest, "NOT_SUPPORTED", "the given module is not supported in api", obj{{"resource_path_index", 0}})
		return
	}
	body, ok := readOptionalObject(c)
	if !ok {
		return
	}
	var ids []string
	if many {
		if ids, ok = spec.bodyIDs(c, body); !ok {
			return
		}
	} else {
		ids = []string{c.param("id")}
		ms.mu.RLock()
		found := ms.byID[ids[0]] != nil
		ms.mu.RUnlock()
		if !found {
			failRelatedID(c.w)
			return
		}
	}
	if spec.check != nil && !spec.check(s, c, body) {
		return
	}
	results := make([]recordResult, len(ids))
	for i, id := range ids {
		ms.mu.RLock()
		found := ms.byID[id] != nil
		ms.mu.RUnlock()
		if !found {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			continue
		}
		results[i] = spec.act(s, c, meta, id, body)
	}
	key, status := spec.key, spec.status
	if key == "" {
		key = "data"
	}
	if status == 0 {
		status = http.StatusOK
	}
	writeKeyed(c, key, results, status)
}

// bodyIDs reads the mass form's ids: mandatory, at most maxIDs.
func (spec *recordActionSpec) bodyIDs(c *call, body map[string]json.RawMessage) ([]string, bool) {
	var raw []json.RawMessage
	if v, has := body["ids"]; has && json.Unmarshal(v, &raw) != nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonarray"}, {"api_name", "ids"}})
		return nil, false
	}
	switch {
	case len(raw) == 0:
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "expected key is missing", obj{{"api_name", "ids"}})
		return nil, false
	case len(raw) > spec.maxIDs:
		fail(c.w, http.StatusBadRequest, "LIMIT_EXCEEDED", "limit exceeded", obj{{"limit", spec.maxIDs}, {"api_name", "ids"}})
		return nil, false
	}
	ids := make([]string, len(raw))
	for i, r := range raw {
		ids[i] = idText(makeField("id", r))
	}
	return ids, true
}

// readOptionalObject reads a JSON object body, an empty body being an
// empty object; it answers Zoho's error for anything else.
func readOptionalObject(c *call) (map[string]json.RawMessage, bool) {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 16<<20))
	body := map[string]json.RawMessage{}
	if err == nil && len(bytes.TrimSpace(b)) > 0 {
		err = json.Unmarshal(b, &body)
	}
	if err != nil || body == nil {
		failBody(c.w)
		return nil, false
	}
	return body, true
}
