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
