package zohotest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// Record count (payload 70): GET {module}/actions/count with one of cvid,
// criteria, email, phone or word, from v2.1. Zoho's counts lag by 1-10
// minutes; the emulator's are exact. It counts what a list (or a search)
// shows: converted leads and records awaiting approval are not counted.
// The emulator's custom views do not filter, so a cvid counts the whole
// module. 50 credits a call (a single source in the reference's credit
// table).

func init() {
	rt := handleCRM("GET", "{module}/actions/count", "ZohoCRM.modules.{module}.READ", (*Server).recordCount)
	rt.credits = 50
	rt = handleCRM("POST", "{module}/actions/count", "ZohoCRM.modules.{module}.READ", (*Server).recordCountWhere)
	rt.credits = 50
}

func (s *Server) recordCount(c *call) {
	ms, meta, match, searching, ok := s.countQuery(c)
	if !ok {
		return
	}
	if cvid := c.query("cvid"); cvid != "" {
		if searching {
			fail(c.w, http.StatusBadRequest, "AMBIGUITY_DURING_PROCESSING", "cvid cannot be given with a search parameter",
				obj{{"ambiguity_due_to", []string{"cvid", "criteria", "email", "phone", "word"}}})
			return
		}
		if !hasView(meta, cvid) {
			failParam(c.w, "cvid")
			return
		}
	}
	writeCount(c, ms, meta, match)
}

// recordCountWhere is POST {module}/actions/count: the body's criteria
// (Zoho's JSON criteria, as bulk read takes them; the body is left out of
// crm-oas), or email, phone or word in the query, not both.
func (s *Server) recordCountWhere(c *call) {
	ms, meta, match, searching, ok := s.countQuery(c)
	if !ok {
		return
	}
	var body struct {
		Criteria json.RawMessage `json:"criteria"`
	}
	if err := json.NewDecoder(io.LimitReader(c.r.Body, 1<<20)).Decode(&body); err != nil && !errors.Is(err, io.EOF) {
		failBody(c.w)
		return
	}
	if len(body.Criteria) > 0 && string(body.Criteria) != "null" {
		if searching {
			fail(c.w, http.StatusBadRequest, "AMBIGUITY_DURING_PROCESSING", "criteria cannot be given with a search parameter",
				obj{{"ambiguity_due_to", []string{"criteria", "email", "phone", "word"}}})
			return
		}
		m, err := parseBulkCriteria(body.Criteria, false, 0)
		if err != nil {
			fail(c.w, http.StatusBadRequest, "INVALID_QUERY", "Invalid query formed", obj{{"reason", err.Error()}, {"api_name", "criteria"}})
			return
		}
		match = m.match
	}
	writeCount(c, ms, meta, match)
}

// countQuery checks the version and module and reads the search
// parameters; it answers the error itself.
func (s *Server) countQuery(c *call) (ms *moduleStore, meta *moduleMeta, match func(*record) bool, searching, ok bool) {
	if c.version.major == 2 && c.version.minor < 1 {
		fail(c.w, http.StatusBadRequest, "API_NOT_SUPPORTED", "api not supported in this version", obj{{"supported_version", "v2.1"}})
		return nil, nil, nil, false, false
	}
	if ms, meta, ok = s.module(c); !ok {
		return nil, nil, nil, false, false
	}
	match, searching, ok = searchMatch(c, meta)
	return ms, meta, match, searching, ok
}

// writeCount counts what a list (or search) shows of the records match
// takes: converted leads and records awaiting approval are not counted.
func writeCount(c *call, ms *moduleStore, meta *moduleMeta, match func(*record) bool) {
	shown := defaultListParams(meta).filter(match)
	ms.mu.RLock()
	n := 0
	for _, r := range ms.order {
		if shown(r) {
			n++
		}
	}
	ms.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, obj{{"count", n}})
}
