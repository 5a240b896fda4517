package zohotest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tagsBody(tags ...map[string]any) map[string]any { return map[string]any{"tags": tags} }

// tagsOfRecord reads a record's Tag field as names.
func tagsOfRecord(t testing.TB, s *Server, module, id string) []string {
	t.Helper()
	rec, ok := s.Records(module).Get(id)
	require.True(t, ok)
	list, _ := rec["Tag"].([]any)
	names := []string{}
	for _, item := range list {
		names = append(names, item.(map[string]any)["name"].(string))
	}
	return names
}

func TestTagSettingsLifecycle(t *testing.T) {
	s := newServer(t)
	v7, v8 := newAPI(t, s, "v7"), newAPI(t, s, "v8")
	shape := func(ref any, got []byte, mode shapeMode, ignore ...string) {
		t.Helper()
		for _, p := range compareShape("$", ref, decode(t, got), mode, ignore) {
			t.Error(p)
		}
	}

	ans := v8.do("POST", "settings/tags?module=Leads", tagsBody(map[string]any{"name": "Hot", "color_code": "#F17574"}))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	shape(sample(t, "46", "sample_response_create_201_v8_oas"), ans.body, exactKeys)
	hot := ans.json(t)["tags"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)

	ans = v8.do("POST", "settings/tags?module=Leads", tagsBody(map[string]any{"name": "hot"}, map[string]any{"name": "Cold"}))
	require.Equal(t, http.StatusMultiStatus, ans.status)
	shape(sample(t, "46", "sample_response_create_207_v8_oas"), ans.body, exactKeys)
	cold := ans.json(t)["tags"].([]any)[1].(map[string]any)["details"].(map[string]any)["id"].(string)

	list := v8.get("settings/tags?module=Leads")
	shape(sample(t, "46", "sample_response_list_v8_oas_(2_of_484_items)"), list.body, exactKeys, "$.info.record_limit")
	assert.Len(t, list.json(t)["tags"], 2)

	// Tags on records, then settings changes reach the records.
	ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})
	ans = v8.do("POST", "Leads/actions/add_tags", map[string]any{"tags": []map[string]any{{"name": "Hot"}, {"name": "Cold"}}, "ids": ids})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	count := v8.get("settings/tags/" + hot + "/actions/records_count?module=Leads")
	shape(sample(t, "46", "sample_response_records_count_v8_doc_scrape"), count.body, exactKeys)
	assert.Equal(t, "2", count.json(t)["count"])

	ans = v8.do("PUT", "settings/tags/"+hot+"?module=Leads", tagsBody(map[string]any{"name": "Burning"}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	shape(sample(t, "46", "sample_response_update_one_200_v8_oas"), ans.body, exactKeys)
	assert.Equal(t, []string{"Burning", "Cold"}, tagsOfRecord(t, s, "Leads", ids[0]))

	ans = v8.do("PUT", "settings/tags?module=Leads", tagsBody(map[string]any{"id": cold, "color_code": "#000000"}))
	shape(sample(t, "46", "sample_response_update_many_200_v8_oas"), ans.body, exactKeys)
	ans = v8.do("PUT", "settings/tags?module=Leads", tagsBody(map[string]any{"name": "no id"}))
	assert.Equal(t, "MANDATORY_NOT_FOUND", ans.json(t)["tags"].([]any)[0].(map[string]any)["code"])

	// Merge Cold into Burning: the records carry Burning once.
	ans = v7.do("POST", "settings/tags/"+hot+"/actions/merge", tagsBody(map[string]any{"conflict_id": cold}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	shape(sample(t, "46", "sample_response_merge_v7_doc"), ans.body, exactKeys)
	assert.Equal(t, []string{"Burning"}, tagsOfRecord(t, s, "Leads", ids[1]))
	assert.Len(t, v8.get("settings/tags?module=Leads").json(t)["tags"], 1)

	// Delete: an object before v8, an array from v8.
	third := v8.do("POST", "settings/tags?module=Leads", tagsBody(map[string]any{"name": "Third"})).json(t)["tags"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)
	shape(sample(t, "46", "sample_response_delete_v7_doc"), v7.do("DELETE", "settings/tags/"+third, nil).body, exactKeys)
	ans = v8.do("DELETE", "settings/tags/"+hot, nil)
	shape(sample(t, "46", "sample_response_delete_200_v8_oas"), ans.body, exactKeys)
	assert.Empty(t, tagsOfRecord(t, s, "Leads", ids[0]))
	ans = v8.do("DELETE", "settings/tags/"+hot, nil)
	shape(sample(t, "46", "errors_v8_oas", "delete_not_found"), ans.body, exactKeys)
}

func TestTagSettingsErrors(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	for _, c := range []struct {
		name string
		ans  answer
		ref  string
	}{
		{"no module", a.get("settings/tags"), "required_param_missing_module"},
		{"bad module", a.get("settings/tags?module=Nope"), "invalid_module"},
		{"no name", a.do("POST", "settings/tags?module=Leads", tagsBody(map[string]any{"color_code": "#FFFFFF"})), "mandatory_not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, http.StatusBadRequest, c.ans.status)
			for _, p := range compareShape("$", sample(t, "46", "errors_v8_oas", c.ref), decode(t, c.ans.body), exactKeys, nil) {
				t.Error(p)
			}
		})
	}
	many := make([]map[string]any, 51)
	for i := range many {
		many[i] = map[string]any{"name": fmt.Sprint("t", i)}
	}
	assert.Equal(t, "LIMIT_EXCEEDED", a.do("POST", "settings/tags?module=Leads", tagsBody(many...)).json(t)["code"])
}

// v2 and v2.1 take a record's tags in the query; v3 and later in a body.
func TestRecordTagsWireFormatByVersion(t *testing.T) {
	s := newServer(t)
	ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})

	for _, v := range []string{"v2", "v2.1"} {
		a := newAPI(t, s, v)
		ans := a.do("POST", "Leads/"+ids[0]+"/actions/add_tags?tag_names=Pharma,Agri", nil)
		require.Equal(t, http.StatusOK, ans.status, "%s %s", v, ans.body)
		d := ans.data(t)[0]["details"].(map[string]any)
		assert.Equal(t, ids[0], d["id"])
		assert.Len(t, d["tags"], 2)
		ans = a.do("POST", "Leads/"+ids[0]+"/actions/add_tags", map[string]any{"tags": []map[string]any{{"name": "Body"}}})
		assert.Equal(t, "REQUIRED_PARAM_MISSING", ans.json(t)["code"], "%s reads the query, not a body", v)
	}
	assert.Equal(t, []string{"Pharma", "Agri"}, tagsOfRecord(t, s, "Leads", ids[0]))

	for _, v := range []string{"v3", "v7", "v8"} {
		a := newAPI(t, s, v)
		ans := a.do("POST", "Leads/"+ids[1]+"/actions/add_tags?tag_names=Query", nil)
		assert.Equal(t, "MANDATORY_NOT_FOUND", ans.json(t)["code"], "%s reads a body, not the query", v)
	}
	v7 := newAPI(t, s, "v7")
	ans := v7.do("POST", "Leads/"+ids[1]+"/actions/add_tags", map[string]any{"tags": []map[string]any{{"name": "Active"}, {"name": "Pharma"}}})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "32", "sample_response_add_single_v7_doc"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	ans = v7.do("POST", "Leads/actions/remove_tags", map[string]any{"tags": []map[string]any{{"name": "Pharma"}}, "ids": ids})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	for _, p := range compareShape("$", sample(t, "32", "sample_response_add_bulk_v7_doc"), decode(t, ans.body), exactKeys, nil) {
		t.Error(p)
	}
	assert.Equal(t, []string{"Agri"}, tagsOfRecord(t, s, "Leads", ids[0]))
	assert.Equal(t, []string{"Active"}, tagsOfRecord(t, s, "Leads", ids[1]))

	// over_write replaces; an id names a tag.
	tags := v7.get("settings/tags?module=Leads").json(t)["tags"].([]any)
	var activeID string
	for _, tg := range tags {
		if tg.(map[string]any)["name"] == "Active" {
			activeID = tg.(map[string]any)["id"].(string)
		}
	}
	ans = v7.do("POST", "Leads/"+ids[0]+"/actions/add_tags", map[string]any{"tags": []map[string]any{{"id": activeID}}, "over_write": true})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, []string{"Active"}, tagsOfRecord(t, s, "Leads", ids[0]))
}

func TestRecordTagLimits(t *testing.T) {
	s := newServer(t)
	ids := s.Records("Leads").Insert(make([]map[string]any, 150)...)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")

	names := make([]string, 11)
	for i := range names {
		names[i] = fmt.Sprint("tag", i)
	}
	ans := v2.do("POST", "Leads/"+ids[0]+"/actions/add_tags?tag_names="+strings.Join(names, ","), nil)
	assert.Equal(t, "LIMIT_EXCEEDED", ans.json(t)["code"], "11 tags a call")
	assert.Equal(t, http.StatusOK, v2.do("POST", "Leads/"+ids[0]+"/actions/add_tags?tag_names="+strings.Join(names[:10], ","), nil).status)

	ans = v2.do("POST", "Leads/actions/add_tags?tag_names=x&ids="+strings.Join(ids[:101], ","), nil)
	assert.Equal(t, "LIMIT_EXCEEDED", ans.json(t)["code"], "v2: 100 records a call")
	ans = v8.do("POST", "Leads/actions/add_tags", map[string]any{"tags": []map[string]any{{"name": "x"}}, "ids": ids})
	require.Equal(t, http.StatusOK, ans.status, "v8 takes 500 records")
	assert.Len(t, ans.data(t), 150)
	assert.Equal(t, "150", ans.json(t)["success_count"])

	ans = v8.do("POST", "Leads/actions/add_tags", map[string]any{"tags": []map[string]any{{"name": "x"}}, "ids": []string{ids[0], "12345"}})
	require.Equal(t, http.StatusMultiStatus, ans.status)
	assert.Equal(t, "INVALID_DATA", ans.data(t)[1]["code"])
}
