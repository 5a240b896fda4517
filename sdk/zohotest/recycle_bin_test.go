package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Whatever deletes a record feeds the recycle bin, a restore puts it back
// with its timeline telling so, and a composite request rolled back
// leaves nothing on a timeline.
func TestRecycleBinAndTimelineFollowRecordWrites(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	leads := s.Records("Leads")
	id := leads.Insert(map[string]any{"Last_Name": "Ada"})[0]

	ans := a.do("POST", "__composite_requests", map[string]any{"rollback_on_fail": true, "__composite_requests": []any{
		map[string]any{"method": "PUT", "uri": "/crm/v8/Leads/" + id, "body": records(map[string]any{"Last_Name": "Bea"})},
		map[string]any{"method": "PUT", "uri": "/crm/v8/Leads/4150868000000999999", "body": records(map[string]any{"Last_Name": "Cid"})},
	}})
	require.Equal(t, http.StatusBadRequest, ans.status, "%s", ans.body)
	timeline := func() []string {
		t.Helper()
		ans := a.get("Leads/" + id + "/__timeline")
		require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
		var actions []string
		for _, e := range ans.json(t)["__timeline"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		return actions
	}
	assert.Equal(t, []string{"added"}, timeline(), "the rolled back update is not on the timeline")

	require.Equal(t, 1, leads.Delete(id))
	ans = a.get("settings/recycle_bin/" + id)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, "Ada", ans.json(t)["recycle_bin"].([]any)[0].(map[string]any)["display_name"])
	ans = a.do("POST", "settings/recycle_bin/"+id+"/actions/restore", nil)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	got, ok := leads.Get(id)
	require.True(t, ok)
	assert.Equal(t, "Ada", got["Last_Name"])
	assert.Equal(t, []string{"restored", "deleted", "added"}, timeline())

	require.Equal(t, 1, leads.Delete(id))
	leads.Purge(id)
	assert.Equal(t, http.StatusNoContent, a.get("settings/recycle_bin/"+id).status, "purged: gone for good")
	ans = a.do("POST", "settings/recycle_bin/"+id+"/actions/restore", nil)
	assert.Equal(t, http.StatusBadRequest, ans.status, "%s", ans.body)
}
