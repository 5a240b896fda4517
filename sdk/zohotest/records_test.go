package zohotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	zohoID   = regexp.MustCompile(`^[0-9]{19}$`)
	zohoTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$`)
)

func TestCreateGetUpdateDelete(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	admin := s.Admin()

	ans := a.do("POST", "Leads", []byte(`{
		"data": [{
			"Last_Name": "Lace", "First_Name": "Kayleigh", "Salutation": "Ms.",
			"Email": "k.lace@example.com", "No_of_Employees": 12, "Custom_Field__c": "anything",
			"Multi": [{"id": "1"}], "Nested": {"b": 1, "a": [true, null]}
		}],
		"trigger": ["workflow"], "lar_id": "123"
	}`))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	res := ans.data(t)
	require.Len(t, res, 1)
	assert.Equal(t, "SUCCESS", res[0]["code"])
	assert.Equal(t, "record added", res[0]["message"])
	assert.Equal(t, "success", res[0]["status"])
	details := res[0]["details"].(map[string]any)
	id := details["id"].(string)
	assert.Regexp(t, zohoID, id)
	assert.Regexp(t, zohoTime, details["Created_Time"])
	assert.Equal(t, map[string]any{"name": admin.FullName(), "id": admin.ID}, details["Created_By"])
	assert.NotContains(t, details, "$approval_state", "v2 has no $approval_state")

	got := a.get("Leads/" + id)
	require.Equal(t, http.StatusOK, got.status)
	rec := got.data(t)[0]
	assert.Equal(t, id, rec["id"])
	assert.Equal(t, "Lace", rec["Last_Name"])
	assert.Equal(t, "Ms. Kayleigh Lace", rec["Full_Name"])
	assert.Equal(t, "anything", rec["Custom_Field__c"])
	assert.Equal(t, []any{map[string]any{"id": "1"}}, rec["Multi"])
	assert.Equal(t, map[string]any{"name": admin.FullName(), "id": admin.ID, "email": admin.Email}, rec["Owner"])
	assert.Equal(t, true, rec["$approved"])
	assert.Equal(t, false, rec["$converted"])
	assert.NotContains(t, got.json(t), "info", "a single record has no info")
	// Free-form values come back byte for byte, key order included.
	assert.Contains(t, string(got.body), `"Nested":{"b":1,"a":[true,null]}`)
	assert.Regexp(t, `^\{"data":\[\{"id":"\d+","Owner":\{[^}]*\},"Last_Name":"Lace","First_Name":"Kayleigh","Salutation"`, string(got.body), "id, Owner, then the fields as given")

	s.Advance(time.Minute)
	upd := a.do("PUT", "Leads/"+id, records(map[string]any{"Company": "Zylker", "First_Name": "Kay"}))
	require.Equal(t, http.StatusOK, upd.status, "%s", upd.body)
	assert.Equal(t, "record updated", upd.data(t)[0]["message"])
	rec = a.get("Leads/" + id).data(t)[0]
	assert.Equal(t, "Zylker", rec["Company"])
	assert.Equal(t, "Ms. Kay Lace", rec["Full_Name"])
	assert.NotEqual(t, rec["Created_Time"], rec["Modified_Time"])

	del := a.do("DELETE", "Leads/"+id, nil)
	require.Equal(t, http.StatusOK, del.status)
	assert.JSONEq(t, `{"data":[{"code":"SUCCESS","details":{"id":"`+id+`"},"message":"record deleted","status":"success"}]}`, string(del.body))
	gone := a.get("Leads/" + id)
	assert.Equal(t, http.StatusNoContent, gone.status)
	assert.Empty(t, gone.body)

	deleted := s.Records("Leads").Deleted()
	require.Len(t, deleted, 1)
	assert.Equal(t, "Ms. Kay Lace", deleted[0].DisplayName)
}

func TestWriteLimitIs100Records(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	batch := make([]map[string]any, 101)
	for i := range batch {
		batch[i] = map[string]any{"Last_Name": fmt.Sprint("L", i)}
	}
	for _, method := range []string{"POST", "PUT"} {
		ans := a.do(method, "Contacts", records(batch...))
		assert.Equal(t, http.StatusBadRequest, ans.status)
		assert.JSONEq(t, `{"data":[{"code":"LIMIT_EXCEEDED","details":{"maximum_length":100,"api_name":"data"},"message":"count of records in your request exceeds the limit","status":"error"}]}`, string(ans.body))
	}
	ans := a.do("POST", "Contacts/upsert", records(batch...))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, 0, s.Records("Contacts").Len())

	ans = a.do("POST", "Contacts", records(batch[:100]...))
	assert.Equal(t, http.StatusCreated, ans.status)
	assert.Len(t, ans.data(t), 100)
	assert.Equal(t, 100, s.Records("Contacts").Len())

	ids := s.Records("Contacts").IDs()
	ids = append(ids, "1")
	ans = a.do("DELETE", "Contacts?ids="+join(ids), nil)
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.JSONEq(t, `{"code":"LIMIT_EXCEEDED","details":{"limit":100,"param_name":"ids"},"message":"limit exceeded","status":"error"}`, string(ans.body))
}

func join(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ","
		}
		out += id
	}
	return out
}

func TestPerRecordErrorsInOrder(t *testing.T) {
	for _, tc := range []struct {
		version    string
		mixed      int
		withPath   bool
		dupDetails func(id string) string
	}{
		{"v2", http.StatusAccepted, false, func(id string) string { return `{"api_name":"Email","id":"` + id + `"}` }},
		{"v2.1", http.StatusAccepted, false, nil},
		{"v4", http.StatusMultiStatus, true, nil},
		{"v8", http.StatusMultiStatus, true, nil},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s := newServer(t)
			a := newAPI(t, s, tc.version)
			existing := s.Records("Leads").Insert(map[string]any{"Last_Name": "Old", "Email": "taken@example.com"})[0]
			ans := a.do("POST", "Leads", records(
				map[string]any{"Last_Name": "Good"},
				map[string]any{"First_Name": "No last name"},
				map[string]any{"Last_Name": "Dup", "Email": "TAKEN@example.com"},
				map[string]any{"Last_Name": "Bad type", "No_of_Employees": "many"},
				map[string]any{"Last_Name": "Bad email", "Email": "not-an-email"},
				map[string]any{"Last_Name": string(make([]byte, 81))},
				map[string]any{"Last_Name": "Bad owner", "Owner": map[string]any{"id": "123"}},
				map[string]any{"Last_Name": "Good too", "Owner": map[string]any{"id": s.Admin().ID}},
			))
			require.Equal(t, tc.mixed, ans.status, "%s", ans.body)
			res := ans.data(t)
			require.Len(t, res, 8)
			codes := make([]string, len(res))
			for i, r := range res {
				codes[i] = r["code"].(string)
			}
			assert.Equal(t, []string{"SUCCESS", "MANDATORY_NOT_FOUND", "DUPLICATE_DATA", "INVALID_DATA", "INVALID_DATA", "INVALID_DATA", "INVALID_DATA", "SUCCESS"}, codes)

			mandatory := res[1]["details"].(map[string]any)
			assert.Equal(t, "Last_Name", mandatory["api_name"])
			assert.Equal(t, "required field not found", res[1]["message"])
			if tc.withPath {
				assert.Equal(t, "$.data[1].Last_Name", mandatory["json_path"])
				dup := res[2]["details"].(map[string]any)
				assert.Equal(t, "$.data[2].Email", dup["json_path"])
				assert.Equal(t, existing, dup["duplicate_record"].(map[string]any)["id"])
			} else {
				assert.NotContains(t, mandatory, "json_path")
			}
			if tc.dupDetails != nil {
				b, _ := json.Marshal(res[2]["details"])
				assert.JSONEq(t, tc.dupDetails(existing), string(b))
			}
			assert.Equal(t, "integer", res[3]["details"].(map[string]any)["expected_data_type"])
			assert.EqualValues(t, 80, res[5]["details"].(map[string]any)["maximum_length"])
			assert.Equal(t, 3, s.Records("Leads").Len(), "only the good ones were stored")

			allBad := a.do("POST", "Leads", records(map[string]any{"First_Name": "x"}))
			assert.Equal(t, http.StatusBadRequest, allBad.status)
		})
	}
}

func TestUpdateErrors(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v4")
	ids := s.Records("Deals").Insert(
		map[string]any{"Deal_Name": "A", "Stage": "Qualification"},
		map[string]any{"Deal_Name": "B", "Stage": "Qualification"},
	)
	ans := a.do("PUT", "Deals", records(
		map[string]any{"id": ids[0], "Amount": 100.5},
		map[string]any{"Amount": 3},
		map[string]any{"id": "1234567890123456789", "Amount": 3},
		map[string]any{"id": ids[1], "Stage": nil},
		map[string]any{"id": json.Number(ids[1]), "Amount": "42"},
	))
	require.Equal(t, http.StatusMultiStatus, ans.status, "%s", ans.body)
	res := ans.data(t)
	assert.Equal(t, "SUCCESS", res[0]["code"])
	assert.Equal(t, "MANDATORY_NOT_FOUND", res[1]["code"])
	assert.Equal(t, "id", res[1]["details"].(map[string]any)["api_name"])
	assert.Equal(t, "INVALID_DATA", res[2]["code"])
	assert.Equal(t, "the id given seems to be invalid", res[2]["message"])
	assert.Equal(t, "MANDATORY_NOT_FOUND", res[3]["code"], "clearing a mandatory field")
	assert.Equal(t, "SUCCESS", res[4]["code"], "numeric id")

	phone := a.do("PUT", "Deals/"+ids[0], records(map[string]any{"Next_Step": 42}))
	require.Equal(t, http.StatusOK, phone.status, "%s", phone.body)
	deal, _ := s.Records("Deals").Get(ids[0])
	assert.Equal(t, "42", deal["Next_Step"], "a number for a text field is kept as text")

	deal, _ = s.Records("Deals").Get(ids[1])
	assert.EqualValues(t, 42, deal["Amount"], "a number given as text is stored as a number")
	assert.Equal(t, "Qualification", deal["Stage"])

	assert.Equal(t, http.StatusBadRequest, a.do("PUT", "Deals/abc", records(map[string]any{"Amount": 1})).status)
	missing := a.do("PUT", "Deals/1234567890123456789", records(map[string]any{"Amount": 1}))
	assert.Equal(t, http.StatusBadRequest, missing.status)
	assert.Equal(t, "INVALID_DATA", missing.data(t)[0]["code"])
}

func TestBadBodies(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	for _, tc := range []struct {
		name string
		body []byte
		want string
	}{
		{"not json", []byte("{"), `{"code":"INVALID_DATA","details":{},"message":"either the request body or parameters is in wrong format","status":"error"}`},
		{"no data", []byte(`{}`), `{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"},"message":"required field not found","status":"error"}`},
		{"empty data", []byte(`{"data":[]}`), `{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"},"message":"required field not found","status":"error"}`},
		{"data not a list", []byte(`{"data":{}}`), `{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"data"},"message":"invalid data","status":"error"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ans := a.do("POST", "Leads", tc.body)
			assert.Equal(t, http.StatusBadRequest, ans.status)
			assert.JSONEq(t, tc.want, string(ans.body))
		})
	}
	ans := a.do("POST", "Leads", []byte(`{"data":[42]}`))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "INVALID_DATA", ans.data(t)[0]["code"])
}

func TestLookupsAndSubforms(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	acct := s.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	ans := a.do("POST", "Contacts", records(
		map[string]any{"Last_Name": "Doe", "Account_Name": map[string]any{"id": acct}},
		map[string]any{"Last_Name": "Roe", "Account_Name": acct},
		map[string]any{"Last_Name": "Moe", "Account_Name": map[string]any{"id": "1111111111111111111"}},
	))
	require.Equal(t, http.StatusAccepted, ans.status, "%s", ans.body)
	res := ans.data(t)
	assert.Equal(t, "INVALID_DATA", res[2]["code"])
	assert.Equal(t, "Account_Name", res[2]["details"].(map[string]any)["api_name"])
	c, _ := s.Records("Contacts").Get(res[0]["details"].(map[string]any)["id"].(string))
	assert.Equal(t, map[string]any{"name": "Zylker", "id": acct}, c["Account_Name"])
	c, _ = s.Records("Contacts").Get(res[1]["details"].(map[string]any)["id"].(string))
	assert.Equal(t, map[string]any{"name": "Zylker", "id": acct}, c["Account_Name"])

	prod := s.Records("Products").Insert(map[string]any{"Product_Name": "Widget"})[0]
	quote := a.do("POST", "Quotes", records(map[string]any{
		"Subject": "Q1",
		"Product_Details": []any{
			map[string]any{"product": map[string]any{"id": prod}, "quantity": 2, "list_price": 9.5},
			map[string]any{"id": "555", "product": map[string]any{"id": prod}, "quantity": 1},
		},
	}))
	require.Equal(t, http.StatusCreated, quote.status, "%s", quote.body)
	q, _ := s.Records("Quotes").Get(quote.data(t)[0]["details"].(map[string]any)["id"].(string))
	rows := q["Product_Details"].([]any)
	require.Len(t, rows, 2)
	assert.Regexp(t, zohoID, rows[0].(map[string]any)["id"], "a new row gets an id")
	assert.Equal(t, "555", rows[1].(map[string]any)["id"], "an existing row keeps its id")
	assert.EqualValues(t, 2, rows[0].(map[string]any)["quantity"])
}

func TestUpsert(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	existing := s.Records("Leads").Insert(map[string]any{"Last_Name": "Old", "Email": "a@example.com", "Phone": "987654321"})[0]

	ans := a.do("POST", "Leads/upsert", records(
		map[string]any{"Last_Name": "Updated", "Email": "A@example.com"},
		map[string]any{"Last_Name": "New", "Email": "b@example.com"},
		map[string]any{"Email": "c@example.com"},
	))
	require.Equal(t, http.StatusMultiStatus, ans.status, "%s", ans.body)
	res := ans.data(t)
	assert.Equal(t, "update", res[0]["action"])
	assert.Equal(t, "Email", res[0]["duplicate_field"])
	assert.Equal(t, "record updated", res[0]["message"])
	assert.Equal(t, existing, res[0]["details"].(map[string]any)["id"])
	assert.Equal(t, "insert", res[1]["action"])
	assert.Equal(t, "Email", res[1]["duplicate_field"], "the field checked, as in Zoho's sample")
	assert.Equal(t, "record added", res[1]["message"])
	assert.Equal(t, "MANDATORY_NOT_FOUND", res[2]["code"])

	// duplicate_check_fields in the body, then in the query (Ruby SDK).
	ans = a.do("POST", "Leads/upsert", map[string]any{
		"data":                   []any{map[string]any{"Last_Name": "ByPhone", "Phone": "987654321"}},
		"duplicate_check_fields": []string{"Phone"},
	})
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, "update", ans.data(t)[0]["action"])
	assert.Equal(t, "Phone", ans.data(t)[0]["duplicate_field"])
	ans = a.do("POST", "Leads/upsert?duplicate_check_fields=Last_Name", records(map[string]any{"Last_Name": "ByPhone", "Company": "Z"}))
	assert.Equal(t, "update", ans.data(t)[0]["action"])
	ans = a.do("POST", "Leads/upsert?duplicate_check_fields=Phone", records(map[string]any{"Last_Name": "NoPhone"}))
	assert.Equal(t, "insert", ans.data(t)[0]["action"])
	assert.Contains(t, ans.data(t)[0], "duplicate_field")
	assert.Nil(t, ans.data(t)[0]["duplicate_field"], "null when the record had no check field")
	got, _ := s.Records("Leads").Get(existing)
	assert.Equal(t, "Z", got["Company"])
	assert.Equal(t, 3, s.Records("Leads").Len())
}

func TestDeleteMany(t *testing.T) {
	for _, tc := range []struct {
		version string
		mixed   int
	}{{"v2", http.StatusAccepted}, {"v8", http.StatusMultiStatus}} {
		t.Run(tc.version, func(t *testing.T) {
			s := newServer(t)
			a := newAPI(t, s, tc.version)
			ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
			// The Ruby SDK leaves a trailing comma.
			ans := a.do("DELETE", "Leads?ids="+ids[0]+",4150868000005067099,"+ids[1]+",&wf_trigger=true", nil)
			require.Equal(t, tc.mixed, ans.status, "%s", ans.body)
			assert.JSONEq(t, `{"data":[
				{"code":"SUCCESS","details":{"id":"`+ids[0]+`"},"message":"record deleted","status":"success"},
				{"code":"INVALID_DATA","details":{"id":"4150868000005067099"},"message":"record not deleted","status":"error"},
				{"code":"SUCCESS","details":{"id":"`+ids[1]+`"},"message":"record deleted","status":"success"}]}`, string(ans.body))
			assert.Equal(t, 0, s.Records("Leads").Len())

			missing := a.do("DELETE", "Leads", nil)
			assert.Equal(t, http.StatusBadRequest, missing.status)
			assert.JSONEq(t, `{"status":"error","code":"REQUIRED_PARAM_MISSING","message":"One of the expected parameter is missing","details":{"param_name":"ids"}}`, string(missing.body))
			one := a.do("DELETE", "Leads/"+ids[0], nil)
			assert.Equal(t, http.StatusBadRequest, one.status)
		})
	}
}

func TestDeletedRecords(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	assert.Equal(t, http.StatusNoContent, a.get("Leads/deleted").status)
	ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"}, map[string]any{"Last_Name": "C"})
	a.do("DELETE", "Leads?ids="+join(ids), nil)
	s.Records("Leads").Purge(ids[0])

	all := a.get("Leads/deleted?type=all")
	require.Equal(t, http.StatusOK, all.status)
	data := all.data(t)
	require.Len(t, data, 3)
	assert.Equal(t, "recycle", data[0]["type"])
	assert.Equal(t, "C", data[0]["display_name"], "most recent first")
	assert.Equal(t, ids[0], data[2]["id"])
	assert.Equal(t, "permanent", data[2]["type"])
	assert.Nil(t, data[2]["display_name"], "purged records keep only their id")
	assert.Nil(t, data[2]["deleted_by"])
	assert.Equal(t, map[string]any{"name": s.Admin().FullName(), "id": s.Admin().ID}, data[0]["deleted_by"])
	assert.Len(t, a.get("Leads/deleted?type=recycle").data(t), 2)
	assert.Len(t, a.get("Leads/deleted?type=permanent").data(t), 1)
	assert.Equal(t, http.StatusBadRequest, a.get("Leads/deleted?type=bogus").status)
	assert.Equal(t, map[string]any{"per_page": 200.0, "count": 3.0, "page": 1.0, "more_records": false}, all.info(t))
}

func TestUnknownModuleAndIDs(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	want := `{"code":"INVALID_MODULE","details":{"resource_path_index":0},"message":"the module name given seems to be invalid","status":"error"}`
	for _, path := range []string{"Nope", "Nope/123", "Nope/search?word=x", "Nope/deleted"} {
		ans := a.get(path)
		assert.Equal(t, http.StatusBadRequest, ans.status, path)
		assert.JSONEq(t, want, string(ans.body), path)
	}
	post := a.do("POST", "Nope", records(map[string]any{"x": 1}))
	assert.Equal(t, http.StatusBadRequest, post.status)
	assert.JSONEq(t, `{"data":[`+want+`]}`, string(post.body))

	bad := a.get("Leads/not-an-id")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"the id given seems to be invalid","status":"error"}`, string(bad.body))
	assert.Equal(t, http.StatusNoContent, a.get("Leads/1234567890123456789").status)
	assert.Equal(t, http.StatusNoContent, a.get("leads").status, "module names ignore case")
}

func TestListParameters(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	a := newAPI(t, s, "v2")
	assert.Equal(t, http.StatusNoContent, a.get("Leads").status)
	var ids []string
	for i, name := range []string{"Charlie", "alpha", "Bravo"} {
		ids = append(ids, s.Records("Leads").Insert(map[string]any{"Last_Name": name, "Rank": 3 - i})...)
		s.Advance(time.Second)
	}
	s.Records("Leads").Insert(map[string]any{"Last_Name": "Converted", "$converted": true})
	s.Records("Leads").Insert(map[string]any{"Last_Name": "Pending", "$approved": false})

	names := func(ans answer) []string {
		var out []string
		for _, r := range ans.data(t) {
			out = append(out, fmt.Sprint(r["Last_Name"]))
		}
		return out
	}
	assert.Equal(t, []string{"Bravo", "alpha", "Charlie"}, names(a.get("Leads")), "default: newest first, converted and unapproved hidden")
	assert.Equal(t, []string{"Charlie", "alpha", "Bravo"}, names(a.get("Leads?sort_order=asc")))
	assert.Equal(t, []string{"alpha", "Bravo", "Charlie"}, names(a.get("Leads?sort_by=Last_Name&sort_order=asc")))
	assert.Equal(t, []string{"Bravo", "alpha", "Charlie"}, names(a.get("Leads?sort_by=Rank&sort_order=asc")))
	assert.Equal(t, []string{"Charlie", "alpha", "Bravo"}, names(a.get("Leads?sort_by=Created_Time&sort_order=asc")))
	assert.Equal(t, []string{"Converted"}, names(a.get("Leads?converted=true")))
	assert.Len(t, a.get("Leads?converted=both&approved=both").data(t), 5)
	assert.Equal(t, []string{"Pending"}, names(a.get("Leads?approved=false")))
	assert.Equal(t, []string{"Bravo", "Charlie"}, names(a.get("Leads?ids="+ids[0]+","+ids[2])))

	page := a.get("Leads?per_page=2&page=1")
	assert.Equal(t, map[string]any{"per_page": 2.0, "count": 2.0, "page": 1.0, "more_records": true}, page.info(t))
	page = a.get("Leads?per_page=2&page=2")
	assert.Equal(t, map[string]any{"per_page": 2.0, "count": 1.0, "page": 2.0, "more_records": false}, page.info(t))
	assert.Equal(t, http.StatusNoContent, a.get("Leads?per_page=2&page=3").status)

	proj := a.get("Leads?fields=Last_Name,Email&per_page=1")
	assert.Equal(t, map[string]any{"Last_Name": "Bravo", "Email": nil, "id": ids[2]}, proj.data(t)[0])

	for _, bad := range []string{"per_page=201", "per_page=0", "page=0", "page=x", "sort_order=up", "converted=maybe", "cvid=42"} {
		ans := a.get("Leads?" + bad)
		assert.Equal(t, http.StatusBadRequest, ans.status, bad)
		assert.Equal(t, "INVALID_DATA", ans.json(t)["code"], bad)
	}
	cvid := s.Records("Leads").Module().CustomViews[0].ID
	assert.Equal(t, http.StatusOK, a.get("Leads?cvid="+cvid).status)

	s.Records("Tasks").Insert(map[string]any{"Subject": "Call back"})
	assert.Len(t, a.get("Tasks?converted=true").data(t), 1, "converted= means nothing where nothing converts")
}

func TestIfModifiedSince(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)))
	a := newAPI(t, s, "v2")
	id := s.Records("Contacts").Insert(map[string]any{"Last_Name": "X"})[0]
	since := s.formatTime(s.Now())
	assert.Equal(t, http.StatusNotModified, a.get("Contacts", "If-Modified-Since", since).status)
	assert.Equal(t, http.StatusNotModified, a.get("Contacts/"+id, "If-Modified-Since", since).status)
	earlier := s.formatTime(s.Now().Add(-time.Second))
	assert.Equal(t, http.StatusOK, a.get("Contacts", "If-Modified-Since", earlier).status)

	s.Advance(time.Minute)
	require.Equal(t, http.StatusOK, a.do("PUT", "Contacts/"+id, records(map[string]any{"Title": "CEO"})).status)
	ans := a.get("Contacts", "If-Modified-Since", since)
	assert.Equal(t, http.StatusOK, ans.status)
	assert.Len(t, ans.data(t), 1)
	assert.Equal(t, http.StatusOK, a.get("Contacts/"+id, "If-Modified-Since", since).status)
}

func TestPagination2000Boundary(t *testing.T) {
	s := newServer(t)
	seed := make([]map[string]any, 2101)
	for i := range seed {
		seed[i] = map[string]any{"Last_Name": "L" + strconv.Itoa(i)}
	}
	s.Records("Contacts").Insert(seed...)

	limitBody := `{"code":"DISCRETE_PAGINATION_LIMIT_EXCEEDED","message":"You can only get the first 2000 records without using page_token param","status":"error","details":{"limit":2000}}`
	for _, v := range []string{"v2", "v2.1", "v3", "v4", "v5", "v8"} {
		t.Run(v, func(t *testing.T) {
			a := newAPI(t, s, v)
			fields := "&fields=Last_Name"
			last := a.get("Contacts?page=10&per_page=200" + fields)
			require.Equal(t, http.StatusOK, last.status, "%s", last.body)
			info := last.info(t)
			assert.Equal(t, true, info["more_records"])
			past := a.get("Contacts?page=11&per_page=200" + fields)
			assert.Equal(t, http.StatusBadRequest, past.status)
			assert.JSONEq(t, limitBody, string(past.body))
			assert.Equal(t, http.StatusBadRequest, a.get("Contacts?page=21&per_page=100"+fields).status)
			assert.Equal(t, http.StatusOK, a.get("Contacts?page=20&per_page=100"+fields).status)

			token, hasToken := info["next_page_token"]
			if v == "v2" || v == "v2.1" || v == "v3" || v == "v4" {
				assert.False(t, hasToken, "no page tokens before v5")
				// A page_token is not a thing there: ignored, and the limit holds.
				assert.Equal(t, http.StatusBadRequest, a.get("Contacts?page=11&page_token=x"+fields).status)
				return
			}
			require.IsType(t, "", token)
			assert.Contains(t, info, "previous_page_token")
			assert.Regexp(t, zohoTime, info["page_token_expiry"])
			assert.Equal(t, "id", info["sort_by"])
			assert.Equal(t, "desc", info["sort_order"])

			// Walk on past 2000 with page tokens.
			seen := map[string]bool{}
			for _, r := range last.data(t) {
				seen[r["id"].(string)] = true
			}
			next := token.(string)
			pages := 0
			for next != "" {
				ans := a.get("Contacts?per_page=200&page_token=" + next + fields)
				require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
				for _, r := range ans.data(t) {
					require.False(t, seen[r["id"].(string)], "no record twice")
					seen[r["id"].(string)] = true
				}
				next, _ = ans.info(t)["next_page_token"].(string)
				pages++
			}
			assert.Equal(t, 1, pages)
			assert.Len(t, seen, 2101-1800)

			// Tokens are bound to their parameters and expire.
			mismatch := a.get("Contacts?per_page=200&page_token=" + token.(string) + "&fields=Email")
			assert.Equal(t, http.StatusBadRequest, mismatch.status)
			assert.Equal(t, "TOKEN_BOUND_DATA_MISMATCH", mismatch.json(t)["code"])
			s.Advance(25 * time.Hour)
			a = newAPI(t, s, v) // the old access token expired too
			expired := a.get("Contacts?per_page=200&page_token=" + token.(string) + fields)
			assert.Equal(t, http.StatusBadRequest, expired.status)
			assert.Equal(t, "EXPIRED_VALUE", expired.json(t)["code"])
			s.Advance(-25 * time.Hour)
		})
	}
}

func TestPageTokenWalksEveryRecordInOtherOrders(t *testing.T) {
	s := newServer(t)
	seed := make([]map[string]any, 450)
	for i := range seed {
		seed[i] = map[string]any{"Last_Name": fmt.Sprintf("N%03d", (i*7)%450)}
	}
	s.Records("Contacts").Insert(seed...)
	a := newAPI(t, s, "v8")
	var got []string
	ans := a.get("Contacts?fields=Last_Name&sort_by=Last_Name&sort_order=asc&per_page=100")
	for {
		require.Equal(t, http.StatusOK, ans.status)
		for _, r := range ans.data(t) {
			got = append(got, r["Last_Name"].(string))
		}
		next, _ := ans.info(t)["next_page_token"].(string)
		if next == "" {
			break
		}
		ans = a.get("Contacts?fields=Last_Name&sort_by=Last_Name&sort_order=asc&per_page=100&page_token=" + next)
	}
	require.Len(t, got, 450)
	for i, name := range got {
		assert.Equal(t, fmt.Sprintf("N%03d", i), name)
	}
}

func TestFieldsRequiredInV8(t *testing.T) {
	s := newServer(t)
	for v, want := range map[string]int{"v2": http.StatusNoContent, "v7": http.StatusNoContent, "v8": http.StatusBadRequest} {
		ans := newAPI(t, s, v).get("Leads")
		assert.Equal(t, want, ans.status, v)
		if want == http.StatusBadRequest {
			assert.JSONEq(t, `{"code":"REQUIRED_PARAM_MISSING","status":"error","details":{"param_name":"fields"},"message":"required param is missing"}`, string(ans.body))
		}
	}
	many := ""
	for i := range 51 {
		many += fmt.Sprintf("F%d,", i)
	}
	ans := newAPI(t, s, "v8").get("Leads?fields=" + many)
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "LIMIT_EXCEEDED", ans.json(t)["code"])
}

func TestRecordStoreSeeding(t *testing.T) {
	s := newServer(t)
	when := time.Date(2019, 1, 2, 14, 44, 13, 0, time.FixedZone("IST", 19800))
	ids := s.Records("Accounts").Insert(
		map[string]any{"id": "3652397000000190097", "Account_Name": "Printing Dimensions", "Created_Time": when},
		map[string]any{"Account_Name": "Zylker", "Modified_Time": "2020-01-01T00:00:00+00:00"},
	)
	assert.Equal(t, "3652397000000190097", ids[0])
	got, ok := s.Records("Accounts").Get(ids[0])
	require.True(t, ok)
	assert.Equal(t, "2019-01-02T14:44:13+05:30", got["Created_Time"])
	assert.Equal(t, got["Created_Time"], got["Modified_Time"])
	assert.Len(t, s.Records("Accounts").List(), 2)
	assert.Equal(t, 1, s.Records("Accounts").Delete(ids[0], "1"))
	assert.Equal(t, []string{ids[1]}, s.Records("Accounts").IDs())
	assert.Panics(t, func() { s.Records("Nope") })
	assert.Panics(t, func() { s.Records("Accounts").Insert(map[string]any{"id": ids[1]}) })
}

func TestCustomModulesAndFields(t *testing.T) {
	s := newServer(t)
	m := s.AddModule(Module{APIName: "Vehicles", Fields: []Field{{APIName: "Plate", Mandatory: true, Unique: true}}})
	assert.Regexp(t, zohoID, m.ID)
	_, hasOwner := m.Field("Owner")
	assert.True(t, hasOwner)
	s.AddField("Leads", Field{APIName: "Score__c", DataType: "integer", Custom: true})
	a := newAPI(t, s, "v2")
	ans := a.do("POST", "Vehicles", records(map[string]any{"Plate": "KA-01"}, map[string]any{"Plate": "ka-01"}, map[string]any{}))
	res := ans.data(t)
	assert.Equal(t, "SUCCESS", res[0]["code"])
	assert.Equal(t, "DUPLICATE_DATA", res[1]["code"])
	assert.Equal(t, "MANDATORY_NOT_FOUND", res[2]["code"])
	bad := a.do("POST", "Leads", records(map[string]any{"Last_Name": "x", "Score__c": 1.5}))
	assert.Equal(t, "INVALID_DATA", bad.data(t)[0]["code"])
	assert.Panics(t, func() { s.AddModule(Module{APIName: "vehicles"}) })
}
