package sdk_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The record group's calls on one record by the path of its id: update,
// delete and clone.
func TestRecordAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	srv.AddField("Leads", zohotest.Field{APIName: "External_Lead_ID", DataType: "text", External: true})
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ids := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle", "Company": "Zylker", "Email": "p@zylker.com", "External_Lead_ID": "ext-1"})
	lead := ids[0]

	r, _, err := c.Records.UpdateOne(ctx, "Leads", lead, sdk.Record{"Company": "Zylker Corp"}, &sdk.WriteOptions{Trigger: []string{}})
	require.NoError(t, err)
	assert.Equal(t, lead, r.ID())
	stored, _ := srv.Records("Leads").Get(lead)
	assert.Equal(t, "Zylker Corp", stored["Company"])
	assert.Equal(t, "Boyle", stored["Last_Name"], "a field left out is kept")

	_, _, err = c.Records.Clone(ctx, "Leads", lead, nil)
	assert.ErrorIs(t, err, sdk.ErrDuplicateData, "a copy as it is has the lead's unique Email")
	cloned, _, err := c.Records.Clone(ctx, "Leads", lead, sdk.Record{"Last_Name": "Boyle (copy)", "Email": "copy@zylker.com"})
	require.NoError(t, err)
	require.NotEqual(t, lead, cloned.ID())
	copied, ok := srv.Records("Leads").Get(cloned.ID())
	require.True(t, ok)
	assert.Equal(t, "Boyle (copy)", copied["Last_Name"], "the change given")
	assert.Equal(t, "Zylker Corp", copied["Company"], "the rest copied")
	assert.NotContains(t, copied, "External_Lead_ID", "an external value is not copied: it names one record")
	account := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	plain, _, err := c.Records.Clone(ctx, "Accounts", account, nil)
	require.NoError(t, err, "no changes: no body")
	again, _ := srv.Records("Accounts").Get(plain.ID())
	assert.Equal(t, "Zylker", again["Account_Name"])

	r, _, err = c.Records.DeleteOne(ctx, "Leads", cloned.ID(), &sdk.DeleteOptions{SkipWorkflows: true})
	require.NoError(t, err)
	assert.True(t, r.OK())
	_, ok = srv.Records("Leads").Get(cloned.ID())
	assert.False(t, ok)
	assert.Equal(t, cloned.ID(), srv.Records("Leads").Deleted()[0].ID, "in the recycle bin")

	// Zoho's refusals.
	_, _, err = c.Records.DeleteOne(ctx, "Leads", cloned.ID(), nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "deleted already")
	_, _, err = c.Records.UpdateOne(ctx, "Leads", cloned.ID(), sdk.Record{"Company": "x"}, nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	var recErr *sdk.RecordError
	require.ErrorAs(t, err, &recErr, "the refused record's result is the error")
	_, _, err = c.Records.Clone(ctx, "Leads", cloned.ID(), nil)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.Records.UpdateOne(ctx, "Leads", lead, sdk.Record{"Last_Name": ""}, nil)
	assert.ErrorIs(t, err, sdk.ErrMandatoryNotFound)

	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.Records.UpdateOne(ctx, "Leads", lead, sdk.Record{"id": "123", "Company": "x"}, nil)
	assert.ErrorAs(t, err, &invalid, "the record's id is another one")
	_, _, err = c.Records.UpdateOne(ctx, "Leads", lead, nil, nil)
	assert.ErrorAs(t, err, &invalid)
	_, _, err = c.Records.DeleteOne(ctx, "Leads", "", nil)
	assert.ErrorAs(t, err, &invalid)
	assert.Equal(t, before, srv.Counters().APIRequests, "nothing sent")
}

func TestRecordKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	rec := []sdk.Record{{"Last_Name": "x"}}
	withID := []sdk.Record{{"id": "1", "Last_Name": "x"}}
	ext := sdk.External{Field: "External_Contact_ID", Value: "e1"}
	assign := []sdk.TerritoryAssignment{{RecordID: "1", TerritoryIDs: []string{"2"}}}
	checkDocumented(t, "record", map[string]documentedCall{
		"DELETE /crm/v8/{module_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Delete(ctx, "Leads", "1"))
		},
		"DELETE /crm/v8/{module_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.DeleteByExternal(ctx, "Contacts", ext, nil))
		},
		"DELETE /crm/v8/{module_api_name}/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.DeleteOne(ctx, "Leads", "1", nil))
		},
		"DELETE /crm/v8/{module_api_name}/{id}/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Photos.Delete(ctx, "Leads", "1"))
		},
		"GET /crm/v8/{module_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.List(ctx, "Leads", &sdk.RecordListOptions{Fields: []string{"Last_Name"}}))
		},
		"GET /crm/v8/{module_api_name}/actions/count 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			n, resp, err := c.Records.Count(ctx, "Leads", nil)
			return documentedCount(n), resp, err
		},
		"GET /crm/v8/{module_api_name}/actions/fetch_full_data 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.RichTextMany(ctx, "Leads", []string{"1"}, "Notes_RTF"))
		},
		"GET /crm/v8/{module_api_name}/actions/mass_update 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassUpdateStatus(ctx, "Leads", "1"))
		},
		"GET /crm/v8/{module_api_name}/deleted 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.ListDeleted(ctx, "Leads", nil))
		},
		"GET /crm/v8/{module_api_name}/search 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Search(ctx, "Leads", &sdk.SearchOptions{Word: "x"}))
		},
		"GET /crm/v8/{module_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.GetByExternal(ctx, "Contacts", ext, nil))
		},
		"GET /crm/v8/{module_api_name}/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Get(ctx, "Leads", "1", nil))
		},
		"GET /crm/v8/{module_api_name}/{id}/actions/fetch_full_data 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.RichText(ctx, "Leads", "1"))
		},
		"POST /crm/v8/{module_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Create(ctx, "Leads", rec, nil))
		},
		"POST /crm/v8/{module_api_name}/actions/assign_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.AssignToRecords(ctx, "Leads", assign))
		},
		"POST /crm/v8/{module_api_name}/actions/mass_update 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassUpdate(ctx, "Leads", sdk.Record{"Company": "x"}, "1"))
		},
		"POST /crm/v8/{module_api_name}/actions/remove_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.RemoveFromRecords(ctx, "Leads", assign))
		},
		"POST /crm/v8/{module_api_name}/upsert 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Upsert(ctx, "Leads", rec, nil))
		},
		"POST /crm/v8/{module_api_name}/{id}/actions/assign_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.AssignToRecord(ctx, "Leads", "1", "2"))
		},
		"POST /crm/v8/{module_api_name}/{id}/actions/clone 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Clone(ctx, "Leads", "1", nil))
		},
		"POST /crm/v8/{module_api_name}/{id}/actions/remove_territories 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Territories.RemoveFromRecord(ctx, "Leads", "1", "2"))
		},
		"POST /crm/v8/{module_api_name}/{id}/photo 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Photos.Upload(ctx, "Leads", "1", "p.png", strings.NewReader("png")))
		},
		"PUT /crm/v8/{module_api_name} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Update(ctx, "Leads", withID, nil))
		},
		"PUT /crm/v8/{module_api_name}/{external_field_value} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.UpdateByExternal(ctx, "Contacts", ext, rec[0], nil))
		},
		"PUT /crm/v8/{module_api_name}/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.UpdateOne(ctx, "Leads", "1", rec[0], nil))
		},
	})
}

// documentedCount is a count as crm-oas documents it: {"count": text}.
func documentedCount(n int) map[string]any {
	return map[string]any{"count": strconv.Itoa(n)}
}

// The documented answers of the search and mass update groups (their
// calls against the emulator are in records_test.go: TestSearch,
// TestMassUpdate).
func TestSearchAndMassUpdateKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "module_search", map[string]documentedCall{
		"GET /crm/v8/{module}/search 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Search(ctx, "Leads", &sdk.SearchOptions{Word: "x"}))
		},
	})
	checkDocumented(t, "mass_update", map[string]documentedCall{
		"POST /crm/v8/{module}/actions/mass_update 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassUpdate(ctx, "Leads", sdk.Record{"Company": "x"}, "1"))
		},
	})
}

// The examples of crm-oas's operations (testdata/reference/81, sources
// inside) decode through the typed calls with nothing lost, and a write's
// body is sent as the example's request.
func TestRecordsDecodeZohoExamples(t *testing.T) {
	const file = "81_records_and_related_records_v8.json"
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	check := func(key string, status int, call documentedCall, want error) {
		t.Helper()
		sample := referenceSample(t, file, key)
		rs.queue(status, sample)
		got, resp, err := call(c)
		if want != nil {
			require.ErrorIs(t, err, want, key)
			return
		}
		require.NoError(t, err, key)
		for _, lost := range lostLeaves(t, sample, got, resp.Info) {
			// A null paging token reads as the typed field's "", which
			// says the same.
			if !strings.HasSuffix(lost, "_token=null") && !strings.HasSuffix(lost, "_expiry=null") {
				t.Errorf("%s: lost %s", key, lost)
			}
		}
	}
	check("sample_response_201_clone", 201, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.Records.Clone(ctx, "Leads", "5725767000000524100", nil))
	}, nil)
	check("sample_response_200_fetch_full_data_one", 200, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.Records.RichText(ctx, "Leads", "1043386000018763408"))
	}, nil)
	check("sample_response_200_fetch_full_data_many", 200, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.Records.RichTextMany(ctx, "Leads", []string{"1043386000018763408", "1043386000018763409"}, "Rich_Text_1", "Rich_Text_2"))
	}, nil)
	get := &sdk.RecordGetOptions{Fields: []string{"Product_Name", "Unit_Price"}}
	check("sample_response_200_related_record", 200, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.Get(ctx, "Contacts", "1", "Products", "3652397000001234001", get))
	}, nil)
	check("sample_response_404_related_record_not_found", 404, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.Get(ctx, "Contacts", "1", "Products", "3", get))
	}, sdk.ErrNotFound)

	var links []sdk.Record
	require.NoError(t, json.Unmarshal(referenceSample(t, file, "sample_request_update_related_records", "data"), &links))
	check("sample_response_207_update_related_records", 207, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.UpdateMany(ctx, "Contacts", "1", "Products", links))
	}, nil)
	sentAsSample(t, rs, referenceSample(t, file, "sample_request_update_related_records"))
	check("sample_response_207_delink_related_records", 207, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.DeleteMany(ctx, "Contacts", "1", "Products", "4732219000018885044", "99999999"))
	}, nil)
	check("sample_response_200_deleted_record_related", 200, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.ListDeleted(ctx, "Contacts", "1", "Products", &sdk.DeletedRelatedOptions{Fields: []string{"Owner"}}))
	}, nil)
	check("sample_response_400_deleted_record_related_invalid_id", 400, func(c *sdk.Client) (any, *sdk.Response, error) {
		return unwrap(c.RelatedRecords.ListDeleted(ctx, "Contacts", "1", "Products", &sdk.DeletedRelatedOptions{Fields: []string{"Owner"}}))
	}, sdk.ErrInvalidData)
}
