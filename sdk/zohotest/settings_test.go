package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModuleMetadata(t *testing.T) {
	s := newServer(t)
	s.AddModule(Module{APIName: "Vehicles", Custom: true, DisplayField: "Name", Fields: fieldSpecs("Name text 120 mandatory")})
	a := newAPI(t, s, "v2")

	modules := keyed(t, a.get("settings/modules"), "modules")
	require.Len(t, modules, len(s.Modules()))
	byName := map[string]map[string]any{}
	for _, m := range modules {
		byName[m["api_name"].(string)] = m
	}
	assert.Equal(t, true, byName["Leads"]["convertable"])
	assert.Equal(t, false, byName["Contacts"]["convertable"])
	assert.Equal(t, "Meetings", byName["Events"]["module_name"])
	assert.Equal(t, "custom", byName["Vehicles"]["generated_type"])
	assert.Equal(t, "default", byName["Leads"]["generated_type"])
	leads, _ := s.Module("Leads")
	assert.Equal(t, leads.ID, byName["Leads"]["id"])

	one := a.get("settings/modules/leads")
	require.Equal(t, http.StatusOK, one.status, "API names are matched ignoring case")
	m := keyed(t, one, "modules")[0]
	assert.Equal(t, "Full_Name", m["display_field"])
	assert.Contains(t, m["$properties"], "$converted")
	view := m["custom_view"].(map[string]any)
	assert.Equal(t, leads.CustomViews[0].ID, view["id"])
	assert.Equal(t, "ALLVIEWS", view["system_name"])
	assert.Equal(t, "Full_Name", view["fields"].([]any)[0])
	assert.Len(t, m["profiles"], 2)

	bad := a.get("settings/modules/Nope")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "INVALID_MODULE", bad.json(t)["code"])
}

func TestFieldMetadata(t *testing.T) {
	s := newServer(t)
	custom := s.AddField("Leads", Field{APIName: "Score__c", DataType: "integer", Custom: true})
	a := newAPI(t, s, "v2")

	fields := keyed(t, a.get("settings/fields?module=Leads"), "fields")
	leads, _ := s.Module("Leads")
	require.Len(t, fields, len(leads.Fields))
	byName := map[string]map[string]any{}
	for _, f := range fields {
		byName[f["api_name"].(string)] = f
	}
	last := byName["Last_Name"]
	assert.Equal(t, "Last Name", last["field_label"])
	assert.Equal(t, "text", last["data_type"])
	assert.Equal(t, "string", last["json_type"])
	assert.Equal(t, 80.0, last["length"])
	assert.Equal(t, true, last["system_mandatory"])
	assert.Equal(t, "jsonobject", byName["Owner"]["json_type"])
	assert.Equal(t, true, byName["Full_Name"]["read_only"])
	assert.Equal(t, "integer", byName["Score__c"]["json_type"])
	assert.Equal(t, true, byName["Score__c"]["custom_field"])

	contacts := keyed(t, a.get("settings/fields?module=Contacts"), "fields")
	for _, f := range contacts {
		if f["api_name"] == "Account_Name" {
			lookup := f["lookup"].(map[string]any)
			assert.Equal(t, "Accounts", lookup["module"], "v2 names the module")
			assert.Equal(t, "Contacts", lookup["api_name"], "the related list it shows in")
		}
	}
	v8 := newAPI(t, s, "v8")
	for _, f := range keyed(t, v8.get("settings/fields?module=Contacts"), "fields") {
		if f["api_name"] == "Account_Name" {
			assert.Equal(t, "Accounts", f["lookup"].(map[string]any)["module"].(map[string]any)["api_name"], "v8 gives an object")
		}
	}

	one := a.get("settings/fields/" + custom.ID + "?module=Leads")
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, "Score__c", keyed(t, one, "fields")[0]["api_name"])
	assert.Equal(t, http.StatusBadRequest, a.get("settings/fields/"+custom.ID+"?module=Contacts").status)

	assert.JSONEq(t, `{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"required param missing","status":"error"}`, string(a.get("settings/fields").body))
	assert.JSONEq(t, `{"code":"INVALID_MODULE","details":{"param_name":"module"},"message":"the module name given seems to be invalid","status":"error"}`, string(a.get("settings/fields?module=Nope").body))
}

func TestLayouts(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	layouts := keyed(t, a.get("settings/layouts?module=Deals"), "layouts")
	require.Len(t, layouts, 1)
	l := layouts[0]
	assert.Equal(t, "Standard", l["name"])
	assert.Equal(t, 1.0, l["status"])
	section := l["sections"].([]any)[0].(map[string]any)
	assert.Equal(t, "Deal Information", section["name"])
	deals, _ := s.Module("Deals")
	fields := section["fields"].([]any)
	require.Len(t, fields, len(deals.Fields))
	first := fields[0].(map[string]any)
	assert.Equal(t, "Deal_Name", first["api_name"])
	assert.Equal(t, true, first["required"])
	assert.Equal(t, 1.0, first["sequence_number"])

	id := l["id"].(string)
	again := keyed(t, a.get("settings/layouts/"+id+"?module=Deals"), "layouts")[0]
	assert.Equal(t, id, again["id"], "a layout keeps its id")
	assert.Equal(t, http.StatusBadRequest, a.get("settings/layouts/"+id+"?module=Leads").status)
	assert.Equal(t, "active", keyed(t, newAPI(t, s, "v8").get("settings/layouts?module=Deals"), "layouts")[0]["status"])
}

func TestCustomViews(t *testing.T) {
	s := newServer(t)
	s.AddModule(Module{APIName: "Vehicles", Fields: fieldSpecs("Name text 120", "Plate text 20"),
		CustomViews: []CustomView{{Name: "All Vehicles"}, {Name: "Mine"}, {Name: "Red ones"}}})
	a := newAPI(t, s, "v2")
	m, _ := s.Module("Vehicles")

	ans := a.get("settings/custom_views?module=Vehicles")
	require.Equal(t, http.StatusOK, ans.status)
	views := keyed(t, ans, "custom_views")
	require.Len(t, views, 3)
	assert.Equal(t, true, views[0]["default"])
	assert.Equal(t, "shared_with_me", views[0]["category"])
	assert.Equal(t, "created_by_me", views[1]["category"])
	info := ans.info(t)
	assert.Equal(t, m.CustomViews[0].ID, info["default"])
	assert.Equal(t, 3.0, info["count"])
	paged := a.get("settings/custom_views?module=Vehicles&per_page=2&page=2")
	assert.Equal(t, 1.0, paged.info(t)["count"])
	assert.Equal(t, false, paged.info(t)["more_records"])

	id := m.CustomViews[1].ID
	upd := a.do("PUT", "settings/custom_views/"+id+"?module=Vehicles", map[string]any{"custom_views": []any{map[string]any{"sort_by": "Plate", "sort_order": "desc", "fields": []any{"Plate", map[string]any{"api_name": "Name"}}}}})
	require.Equal(t, http.StatusOK, upd.status, "%s", upd.body)
	assert.JSONEq(t, `{"custom_views":[{"code":"SUCCESS","details":{"id":"`+id+`"},"message":"custom view updated","status":"success"}]}`, string(upd.body))
	m, _ = s.Module("Vehicles")
	assert.Equal(t, CustomView{ID: id, Name: "Mine", Fields: []string{"Plate", "Name"}, SortBy: "Plate", SortOrder: "desc"}, m.CustomViews[1])

	one := keyed(t, a.get("settings/custom_views/"+id+"?module=Vehicles"), "custom_views")[0]
	assert.Equal(t, "Plate", one["sort_by"])
	assert.Equal(t, "desc", one["sort_order"])
	assert.Equal(t, []any{"Plate", "Name"}, one["fields"])
	v8 := keyed(t, newAPI(t, s, "v8").get("settings/custom_views/"+id+"?module=Vehicles"), "custom_views")[0]
	assert.Equal(t, "Plate", v8["sort_by"].(map[string]any)["api_name"])

	bad := a.do("PUT", "settings/custom_views/"+id+"?module=Vehicles", map[string]any{"custom_views": []any{map[string]any{"sort_by": "Colour"}}})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "sort_by", keyed(t, bad, "custom_views")[0]["details"].(map[string]any)["api_name"])
	bad = a.do("PUT", "settings/custom_views/"+id+"?module=Vehicles", map[string]any{"custom_views": []any{map[string]any{"sort_order": "up"}}})
	assert.Equal(t, "sort_order", keyed(t, bad, "custom_views")[0]["details"].(map[string]any)["api_name"])
	assert.Equal(t, http.StatusBadRequest, a.do("PUT", "settings/custom_views/123?module=Vehicles", map[string]any{"custom_views": []any{map[string]any{}}}).status)
	assert.Equal(t, http.StatusBadRequest, a.get("settings/custom_views/"+id+"?module=Leads").status)
	assert.Equal(t, http.StatusBadRequest, a.get("settings/custom_views").status)
}

func TestRelatedListMetadata(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	names := func(module string) []string {
		var out []string
		for _, rl := range keyed(t, a.get("settings/related_lists?module="+module), "related_lists") {
			out = append(out, rl["api_name"].(string))
		}
		return out
	}
	accounts := names("Accounts")
	assert.Equal(t, []string{"Notes", "Attachments"}, accounts[:2])
	for _, want := range []string{"Contacts", "Accounts", "Deals", "Products", "Quotes", "Sales_Orders", "Invoices", "Cases"} {
		assert.Contains(t, accounts, want)
	}
	assert.NotContains(t, accounts, "Leads")
	assert.Subset(t, names("Campaigns"), []string{"Leads", "Contacts", "Deals"})
	assert.Subset(t, names("Products"), []string{"Leads", "Accounts", "Contacts", "Deals", "Price_Books", "Cases"})
	assert.Subset(t, names("Leads"), []string{"Campaigns", "Products"})

	lists := keyed(t, a.get("settings/related_lists?module=Accounts"), "related_lists")
	contacts := lists[2]
	assert.Equal(t, "3", contacts["sequence_number"])
	assert.Equal(t, "Contacts", contacts["module"])
	assert.Equal(t, "Accounts/{ENTITYID}/Contacts", contacts["href"])

	one := keyed(t, a.get("settings/related_lists/"+contacts["id"].(string)+"?module=Accounts"), "related_lists")[0]
	assert.Equal(t, contacts, one)
	assert.Equal(t, http.StatusBadRequest, a.get("settings/related_lists/1?module=Accounts").status)
	v8 := keyed(t, newAPI(t, s, "v8").get("settings/related_lists?module=Accounts"), "related_lists")[2]
	assert.Equal(t, "Contacts", v8["module"].(map[string]any)["api_name"])

	// A lookup field's metadata names the related list it feeds.
	for _, f := range keyed(t, a.get("settings/fields?module=Contacts"), "fields") {
		if f["api_name"] == "Account_Name" {
			assert.Equal(t, contacts["id"], f["lookup"].(map[string]any)["id"])
		}
	}
}
