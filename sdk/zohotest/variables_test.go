package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func variables(list ...map[string]any) map[string]any { return map[string]any{"variables": list} }

func TestVariables(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	general := s.VariableGroups()[0]
	sales := s.AddVariableGroup(VariableGroup{Name: "Sales Targets"})
	assert.Equal(t, "Sales_Targets", sales.APIName)

	assert.Equal(t, http.StatusNoContent, a.get("settings/variables").status)

	created := a.do("POST", "settings/variables", variables(
		map[string]any{"name": "Quota", "api_name": "Quota", "variable_group": map[string]any{"id": sales.ID}, "type": "integer", "value": 33},
		map[string]any{"name": "Region", "api_name": "Region", "variable_group": map[string]any{"api_name": "General"}, "type": "text", "value": "EMEA"},
		map[string]any{"name": "Dup", "api_name": "quota", "variable_group": map[string]any{"id": general.ID}, "type": "text"},
		map[string]any{"name": "NoGroup", "api_name": "NoGroup", "type": "text"},
		map[string]any{"name": "Typed", "api_name": "Typed", "variable_group": map[string]any{"id": general.ID}, "type": "integer", "value": "many"},
		map[string]any{"name": "Kind", "api_name": "Kind", "variable_group": map[string]any{"id": general.ID}, "type": "colour"},
		map[string]any{"name": "x", "api_name": "9lives", "variable_group": map[string]any{"id": general.ID}, "type": "text"},
	))
	require.Equal(t, http.StatusMultiStatus, created.status, "%s", created.body)
	results := keyed(t, created, "variables")
	assert.Equal(t, "variable added", results[0]["message"])
	assert.Equal(t, "SUCCESS", results[1]["code"])
	assert.Equal(t, map[string]any{"code": "DUPLICATE_DATA", "details": map[string]any{"api_name": "api_name", "json_path": "$.variables[2].api_name"}, "message": "duplicate data", "status": "error"}, results[2])
	assert.Equal(t, "MANDATORY_NOT_FOUND", results[3]["code"])
	assert.Equal(t, "variable_group", results[3]["details"].(map[string]any)["api_name"])
	assert.Equal(t, "integer", results[4]["details"].(map[string]any)["expected_data_type"])
	assert.Equal(t, []any{"text", "integer", "boolean", "date", "float"}, results[5]["details"].(map[string]any)["supported_values"])
	assert.Contains(t, results[6]["details"], "regex")
	quotaID := results[0]["details"].(map[string]any)["id"].(string)

	list := keyed(t, a.get("settings/variables"), "variables")
	require.Len(t, list, 2)
	assert.Equal(t, "33", list[0]["value"], "values come back as text")
	assert.Equal(t, map[string]any{"api_name": "Sales_Targets", "id": sales.ID}, list[0]["variable_group"])
	assert.Len(t, keyed(t, a.get("settings/variables?group="+sales.ID), "variables"), 1)
	assert.Len(t, keyed(t, a.get("settings/variables?group=General"), "variables"), 1)
	assert.Equal(t, http.StatusBadRequest, a.get("settings/variables?group=Nope").status)

	one := a.get("settings/variables/" + quotaID)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, "Quota", keyed(t, one, "variables")[0]["name"])
	missing := a.get("settings/variables/123")
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":2},"message":"invalid data","status":"error"}`, string(missing.body))

	upd := a.do("PUT", "settings/variables", variables(map[string]any{"id": quotaID, "value": 40}, map[string]any{"id": "1", "value": 1}))
	assert.Equal(t, http.StatusMultiStatus, upd.status)
	assert.Equal(t, "variable updated", keyed(t, upd, "variables")[0]["message"])
	assert.Equal(t, "40", s.Variables()[0].Value)

	bad := a.do("PUT", "settings/variables/"+quotaID, variables(map[string]any{"value": 1.5}))
	assert.Equal(t, http.StatusBadRequest, bad.status, "an integer variable refuses 1.5")
	ok := a.do("PUT", "settings/variables/"+quotaID, variables(map[string]any{"value": 41, "description": "monthly"}))
	assert.Equal(t, http.StatusOK, ok.status, "%s", ok.body)
	assert.Equal(t, "monthly", s.Variables()[0].Description)
	assert.Equal(t, http.StatusBadRequest, a.do("PUT", "settings/variables/"+quotaID, variables(map[string]any{}, map[string]any{})).status, "one entry per call")

	regionID := s.Variables()[1].ID
	del := a.do("DELETE", "settings/variables?ids="+regionID+",42", nil)
	assert.Equal(t, http.StatusMultiStatus, del.status)
	assert.Equal(t, "variable not deleted", keyed(t, del, "variables")[1]["message"])
	assert.Equal(t, http.StatusOK, a.do("DELETE", "settings/variables/"+quotaID, nil).status)
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", "settings/variables/"+quotaID, nil).status)
	assert.Empty(t, s.Variables())
}

func TestVariableGroups(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	groups := keyed(t, a.get("settings/variable_groups"), "variable_groups")
	require.Len(t, groups, 1)
	assert.Equal(t, "General", groups[0]["api_name"])
	one := a.get("settings/variable_groups/" + groups[0]["id"].(string))
	assert.Equal(t, "General", keyed(t, one, "variable_groups")[0]["display_label"])
	assert.Equal(t, "General", keyed(t, a.get("settings/variable_groups/General"), "variable_groups")[0]["name"], "by API name too")
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":2},"message":"Invalid ID","status":"error"}`, string(a.get("settings/variable_groups/1").body))
	assert.Panics(t, func() { s.AddVariableGroup(VariableGroup{Name: "general"}) })
	assert.Panics(t, func() { s.AddVariable(Variable{Name: "x", Type: "colour"}) })
	v := s.AddVariable(Variable{Name: "Fiscal Start"})
	assert.Equal(t, "Fiscal_Start", v.APIName)
	assert.Equal(t, groups[0]["id"], v.GroupID)
}
