package zohotest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Mass delete of tags (crm-oas group mass_delete_tags): POST
// settings/tags/actions/mass_delete with {"mass_delete":[{"module":
// {"id","api_name"}, "tags":[{"id"}]}]} (one module, named by api_name,
// its id checked when given; module and tags mandatory:
// MANDATORY_NOT_FOUND; an unknown module INVALID_DATA) schedules a job (jobs.go) deleting each tag of the module and taking it
// off its records, as DELETE settings/tags/{id} does; a tag the module
// does not have fails. The answer (202) is {"code":"SCHEDULED",
// "details":{"job_id"},...}; GET settings/tags/actions/mass_delete?job_id=
// reads the job under mass_delete: job_id, status (SCHEDULED,
// IN PROGRESS, COMPLETED), total_count, deleted_count, failed_count.

const tagMassDeleteKind = "mass_delete_tags"

func init() {
	handleCRM(http.MethodPost, "settings/tags/actions/mass_delete", "ZohoCRM.settings.tags.ALL ZohoCRM.settings.tags.DELETE", (*Server).massDeleteTags)
	handleCRM(http.MethodGet, "settings/tags/actions/mass_delete", "ZohoCRM.settings.tags.ALL ZohoCRM.settings.tags.READ", func(s *Server, c *call) {
		if st, ok := s.findJob(c, tagMassDeleteKind, ""); ok {
			writeJSON(c.w, http.StatusOK, obj{{"mass_delete", []obj{{{"job_id", st.id}, {"status", strings.ToUpper(st.phase.String())},
				{"total_count", st.total}, {"deleted_count", st.done}, {"failed_count", st.failed}}}}})
		}
	})
}

func (s *Server) massDeleteTags(c *call) {
	entries, ok := readKeyedBody(c, "mass_delete", 1)
	if !ok {
		return
	}
	e := entries[0]
	var module struct {
		ID      json.RawMessage `json:"id"`
		APIName string          `json:"api_name"`
	}
	var tags []struct {
		ID json.RawMessage `json:"id"`
	}
	missing := func(field string) {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found",
			obj{{"api_name", field}, {"json_path", "$.mass_delete[0]." + field}})
	}
	switch {
	case e == nil || json.Unmarshal(e["module"], &module) != nil || module.APIName == "":
		missing("module")
		return
	case json.Unmarshal(e["tags"], &tags) != nil || len(tags) == 0:
		missing("tags")
		return
	}
	ms, found := s.modules.get(module.APIName)
	if !found || (len(module.ID) > 0 && ms.meta.Load().ID != idText(makeField("id", module.ID))) {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "module"}, {"json_path", "$.mass_delete[0].module"}})
		return
	}
	ids := make([]string, len(tags))
	for i, t := range tags {
		ids[i] = idText(makeField("id", t.ID))
	}
	j := s.scheduleJob(tagMassDeleteKind, "", len(ids), func() (done, failed int) {
		s.sub.mu.Lock()
		defer s.sub.mu.Unlock()
		mt := s.tagsOfLocked(ms)
		for _, id := range ids {
			if t := mt.byID(id); t != nil {
				s.dropTagLocked(mt, t)
				done++
			} else {
				failed++
			}
		}
		return done, failed
	})
	writeJSON(c.w, http.StatusAccepted, obj{{"code", "SCHEDULED"}, {"details", obj{{"job_id", j.id}}},
		{"message", "tags mass delete scheduled successfully"}, {"status", "success"}})
}
