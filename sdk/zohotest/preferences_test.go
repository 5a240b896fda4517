package zohotest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The raw answers of the one-object preferences (no id, a write's result
// with empty details, per-key errors with their json_path), of __apis and
// __features, and of an enrichment request's life.
func TestPreferencesFeaturesAndEnrichmentAnswers(t *testing.T) {
	s := newServer(t)
	v8 := newAPI(t, s, "v8")

	prefs := v8.get("settings/call_preferences")
	require.Equal(t, http.StatusOK, prefs.status)
	call := prefs.json(t)["call_preferences"].(map[string]any)
	assert.NotContains(t, call, "id", "Zoho gives the setting no id")
	assert.Equal(t, true, call["show_to_number"])

	bad := v8.do("PUT", "settings/call_preferences", map[string]any{"call_preferences": map[string]any{"show_from_number": "yes", "show_to_number": true}})
	require.Equal(t, http.StatusBadRequest, bad.status)
	refused := bad.json(t)["call_preferences"].(map[string]any)
	assert.Equal(t, "INVALID_DATA", refused["code"])
	details := refused["details"].(map[string]any)
	assert.Equal(t, "boolean", details["expected_data_type"])
	assert.Equal(t, "$.call_preferences.show_from_number", details["json_path"])

	ok := v8.do("PUT", "settings/service_preferences", map[string]any{"service_preferences": map[string]any{"job_sheet_enabled": true}})
	require.Equal(t, http.StatusOK, ok.status)
	result := ok.json(t)["service_preferences"].(map[string]any)
	assert.Equal(t, "SUCCESS", result["code"])
	assert.Empty(t, result["details"])
	assert.NotContains(t, v8.get("settings/service_preferences").json(t)["service_preferences"], "id")

	apis := v8.get("__apis?filters=" + url.QueryEscape(`{"field":{"api_name":"path"},"comparator":"equal","value":"/crm/v8/__apis"}`))
	require.Equal(t, http.StatusOK, apis.status)
	list := apis.json(t)["__apis"].([]any)
	require.Len(t, list, 1)
	op := list[0].(map[string]any)["operation_types"].([]any)[0].(map[string]any)
	assert.Equal(t, "GET", op["method"])
	assert.Equal(t, "ZohoCRM.settings.modules.READ", op["oauth_scope"])
	assert.Equal(t, http.StatusBadRequest, v8.get("__apis?filters=nonsense").status)

	request := v8.do("POST", "__zia_org_enrichment?module=Leads", map[string]any{"__zia_org_enrichment": []any{
		map[string]any{"enrich_based_on": map[string]any{"email": "info@zylker.com"}}}})
	require.Equal(t, http.StatusAccepted, request.status)
	scheduled := request.json(t)["__zia_org_enrichment"].([]any)[0].(map[string]any)
	assert.Equal(t, "SCHEDULED", scheduled["code"])
	assert.Equal(t, "Org Enrichment scheduled successfully", scheduled["message"])
	id := scheduled["details"].(map[string]any)["id"].(string)
	missing := v8.do("POST", "__zia_org_enrichment?module=Leads", map[string]any{"__zia_org_enrichment": []any{map[string]any{}}})
	require.Equal(t, http.StatusBadRequest, missing.status)
	assert.Equal(t, "MANDATORY_NOT_FOUND", missing.json(t)["__zia_org_enrichment"].([]any)[0].(map[string]any)["code"])
	noModule := v8.do("POST", "__zia_org_enrichment", map[string]any{"__zia_org_enrichment": []any{map[string]any{}}})
	assert.Equal(t, "REQUIRED_PARAM_MISSING", noModule.json(t)["code"])

	s.Advance(2 * time.Second)
	got := v8.get("__zia_org_enrichment/" + id).json(t)["__zia_org_enrichment"].([]any)[0].(map[string]any)
	assert.Equal(t, "COMPLETED", got["status"])
	data := got["enriched_data"].(map[string]any)
	assert.Equal(t, "info@zylker.com", data["primary_email"])
	assert.Equal(t, "https://www.zylker.com", data["website"], "found from the email's domain")

	enrichment := v8.get("__features/data_enrichment").json(t)["__features"].([]any)[0].(map[string]any)
	used := enrichment["details"].(map[string]any)["used_count"].(map[string]any)
	assert.EqualValues(t, 1, used["total"])
}
