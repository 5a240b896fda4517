package sdk_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestTagsDecodeZohoSamples(t *testing.T) {
	type tagResults struct {
		Tags []*sdk.ActionResult `json:"tags"`
	}
	for _, c := range []struct {
		name  string
		check func(t *testing.T)
	}{
		{"list", func(t *testing.T) {
			var body struct {
				Tags []*sdk.Tag `json:"tags"`
			}
			decodeSample(t, &body, "46_tags_settings.json", "sample_response_list_v8_oas_(2_of_484_items)")
			tag := body.Tags[0]
			assert.Equal(t, "111111000000071739", tag.ID)
			assert.Equal(t, "new", tag.Name)
			assert.Equal(t, "#F48435", tag.ColorCode)
			assert.Equal(t, "Roobini Devi", tag.CreatedBy.Name)
			assert.Equal(t, "111111000000059475", tag.ModifiedBy.ID)
			assert.Equal(t, time.Date(2025, 12, 29, 5, 13, 5, 0, time.UTC), tag.CreatedTime.UTC())
		}},
		{"create 201", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_create_201_v8_oas")
			assert.Equal(t, "111111000000116258", r.Tags[0].ID())
			assert.Equal(t, "NewTag", r.Tags[0].Details["name"])
		}},
		{"create 207", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_create_207_v8_oas")
			assert.ErrorIs(t, r.Tags[0].Err(), sdk.ErrDuplicateData)
			var re *sdk.RecordError
			require.ErrorAs(t, r.Tags[0].Err(), &re)
			assert.Equal(t, "name", re.Field())
			assert.True(t, r.Tags[1].OK())
		}},
		{"update one", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_update_one_200_v8_oas")
			assert.Equal(t, "tags updated successfully", r.Tags[0].Message)
			assert.Equal(t, "NewTagupdate", r.Tags[0].Details["name"])
		}},
		{"update many", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_update_many_200_v8_oas")
			assert.Equal(t, "111111000000071739", r.Tags[0].ID())
		}},
		{"delete v8", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_delete_200_v8_oas")
			assert.Equal(t, "tags deleted successfully", r.Tags[0].Message)
		}},
		{"delete v7 (an object)", func(t *testing.T) {
			var r struct {
				Tags *sdk.ActionResult `json:"tags"`
			}
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_delete_v7_doc")
			assert.Equal(t, "2000000035058", r.Tags.ID())
		}},
		{"merge", func(t *testing.T) {
			var r tagResults
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_merge_v7_doc")
			assert.Equal(t, "2000000088041", r.Tags[0].ID())
			assert.Equal(t, "tags merged successfully", r.Tags[0].Message)
		}},
		{"records count", func(t *testing.T) {
			var r struct {
				Count json.Number `json:"count"`
			}
			decodeSample(t, &r, "46_tags_settings.json", "sample_response_records_count_v8_doc_scrape")
			assert.Equal(t, "3", r.Count.String())
		}},
		{"add tags to records v7", func(t *testing.T) {
			var r struct {
				Data []*sdk.ActionResult `json:"data"`
			}
			decodeSample(t, &r, "32_tags_add_remove.json", "sample_response_add_bulk_v7_doc")
			require.Len(t, r.Data, 2)
			assert.Equal(t, "4876876000003662003", r.Data[1].ID())
			assert.Len(t, r.Data[1].Details["tags"], 2)
		}},
	} {
		t.Run(c.name, c.check)
	}
}

func versionClient(t *testing.T, srv *zohotest.Server, version string) *sdk.Client {
	cfg := fileConfig(t, srv)
	cfg.APIVersion = version
	return readyClient(t, srv, cfg)
}

func TestTagSettingsAgainstEmulator(t *testing.T) {
	for _, version := range []string{"v2", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			srv := emulator(t)
			c := versionClient(t, srv, version)
			ctx := testCtx(t)

			created, _, err := c.Tags.Create(ctx, "Leads", []*sdk.Tag{{Name: "Hot", ColorCode: "#F17574"}, {Name: "Cold"}, {Name: "hot"}})
			require.NoError(t, err)
			require.Len(t, created, 3)
			require.NoError(t, created[0].Err())
			assert.ErrorIs(t, created[2].Err(), sdk.ErrDuplicateData, "names are unique, whatever the case")
			hot, cold := created[0].ID(), created[1].ID()
			again, _, err := c.Tags.Create(ctx, "Leads", []*sdk.Tag{{Name: "Cold"}})
			require.NoError(t, err, "a write where every tag fails (400) is per-tag results, not an error")
			require.Len(t, again, 1)
			assert.ErrorIs(t, again[0].Err(), sdk.ErrDuplicateData)

			tags, _, err := c.Tags.List(ctx, "Leads", nil)
			require.NoError(t, err)
			require.Len(t, tags, 2)
			assert.Equal(t, "Hot", tags[0].Name)
			assert.Equal(t, "#F17574", tags[0].ColorCode)
			assert.Equal(t, srv.Admin().ID, tags[0].CreatedBy.ID)

			leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"}, map[string]any{"Last_Name": "c"})
			_, _, err = c.Tags.AddToRecords(ctx, "Leads", leads, []string{"Hot", "Cold"}, nil)
			require.NoError(t, err)
			n, _, err := c.Tags.RecordCount(ctx, "Leads", cold)
			require.NoError(t, err)
			assert.Equal(t, 3, n)

			res, _, err := c.Tags.Update(ctx, "Leads", hot, &sdk.Tag{Name: "Burning"})
			require.NoError(t, err)
			assert.Equal(t, "Burning", res.Details["name"])
			results, _, err := c.Tags.UpdateMany(ctx, "Leads", []*sdk.Tag{{ID: cold, ColorCode: "#000000"}})
			require.NoError(t, err)
			require.NoError(t, sdk.WriteErrors(results))

			merged, _, err := c.Tags.Merge(ctx, hot, cold)
			require.NoError(t, err)
			assert.Equal(t, hot, merged.ID())
			n, _, err = c.Tags.RecordCount(ctx, "Leads", hot)
			require.NoError(t, err)
			assert.Equal(t, 3, n)
			rec, _, err := c.Records.Get(ctx, "Leads", leads[0], nil)
			require.NoError(t, err)
			assert.Equal(t, []any{map[string]any{"name": "Burning", "id": hot}}, rec["Tag"], "the record carries the merged tag once")

			deleted, _, err := c.Tags.Delete(ctx, hot)
			require.NoError(t, err)
			assert.Equal(t, hot, deleted.ID())
			tags, _, err = c.Tags.List(ctx, "Leads", nil)
			require.NoError(t, err)
			assert.Empty(t, tags)
			_, _, err = c.Tags.Delete(ctx, hot)
			assert.ErrorIs(t, err, sdk.ErrInvalidData)
		})
	}
}

// Both wire formats: v2 and v2.1 send tag_names (and ids) in the query,
// v3 and later a JSON body.
func TestRecordTagsWireFormatByVersion(t *testing.T) {
	for _, c := range []struct {
		version string
		inQuery bool
	}{{"v2", true}, {"v2.1", true}, {"v3", false}, {"v8", false}} {
		t.Run(c.version, func(t *testing.T) {
			srv := emulator(t)
			client := versionClient(t, srv, c.version)
			ctx := testCtx(t)
			leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})
			seen := observe(t, srv, "_tags")

			one, _, err := client.Tags.AddToRecord(ctx, "Leads", leads[0], []string{"Pharma", "Agri"}, nil)
			require.NoError(t, err)
			assert.Equal(t, leads[0], one.ID())
			assert.Equal(t, []string{"Pharma", "Agri"}, tagNames(one.Tags))
			many, _, err := client.Tags.AddToRecords(ctx, "Leads", leads, []string{"Active"}, &sdk.TagRecordsOptions{OverWrite: true})
			require.NoError(t, err)
			assert.Equal(t, []string{"Active"}, tagNames(many[0].Tags))
			removed, _, err := client.Tags.RemoveFromRecords(ctx, "Leads", leads, []string{"Active"})
			require.NoError(t, err)
			assert.Empty(t, removed[1].Tags)
			_, _, err = client.Tags.AddToRecord(ctx, "Leads", leads[1], []string{"Agri"}, nil)
			require.NoError(t, err)
			left, _, err := client.Tags.RemoveFromRecord(ctx, "Leads", leads[1], []string{"Agri"})
			require.NoError(t, err)
			assert.Equal(t, leads[1], left.ID())
			assert.Empty(t, left.Tags, "one record's tag removed")

			reqs := seen()
			require.Len(t, reqs, 5)
			for _, r := range reqs {
				if c.inQuery {
					assert.NotEmpty(t, r.Query["tag_names"], "%s %s", r.Method, r.Path)
					assert.Empty(t, r.Body)
				} else {
					assert.Empty(t, r.Query["tag_names"])
					var body map[string]any
					require.NoError(t, json.Unmarshal(r.Body, &body), "%s", r.Body)
					assert.Contains(t, body, "tags")
				}
			}
			if c.inQuery {
				assert.Equal(t, "Pharma,Agri", reqs[0].Query["tag_names"][0])
				assert.Equal(t, []string{strings.Join(leads, ",")}, reqs[1].Query["ids"])
				assert.Equal(t, []string{"true"}, reqs[1].Query["over_write"])
			} else {
				var body struct {
					Tags      []map[string]string `json:"tags"`
					IDs       []string            `json:"ids"`
					OverWrite bool                `json:"over_write"`
				}
				require.NoError(t, json.Unmarshal(reqs[1].Body, &body))
				assert.Equal(t, []map[string]string{{"name": "Active"}}, body.Tags)
				assert.Equal(t, leads, body.IDs)
				assert.True(t, body.OverWrite)
			}
		})
	}
}

func tagNames(tags []*sdk.Tag) []string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	return names
}

// Past the limits the SDK splits: 250 records and 12 tags take 3 x 2
// calls, and every record ends with every tag; 60 new tags take 2 calls.
func TestTagsOverLimitsSplit(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v2")
	ctx := testCtx(t)
	leads := srv.Records("Leads").Insert(make([]map[string]any, 250)...)
	tags := make([]string, 12)
	for i := range tags {
		tags[i] = fmt.Sprint("tag", i)
	}
	seen := observe(t, srv, "/actions/add_tags")

	results, _, err := c.Tags.AddToRecords(ctx, "Leads", leads, tags, nil)
	require.NoError(t, err)
	require.Len(t, results, 250)
	for i, r := range results {
		require.Equal(t, i, r.Index)
		require.Equal(t, leads[i], r.ID())
		require.Len(t, r.Tags, 12, "record %d", i)
	}
	calls := seen()
	assert.Len(t, calls, 6)
	for _, call := range calls {
		assert.LessOrEqual(t, len(strings.Split(call.Query["ids"][0], ",")), sdk.MaxTagRecordsPerCall)
		assert.LessOrEqual(t, len(strings.Split(call.Query["tag_names"][0], ",")), sdk.MaxTagsPerRecordCall)
	}
	rec, ok := srv.Records("Leads").Get(leads[249])
	require.True(t, ok)
	assert.Len(t, rec["Tag"], 12)

	one, _, err := c.Tags.AddToRecord(ctx, "Leads", leads[0], append(tags, "tag12", "tag13"), &sdk.TagRecordsOptions{OverWrite: true})
	require.NoError(t, err)
	assert.Len(t, one.Tags, 14, "overwrite applies to the first call only")

	creates := observe(t, srv, "settings/tags")
	many := make([]*sdk.Tag, 60)
	for i := range many {
		many[i] = &sdk.Tag{Name: fmt.Sprint("new", i)}
	}
	created, _, err := c.Tags.Create(ctx, "Contacts", many)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(created))
	assert.Len(t, created, 60)
	assert.Equal(t, 59, created[59].Index)
	assert.Len(t, creates(), 2)
}

func TestTagValidation(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v2")
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for _, call := range []func() error{
		func() error { _, _, err := c.Tags.List(ctx, "", nil); return err },
		func() error { _, _, err := c.Tags.Create(ctx, "Leads", []*sdk.Tag{{ColorCode: "#FFFFFF"}}); return err },
		func() error { _, _, err := c.Tags.UpdateMany(ctx, "Leads", []*sdk.Tag{{Name: "no id"}}); return err },
		func() error { _, _, err := c.Tags.Delete(ctx, ""); return err },
		func() error { _, _, err := c.Tags.Merge(ctx, "1", ""); return err },
		func() error { _, _, err := c.Tags.AddToRecord(ctx, "Leads", "", []string{"x"}, nil); return err },
		func() error { _, _, err := c.Tags.AddToRecords(ctx, "Leads", []string{"1"}, nil, nil); return err },
		func() error {
			_, _, err := c.Tags.AddToRecords(ctx, "Leads", []string{"1"}, []string{"a,b"}, nil)
			return err
		},
		func() error { _, _, err := c.Tags.RemoveFromRecords(ctx, "", []string{"1"}, []string{"a"}); return err },
	} {
		require.ErrorAs(t, call(), &verr)
	}
	assert.Zero(t, srv.Counters().APIRequests)
}
