package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leadProcess is a small nurturing process on Lead_Status.
func leadProcess(s *Server) Blueprint {
	return s.AddBlueprint(Blueprint{
		Name: "Lead nurturing process", Module: "Leads", Field: "Lead_Status",
		Transitions: []Transition{
			{Name: "Gather details", From: []string{""}, To: "Not Contacted", Fields: []string{"Phone"}},
			{Name: "Establish contact", From: []string{"Not Contacted"}, To: "Contacted", Fields: []string{"Phone", "Company"}},
			{Name: "Lost", From: []string{"Not Contacted", "Contacted"}, To: "Lost Lead"},
		},
	})
}

func TestBlueprintTransitions(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	bp := leadProcess(s)
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L", "Lead_Status": "Not Contacted"})[0]
	path := "Leads/" + lead + "/actions/blueprint"

	ans := a.get(path)
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "47", "sample_response_get_v2_doc_copy"), decode(t, ans.body), atLeastKeys,
		// data holds the sample's own fields; its fields carry Zoho's whole
		// field metadata.
		[]string{"$.blueprint.transitions[0].data.Attachments", "$.blueprint.transitions[1].data.Account_Name",
			"$.blueprint.transitions[1].data.Parent_Account", "$.blueprint.transitions[1].data.Phone",
			"$.blueprint.transitions[0].fields[0].column_name", "$.blueprint.transitions[0].fields[0].personality_name", "$.blueprint.transitions[0].fields[0].layouts"}) {
		t.Error(p)
	}
	b := ans.json(t)["blueprint"].(map[string]any)
	assert.Equal(t, "Not Contacted", b["process_info"].(map[string]any)["field_value"])
	assert.Equal(t, bp.ID, b["process_info"].(map[string]any)["id"])
	transitions := b["transitions"].([]any)
	require.Len(t, transitions, 2, "Establish contact and Lost leave Not Contacted")
	establish := transitions[0].(map[string]any)
	assert.Equal(t, "Establish contact", establish["name"])
	assert.Equal(t, "Contacted", establish["next_field_value"])
	assert.Len(t, establish["fields"], 2)
	assert.Len(t, establish["next_transitions"], 1, "Lost leaves Contacted")

	// Given one of two fields: saved partially, the record stays.
	put := func(data map[string]any) answer {
		return a.do("PUT", path, map[string]any{"blueprint": []map[string]any{{"transition_id": bp.Transitions[1].ID, "data": data}}})
	}
	ans = put(map[string]any{"Phone": "555 0100"})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, "transition saved partially", ans.json(t)["message"])
	rec, _ := s.Records("Leads").Get(lead)
	assert.Equal(t, "Not Contacted", rec["Lead_Status"])
	assert.Equal(t, "555 0100", rec["Phone"])
	assert.InDelta(t, 50.0, a.get(path).json(t)["blueprint"].(map[string]any)["transitions"].([]any)[0].(map[string]any)["percent_partial_save"], 0.01)

	ans = put(map[string]any{"Company": "Zylker", "Notes": "Called, all good"})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "47", "sample_response_update_v2_doc_copy"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	rec, _ = s.Records("Leads").Get(lead)
	assert.Equal(t, "Contacted", rec["Lead_Status"])
	assert.Equal(t, "Zylker", rec["Company"])
	notes := a.get("Leads/" + lead + "/Notes").data(t)
	require.Len(t, notes, 1, "Notes in the data becomes a note")
	assert.Equal(t, "Called, all good", notes[0]["Note_Content"])

	// Establish contact does not leave Contacted.
	ans = put(map[string]any{"Phone": "1", "Company": "x"})
	assert.Equal(t, "INVALID_DATA", ans.json(t)["code"])
	ans = a.do("PUT", path, map[string]any{"blueprint": []map[string]any{{"data": map[string]any{}}}})
	assert.Equal(t, "MANDATORY_NOT_FOUND", ans.json(t)["code"])
}

func TestRecordNotInProcess(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	leadProcess(s)
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L", "Lead_Status": "Junk Lead"})[0]
	ans := a.get("Leads/" + lead + "/actions/blueprint")
	require.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "RECORD_NOT_IN_PROCESS", ans.json(t)["code"])
	contact := s.Records("Contacts").Insert(map[string]any{"Last_Name": "C"})[0]
	assert.Equal(t, "RECORD_NOT_IN_PROCESS", a.get("Contacts/" + contact + "/actions/blueprint").json(t)["code"])

	// A record with no status yet starts the process.
	fresh := s.Records("Leads").Insert(map[string]any{"Last_Name": "F"})[0]
	ans = a.get("Leads/" + fresh + "/actions/blueprint")
	require.Equal(t, http.StatusOK, ans.status)
	assert.Equal(t, "-None-", ans.json(t)["blueprint"].(map[string]any)["process_info"].(map[string]any)["field_value"])
}
