package zohotest

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A record action declared only for this test: it marks records once,
// and needs a reason.
var testMarks sync.Map // record id -> true

var _ = registerRecordAction(&recordActionSpec{
	name:     "zcrm_test_mark",
	scope:    "ZohoCRM.modules.{module}.UPDATE",
	maxIDs:   3,
	supports: moduleIn(false, "Leads", "Contacts"),
	check: func(s *Server, c *call, body map[string]json.RawMessage) bool {
		var reason string
		if json.Unmarshal(body["reason"], &reason) != nil || reason == "" {
			fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "reason"}})
			return false
		}
		return true
	},
	act: func(s *Server, c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult {
		if _, marked := testMarks.LoadOrStore(id, true); marked {
			return recordError("ALREADY_MARKED", "already marked", obj{{"id", id}})
		}
		return successResult(id, "marked")
	},
})

func TestRecordActionForms(t *testing.T) {
	s := newServer(t)
	v8 := newAPI(t, s, "v8")
	ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"}, map[string]any{"Last_Name": "C"})
	reason := map[string]any{"reason": "test"}

	one := v8.do("POST", "Leads/"+ids[0]+"/actions/zcrm_test_mark", reason)
	require.Equal(t, http.StatusOK, one.status, "%s", one.body)
	assert.Equal(t, "marked", one.data(t)[0]["message"])

	again := v8.do("POST", "Leads/"+ids[0]+"/actions/zcrm_test_mark", reason)
	assert.Equal(t, http.StatusBadRequest, again.status, "the record's own refusal, as its result")
	assert.Equal(t, "ALREADY_MARKED", again.data(t)[0]["code"])

	unknown := v8.do("POST", "Leads/1234/actions/zcrm_test_mark", reason)
	assert.Equal(t, http.StatusBadRequest, unknown.status)
	assert.Equal(t, "INVALID_DATA", unknown.json(t)["code"])

	noReason := v8.do("POST", "Leads/"+ids[1]+"/actions/zcrm_test_mark", nil)
	assert.Equal(t, "MANDATORY_NOT_FOUND", noReason.json(t)["code"], "the check runs before any record is acted on")
	notJSON := v8.do("POST", "Leads/"+ids[1]+"/actions/zcrm_test_mark", []byte("[1]"))
	assert.Equal(t, "INVALID_DATA", notJSON.json(t)["code"])

	many := v8.do("POST", "Leads/actions/zcrm_test_mark", map[string]any{"reason": "test", "ids": []string{ids[1], "999", ids[0]}})
	require.Equal(t, http.StatusMultiStatus, many.status, "%s", many.body)
	results := many.data(t)
	require.Len(t, results, 3)
	assert.Equal(t, []any{"success", "error", "error"}, []any{results[0]["status"], results[1]["status"], results[2]["status"]})
	assert.Equal(t, "INVALID_DATA", results[1]["code"])
	assert.Equal(t, "ALREADY_MARKED", results[2]["code"])

	tooMany := v8.do("POST", "Leads/actions/zcrm_test_mark", map[string]any{"reason": "test", "ids": []string{"1", "2", "3", "4"}})
	assert.Equal(t, "LIMIT_EXCEEDED", tooMany.json(t)["code"])
	noIDs := v8.do("POST", "Leads/actions/zcrm_test_mark", reason)
	assert.Equal(t, "MANDATORY_NOT_FOUND", noIDs.json(t)["code"])

	deals := s.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification"})
	unsupported := v8.do("POST", "Deals/"+deals[0]+"/actions/zcrm_test_mark", reason)
	assert.Equal(t, "NOT_SUPPORTED", unsupported.json(t)["code"])
	badModule := v8.do("POST", "Nothing/actions/zcrm_test_mark", reason)
	assert.Equal(t, "INVALID_MODULE", badModule.data(t)[0]["code"])
}
