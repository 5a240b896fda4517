package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seedLead(s *Server) string {
	return s.Records("Leads").Insert(map[string]any{
		"Salutation": "Ms.", "First_Name": "Pat", "Last_Name": "Boyle", "Email": "pat.boyle@zylker.com",
		"Phone": "9844444444", "Company": "Zylker Biotech", "Designation": "CTO", "City": "Austin", "Lead_Source": "Web",
	})[0]
}

func TestConvertLeadV2(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	id := seedLead(s)

	ans := a.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{
		"notify_lead_owner": true,
		"Deals":             map[string]any{"Deal_Name": "Biotech licence", "Stage": "Qualification", "Closing_Date": "2026-06-30", "Amount": 50000},
	}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	got := ans.data(t)[0]
	require.Len(t, got, 3, "v2 answers the three ids: %v", got)
	contactID, accountID, dealID := got["Contacts"].(string), got["Accounts"].(string), got["Deals"].(string)
	assert.Regexp(t, `^\{"data":\[\{"Contacts":"\d+","Deals":"\d+","Accounts":"\d+"\}\]\}$`, string(ans.body), "keys in Zoho's order")

	account, ok := s.Records("Accounts").Get(accountID)
	require.True(t, ok)
	assert.Equal(t, "Zylker Biotech", account["Account_Name"])
	assert.Equal(t, "9844444444", account["Phone"])

	contact, ok := s.Records("Contacts").Get(contactID)
	require.True(t, ok)
	assert.Equal(t, "Boyle", contact["Last_Name"])
	assert.Equal(t, "pat.boyle@zylker.com", contact["Email"])
	assert.Equal(t, "CTO", contact["Title"])
	assert.Equal(t, "Austin", contact["Mailing_City"])
	assert.Equal(t, map[string]any{"name": "Zylker Biotech", "id": accountID}, contact["Account_Name"])

	deal, ok := s.Records("Deals").Get(dealID)
	require.True(t, ok)
	assert.Equal(t, "Biotech licence", deal["Deal_Name"])
	assert.Equal(t, map[string]any{"name": "Zylker Biotech", "id": accountID}, deal["Account_Name"])
	assert.Equal(t, map[string]any{"name": "Ms. Pat Boyle", "id": contactID}, deal["Contact_Name"])
	assert.Equal(t, "Web", deal["Lead_Source"])

	// The lead is converted: gone from the usual lists and from GET.
	assert.Equal(t, http.StatusNoContent, a.get("Leads/"+id).status)
	assert.Equal(t, http.StatusNoContent, a.get("Leads").status)
	listed := a.get("Leads?converted=true").data(t)
	require.Len(t, listed, 1)
	assert.Equal(t, true, listed[0]["$converted"])

	again := a.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{}))
	assert.Equal(t, http.StatusBadRequest, again.status)
	assert.JSONEq(t, `{"code":"ID_ALREADY_CONVERTED","details":{"resource_path_index":1},"message":"id already converted","status":"error"}`, string(again.body))
	assert.Equal(t, 1, s.Records("Contacts").Len(), "a second conversion creates nothing")
}

func TestConvertLeadV8LinksExistingRecordsAndOwner(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	other := s.AddUser(User{FirstName: "Sam", LastName: "Seller", Email: "sam@zylker.com"})
	accountID := s.Records("Accounts").Insert(map[string]any{"Account_Name": "Existing Inc"})[0]
	id := seedLead(s)

	ans := a.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{
		"Accounts":  map[string]any{"id": accountID},
		"assign_to": map[string]any{"id": other.ID},
	}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	got := ans.data(t)[0]
	assert.Equal(t, "SUCCESS", got["code"])
	assert.Equal(t, "The record has been converted successfully", got["message"])
	details := got["details"].(map[string]any)
	assert.Nil(t, details["Deals"], "no deal asked for")
	assert.Equal(t, map[string]any{"name": "Existing Inc", "id": accountID}, details["Accounts"])
	contactRef := details["Contacts"].(map[string]any)
	assert.Equal(t, "Ms. Pat Boyle", contactRef["name"])
	assert.Equal(t, 1, s.Records("Accounts").Len(), "the given account is linked, not a new one made")

	contact, _ := s.Records("Contacts").Get(contactRef["id"].(string))
	assert.Equal(t, other.ID, contact["Owner"].(map[string]any)["id"], "assign_to owns the new records")
	assert.Equal(t, accountID, contact["Account_Name"].(map[string]any)["id"])
}

func TestConvertLeadWithoutCompanyMakesNoAccount(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	id := s.Records("Leads").Insert(map[string]any{"Last_Name": "Solo"})[0]
	ans := a.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	got := ans.data(t)[0]
	assert.Nil(t, got["Accounts"])
	assert.Nil(t, got["Deals"])
	assert.NotEmpty(t, got["Contacts"])
	assert.Equal(t, 0, s.Records("Accounts").Len())
}

func TestConvertLeadErrors(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	id := seedLead(s)
	convert := func(leadID string, body any) answer { return a.do("POST", "Leads/"+leadID+"/actions/convert", body) }

	ans := convert(id, records(map[string]any{"Deals": map[string]any{"Deal_Name": "No stage"}}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	e := ans.data(t)[0]
	assert.Equal(t, "MANDATORY_NOT_FOUND", e["code"])
	assert.Equal(t, "Stage", e["details"].(map[string]any)["api_name"])
	assert.Equal(t, 0, s.Records("Contacts").Len(), "a refused conversion creates nothing")
	assert.Equal(t, 0, s.Records("Accounts").Len())

	ans = convert(id, records(map[string]any{"Accounts": "1234567890123456789"}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "Accounts", ans.data(t)[0]["details"].(map[string]any)["api_name"])

	ans = convert(id, records(map[string]any{"assign_to": map[string]any{"id": "42"}}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "assign_to", ans.data(t)[0]["details"].(map[string]any)["api_name"])

	ans = convert("1234567890123456789", records(map[string]any{}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"invalid data","status":"error"}`, string(ans.body))

	assert.Equal(t, http.StatusBadRequest, convert("abc", records(map[string]any{})).status)
	assert.Equal(t, http.StatusBadRequest, convert(id, []byte(`not json`)).status)
	assert.Equal(t, http.StatusNotFound, a.do("POST", "Contacts/"+id+"/actions/convert", records(map[string]any{})).status,
		"only leads convert")

	// After all that, the lead still converts.
	assert.Equal(t, http.StatusOK, convert(id, records(map[string]any{})).status)
}
