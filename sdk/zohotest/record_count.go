package zohotest

import "net/http"

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
}

func (s *Server) recordCount(c *call) {
	if c.version.major == 2 && c.version.minor < 1 {
		fail(c.w, http.StatusBadRequest, "API_NOT_SUPPORTED", "api not supported in this version", obj{{"supported_version", "v2.1"}})
		return
	}
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	match, searching, ok := searchMatch(c, meta)
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
