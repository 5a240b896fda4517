package zohotest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"testing"

	"github.com/stretchr/testify/require"
)

// Composite requests and the record actions against Zoho's samples
// (reference 69-80), as TestShapesMatchReference does for the rest.
func TestActionShapesMatchReference(t *testing.T) {
	s := newServer(t)
	v8 := newAPI(t, s, "v8")
	body := func(a answer) any { return decode(t, a.body) }
	admin := s.Admin()
	other := s.AddUser(User{FirstName: "Deborah", LastName: "Gill", Email: "deborah@example.com"})
	lead := func() string {
		return s.Records("Leads").Insert(map[string]any{"Last_Name": "Frey", "Company": "Zylker"})[0]
	}
	leadsView := func() string { m, _ := s.Module("Leads"); return m.CustomViews[0].ID }
	ids := func(n int) []any {
		var out []any
		for range n {
			out = append(out, lead())
		}
		return out
	}
	var headers []string
	for i := range 5 {
		headers = append(headers, fmt.Sprintf("$.__composite_requests[%d].details.response.headers", i))
	}
	east := s.AddTerritory("East", "", "")
	enable := map[string]any{"base_currency": map[string]any{"name": "Algerian Dinar - DZD", "iso_code": "DZD", "symbol": "DA", "exchange_rate": "1.0000000",
		"format": map[string]any{"decimal_separator": "Period", "thousand_separator": "Comma", "decimal_places": "2"}, "prefix_symbol": true}}

	rows := []struct {
		name   string
		ref    any
		mode   shapeMode
		ignore []string
		got    func() any
	}{
		{"composite", sample(t, "69", "sample_response_200_v7_doc"), atLeastKeys,
			append(headers, "$.__composite_requests[2].details.response.body.data[0].$canvas_id", "$.__composite_requests[2].details.response.body.data[0].Email",
				"$.__composite_requests[4].details.response.body.data[0].$canvas_id"),
			func() any {
				one := lead()
				return body(v8.do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{
					map[string]any{"sub_request_id": "1", "method": "POST", "uri": "/crm/v8/Leads", "body": records(map[string]any{"Last_Name": "Boyle"})},
					map[string]any{"sub_request_id": "2", "method": "PUT", "uri": "/crm/v8/Leads/@{1:$.data[0].details.id}", "body": records(map[string]any{"Company": "ABC"})},
					map[string]any{"sub_request_id": "3", "method": "GET", "uri": "/crm/v8/Leads/@{2:$.data[0].details.id}", "params": map[string]any{"fields": "Last_Name,Company"}},
					map[string]any{"method": "GET", "uri": "/crm/v8/Leads", "params": map[string]any{"fields": "Last_Name"}},
					map[string]any{"method": "GET", "uri": "/crm/v8/Leads/" + one, "params": map[string]any{"fields": "Last_Name"}},
				}}))
			}},
		{"composite error", sample(t, "69", "error_examples", "400_v8_oas"), exactKeys, []string{"$.__composite_requests[0].details.expected_data_type", "$.__composite_requests[0].details.regex"},
			func() any {
				return body(v8.do("POST", "__composite_requests", map[string]any{"__composite_requests": []any{map[string]any{"method": "GET", "uri": "/Leads"}}}))
			}},
		{"record count", sample(t, "70", "sample_response_200_v7_doc"), exactKeys, nil,
			func() any { return body(v8.get("Leads/actions/count")) }},
		{"record count v2", sample(t, "70", "error_examples_v8_oas", "API_NOT_SUPPORTED (older version)"), exactKeys, nil,
			func() any { return body(newAPI(t, s, "v2").get("Leads/actions/count")) }},
		{"change owner", sample(t, "71", "sample_response_200_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "Leads/actions/change_owner", map[string]any{"ids": ids(2), "owner": map[string]any{"id": other.ID}, "notify": true}))
			}},
		{"mass delete ids", sample(t, "73", "sample_response_v7_doc_ids"), exactKeys, nil,
			func() any { return body(v8.do("POST", "Leads/actions/mass_delete", map[string]any{"ids": ids(2)})) }},
		{"mass delete view", sample(t, "73", "sample_response_v7_doc_cvid"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "Leads/actions/mass_delete", map[string]any{"cvid": leadsView()}))
			}},
		{"mass delete status", sample(t, "73", "sample_status_response_v7_doc"), exactKeys, nil,
			func() any {
				lead()
				job := body(v8.do("POST", "Leads/actions/mass_delete", map[string]any{"cvid": leadsView()})).(map[string]any)["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["job_id"]
				return body(v8.get("Leads/actions/mass_delete?job_id=" + job.(string)))
			}},
		{"send mail", sample(t, "74", "sample_response_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "Leads/"+lead()+"/actions/send_mail", records(map[string]any{
					"from": map[string]any{"user_name": admin.FullName(), "email": admin.Email}, "to": []any{map[string]any{"email": "j.smith@zoho.com"}},
					"scheduled_time": "2021-06-12T12:12:12+05:30", "subject": "Hi", "content": "<p>Hi</p>", "mail_format": "html"})))
			}},
		{"from addresses", sample(t, "74", "sample_from_addresses_response_v7_doc"), atLeastKeys, nil,
			func() any { return body(v8.get("settings/emails/actions/from_addresses")) }},
		{"files", sample(t, "75", "sample_response_v7_doc"), exactKeys, nil,
			func() any {
				return body(uploadFiles(t, v8, "connections.txt", "enable-signals.png"))
			}},
		{"enable currencies", nil, exactKeys, nil, func() any { return body(v8.do("POST", "org/currencies/actions/enable", enable)) }},
		{"add currency", sample(t, "76", "sample_response_POST_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "org/currencies", sample(t, "76", "sample_request_POST_v7_doc")))
			}},
		{"currencies", sample(t, "76", "sample_response_GET_v7_doc"), exactKeys, nil,
			func() any {
				v8.do("POST", "org/currencies", map[string]any{"currencies": []any{map[string]any{"name": "US Dollar - USD", "iso_code": "USD", "exchange_rate": "3.000000000"}}})
				return body(v8.get("org/currencies"))
			}},
		{"base currency", sample(t, "76", "sample_response_PUT_base_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("PUT", "org/currencies/actions/enable", sample(t, "76", "sample_request_PUT_base_v7_doc")))
			}},
		{"territories", sample(t, "77", "sample_response_GET_v7_doc_abridged"), atLeastKeys, []string{"$._note"},
			func() any { return body(v8.get("settings/territories")) }},
		{"assign territories", sample(t, "77", "sample_response_assign_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "Leads/actions/assign_territories", records(map[string]any{"id": lead(), "Territories": []any{map[string]any{"id": east.ID}}})))
			}},
		{"create user group", sample(t, "78", "sample_response_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "settings/user_groups", map[string]any{"user_groups": []any{map[string]any{"name": "test group", "description": "my group",
					"sources": []any{map[string]any{"source": map[string]any{"id": admin.ID}, "type": "users"}, map[string]any{"source": map[string]any{"id": "3652397000000026008"}, "type": "roles", "subordinates": true}}}}}))
			}},
		{"user groups", sample(t, "78", "sample_response_GET_v7_doc"), exactKeys, []string{"$.user_groups[0].sources_count.territories"},
			func() any {
				v8.do("POST", "settings/user_groups", map[string]any{"user_groups": []any{map[string]any{"name": "group test", "sources": []any{
					map[string]any{"source": map[string]any{"id": other.ID}, "type": "users"}}}}})
				id := body(v8.get("settings/user_groups?name=test%20group")).(map[string]any)["user_groups"].([]any)[0].(map[string]any)["id"].(string)
				v8.do("PUT", "settings/user_groups/"+id, map[string]any{"user_groups": []any{map[string]any{"description": "groups API", "sources": []any{
					map[string]any{"source": map[string]any{"id": other.ID}, "type": "users"}}}}})
				return body(v8.get("settings/user_groups"))
			}},
		{"share", sample(t, "79", "sample_response_v7_doc"), exactKeys, nil,
			func() any {
				groups := body(v8.get("settings/user_groups")).(map[string]any)["user_groups"].([]any)
				g := groups[0].(map[string]any)["id"]
				share := func(id any, typ string) any {
					return map[string]any{"shared_with": map[string]any{"id": id, "type": typ}, "share_related_records": false, "permission": "full_access", "type": "private"}
				}
				return body(v8.do("POST", "Leads/"+lead()+"/actions/share", map[string]any{"share": []any{
					share("5725767000002350003", "roles"), share(g, "groups"), share("5725767000002868058", "roles"), share(other.ID, "users"), share(groups[1].(map[string]any)["id"], "groups"),
				}, "notify_shared_members": false, "notify_on_completion": true}))
			}},
		{"revoke share", sample(t, "79", "sample_response_DELETE_v7_doc"), exactKeys, nil,
			func() any { return body(v8.do("DELETE", "Leads/"+lead()+"/actions/share", nil)) }},
		{"lock", sample(t, "80", "sample_response_v7_doc"), exactKeys, nil,
			func() any {
				return body(v8.do("POST", "Leads/"+lead()+"/Locking_Information__s", sample(t, "80", "sample_request_v7_doc")))
			}},
		{"locks", sample(t, "80", "sample_response_GET_v7_doc"), exactKeys, nil,
			func() any {
				id := lead()
				v8.do("POST", "Leads/"+id+"/Locking_Information__s", sample(t, "80", "sample_request_v7_doc"))
				return body(v8.get("Leads/" + id + "/Locking_Information__s"))
			}},
		{"unlock", sample(t, "80", "sample_response_DELETE_v7_doc"), exactKeys, nil,
			func() any {
				id := lead()
				lock := body(v8.do("POST", "Leads/"+id+"/Locking_Information__s", sample(t, "80", "sample_request_v7_doc"))).(map[string]any)["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"]
				return body(v8.do("DELETE", "Leads/"+id+"/Locking_Information__s/"+lock.(string), nil))
			}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got := r.got()
			if r.ref == nil {
				return // a step the next rows need
			}
			for _, p := range compareShape("$", r.ref, got, r.mode, r.ignore) {
				t.Error(p)
			}
		})
	}
}

// uploadFiles posts files (their names as their content) to POST files.
func uploadFiles(t *testing.T, a *api, names ...string) answer {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, name := range names {
		w, err := mw.CreateFormFile("file", name)
		require.NoError(t, err)
		_, _ = w.Write([]byte(name))
	}
	require.NoError(t, mw.Close())
	return a.do("POST", "files", buf.Bytes(), "Content-Type", mw.FormDataContentType())
}
