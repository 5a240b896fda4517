package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMassUpdateByIDs(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	ids := s.Records("Events").Insert(
		map[string]any{"Event_Title": "A", "Start_DateTime": "2025-01-01T10:00:00+05:30", "End_DateTime": "2025-01-01T11:00:00+05:30"},
		map[string]any{"Event_Title": "B", "Start_DateTime": "2025-01-01T10:00:00+05:30", "End_DateTime": "2025-01-01T11:00:00+05:30"},
	)
	ans := a.do("POST", "Events/actions/mass_update", map[string]any{
		"data": []any{map[string]any{"Venue": "Estancia"}},
		"ids":  []string{ids[0], "1990117000035808099", ids[1]},
	})
	require.Equal(t, http.StatusMultiStatus, ans.status, "%s", ans.body)
	res := ans.data(t)
	assert.Equal(t, "record updated", res[0]["message"])
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"id":"1990117000035808099"},"message":"the id given seems to be invalid","status":"error"}`, string(mustJSON(res[1])))
	for _, id := range ids {
		e, _ := s.Records("Events").Get(id)
		assert.Equal(t, "Estancia", e["Venue"])
	}

	bad := a.do("POST", "Events/actions/mass_update", map[string]any{"data": []any{map[string]any{"Start_DateTime": "soon"}}, "ids": ids})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "INVALID_DATA", bad.data(t)[0]["code"])
	cleared := a.do("POST", "Events/actions/mass_update", map[string]any{"data": []any{map[string]any{"Event_Title": nil}}, "ids": ids})
	assert.Equal(t, http.StatusBadRequest, cleared.status)

	scoped, _ := s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.modules.ALL")
	noScope := &api{t: t, s: s, token: scoped, version: "v8"}
	assert.Equal(t, http.StatusUnauthorized, noScope.do("POST", "Events/actions/mass_update", map[string]any{}).status, "mass update has its own scope")
}

func TestMassUpdateByView(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	s.Records("Deals").Insert(
		map[string]any{"Deal_Name": "A", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "B", "Stage": "Qualification"},
	)
	cvid := s.Records("Deals").Module().CustomViews[0].ID
	ans := a.do("POST", "Deals/actions/mass_update", map[string]any{"data": []any{map[string]any{"Stage": "Closed Won"}}, "cvid": cvid})
	require.Equal(t, http.StatusAccepted, ans.status, "%s", ans.body)
	res := ans.data(t)[0]
	assert.Equal(t, "SCHEDULED", res["code"])
	jobID := res["details"].(map[string]any)["job_id"].(string)

	status := a.get("Deals/actions/mass_update?job_id=" + jobID)
	require.Equal(t, http.StatusOK, status.status)
	assert.JSONEq(t, `{"data":[{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":2,"Not_Updated_Count":0,"Total_Count":2}]}`, string(status.body))
	for _, d := range s.Records("Deals").List() {
		assert.Equal(t, "Closed Won", d["Stage"])
	}
	unknown := a.get("Deals/actions/mass_update?job_id=1")
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"param_name":"job_id"},"message":"The jobid given seems to be invalid","status":"error"}`, string(unknown.body))
	assert.Equal(t, http.StatusBadRequest, a.do("POST", "Deals/actions/mass_update", map[string]any{"data": []any{map[string]any{"Stage": "x"}}, "cvid": "1"}).status)
}
