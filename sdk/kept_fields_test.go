package sdk_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// Every "info" object in Zoho's samples decodes into a PageInfo that
// encodes back with nothing lost: the custom views' default and
// translation, the tags' record_limit, the profiles' license_limit...
func TestPageInfoKeepsEveryField(t *testing.T) {
	files, err := filepath.Glob("testdata/reference/*.json")
	require.NoError(t, err)
	found := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		var doc any
		require.NoError(t, json.Unmarshal(b, &doc))
		eachInfo(filepath.Base(file), doc, func(where string, info map[string]any) {
			found++
			raw, err := json.Marshal(info)
			require.NoError(t, err)
			out := roundTrip[sdk.PageInfo](t, raw)
			var after any
			require.NoError(t, json.Unmarshal(out, &after))
			for _, p := range keptProblems(where, any(info), after) {
				t.Error(p)
			}
		})
	}
	assert.GreaterOrEqual(t, found, 19, "the samples' info objects")
}

// eachInfo calls f for each "info" object under v.
func eachInfo(where string, v any, f func(string, map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if info, ok := x[k].(map[string]any); ok && k == "info" {
				f(where+".info", info)
				continue
			}
			eachInfo(where+"."+k, x[k], f)
		}
	case []any:
		for _, item := range x {
			eachInfo(where+"[]", item, f)
		}
	}
}

// CustomViews.List returns the info Zoho sent with the views: which view
// is the default, and the labels of the categories.
func TestCustomViewsListKeepsTheInfo(t *testing.T) {
	srv := emulator(t)
	rs := newReplay(t)
	cfg := fileConfig(t, srv)
	cfg.APIVersion, cfg.APIBaseURL = "v8", rs.URL
	c := readyClient(t, srv, cfg)
	rs.queue(http.StatusOK, referenceSample(t, "48_settings_custom_views.json", "sample_response_200_v8_list"))

	views, resp, err := c.CustomViews.List(testCtx(t), "Leads", nil)
	require.NoError(t, err)
	require.Len(t, views, 1)
	extra := resp.Info.Extra()
	assert.JSONEq(t, `"2411194000004030016"`, string(extra["default"]))
	var translation map[string]string
	require.NoError(t, json.Unmarshal(extra["translation"], &translation))
	assert.Equal(t, "Created By Me", translation["created_by_me"])
	assert.Equal(t, 10, resp.Info.Count)
}

// CustomViews.Get keeps the info Zoho sends with the view, the labels of
// the categories among it, in v2 as in v8; it dropped them.
func TestCustomViewsGetKeepsTheTranslation(t *testing.T) {
	for version, sample := range map[string]string{"v2": "sample_response_200_v2_doc_copy_get", "v8": "sample_response_200_v8_get"} {
		t.Run(version, func(t *testing.T) {
			rs, c := replayClient(t, version)
			rs.queue(http.StatusOK, referenceSample(t, "48_settings_custom_views.json", sample))
			view, resp, err := c.CustomViews.Get(testCtx(t), "Leads", "5545974000004030016")
			require.NoError(t, err)
			require.NotNil(t, view)
			require.NotNil(t, resp.Info, "the info Zoho sent")
			var translation map[string]string
			require.NoError(t, json.Unmarshal(resp.Info.Extra()["translation"], &translation))
			assert.Equal(t, "Created By Me", translation["created_by_me"])
			assert.Equal(t, "Public Views", translation["public_views"])
		})
	}
}

// The conversion answers of every version decode, keep Zoho's result,
// and encode back to the answer they came from.
func TestConversionKeepsEveryField(t *testing.T) {
	for _, tc := range []struct {
		sample  string
		code    string
		records []string
	}{
		{"sample_response_200_v2_official_postman_collection", "", []string{"Accounts", "Contacts", "Deals"}},
		{"v3_plus_response_shape_from_oas_schema", "SUCCESS", []string{"Accounts", "Contacts", "Deals"}},
		{"sample_response_200_v7_inventory_convert_official", "SUCCESS", []string{"Sales_Orders"}},
	} {
		t.Run(tc.sample, func(t *testing.T) {
			var answer struct {
				Data []json.RawMessage `json:"data"`
			}
			require.NoError(t, json.Unmarshal(referenceSample(t, "28_records_convert_lead.json", tc.sample), &answer))
			require.Len(t, answer.Data, 1)
			item := answer.Data[0]
			out := roundTrip[sdk.Conversion](t, item)
			var before, after any
			require.NoError(t, json.Unmarshal(item, &before))
			require.NoError(t, json.Unmarshal(out, &after))
			for _, p := range keptProblems("$", before, after) {
				t.Error(p)
			}
			// Nothing added either: the same keys come back.
			assert.Equal(t, keysOf(before), keysOf(after))

			var conv sdk.Conversion
			require.NoError(t, json.Unmarshal(item, &conv))
			assert.Equal(t, tc.code, conv.Code)
			if tc.code != "" {
				assert.Equal(t, "success", conv.Status)
				assert.Equal(t, "The record has been converted successfully", conv.Message)
			}
			var modules []string
			for m, l := range conv.Records() {
				modules = append(modules, m)
				assert.NotEmpty(t, l.ID, m)
			}
			sort.Strings(modules)
			assert.Equal(t, tc.records, modules)
			assert.Empty(t, conv.Extra())
		})
	}

	// A typed change is written in the shape the answer came in.
	var conv sdk.Conversion
	require.NoError(t, json.Unmarshal([]byte(`{"Contacts":"1","Deals":null,"Accounts":"2","extra_key":7}`), &conv))
	assert.JSONEq(t, `7`, string(conv.Extra()["extra_key"]))
	assert.Len(t, conv.Records(), 2, "extra_key names no module")
	conv.Deal = &sdk.Lookup{ID: "3", Name: "not in v2's shape"}
	out, err := json.Marshal(conv)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Contacts":"1","Deals":"3","Accounts":"2","extra_key":7}`, string(out))
}

func keysOf(v any) string {
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k, val := range m {
		if inner, ok := val.(map[string]any); ok {
			k += "{" + keysOf(inner) + "}"
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// Zoho's v8 shapes of custom views and related lists, and v2's of layout
// sections, decode into the typed fields and encode back with nothing
// lost.
func TestSettingsShapesOfEachVersionDecode(t *testing.T) {
	one := func(file string, keys ...string) json.RawMessage {
		var items []json.RawMessage
		require.NoError(t, json.Unmarshal(referenceSample(t, file, keys...), &items))
		require.NotEmpty(t, items)
		return items[0]
	}
	kept := func(t *testing.T, in, out []byte) {
		t.Helper()
		var before, after any
		require.NoError(t, json.Unmarshal(in, &before))
		require.NoError(t, json.Unmarshal(out, &after))
		for _, p := range keptProblems("$", before, after) {
			t.Error(p)
		}
	}

	t.Run("custom view v8", func(t *testing.T) {
		raw := one("48_settings_custom_views.json", "sample_response_200_v8_get", "custom_views")
		kept(t, raw, roundTrip[sdk.CustomView](t, raw))
		var v sdk.CustomView
		require.NoError(t, json.Unmarshal(raw, &v))
		assert.Equal(t, []string{"First_Name", "Last_Name", "Company", "Email"}, v.FieldNames())
		assert.Equal(t, "5545974000000000557", v.Fields[0].ID)
		assert.JSONEq(t, `false`, string(v.Fields[0].Extra()["_pin"]))
		assert.Nil(t, v.SortBy)
		var criteria struct {
			Field sdk.FieldRef `json:"field"`
		}
		require.NoError(t, json.Unmarshal(v.Extra()["criteria"], &criteria))
		assert.Equal(t, "Full_Name", criteria.Field.APIName)
		assert.JSONEq(t, `"shared"`, string(v.Extra()["access_type"]))
	})
	for _, sample := range []string{"sample_response_200_v8", "sample_response_200_v8_multiselectlookup", "sample_response_200_v8_all_nullable_null"} {
		t.Run("related list "+sample, func(t *testing.T) {
			raw := one("49_settings_related_lists.json", sample, "related_lists")
			kept(t, raw, roundTrip[sdk.RelatedList](t, raw))
			var rl sdk.RelatedList
			require.NoError(t, json.Unmarshal(raw, &rl))
			if sample == "sample_response_200_v8_all_nullable_null" {
				assert.Nil(t, rl.Module)
				return
			}
			require.NotNil(t, rl.Module)
			assert.Equal(t, rl.APIName, rl.Module.APIName)
			assert.NotEmpty(t, rl.Module.ID)
			if sample == "sample_response_200_v8_multiselectlookup" {
				assert.JSONEq(t, `"Products"`, string(rl.Module.Extra()["plural_label"]))
			}
		})
	}
	t.Run("layout section v2", func(t *testing.T) {
		layout := one("51_settings_layouts_v2.json", "sample_response_200_v2_doc_copy", "layouts")
		var l sdk.Layout
		require.NoError(t, json.Unmarshal(layout, &l))
		require.NotEmpty(t, l.Sections)
		var sections []json.RawMessage
		var doc map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(layout, &doc))
		require.NoError(t, json.Unmarshal(doc["sections"], &sections))
		var v2 struct {
			Label    string `json:"label"`
			Sequence int    `json:"sequence"`
		}
		require.NoError(t, json.Unmarshal(sections[0], &v2))
		assert.Equal(t, v2.Label, l.Sections[0].DisplayLabel, "v2's label is the section's title")
		assert.Equal(t, v2.Sequence, l.Sections[0].SequenceNumber)
		kept(t, sections[0], roundTrip[sdk.Section](t, sections[0]))
	})
}

// The emulator's answers of each version decode as Zoho's do: every
// related list's module, the custom view's columns, the layout's
// sections, the user's name format.
func TestSettingsOfEachVersionAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	ctx := testCtx(t)
	for _, version := range []string{"v2", "v8"} {
		t.Run(version, func(t *testing.T) {
			cfg := fileConfig(t, srv)
			cfg.APIVersion = version
			c := readyClient(t, srv, cfg)

			lists, _, err := c.RelatedLists.List(ctx, "Leads")
			require.NoError(t, err)
			names := map[string]bool{}
			for _, rl := range lists {
				names[rl.APIName] = true
				require.NotNil(t, rl.Module, rl.APIName)
				assert.NotEmpty(t, rl.Module.APIName, rl.APIName)
				if version == "v8" {
					assert.NotEmpty(t, rl.Module.ID, "v8 names %s's module by id too", rl.APIName)
				}
			}
			assert.True(t, names["Attachments"], "%v", names)

			views, _, err := c.CustomViews.List(ctx, "Leads", nil)
			require.NoError(t, err)
			view, _, err := c.CustomViews.Get(ctx, "Leads", views[0].ID)
			require.NoError(t, err)
			assert.NotEmpty(t, view.FieldNames())
			var criteria struct {
				Field sdk.FieldRef `json:"field"`
			}
			require.NoError(t, json.Unmarshal(view.Extra()["criteria"], &criteria))
			assert.Equal(t, "$converted", criteria.Field.APIName)

			layouts, _, err := c.Layouts.List(ctx, "Leads")
			require.NoError(t, err)
			require.NotEmpty(t, layouts[0].Sections)
			assert.Equal(t, "Lead Information", layouts[0].Sections[0].DisplayLabel)
			assert.Equal(t, 1, layouts[0].Sections[0].SequenceNumber)

			u, _, err := c.Users.Current(ctx)
			require.NoError(t, err)
			key := map[string]string{"v2": "name_format", "v8": "name_format__s"}[version]
			assert.JSONEq(t, `"Salutation,First Name,Last Name"`, string(u.Extra()[key]))
		})
	}
}
