package zohotest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotesAcrossModuleTakeBothParentShapes(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	lead := s.Records("Leads").Insert(map[string]any{"First_Name": "Ada", "Last_Name": "Lovelace"})[0]
	deal := s.Records("Deals").Insert(map[string]any{"Deal_Name": "Engine", "Stage": "Qualification"})[0]

	ans := v2.do("POST", "Notes", records(
		map[string]any{"Note_Title": "Contacted", "Note_Content": "v2 shape", "Parent_Id": lead, "se_module": "Leads"},
	))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	ans = v8.do("POST", "Notes", records(
		map[string]any{"Note_Content": "v8 shape", "Parent_Id": map[string]any{"module": map[string]any{"api_name": "Deals"}, "id": deal}},
	))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "29", "sample_response_create_201_v8_official"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}

	// The notes are records of the Notes module: the records API lists them.
	notes := v2.get("Notes").data(t)
	require.Len(t, notes, 2)
	byContent := map[string]map[string]any{}
	for _, n := range notes {
		byContent[n["Note_Content"].(string)] = n
	}
	assert.Equal(t, "Leads", byContent["v2 shape"]["$se_module"])
	assert.Equal(t, lead, byContent["v2 shape"]["Parent_Id"].(map[string]any)["id"])
	assert.Equal(t, "Ada Lovelace", byContent["v2 shape"]["Parent_Id"].(map[string]any)["name"])
	assert.Equal(t, "Deals", byContent["v8 shape"]["$se_module"])
	for _, p := range compareShape("$", sample(t, "29", "sample_response_list_v2_doc_copy_(1_of_2_items)", "data", "0"),
		any(byContent["v2 shape"]), atLeastKeys, nil) {
		t.Error(p)
	}

	// Each record lists its own.
	got := v2.get("Leads/" + lead + "/Notes").data(t)
	require.Len(t, got, 1)
	assert.Equal(t, "v2 shape", got[0]["Note_Content"])
	assert.Equal(t, http.StatusNoContent, v2.get("Accounts/"+s.Records("Accounts").Insert(map[string]any{"Account_Name": "x"})[0]+"/Notes").status)
}

func TestNoteErrors(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]

	t.Run("unknown parent", func(t *testing.T) {
		ans := v8.do("POST", "Notes", records(map[string]any{"Note_Content": "x", "Parent_Id": "123456", "se_module": "Leads"}))
		require.Equal(t, http.StatusBadRequest, ans.status)
		d := ans.data(t)[0]
		assert.Equal(t, "INVALID_DATA", d["code"])
		assert.Equal(t, "Parent_Id", d["details"].(map[string]any)["api_name"])
	})
	t.Run("no module", func(t *testing.T) {
		d := v2.do("POST", "Notes", records(map[string]any{"Note_Content": "x", "Parent_Id": lead})).data(t)[0]
		assert.Equal(t, "MANDATORY_NOT_FOUND", d["code"])
		assert.Equal(t, "se_module", d["details"].(map[string]any)["api_name"])
	})
	t.Run("v2 needs a content", func(t *testing.T) {
		d := v2.do("POST", "Leads/"+lead+"/Notes", records(map[string]any{"Note_Title": "only a title"})).data(t)[0]
		assert.Equal(t, "MANDATORY_NOT_FOUND", d["code"])
		assert.Equal(t, "Note_Content", d["details"].(map[string]any)["api_name"])
	})
	t.Run("v8 needs a title or a content", func(t *testing.T) {
		ans := v8.do("POST", "Leads/"+lead+"/Notes", records(map[string]any{"Note_Title": "fine"}, map[string]any{}))
		require.Equal(t, http.StatusMultiStatus, ans.status)
		for _, p := range compareShape("$", sample(t, "29", "v8_partial_error_item"), any(ans.data(t)[1]), exactKeys, nil) {
			t.Error(p)
		}
	})
	t.Run("unknown record", func(t *testing.T) {
		ans := v2.get("Leads/999/Notes")
		require.Equal(t, http.StatusBadRequest, ans.status)
		for _, p := range compareShape("$", sample(t, "30", "errors_v8_official", "bad_record_id_400"), decode(t, ans.body), exactKeys, nil) {
			t.Error(p)
		}
	})
}

func TestRecordNoteUpdateAndDelete(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "One"}, map[string]any{"Last_Name": "Two"})
	ans := a.do("POST", "Leads/"+ids[0]+"/Notes", records(map[string]any{"Note_Title": "t", "Note_Content": "first"}))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	noteID := ans.data(t)[0]["details"].(map[string]any)["id"].(string)

	ans = a.do("PUT", "Leads/"+ids[0]+"/Notes/"+noteID, records(map[string]any{"Note_Content": "edited", "Parent_Id": ids[1]}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, "record updated", ans.data(t)[0]["message"])
	note, ok := s.Records("Notes").Get(noteID)
	require.True(t, ok)
	assert.Equal(t, "edited", note["Note_Content"])
	assert.Equal(t, "t", note["Note_Title"], "fields not given are kept")
	assert.Equal(t, ids[0], note["Parent_Id"].(map[string]any)["id"], "a note keeps its record")

	// A note is reached through its own record only.
	ans = a.do("DELETE", "Leads/"+ids[1]+"/Notes/"+noteID, nil)
	assert.Equal(t, http.StatusBadRequest, ans.status)
	ans = a.do("DELETE", "Leads/"+ids[0]+"/Notes/"+noteID, nil)
	require.Equal(t, http.StatusOK, ans.status)
	for _, p := range compareShape("$", sample(t, "29", "sample_response_delete_v2_doc_copy", "data", "0"), any(ans.data(t)[0]), exactKeys, nil) {
		t.Error(p)
	}
	_, ok = s.Records("Notes").Get(noteID)
	assert.False(t, ok)
	assert.Equal(t, noteID, s.Records("Notes").Deleted()[0].ID, "in the recycle bin")
}

func TestNotesOverHundredRefused(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]
	many := make([]map[string]any, 101)
	for i := range many {
		many[i] = map[string]any{"Note_Content": strings.Repeat("n", i+1), "Parent_Id": lead, "se_module": "Leads"}
	}
	ans := a.do("POST", "Notes", records(many...))
	require.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "LIMIT_EXCEEDED", ans.data(t)[0]["code"])
	assert.Equal(t, 0, s.Records("Notes").Len())
}

func TestAttachmentsOfNotes(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]
	note := a.do("POST", "Leads/"+lead+"/Notes", records(map[string]any{"Note_Content": "see file"})).data(t)[0]["details"].(map[string]any)["id"].(string)

	ans := a.upload("Notes/"+note+"/Attachments", "minutes.txt", []byte("we agreed"))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	item := a.get("Notes/" + note + "/Attachments").data(t)[0]
	assert.Equal(t, "Notes", item["$se_module"])
	dl := a.get("Notes/" + note + "/Attachments/" + item["id"].(string))
	assert.Equal(t, "we agreed", string(dl.body))
	assert.True(t, strings.HasPrefix(dl.header.Get("Content-Type"), "application/octet-stream"), dl.header.Get("Content-Type"))
}
