package zohotest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dataIDs(t testing.TB, a answer) []string {
	t.Helper()
	var ids []string
	for _, r := range a.data(t) {
		ids = append(ids, r["id"].(string))
	}
	return ids
}

func TestRelatedRecordsByLookup(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	acct := s.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	other := s.Records("Accounts").Insert(map[string]any{"Account_Name": "Other"})[0]
	var want []string
	for i := range 5 {
		want = append(want, s.Records("Contacts").Insert(map[string]any{"Last_Name": fmt.Sprint("c", i), "Account_Name": map[string]any{"id": acct, "name": "Zylker"}})[0])
	}
	s.Records("Contacts").Insert(map[string]any{"Last_Name": "elsewhere", "Account_Name": map[string]any{"id": other}})

	p1 := a.get("Accounts/" + acct + "/Contacts?per_page=2")
	require.Equal(t, http.StatusOK, p1.status, "%s", p1.body)
	assert.Equal(t, want[:2], dataIDs(t, p1), "in creation order")
	assert.Equal(t, map[string]any{"per_page": 2.0, "count": 2.0, "page": 1.0, "more_records": true}, p1.info(t))
	p3 := a.get("Accounts/" + acct + "/Contacts?per_page=2&page=3")
	assert.Equal(t, want[4:], dataIDs(t, p3))
	assert.Equal(t, false, p3.info(t)["more_records"])
	assert.Equal(t, http.StatusNoContent, a.get("Accounts/"+acct+"/Contacts?per_page=2&page=4").status)
	assert.Equal(t, http.StatusNoContent, a.get("Accounts/"+acct+"/Deals").status)

	fields := a.get("Accounts/" + acct + "/Contacts?fields=Last_Name&per_page=1")
	assert.Equal(t, map[string]any{"Last_Name": "c0", "id": want[0]}, fields.data(t)[0])

	// Notes are found through their Parent_Id.
	note := s.Records("Notes").Insert(map[string]any{"Note_Content": "hi", "Parent_Id": map[string]any{"id": acct}, "$se_module": "Accounts"})[0]
	assert.Equal(t, []string{note}, dataIDs(t, a.get("Accounts/"+acct+"/Notes")))
	assert.Equal(t, http.StatusNoContent, a.get("Accounts/"+acct+"/Attachments").status)

	v8 := newAPI(t, s, "v8")
	assert.Equal(t, "REQUIRED_PARAM_MISSING", v8.get("Accounts/" + acct + "/Contacts").json(t)["code"])
	info := v8.get("Accounts/" + acct + "/Contacts?fields=Last_Name").info(t)
	assert.Contains(t, info, "next_page_token")

	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":2},"message":"the related name given seems to be invalid","status":"error"}`,
		string(a.get("Accounts/"+acct+"/Nothing").body))
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"the related id given seems to be invalid","status":"error"}`,
		string(a.get("Accounts/123/Contacts").body))
	assert.Equal(t, "INVALID_MODULE", a.get("Nope/123/Contacts").json(t)["code"])

	// Lookup relations are made by setting the lookup, not linked.
	ans := a.do("PUT", "Accounts/"+acct+"/Contacts/"+want[0], records(map[string]any{"id": want[0]}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
}

func TestLinkAndDelink(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	campaign := s.Records("Campaigns").Insert(map[string]any{"Campaign_Name": "Spring"})[0]
	leads := s.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"}, map[string]any{"Last_Name": "c"})

	for _, id := range []string{leads[2], leads[0]} {
		ans := a.do("PUT", "Campaigns/"+campaign+"/Leads/"+id, records(map[string]any{"Member_Status": "Active"}))
		require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
		assert.JSONEq(t, `{"data":[{"code":"SUCCESS","details":{"id":"`+id+`"},"message":"relation updated","status":"success"}]}`, string(ans.body))
	}
	list := a.get("Campaigns/" + campaign + "/Leads")
	require.Equal(t, http.StatusOK, list.status)
	assert.Equal(t, []string{leads[0], leads[2]}, dataIDs(t, list))
	assert.Equal(t, "Active", list.data(t)[0]["Member_Status"], "the relation's fields come with the record")
	assert.Equal(t, "a", list.data(t)[0]["Last_Name"])

	// The other side sees the relation too; updating it replaces its fields.
	assert.Equal(t, []string{campaign}, dataIDs(t, a.get("Leads/"+leads[0]+"/Campaigns")))
	a.do("PUT", "Leads/"+leads[0]+"/Campaigns/"+campaign, records(map[string]any{"Member_Status": "Responded"}))
	assert.Equal(t, "Responded", a.get("Campaigns/" + campaign + "/Leads").data(t)[0]["Member_Status"])

	ans := a.do("DELETE", "Campaigns/"+campaign+"/Leads/"+leads[2], nil)
	require.Equal(t, http.StatusOK, ans.status)
	assert.JSONEq(t, `{"data":[{"code":"SUCCESS","details":{"id":"`+leads[2]+`"},"message":"relation removed","status":"success"}]}`, string(ans.body))
	assert.Equal(t, []string{leads[0]}, dataIDs(t, a.get("Campaigns/"+campaign+"/Leads")))
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", "Campaigns/"+campaign+"/Leads/"+leads[2], nil).status, "not related any more")

	// A deleted record drops out of the list.
	s.Records("Leads").Delete(leads[0])
	assert.Equal(t, http.StatusNoContent, a.get("Campaigns/"+campaign+"/Leads").status)

	// Price books need a list price.
	book := s.Records("Price_Books").Insert(map[string]any{"Price_Book_Name": "Retail"})[0]
	product := s.Records("Products").Insert(map[string]any{"Product_Name": "Widget"})[0]
	ans = a.do("PUT", "Products/"+product+"/Price_Books/"+book, records(map[string]any{"id": book}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.JSONEq(t, `{"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"list_price"},"message":"required field not found","status":"error"}]}`, string(ans.body))
	ans = a.do("PUT", "Products/"+product+"/Price_Books/"+book, records(map[string]any{"list_price": 9.5}))
	require.Equal(t, http.StatusOK, ans.status)
	assert.Equal(t, 9.5, a.get("Products/" + product + "/Price_Books").data(t)[0]["list_price"])

	assert.Equal(t, http.StatusBadRequest, a.do("PUT", "Campaigns/"+campaign+"/Leads/123", records(map[string]any{})).status, "no such lead")
	assert.Equal(t, "MANDATORY_NOT_FOUND", a.do("PUT", "Campaigns/"+campaign+"/Leads/"+leads[1], map[string]any{}).json(t)["code"], "relation data is required")

	s.Link("Campaigns", campaign, "Leads", leads[1], map[string]any{"Member_Status": "Planned"})
	assert.Equal(t, "Planned", a.get("Leads/" + leads[1] + "/Campaigns").data(t)[0]["Member_Status"])
	assert.Panics(t, func() { s.Link("Accounts", "1", "Contacts", "2", nil) })
}
