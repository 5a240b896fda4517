package zohotest

import (
	"testing"
)

// The org, user, settings and related records answers against Zoho's
// samples (reference 11-19, 40-43), as TestShapesMatchReference does for
// the rest.
func TestSettingsShapesMatchReference(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	body := func(a answer) any { return decode(t, a.body) }
	admin := s.Admin()
	campaign := s.Records("Campaigns").Insert(map[string]any{"Campaign_Name": "Spring"})[0]
	lead := s.Records("Leads").Insert(map[string]any{"Last_Name": "Shape"})[0]
	product := s.Records("Products").Insert(map[string]any{"Product_Name": "Premium Widget", "Unit_Price": 99.99})[0]
	contact := s.Records("Contacts").Insert(map[string]any{"Last_Name": "Doe"})[0]
	s.Link("Products", product, "Contacts", contact, nil)
	fieldsOf := func(a *api, module string, names ...string) any {
		var out []any
		all := body(a.get("settings/fields?module=" + module)).(map[string]any)["fields"].([]any)
		for _, name := range names {
			for _, f := range all {
				if f.(map[string]any)["api_name"] == name {
					out = append(out, f)
				}
			}
		}
		return map[string]any{"fields": out}
	}
	refFields := func(indexes ...int) any {
		all := sample(t, "13", "sample_response_200_v2_doc_copy_(6_of_many_fields, each item verbatim)", "fields").([]any)
		var out []any
		for _, i := range indexes {
			out = append(out, all[i])
		}
		return map[string]any{"fields": out}
	}
	newVariable := func(name string) string {
		return s.AddVariable(Variable{Name: name, Type: "integer", Value: "1"}).ID
	}
	newUser := func(email string) string { return s.AddUser(User{LastName: "X", Email: email}).ID }

	rows := []struct {
		name   string
		ref    any
		mode   shapeMode
		ignore []string
		got    func() any
	}{
		// Modules, fields, layouts.
		{"modules", sample(t, "11", "sample_response_200_v2_doc_copy_(abridged_to_3_of_6_items)"), atLeastKeys,
			[]string{"$.modules[0].createable", "$.modules[1].createable", "$.modules[2].createable"}, // early v2 spelling; later samples say creatable
			func() any { return body(v2.get("settings/modules")) }},
		{"module", sample(t, "12", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/modules/Leads")) }},
		{"fields", refFields(0, 2, 3, 4), atLeastKeys, nil,
			func() any { return fieldsOf(v2, "Contacts", "Owner", "Account_Name", "Last_Name", "Email") }},
		{"layouts v2", sample(t, "51", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/layouts?module=Leads")) }},

		// Custom views and related lists.
		{"custom views", sample(t, "48", "sample_response_200_v2_doc_copy_list_(abridged_to_3_of_13_views)"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/custom_views?module=Leads")) }},
		{"custom views info", sample(t, "48", "sample_response_200_v2_doc_copy_list_(abridged_to_3_of_13_views)", "info"), exactKeys, nil,
			func() any { return body(v2.get("settings/custom_views?module=Leads")).(map[string]any)["info"] }},
		{"custom view", sample(t, "48", "sample_response_200_v2_doc_copy_get"), atLeastKeys, nil,
			func() any {
				m, _ := s.Module("Leads")
				return body(v2.get("settings/custom_views/" + m.CustomViews[0].ID + "?module=Leads"))
			}},
		{"custom view update", sample(t, "48", "sample_response_200_v8_update"), exactKeys, nil,
			func() any {
				m, _ := s.Module("Leads")
				return body(v8.do("PUT", "settings/custom_views/"+m.CustomViews[0].ID+"?module=Leads", map[string]any{"custom_views": []any{map[string]any{"sort_order": "asc"}}}))
			}},
		{"related lists", sample(t, "49", "sample_response_200_v2_doc_copy_(abridged_to_4_of_14)"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/related_lists?module=Leads")) }},
		{"related lists v8", sample(t, "49", "sample_response_200_v8"), atLeastKeys,
			[]string{"$.related_lists[0].customize_sort", "$.related_lists[0].customize_fields", "$.related_lists[0].customize_display_label",
				"$.related_lists[0].status", "$.related_lists[0].parent_related_lists"}, // v8 UI settings the emulator does not keep
			func() any { return body(v8.get("settings/related_lists?module=Leads")) }},
		{"related lists missing module", sample(t, "49", "sample_response_400_v8_required_param_missing"), exactKeys, nil,
			func() any { return body(v8.get("settings/related_lists")) }},
		{"related lists invalid module", sample(t, "49", "sample_response_400_v8_invalid_module"), exactKeys, nil,
			func() any { return body(v8.get("settings/related_lists?module=Nope")) }},

		// Related records.
		{"related records v8", sample(t, "50", "sample_response_200_v8_list"), atLeastKeys, nil,
			func() any {
				return body(v8.get("Contacts/" + contact + "/Products?fields=Product_Name,Unit_Price,Created_Time,Modified_Time"))
			}},
		{"related records v8 info", sample(t, "50", "sample_response_200_v8_list", "info"), exactKeys, nil,
			func() any {
				return body(v8.get("Contacts/" + contact + "/Products?fields=Product_Name")).(map[string]any)["info"]
			}},
		{"link", sample(t, "50", "sample_response_200_update_relation_observed"), exactKeys, nil,
			func() any {
				return body(v8.do("PUT", "Leads/"+lead+"/Campaigns/"+campaign, records(map[string]any{"Member_Status": "Active"})))
			}},
		{"delink", sample(t, "50", "sample_response_200_delink_observed"), exactKeys, nil,
			func() any { return body(v2.do("DELETE", "Leads/"+lead+"/Campaigns/"+campaign, nil)) }},
		{"related name invalid", sample(t, "50", "errors_v8_oas", "invalid_related_name"), exactKeys, nil,
			func() any { return body(v8.get("Leads/" + lead + "/Nothing?fields=Last_Name")) }},
		{"relation field missing", sample(t, "50", "errors_v8_oas", "mandatory_relation_field"), exactKeys, nil,
			func() any {
				book := s.Records("Price_Books").Insert(map[string]any{"Price_Book_Name": "Retail"})[0]
				return body(v8.do("PUT", "Products/"+product+"/Price_Books/"+book, records(map[string]any{"id": book})))
			}},

		// Roles and profiles.
		{"roles v2", sample(t, "18", "sample_response_200_v2_doc_copy_list"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/roles")) }},
		{"role v2", sample(t, "18", "sample_response_200_v2_doc_copy_get"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/roles/" + admin.Role.ID)) }},
		{"profiles v2", sample(t, "17", "sample_response_200_v2_doc_copy_list"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/profiles")) }},
		{"profile v2", sample(t, "17", "sample_response_200_v2_doc_copy_get"), atLeastKeys, nil,
			func() any { return body(v2.get("settings/profiles/" + admin.Profile.ID)) }},
		{"profiles v8", sample(t, "17", "sample_response_200_v8_list"), atLeastKeys, []string{"$.info.license_limit"}, // the org's user licences: not kept
			func() any { return body(v8.get("settings/profiles")) }},

		// Variables.
		{"variables", sample(t, "16", "sample_response_200_v8_get_variables"), atLeastKeys, nil,
			func() any {
				newVariable("A")
				newVariable("B")
				newVariable("C")
				return body(v8.get("settings/variables"))
			}},
		{"variable", sample(t, "16", "sample_response_200_v8_get_variable_by_id"), atLeastKeys, nil,
			func() any { return body(v8.get("settings/variables/" + newVariable("D"))) }},
		{"create variable", sample(t, "16", "sample_response_201_v8_create"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "settings/variables", variables(map[string]any{"name": "E", "api_name": "E", "variable_group": map[string]any{"api_name": "General"}, "type": "integer", "value": 33})))
			}},
		{"create variable duplicate", sample(t, "16", "sample_response_400_v8_create_duplicate"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "settings/variables", variables(map[string]any{"name": "E", "api_name": "E", "variable_group": map[string]any{"api_name": "General"}, "type": "integer"})))
			}},
		{"update variables", sample(t, "16", "sample_response_200_v8_update"), exactKeys, nil,
			func() any {
				return body(v8.do("PUT", "settings/variables", variables(map[string]any{"id": newVariable("F"), "value": 7})))
			}},
		{"update variable", sample(t, "16", "sample_response_200_v8_update_by_id"), exactKeys, nil,
			func() any {
				return body(v8.do("PUT", "settings/variables/"+newVariable("G"), variables(map[string]any{"value": 7})))
			}},
		{"delete variables", sample(t, "16", "sample_response_207_v8_delete"), exactKeys, nil,
			func() any {
				return body(v8.do("DELETE", "settings/variables?ids="+newVariable("H")+","+newVariable("I")+",234576960", nil))
			}},
		{"delete variable", sample(t, "16", "sample_response_200_v8_delete_by_id"), exactKeys, nil,
			func() any { return body(v8.do("DELETE", "settings/variables/"+newVariable("J"), nil)) }},
		{"variable invalid id", sample(t, "16", "sample_response_400_v8_invalid_id"), exactKeys, nil,
			func() any { return body(v8.get("settings/variables/1")) }},
		{"variable groups", sample(t, "16", "sample_response_200_v8_get_variable_groups"), exactKeys, nil,
			func() any {
				s.AddVariableGroup(VariableGroup{Name: "Second"})
				return body(v8.get("settings/variable_groups"))
			}},
		{"variable group", sample(t, "16", "sample_response_200_v8_get_variable_group_by_id"), exactKeys, nil,
			func() any { return body(v8.get("settings/variable_groups/General")) }},
		{"variable group invalid", sample(t, "16", "sample_response_400_v8_variable_group_invalid_id"), exactKeys, nil,
			func() any { return body(v8.get("settings/variable_groups/1")) }},

		// Users.
		{"create user v2", sample(t, "19", "sample_response_201_v2_create"), exactKeys, nil,
			func() any {
				req := sample(t, "19", "sample_request_v2_create").(map[string]any)
				u := req["users"].([]any)[0].(map[string]any)
				u["role"], u["profile"] = admin.Role.ID, admin.Profile.ID
				return body(v2.do("POST", "users", req))
			}},
		{"create user v8", sample(t, "19", "sample_response_201_v8_create"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "users", users(map[string]any{"last_name": "L", "email": "user@example.com",
					"role": map[string]any{"name": "CEO", "id": admin.Role.ID}, "profile": map[string]any{"name": "Administrator", "id": admin.Profile.ID}})))
			}},
		{"create user more than one", sample(t, "19", "sample_response_400_v8_create_more_than_one"), exactKeys, nil,
			func() any { return body(v8.do("POST", "users", users(map[string]any{}, map[string]any{}))) }},
		{"create user duplicate", sample(t, "19", "sample_response_400_v8_create_duplicate_email"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "users", users(map[string]any{"last_name": "L", "email": admin.Email, "role": admin.Role.ID, "profile": admin.Profile.ID})))
			}},
		{"create user invalid profile", sample(t, "19", "sample_response_400_v8_invalid_profile"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "users", users(map[string]any{"last_name": "L", "email": "p@example.com", "role": admin.Role.ID, "profile": "1"})))
			}},
		{"update user v2", sample(t, "19", "sample_response_200_v2_update"), exactKeys, nil,
			func() any {
				return body(v2.do("PUT", "users/"+newUser("u1@example.com"), users(map[string]any{"phone": "123456789", "time_format": "HH:mm"})))
			}},
		{"update user invalid id", sample(t, "19", "sample_response_400_v8_update_invalid_id"), exactKeys, nil,
			func() any { return body(v8.do("PUT", "users/1", users(map[string]any{"phone": "1"}))) }},
		{"update deleted user", sample(t, "19", "sample_response_400_v8_update_deleted_user"), exactKeys, nil,
			func() any {
				id := newUser("u2@example.com")
				v8.do("DELETE", "users/"+id, nil)
				return body(v8.do("PUT", "users/"+id, users(map[string]any{"phone": "1"})))
			}},
		{"delete user v8", sample(t, "19", "sample_response_200_v8_delete"), exactKeys, nil,
			func() any { return body(v8.do("DELETE", "users/"+newUser("u3@example.com"), nil)) }},
		{"delete user twice", sample(t, "19", "sample_response_400_v8_delete_already_deleted"), exactKeys, nil,
			func() any {
				id := newUser("u4@example.com")
				v8.do("DELETE", "users/"+id, nil)
				return body(v8.do("DELETE", "users/"+id, nil))
			}},
		{"search users", sample(t, "09", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func() any { return body(v2.get("users/search?criteria=(email:equals:" + admin.Email + ")")) }},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			for _, p := range compareShape("$", r.ref, r.got(), r.mode, r.ignore) {
				t.Error(p)
			}
		})
	}
}
