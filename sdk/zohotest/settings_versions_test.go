package zohotest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each version's settings answers have that version's shapes, on every
// item, and not the keys of the other version as well (reference 07, 14,
// 48, 49, 51).
func TestSettingsAnswersPerVersion(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	items := func(a answer, key string) []map[string]any {
		var out []map[string]any
		for _, item := range a.json(t)[key].([]any) {
			out = append(out, item.(map[string]any))
		}
		require.NotEmpty(t, out, "%s", a.body)
		return out
	}
	each := func(t *testing.T, ref any, got []map[string]any, ignore ...string) {
		t.Helper()
		for _, item := range got {
			for _, p := range compareShape("$", ref, any(item), atLeastKeys, ignore) {
				t.Errorf("%v: %s", item["api_name"], p)
			}
		}
	}
	absent := func(t *testing.T, item map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			assert.NotContains(t, item, k, "%v", item["id"])
		}
	}

	t.Run("related lists", func(t *testing.T) {
		lists := items(v8.get("settings/related_lists?module=Leads"), "related_lists")
		ref := sample(t, "49", "sample_response_200_v8", "related_lists", "0")
		each(t, ref, lists, "$.customize_sort", "$.customize_fields", "$.customize_display_label", "$.status", "$.parent_related_lists")
		names := map[string]bool{}
		for _, rl := range lists {
			names[rl["api_name"].(string)] = true
			module, ok := rl["module"].(map[string]any)
			require.True(t, ok, "v8 names the module of %v by an object: %v", rl["api_name"], rl["module"])
			assert.NotEmpty(t, module["api_name"])
			assert.NotEmpty(t, module["id"])
		}
		assert.True(t, names["Attachments"] && names["Notes"], "%v", names)

		for _, rl := range items(v2.get("settings/related_lists?module=Leads"), "related_lists") {
			_, ok := rl["module"].(string)
			assert.True(t, ok, "v2 names the module of %v by its API name: %v", rl["api_name"], rl["module"])
		}
	})

	t.Run("custom views", func(t *testing.T) {
		m, _ := s.Module("Leads")
		views := items(v8.get("settings/custom_views?module=Leads"), "custom_views")
		each(t, sample(t, "48", "sample_response_200_v8_list", "custom_views", "0"), views)
		for _, v := range views {
			absent(t, v, "offline", "shared_type", "shared_details")
		}
		for _, v := range items(v2.get("settings/custom_views?module=Leads"), "custom_views") {
			absent(t, v, "access_type", "shared_to", "created_by", "locked")
		}

		got := items(v8.get("settings/custom_views/"+m.CustomViews[0].ID+"?module=Leads"), "custom_views")
		each(t, sample(t, "48", "sample_response_200_v8_get", "custom_views", "0"), got,
			"$.cross_filters", "$.criteria.field.ui_type", "$.criteria.$disrupted", // the emulator keeps no cross filters nor field ui types
			"$.criteria.value", // of the field's type
			"$.shared_to")      // null: the view is not shared
		view := got[0]
		absent(t, view, "offline", "shared_type", "shared_details")
		assert.Equal(t, "public", view["access_type"])
		field, ok := view["criteria"].(map[string]any)["field"].(map[string]any)
		require.True(t, ok, "v8 names the criteria's field by an object: %v", view["criteria"])
		assert.Equal(t, "$converted", field["api_name"])
		assert.NotEmpty(t, field["id"])

		old := items(v2.get("settings/custom_views/"+m.CustomViews[0].ID+"?module=Leads"), "custom_views")[0]
		absent(t, old, "access_type", "shared_to", "$modified_criteria")
		assert.Equal(t, "$converted", old["criteria"].(map[string]any)["field"])
		assert.Equal(t, "public", old["shared_type"])
	})

	t.Run("layouts", func(t *testing.T) {
		layout := items(v8.get("settings/layouts?module=Leads"), "layouts")[0]
		ref := sample(t, "14", "sample_response_200_v8_official_abridged", "layouts", "0")
		each(t, ref, []map[string]any{layout},
			"$.convert_mapping", "$.source", // conversion mappings and the layout's origin: not kept
			"$.created_by",         // null for the emulator's own layout, as in v2's sample
			"$.sections[0].fields", // truncated in the sample; fields have their own tests
			"$.sections[0].type", "$.sections[0].mode", "$.sections[0].api_name")
		section := layout["sections"].([]any)[0].(map[string]any)
		absent(t, section, "label", "sequence")
		assert.Equal(t, "active", layout["status"])

		old := items(v2.get("settings/layouts?module=Leads"), "layouts")[0]
		section = old["sections"].([]any)[0].(map[string]any)
		absent(t, section, "display_label", "sequence_number", "tab_traversal")
		absent(t, old, "has_more_profiles", "created_for")
		assert.Equal(t, float64(1), old["status"])
	})

	t.Run("roles and profiles", func(t *testing.T) {
		admin := s.Admin()
		for _, r := range []struct {
			name   string
			ref    any
			got    answer
			ignore []string
		}{
			{"roles v2", sample(t, "18", "sample_response_200_v2_doc_copy_list"), v2.get("settings/roles"), nil},
			{"role v2", sample(t, "18", "sample_response_200_v2_doc_copy_get"), v2.get("settings/roles/" + admin.Role.ID), nil},
			{"roles v8", sample(t, "18", "sample_response_200_v8_list"), v8.get("settings/roles"),
				[]string{"$.roles[0].forecast_manager", "$.roles[0].reporting_to"}}, // null: no forecast manager; the top role reports to none
			{"role v8", sample(t, "18", "sample_response_200_v8_get"), v8.get("settings/roles/" + admin.Role.ID),
				[]string{"$.roles[0].forecast_manager", "$.roles[0].reporting_to"}},
			{"profiles v2", sample(t, "17", "sample_response_200_v2_doc_copy_list"), v2.get("settings/profiles"), nil},
			{"profile v2", sample(t, "17", "sample_response_200_v2_doc_copy_get"), v2.get("settings/profiles/" + admin.Profile.ID), nil},
			{"profiles v8", sample(t, "17", "sample_response_200_v8_list"), v8.get("settings/profiles"),
				[]string{"$.info.license_limit", "$.profiles[0].created_by", "$.profiles[1].created_by"}}, // the built-in profiles were created by none
		} {
			// Exactly the version's keys: none of the other version's.
			for _, p := range compareShape("$", r.ref, r.got.json(t), exactKeys, r.ignore) {
				t.Errorf("%s: %s", r.name, p)
			}
		}
	})

	t.Run("users", func(t *testing.T) {
		user := items(v8.get("users?type=CurrentUser"), "users")[0]
		assert.Equal(t, "Salutation,First Name,Last Name", user["name_format__s"])
		absent(t, user, "name_format")
		each(t, sample(t, "07", "sample_response_200_v8_official_oas", "users", "0"), []map[string]any{user},
			"$.$current_shift", "$.$next_shift") // null: the emulator has no shifts

		old := items(v2.get("users?type=CurrentUser"), "users")[0]
		assert.Equal(t, "Salutation,First Name,Last Name", old["name_format"])
		absent(t, old, "name_format__s", "type__s")
	})
}
